package classify

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestParseConfig: overrides lie over the default config, from JSON or
// @FILE; an unknown field is an error that quotes the spec.
func TestParseConfig(t *testing.T) {
	file := filepath.Join(t.TempDir(), "train.json")
	if err := os.WriteFile(file, []byte(`{"epochs": 4}`), 0o600); err != nil {
		t.Fatal(err)
	}
	def := DefaultConfig()
	for spec, epochs := range map[string]int{"": def.Epochs, `{"epochs": 3}`: 3, "@" + file: 4} {
		cfg, err := ParseConfig(spec)
		if err != nil || cfg.Epochs != epochs || cfg.LearningRate != def.LearningRate {
			t.Errorf("ParseConfig(%q): epochs %d, learning rate %v (%v); want %d and the default's", spec, cfg.Epochs, cfg.LearningRate, err, epochs)
		}
	}
	if _, err := ParseConfig(`{"epoch": 3}`); err == nil || !strings.Contains(err.Error(), `"epoch"`) {
		t.Errorf("unknown field: error %v, want one naming it", err)
	}
}
