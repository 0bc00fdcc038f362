package web_test

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"testing"

	careerpath "github.com/careerpath/careerpath"
	"github.com/careerpath/careerpath/relevance"
	"github.com/careerpath/careerpath/search"
	"github.com/careerpath/careerpath/web"
)

// costServer serves a finder over Georgia Tech's master's and bachelor's
// in computer science (IPEDS figures of the bundled files) and a private
// college in Texas, with ZIP 30068 (Marietta, GA) from the gazetteer only.
func costServer(t *testing.T) http.Handler {
	t.Helper()
	f := func(v float64) *float64 { return &v }
	model := relevance.New(nil, nil, nil)
	b := search.NewBuilder(model)
	b.AddInstitution(careerpath.Institution{UnitID: 139755, Name: "Georgia Institute of Technology-Main Campus", City: "Atlanta", State: "GA",
		ZIP: "30332-0530", Country: "US", Control: careerpath.ControlPublic, Latitude: f(33.776), Longitude: f(-84.399),
		TuitionInState: f(11764), TuitionOutOfState: f(32876), GradTuitionInState: f(14064), GradTuitionOutOfState: f(29140)})
	b.AddInstitution(careerpath.Institution{UnitID: 228246, Name: "Southern Methodist University", City: "Dallas", State: "TX",
		ZIP: "75275", Country: "US", Control: careerpath.ControlNonprofit, Latitude: f(32.84), Longitude: f(-96.78),
		TuitionInState: f(64460), TuitionOutOfState: f(64460)})
	for _, p := range []careerpath.Program{
		{ID: 1, Institution: careerpath.Institution{UnitID: 139755}, Name: "Computer Science", CIP: "11.0701", Award: careerpath.AwardLevel{Code: careerpath.AwardMaster}, Completers: 900, Source: "ipeds"},
		{ID: 2, Institution: careerpath.Institution{UnitID: 139755}, Name: "Computer Science", CIP: "11.0701", Award: careerpath.AwardLevel{Code: careerpath.AwardBachelor}, Completers: 800, Source: "ipeds",
			Earnings1Yr: f(95317), MeanDebt: f(20140)},
		{ID: 3, Institution: careerpath.Institution{UnitID: 228246}, Name: "Computer Science", CIP: "11.0701", Award: careerpath.AwardLevel{Code: careerpath.AwardMaster}, Completers: 50, Source: "ipeds"},
	} {
		b.AddProgram(&p)
	}
	b.AddZIP("30068", careerpath.GeoPoint{Lat: 33.97, Lon: -84.44})
	b.SetPaybackBaseline(&careerpath.Stat{Value: 46370, Unit: careerpath.UnitUSD, Provenance: careerpath.Provenance{Source: "bls-oews", Method: "the baseline's method"}})
	ix, err := b.Build()
	if err != nil {
		t.Fatal(err)
	}
	srv, err := web.NewServer(context.Background(), web.Services{Guides: noGuides{}, Programs: search.NewService(ix)},
		slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	return srv.Handler()
}

// TestFinderCost renders cards: the graduate tuition of a master's with
// its residency, the total cost estimate, and the distance from a ZIP
// code that no institution has.
func TestFinderCost(t *testing.T) {
	h := costServer(t)
	for _, tt := range []struct {
		name, url string
		want      []string
		not       []string
	}{
		{"no state: out-of-state graduate figure", "/programs?award=7", []string{
			"$29,140", "graduate average, out-of-state (no state chosen), 2022-23",
			"≈ $58,280", "estimate: 2 typical years × tuition"}, []string{"$11,764", "$32,876"}},
		{"Georgian: in-state graduate figure", "/programs?award=7&resident=GA", []string{"$14,064", "graduate average, in-state, 2022-23", "≈ $28,128"}, nil},
		{"Texan: out-of-state at Georgia Tech", "/programs?award=7&resident=TX&sort=tuition", []string{"$29,140", "graduate average, out-of-state, 2022-23"}, []string{"$14,064"}},
		{"program page: both figures, the reason, the method", "/programs/1?resident=GA", []string{"$14,064", "institution&#39;s average graduate tuition, in-state, 2022-23",
			"public institution in your state (GA)", "in-state $14,064 · out-of-state $29,140", "estimate: yearly tuition × 2 years (the typical length of the award)"}, nil},
		{"program page without a state", "/programs/1", []string{"$29,140", "what a student from another state pays"}, nil},
		{"compare for a Texan", "/programs/compare?id=1&id=3&resident=TX", []string{"$29,140 (graduate average, out-of-state, 2022-23)", "Tuition is for a resident of TX"}, nil},
		{"compare with the distance from a ZIP code", "/programs/compare?id=1&id=3&zip=30068", []string{"<td>14 miles</td>", "<td>716 miles</td>"}, nil}, // haversine, Marietta to Dallas
		{"compare keeps four", "/programs/compare?id=1&id=2&id=3&id=1&id=2", []string{"You chose 5 programs; a comparison shows 4 at a time"}, nil},
		{"bachelor's keep the undergraduate figure", "/programs?award=5&resident=GA", []string{"$11,764", "undergraduate tuition and fees, in-state, 2023-24", "≈ $47,056"}, nil},
		{"distance from a gazetteer ZIP, default radius", "/programs?zip=30068&sort=distance", []string{"Atlanta, GA · 14 miles away", "Within 50 miles, the default"}, []string{"%!", "Dallas"}},
		{"payback with its method", "/programs?award=5&resident=GA", []string{"1.0 year", "estimated total cost $47056", "÷ earnings premium $48947 a year"}, nil},
		{"payback filter and sort", "/programs?resident=TX&payback_max=3&sort=payback", []string{"(1)", "2.7 years"}, []string{"Southern Methodist"}},
		{"filter by the resident's figure", "/programs?award=7&resident=GA&tuition_max=20000", []string{"(1)", "$14,064"}, []string{"Southern Methodist"}},
	} {
		r := do(h, "GET", tt.url, "", "")
		if r.code != http.StatusOK {
			t.Fatalf("%s: GET %s = %d, want 200", tt.name, tt.url, r.code)
		}
		for _, w := range tt.want {
			if !strings.Contains(r.body, w) {
				t.Errorf("%s: GET %s: page lacks %q", tt.name, tt.url, w)
			}
		}
		for _, n := range tt.not {
			if strings.Contains(r.body, n) {
				t.Errorf("%s: GET %s: page has %q", tt.name, tt.url, n)
			}
		}
	}
	if r := do(h, "GET", "/programs?zip=99999", "", ""); !strings.Contains(r.body, `ZIP code &#34;99999&#34; is not in the ZIP code list`) {
		t.Errorf("unknown ZIP: page does not name it")
	}
}

// TestProgramsAPICost checks the API: each item's cost for the resident,
// 400s naming resident and sort, and the export's columns.
func TestProgramsAPICost(t *testing.T) {
	h := costServer(t)
	r := do(h, "GET", "/api/v1/programs?award=7&resident=georgia&zip=30068&sort=distance", "", "")
	var page struct {
		Items []struct {
			ID            int64    `json:"id"`
			DistanceMiles *float64 `json:"distance_miles"`
			Cost          careerpath.ProgramCost
		}
	}
	if err := json.Unmarshal([]byte(r.body), &page); err != nil || len(page.Items) != 1 {
		t.Fatalf("GET programs = %d %s (%v), want Georgia Tech's master's only", r.code, r.body, err)
	}
	c := page.Items[0].Cost
	if c.Tuition.Amount == nil || *c.Tuition.Amount != 14064 || c.Tuition.Residency != careerpath.ResidencyInState || c.Total.Amount == nil || *c.Total.Amount != 28128 {
		t.Errorf("cost = %+v, want in-state graduate $14,064 and $28,128 in two years", c)
	}
	for _, bad := range []struct{ url, param string }{
		{"/api/v1/programs?resident=ZZ", "resident"},
		{"/api/v1/programs?sort=distance", "sort"},
		{"/api/v1/programs?zip=99999", "zip"},
	} {
		r := do(h, "GET", bad.url, "", "")
		if r.code != http.StatusBadRequest || !strings.Contains(r.body, bad.param) {
			t.Errorf("GET %s = %d %s, want 400 naming %s", bad.url, r.code, r.body, bad.param)
		}
	}
	r = do(h, "GET", "/api/v1/programs?resident=GA&zip=30068&radius=1000&format=csv&sort=name", "", "")
	rows, err := csv.NewReader(strings.NewReader(r.body)).ReadAll()
	if err != nil || len(rows) != 4 {
		t.Fatalf("CSV export = %d rows (%v), want a header and 3", len(rows), err)
	}
	col := map[string]int{}
	for i, h := range rows[0] {
		col[h] = i
	}
	for _, row := range rows[1:] {
		if row[col["id"]] != "1" {
			continue
		}
		got := []string{row[col["graduate"]], row[col["tuition_in_state"]], row[col["tuition_out_of_state"]], row[col["tuition"]], row[col["tuition_residency"]], row[col["total_cost_estimate"]], row[col["distance_miles"]]}
		want := []string{"true", "14064", "29140", "14064", "in-state", "28128", "13.6"} // 13.6 miles: 0.194° of latitude and 0.041° of longitude at 33.9° N
		if strings.Join(got, ",") != strings.Join(want, ",") {
			t.Errorf("export of program 1 = %v, want %v", got, want)
		}
	}
}

// TestFinderMessages checks that a page says in plain words, next to the
// field, which value it could not use, and keeps the other filters; and
// that the API names the parameter.
func TestFinderMessages(t *testing.T) {
	h := costServer(t)
	for _, tt := range []struct{ url, words, kept string }{
		{"/programs?tuition_max=lots&award=7", "Enter dollars a year as a number, such as 20000.", "All programs <span class=\"count\">(2)</span>"},
		{"/programs?zip=99999&radius=10&award=5", "ZIP code &#34;99999&#34; is not in the ZIP code list", "(1)"},
		{"/programs?sort=distance&award=7", "Sorting by distance needs a ZIP code", "(2)"},
		{"/programs?resident=Narnia&award=7", "Choose your state from the list.", "(2)"},
		{"/programs?page=0&award=7", "That page does not exist", "(2)"},
	} {
		r := do(h, "GET", tt.url, "", "")
		if r.code != http.StatusOK || !strings.Contains(r.body, `class="field-error"`) || !strings.Contains(r.body, tt.words) || !strings.Contains(r.body, tt.kept) {
			t.Errorf("GET %s = %d: want the note %q beside the field and the other filters kept (%q)", tt.url, r.code, tt.words, tt.kept)
		}
	}
	for _, bad := range []struct{ url, param string }{
		{"/api/v1/programs?page=0", "page"},
		{"/api/v1/programs?country=XX", "country"},
		{"/api/v1/programs?state=ZZ", "state"},
	} {
		if r := do(h, "GET", bad.url, "", ""); r.code != http.StatusBadRequest || !strings.Contains(r.body, "Parameter "+bad.param) {
			t.Errorf("GET %s = %d %s, want 400 naming %s", bad.url, r.code, r.body, bad.param)
		}
	}
	r := do(h, "GET", "/api/v1/programs?page=9", "", "")
	var page struct {
		Total int
		Items []json.RawMessage
	}
	if err := json.Unmarshal([]byte(r.body), &page); r.code != 200 || err != nil || page.Total != 3 || len(page.Items) != 0 {
		t.Errorf("page past the end = %d %s, want 200 with total 3 and no items", r.code, r.body)
	}
}
