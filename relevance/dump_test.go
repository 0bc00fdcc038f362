package relevance

import "testing"

func TestDumpTiers(t *testing.T) {
	m := bundledModel(t)
	for _, slug := range []string{"data-analyst", "ai-engineer"} {
		for _, c := range cipCodes {
			if len(c.Code) != 7 {
				continue
			}
			l, s := m.Score(slug, c.Code, 5)
			if l != "none" {
				t.Logf("%s %s %s %.2f %s", slug, l, c.Code, s, c.Title)
			}
		}
	}
}
