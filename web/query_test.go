package web

import (
	"net/url"
	"slices"
	"strings"
	"testing"

	careerpath "github.com/careerpath/careerpath"
)

func TestParseProgramQueryStates(t *testing.T) {
	for _, tt := range []struct {
		query string
		want  []string
		err   bool
	}{
		{"state=NY&state=ca", []string{"NY", "CA"}, false},
		{"state=New+York", []string{"NY"}, false},
		{"state=new+york&state=TEXAS&state=District+of+Columbia", []string{"NY", "TX", "DC"}, false},
		{"state=QC&country=CA", []string{"QC"}, false}, // a catalog region outside the US
		{"state=QC", nil, true},                        // not a US state
		{"state=ZZ", nil, true},
		{"state=+&state=NY", []string{"NY"}, false},
		{"state=Narnia", nil, true},
		{"state=N", nil, true},
	} {
		q, _ := url.ParseQuery(tt.query)
		f, err := parseProgramQuery(q)
		if tt.err {
			if careerpath.ErrorCode(err) != careerpath.EINVALID || !strings.Contains(careerpath.ErrorMessage(err), "Parameter state") ||
				!strings.Contains(careerpath.ErrorMessage(err), q["state"][0]) {
				t.Errorf("parseProgramQuery(%s) error = %v, want an EINVALID error naming state and the value", tt.query, err)
			}
			continue
		}
		if err != nil || !slices.Equal(f.States, tt.want) {
			t.Errorf("parseProgramQuery(%s) = %v, %v, want %v", tt.query, f.States, err, tt.want)
		}
	}
}

func TestFacetGroupsCountry(t *testing.T) {
	page := &careerpath.ProgramPage{Facets: careerpath.SortFacets(map[string]map[string]int{
		careerpath.FacetCountry: {"US": 10, "CA": 2, careerpath.BucketUnknown: 1},
	})}
	q, _ := url.ParseQuery("country=CA")
	for _, g := range facetGroups(page, q, false) {
		if g.Param != "country" {
			continue
		}
		var got []string
		for _, o := range g.Options {
			got = append(got, o.Value)
			if o.Checked != (o.Value == "CA") {
				t.Errorf("country option %s checked = %v", o.Value, o.Checked)
			}
		}
		if slices.Sort(got); !slices.Equal(got, []string{"CA", "US"}) {
			t.Errorf("country options = %v, want CA and US", got)
		}
		return
	}
	t.Error("no country facet group in the sidebar")
}

func TestCSVCell(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{`=HYPERLINK("http://x","Click")`, `'=HYPERLINK("http://x","Click")`},
		{"@SUM(1+1)*cmd|/C calc!A0", "'@SUM(1+1)*cmd|/C calc!A0"},
		{"+cmd|calc", "'+cmd|calc"},
		{"-2+3+cmd|' /C calc'!A0", "'-2+3+cmd|' /C calc'!A0"},
		{"\tx", "'\tx"},
		{"\rx", "'\rx"},
		{"-3.5", "-3.5"},
		{"Computer Science", "Computer Science"},
		{"", ""},
	} {
		if got := csvCell(tt.in); got != tt.want {
			t.Errorf("csvCell(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
