package search

import (
	"context"
	"reflect"
	"testing"

	careerpath "github.com/careerpath/careerpath"
	"github.com/careerpath/careerpath/relevance"
)

func TestZIP5(t *testing.T) {
	for in, want := range map[string]string{"35294": "35294", "35294-0110": "35294", " 02139 ": "02139", "3529": "", "35294X": "", "ABCDE": "", "352940110": ""} {
		if got := careerpath.ZIP5(in); got != want {
			t.Errorf("ZIP5(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestGallop(t *testing.T) {
	l := []uint32{0, 1, 2, 5, 6, 7, 8, 9, 10, 11, 12, 13, 40}
	for x, want := range map[uint32]int{0: 0, 3: 3, 5: 3, 13: 11, 14: 12, 40: 12, 41: 13} {
		if got := gallop(l, x); got != want {
			t.Errorf("gallop(%d) = %d, want %d", x, got, want)
		}
	}
}

func f64(v float64) *float64 { return &v }

// smallIndex is two institutions, one of them online, with three programs.
func smallIndex(t *testing.T) *Service {
	t.Helper()
	career := &careerpath.Career{Slug: "ml", Title: "ML", Occupations: []careerpath.OccupationWeight{{SOC: "15-2051", Weight: 1}}}
	model := relevance.New([]*careerpath.Career{career},
		[]careerpath.CrosswalkLink{{CIP: "11.0701", CIPTitle: "Computer Science.", SOC: "15-2051", SOCTitle: "Data Scientists"}}, nil)
	b := NewBuilder(model)
	b.AddInstitution(careerpath.Institution{UnitID: 1, Name: "Université de Montréal", State: "QC", Country: "CA", ZIP: "35294-0110",
		Latitude: f64(45.5), Longitude: f64(-73.6), OnlineShare: f64(0.5)})
	b.AddInstitution(careerpath.Institution{UnitID: 2, Name: "Cal State", State: "CA", Country: "US", ZIP: "90001",
		Latitude: f64(34), Longitude: f64(-118), Control: careerpath.ControlPublic, TuitionInState: f64(7000), TuitionOutOfState: f64(19000)})
	for _, p := range []careerpath.Program{
		{ID: 10, Institution: careerpath.Institution{UnitID: 1}, Name: "Computer Science", CIP: "11.0701", Award: careerpath.AwardLevel{Code: 5}},
		{ID: 11, Institution: careerpath.Institution{UnitID: 2}, Name: "Computer Science", CIP: "11.0701", Award: careerpath.AwardLevel{Code: 21}, Completers: 12},
		{ID: 12, Institution: careerpath.Institution{UnitID: 2}, Name: "Psychology", CIP: "42.0101", Award: careerpath.AwardLevel{Code: 5}},
	} {
		b.AddProgram(&p)
	}
	ix, err := b.Build()
	if err != nil {
		t.Fatal(err)
	}
	return NewService(ix)
}

func TestSmallIndex(t *testing.T) {
	s := smallIndex(t)
	ctx := context.Background()
	ids := func(f careerpath.ProgramFilter) []int64 { return pageIDs(t, s, f) }
	for _, tt := range []struct {
		name string
		f    careerpath.ProgramFilter
		want []int64
	}{
		{"all by relevance (completers)", careerpath.ProgramFilter{}, []int64{11, 10, 12}},
		{"career", careerpath.ProgramFilter{Career: "ml"}, []int64{10, 11}},
		{"career strong", careerpath.ProgramFilter{Career: "ml", MinRelevance: "strong"}, []int64{10}},
		{"accents", careerpath.ProgramFilter{Query: "universite MONTREAL"}, []int64{10}},
		{"all words", careerpath.ProgramFilter{Query: "computer cal"}, []int64{11}},
		{"unknown word", careerpath.ProgramFilter{Query: "computer zebra"}, []int64{}},
		{"online", careerpath.ProgramFilter{Delivery: "online"}, []int64{10}},
		{"country", careerpath.ProgramFilter{Country: "US", Sort: "name"}, []int64{11, 12}},
		{"tuition leaves out unknown", careerpath.ProgramFilter{TuitionMax: f64(20000), Sort: "name", Order: "desc"}, []int64{12, 11}},
		{"tuition out-of-state without a resident", careerpath.ProgramFilter{TuitionMax: f64(10000)}, []int64{}},
		{"tuition in-state for a resident", careerpath.ProgramFilter{TuitionMax: f64(10000), Resident: "CA", Sort: "name"}, []int64{11, 12}},
		{"tuition out-of-state for another state", careerpath.ProgramFilter{TuitionMax: f64(10000), Resident: "TX"}, []int64{}},
		{"zip without a radius: default radius", careerpath.ProgramFilter{ZIP: "90001", Sort: "completers", Order: "asc"}, []int64{12, 11}},
		{"distance sort", careerpath.ProgramFilter{Near: &careerpath.GeoPoint{Lat: 40, Lon: -100}, RadiusMiles: 3000, Sort: careerpath.SortDistance}, []int64{11, 12, 10}},
		{"distance sort, far first", careerpath.ProgramFilter{Near: &careerpath.GeoPoint{Lat: 40, Lon: -100}, RadiusMiles: 3000, Sort: careerpath.SortDistance, Order: "desc"}, []int64{10, 11, 12}},
		{"zip", careerpath.ProgramFilter{ZIP: "90001", RadiusMiles: 10, Sort: "completers", Order: "asc"}, []int64{12, 11}},
		{"near", careerpath.ProgramFilter{Near: &careerpath.GeoPoint{Lat: 45.6, Lon: -73.6}, RadiusMiles: 10}, []int64{10}},
	} {
		if got := ids(tt.f); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%s: ids = %v, want %v", tt.name, got, tt.want)
		}
	}
	if _, err := s.FindPrograms(ctx, careerpath.ProgramFilter{ZIP: "99999", RadiusMiles: 5}); careerpath.ErrorCode(err) != careerpath.EINVALID {
		t.Errorf("unknown ZIP: err = %v, want EINVALID", err)
	}
	if _, err := s.FindPrograms(ctx, careerpath.ProgramFilter{Career: "nope"}); careerpath.ErrorCode(err) != careerpath.EINVALID {
		t.Errorf("unknown career: err = %v, want EINVALID", err)
	}
	page, _ := s.FindPrograms(ctx, careerpath.ProgramFilter{Career: "ml", Awards: []int{5}})
	want := map[string][]careerpath.FacetCount{}
	if page.Total != 1 || page.Strong != 1 || page.Related != 0 {
		t.Errorf("career bachelor's: total %d strong %d related %d, want 1 1 0", page.Total, page.Strong, page.Related)
	}
	// The award facet ignores the award filter: the short certificate counts.
	want[careerpath.FacetAward] = []careerpath.FacetCount{{Value: "21", Label: "Certificate (< 1 year)", Count: 1}, {Value: "5", Label: "Bachelor's", Count: 1}}
	if got := page.Facets[careerpath.FacetAward]; !reflect.DeepEqual(got, want[careerpath.FacetAward]) {
		t.Errorf("award facet = %v, want %v", got, want[careerpath.FacetAward])
	}
	if m, err := s.FindProgram(ctx, 11, "ml"); err != nil || m.Level != careerpath.RelevanceRelated || m.Institution.Name != "Cal State" {
		t.Errorf("FindProgram(11) = %+v, %v; want the related short certificate", m, err)
	}
	if _, err := s.FindProgram(ctx, 99, ""); careerpath.ErrorCode(err) != careerpath.ENOTFOUND {
		t.Errorf("FindProgram(99) err = %v, want ENOTFOUND", err)
	}
	s.Swap(s.Index())
}

// TestCatalogPrograms checks how provider catalog programs take part:
// their own institution, country, format, duration and tuition, the
// unknown award bucket, and the confidence of a predicted field of study.
func TestCatalogPrograms(t *testing.T) {
	career := &careerpath.Career{Slug: "ml", Title: "ML", Occupations: []careerpath.OccupationWeight{{SOC: "15-2051", Weight: 1}}}
	model := relevance.New([]*careerpath.Career{career},
		[]careerpath.CrosswalkLink{{CIP: "11.0701", CIPTitle: "Computer Science.", SOC: "15-2051", SOCTitle: "Data Scientists"}}, nil)
	b := NewBuilder(model)
	// The master's has the graduate tuition, never the undergraduate.
	b.AddInstitution(careerpath.Institution{UnitID: 2, Name: "Cal State", State: "CA", Country: "US", Control: careerpath.ControlPublic,
		TuitionInState: f64(500), GradTuitionInState: f64(7000)})
	for _, p := range []careerpath.Program{
		{ID: 11, Institution: careerpath.Institution{UnitID: 2}, Name: "Computer Science", CIP: "11.0701", Award: careerpath.AwardLevel{Code: 7}, Completers: 3},
		{ID: 1001, Institution: careerpath.Institution{Name: "TH Nord", City: "Kiel", State: "SH", Country: "DE"}, Name: "Informatik", CIP: "11.0701",
			Award: careerpath.AwardLevel{Name: "Diplom"}, Format: careerpath.FormatHybrid, DurationYears: f64(1.5), Tuition: f64(3000), TuitionCurrency: "EUR",
			CIPSource: careerpath.CIPSourceModel, CIPConfidence: 0.94, Source: "acme"},
		{ID: 1002, Institution: careerpath.Institution{Name: "Harbor School", Country: "US"}, Name: "Computer Science", CIP: "11.0701",
			Award: careerpath.AwardLevel{Code: 7, Name: "Master's"}, Format: careerpath.FormatOnCampus, Tuition: f64(9000), TuitionCurrency: "USD",
			CIPSource: careerpath.CIPSourceCatalog, CIPConfidence: 1, Source: "acme"},
		{ID: 1003, Institution: careerpath.Institution{Name: "Nowhere"}, Name: "Computing", CIP: "11.0701", Award: careerpath.AwardLevel{Name: "Nanodegree"},
			Format: careerpath.FormatOnline, CIPSource: careerpath.CIPSourceCatalog, CIPConfidence: 1, Source: "acme"},
	} {
		b.AddProgram(&p)
	}
	ix, err := b.Build()
	if err != nil {
		t.Fatal(err)
	}
	s := NewService(ix)
	ctx := context.Background()
	ids := func(f careerpath.ProgramFilter) []int64 { return pageIDs(t, s, f) }
	for _, tt := range []struct {
		name string
		f    careerpath.ProgramFilter
		want []int64
	}{
		{"country", careerpath.ProgramFilter{Country: "DE"}, []int64{1001}},
		{"online is online and hybrid", careerpath.ProgramFilter{Delivery: careerpath.DeliveryOnline}, []int64{1001, 1003}},
		{"unknown award", careerpath.ProgramFilter{Awards: []int{careerpath.AwardUnknown}}, []int64{1001, 1003}},
		{"own duration", careerpath.ProgramFilter{DurationMax: f64(1.5)}, []int64{1001}},
		{"duration sort, unknown last", careerpath.ProgramFilter{Sort: careerpath.SortDuration}, []int64{1001, 11, 1002, 1003}},
		{"only USD tuition", careerpath.ProgramFilter{TuitionMax: f64(10000), Resident: "CA", Sort: careerpath.SortTuition}, []int64{11, 1002}},
		{"text over the catalog's names", careerpath.ProgramFilter{Query: "harbor"}, []int64{1002}},
		{"completers unknown, not none", careerpath.ProgramFilter{CompletersMin: new(int)}, []int64{11}},
	} {
		if got := ids(tt.f); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%s: ids = %v, want %v", tt.name, got, tt.want)
		}
	}
	page, err := s.FindPrograms(ctx, careerpath.ProgramFilter{Career: "ml"})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := page.Facets[careerpath.FacetCountry], []careerpath.FacetCount{{Value: "DE", Label: "DE", Count: 1}, {Value: "US", Label: "US", Count: 2},
		{Value: careerpath.BucketUnknown, Label: "Not reported", Count: 1}}; !reflect.DeepEqual(got, want) {
		t.Errorf("country facet = %v, want %v", got, want)
	}
	if got := page.Facets[careerpath.FacetAward]; len(got) != 2 || got[1] != (careerpath.FacetCount{Value: "0", Label: "Other degree (not recognised)", Count: 2}) {
		t.Errorf("award facet = %v, want master's and 2 not recognised", got)
	}
	m, err := s.FindProgram(ctx, 1001, "ml")
	if err != nil {
		t.Fatal(err)
	}
	if m.Confidence != 0.94 || len(m.Reasons) == 0 || m.Reasons[0] != "Field of study predicted from the program name: Computer Science (CIP 11.0701), confidence 0.94." {
		t.Errorf("predicted program: confidence %g, reasons %q", m.Confidence, m.Reasons)
	}
	if m.Award.Name != "Diplom" || m.Institution.Country != "DE" || m.Institution.City != "Kiel" || m.Format != careerpath.FormatHybrid ||
		*m.DurationYears != 1.5 || *m.Tuition != 3000 || m.TuitionCurrency != "EUR" || m.Source != "acme" {
		t.Errorf("FindProgram(1001) = %+v", *m.Program)
	}
	if m, _ := s.FindProgram(ctx, 1002, "ml"); m.Confidence != 1 || len(m.Reasons) == 0 || m.Reasons[0] == "" || m.Reasons[0][:5] == "Field" {
		t.Errorf("catalog-coded program: confidence %g, reasons %q; want 1 and no prediction reason", m.Confidence, m.Reasons)
	}
}

// pageIDs returns the IDs of the first page the service answers f with.
func pageIDs(t *testing.T, s *Service, f careerpath.ProgramFilter) []int64 {
	t.Helper()
	page, err := s.FindPrograms(context.Background(), f)
	if err != nil {
		t.Fatalf("FindPrograms(%+v): %v", f, err)
	}
	out := []int64{}
	for _, m := range page.Items {
		out = append(out, m.ID)
	}
	return out
}
