package experiment

import (
	"fmt"
	"strconv"
	"strings"
)

// ParseArms reads arms written as "relevance=5000,relevance-outcomes=5000":
// rankings and their weights in basis points, the control first.
func ParseArms(s string) ([]Arm, error) {
	var arms []Arm
	for _, part := range strings.Split(s, ",") {
		name, w, ok := strings.Cut(strings.TrimSpace(part), "=")
		n, err := strconv.Atoi(w)
		if !ok || name == "" || err != nil {
			return nil, fmt.Errorf("want RANKING=BASIS_POINTS, comma-separated, not %q", part)
		}
		arms = append(arms, Arm{Name: name, Weight: n})
	}
	return arms, nil
}

// FormatArms writes arms as ParseArms reads them.
func FormatArms(arms []Arm) string {
	parts := make([]string, len(arms))
	for i, a := range arms {
		parts[i] = fmt.Sprintf("%s=%d", a.Name, a.Weight)
	}
	return strings.Join(parts, ",")
}
