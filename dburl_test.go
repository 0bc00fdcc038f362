package careerpath

import (
	"strings"
	"testing"
)

func TestRedactURL(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"postgres://ann:pw@db:5432/careerpath?sslmode=disable", "postgres://ann:xxxxx@db:5432/careerpath?sslmode=disable"},
		{"postgres://ann@db/careerpath?password=pw", "postgres://ann@db/careerpath?password=xxxxx"},
		{"postgres://ann:pw@db:port/careerpath", "postgres://…"},
		{"ann:pw@db", "(not a URL)"},
		{"postgres://db/careerpath", "postgres://db/careerpath"},
	} {
		if got := RedactURL(tc.in); got != tc.want || strings.Contains(got, "pw") {
			t.Errorf("RedactURL(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
	if got := DatabaseName("/var/lib/careerpath.db"); got != "/var/lib/careerpath.db" {
		t.Errorf("DatabaseName of a path = %q, want the path", got)
	}
	if got := DatabaseName("postgres://ann:pw@db/careerpath"); got != "postgres://ann:xxxxx@db/careerpath" {
		t.Errorf("DatabaseName of a URL = %q, want it redacted", got)
	}
	if !IsDatabaseURL("postgresql://x") || IsDatabaseURL("/var/lib/careerpath.db") || IsDatabaseURL("C:/data/careerpath.db") {
		t.Error("IsDatabaseURL tells URLs from paths wrongly")
	}
}
