package classify

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"strings"
)

// ParseConfig returns DefaultConfig with the fields of spec
// overlaid: spec is "" (the default), a JSON object, or @FILE holding one.
func ParseConfig(spec string) (Config, error) {
	cfg := DefaultConfig()
	if spec == "" {
		return cfg, nil
	}
	b := []byte(spec)
	if name, ok := strings.CutPrefix(spec, "@"); ok {
		var err error
		if b, err = os.ReadFile(name); err != nil {
			return cfg, fmt.Errorf("training config: %w", err)
		}
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&cfg); err != nil {
		return cfg, fmt.Errorf("training config %q: %w", spec, err)
	}
	return cfg, nil
}
