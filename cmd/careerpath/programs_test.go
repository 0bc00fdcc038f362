package main

import (
	"encoding/csv"
	"encoding/json"
	stdhtml "html"
	"net/url"
	"regexp"
	"strings"
	"testing"
)

// TestProgramsAPI serves a freshly imported database and drives the
// program finder's API.
func TestProgramsAPI(t *testing.T) {
	if testing.Short() {
		t.Skip("imports the full bundled data")
	}
	t.Parallel() // a database of its own: beside the other parallel tests
	base := startServer(t, sharedDB(t))

	type item struct {
		ID          int64    `json:"id"`
		CIP         string   `json:"cip"`
		Relevance   string   `json:"relevance"`
		Score       float64  `json:"score"`
		Reasons     []string `json:"reasons"`
		Award       struct{ Code int }
		Institution struct{ State string }
	}
	type page struct {
		Total, Strong, Related, Page, PerPage int
		Facets                                map[string][]struct {
			Value string
			Count int
		}
		Items []item
	}
	getPage := func(path string) page {
		t.Helper()
		code, body, _ := get(t, base+path)
		if code != 200 {
			t.Fatalf("GET %s = %d %s", path, code, body)
		}
		var p page
		if err := json.Unmarshal([]byte(body), &p); err != nil {
			t.Fatalf("GET %s: %v", path, err)
		}
		return p
	}

	mle := getPage("/api/v1/careers/machine-learning-engineer/programs?per_page=50")
	if mle.Total < 1000 || mle.Strong+mle.Related != mle.Total || mle.Strong == 0 || mle.Related == 0 {
		t.Errorf("ML engineer programs: total %d, strong %d, related %d; want thousands, split into both", mle.Total, mle.Strong, mle.Related)
	}
	if len(mle.Items) != 50 {
		t.Fatalf("per_page=50 gave %d items", len(mle.Items))
	}
	for _, it := range mle.Items {
		if it.Relevance != "strong" || len(it.Reasons) == 0 || !strings.Contains(it.Reasons[0], "CIP "+it.CIP) {
			t.Errorf("first page item %d: relevance %s, reasons %q; want strong first, with reasons naming the CIP", it.ID, it.Relevance, it.Reasons)
		}
		if strings.HasPrefix(it.CIP, "42.") || strings.HasPrefix(it.CIP, "52.02") || strings.HasPrefix(it.CIP, "51.") {
			t.Errorf("program %d (CIP %s) is a match for ML engineers", it.ID, it.CIP)
		}
	}
	for _, name := range []string{"relevance", "award", "delivery", "state", "control", "duration", "tuition", "earnings", "completers", "country"} {
		if len(mle.Facets[name]) == 0 {
			t.Errorf("facet %s missing", name)
		}
	}

	// Online master's, sorted by tuition: the award facet must count the
	// other award levels with the delivery filter still applied.
	q := "/api/v1/programs?career=machine-learning-engineer&award=7&delivery=online&sort=tuition"
	online := getPage(q)
	if online.Total == 0 || online.Total >= mle.Total {
		t.Errorf("online master's: total %d of %d", online.Total, mle.Total)
	}
	awards := 0
	for _, f := range online.Facets["award"] {
		awards += f.Count
		if f.Value == "7" && f.Count != online.Total {
			t.Errorf("award facet 7 = %d, want the total %d", f.Count, online.Total)
		}
	}
	if awards <= online.Total {
		t.Errorf("award facet sums to %d, want more than the total %d (other levels, delivery applied)", awards, online.Total)
	}
	for _, it := range online.Items {
		if it.Award.Code != 7 {
			t.Errorf("program %d has award %d, want 7", it.ID, it.Award.Code)
		}
	}
	// The same query with a state filter, distance and free text answer.
	if p := getPage("/api/v1/programs?q=computer+science&state=CA&state=ny"); p.Total == 0 {
		t.Errorf("free text in CA and NY: no programs")
	} else {
		for _, it := range p.Items {
			if it.Institution.State != "CA" && it.Institution.State != "NY" {
				t.Errorf("program %d in %s", it.ID, it.Institution.State)
			}
		}
	}
	// A state named in full is its postal code.
	if byName, byCode := getPage("/api/v1/programs?state=New+York"), getPage("/api/v1/programs?state=NY"); byName.Total == 0 || byName.Total != byCode.Total {
		t.Errorf("state=New York: %d programs, state=NY: %d; want the same, not 0", byName.Total, byCode.Total)
	}
	if p := getPage("/api/v1/programs?zip=35294&radius=25"); p.Total == 0 {
		t.Errorf("within 25 miles of 35294: no programs")
	}
	// A ZIP code no institution has is placed by the gazetteer, within the
	// default radius.
	if p := getPage("/api/v1/programs?zip=30307&sort=distance"); p.Total == 0 {
		t.Errorf("near 30307 (default radius): no programs")
	}

	for _, tt := range []struct{ path, param string }{
		{"/api/v1/programs?award=x", "award"},
		{"/api/v1/programs?per_page=500", "per_page"},
		{"/api/v1/programs?sort=price", "sort"},
		{"/api/v1/programs?zip=00000&radius=10", "zip"},
		{"/api/v1/programs?sort=distance", "sort"},
		{"/api/v1/programs?resident=ZZ", "resident"},
		{"/api/v1/programs?career=astronaut", "career"},
		{"/api/v1/programs?format=xml", "format"},
		{"/api/v1/programs?state=Narnia", "state"},
		{"/api/v1/programs/abc", "id"},
	} {
		code, body, _ := get(t, base+tt.path)
		if code != 400 || !strings.Contains(body, `"invalid"`) || !strings.Contains(body, tt.param) {
			t.Errorf("GET %s = %d %s, want a 400 naming %s", tt.path, code, body, tt.param)
		}
	}
	if code, _, _ := get(t, base+"/api/v1/careers/astronaut/programs"); code != 404 {
		t.Errorf("programs of an unknown career = %d, want 404", code)
	}

	id := mle.Items[0].ID
	code, body, _ := get(t, base+"/api/v1/programs/"+jsonInt(id)+"?career=machine-learning-engineer")
	var one item
	if err := json.Unmarshal([]byte(body), &one); code != 200 || err != nil || one.ID != id || one.Relevance != "strong" {
		t.Errorf("GET /api/v1/programs/%d = %d %v %+v", id, code, err, one)
	}
	if code, _, _ := get(t, base+"/api/v1/programs/999999999"); code != 404 {
		t.Errorf("unknown program = %d, want 404", code)
	}

	code, body, hdr := get(t, base+q+"&format=csv")
	rows, err := csv.NewReader(strings.NewReader(body)).ReadAll()
	if code != 200 || err != nil || len(rows) != online.Total+1 || rows[0][0] != "id" || hdr.Get("X-Total-Count") != jsonInt(int64(online.Total)) || hdr.Get("X-Export-Truncated") != "false" {
		t.Errorf("CSV export = %d, %d rows (%v), headers %v; want the header and %d programs", code, len(rows), err, hdr, online.Total)
	}
	// The finder page's export link gives the same programs.
	_, html, _ := get(t, base+"/careers/machine-learning-engineer?award=7&delivery=online&sort=tuition&page=2")
	link := regexp.MustCompile(`href="(/api/v1/careers/machine-learning-engineer/programs\?[^"]*format=csv[^"]*)"`).FindStringSubmatch(html)
	if link == nil {
		t.Errorf("career page: no CSV export link")
	} else {
		code, body, _ := get(t, base+stdhtml.UnescapeString(link[1]))
		rows, err := csv.NewReader(strings.NewReader(body)).ReadAll()
		if code != 200 || err != nil || len(rows) != online.Total+1 {
			t.Errorf("GET %s = %d, %d rows (%v); want the header and %d programs", link[1], code, len(rows), err, online.Total)
		}
	}
	code, body, hdr = get(t, base+"/api/v1/programs?format=json&q=university")
	var exp struct {
		Total, Exported, Limit int
		Truncated              bool
	}
	if err := json.Unmarshal([]byte(body), &exp); code != 200 || err != nil || exp.Exported != 10000 || !exp.Truncated || exp.Total <= 10000 || hdr.Get("X-Export-Limit") != "10000" {
		t.Errorf("JSON export of a large result = %d %v %+v, want 10,000 exported and truncated", code, err, exp)
	}

	code, body, _ = get(t, base+"/api/v1/openapi.json")
	var doc struct{ Paths map[string]any }
	if err := json.Unmarshal([]byte(body), &doc); code != 200 || err != nil || doc.Paths["/api/v1/programs"] == nil {
		t.Errorf("GET /api/v1/openapi.json = %d %v", code, err)
	}
	_ = url.Values{}
}

func jsonInt(n int64) string { b, _ := json.Marshal(n); return string(b) }
