package careerpath

import (
	"math"
	"reflect"
	"testing"
)

func TestTokenize(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want []string
	}{
		{"Computer Science", []string{"computer", "science"}},
		{"  Université de Montréal ", []string{"universite", "de", "montreal"}},
		{"ÉCOLE Polytechnique—Paris", []string{"ecole", "polytechnique", "paris"}},
		{"St. John's University-New York", []string{"st", "john", "s", "university", "new", "york"}},
		{"Cafe\u0301 Studies", []string{"cafe", "studies"}}, // combining accent
		{"Data Science, General.", []string{"data", "science", "general"}},
		{"R&D 2", []string{"r", "d", "2"}},
		{"Straße", []string{"straße"}},
		{"", nil},
		{"—", nil},
	} {
		if got := Tokenize(tt.in); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("Tokenize(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestDistanceMiles(t *testing.T) {
	for _, tt := range []struct {
		a, b GeoPoint
		want float64
	}{
		{GeoPoint{40.7128, -74.0060}, GeoPoint{34.0522, -118.2437}, 2445}, // New York – Los Angeles
		{GeoPoint{41.8781, -87.6298}, GeoPoint{41.8781, -87.6298}, 0},
		{GeoPoint{0, 0}, GeoPoint{0, 180}, math.Pi * EarthRadiusMiles},
		{GeoPoint{0, 0}, GeoPoint{1, 0}, 69.09},
	} {
		if got := DistanceMiles(tt.a, tt.b); math.Abs(got-tt.want) > 1 {
			t.Errorf("DistanceMiles(%v, %v) = %.1f, want %.1f", tt.a, tt.b, got, tt.want)
		}
		if got, back := DistanceMiles(tt.a, tt.b), DistanceMiles(tt.b, tt.a); got != back {
			t.Errorf("DistanceMiles is not symmetric: %g and %g", got, back)
		}
	}
}

func TestBucketOf(t *testing.T) {
	for _, tt := range []struct {
		bs   []Bucket
		v    float64
		want string
	}{
		{TuitionBuckets, 0, "under-5k"}, {TuitionBuckets, 4999.99, "under-5k"}, {TuitionBuckets, 5000, "5k-10k"},
		{TuitionBuckets, 39999, "20k-40k"}, {TuitionBuckets, 40000, "40k-plus"}, {TuitionBuckets, 1e9, "40k-plus"},
		{TuitionBuckets, -1, "under-5k"},
		{EarningsBuckets, 100000, "100k-plus"}, {EarningsBuckets, 69999, "50k-70k"},
		{CompletersBuckets, 0, "0"}, {CompletersBuckets, 1, "1-9"}, {CompletersBuckets, 499, "100-499"}, {CompletersBuckets, 500, "500-plus"},
		{DurationBuckets, 0.5, "under-1"}, {DurationBuckets, 1, "1-2"}, {DurationBuckets, 2, "2-4"}, {DurationBuckets, 4, "4-plus"},
	} {
		if got := tt.bs[BucketOf(tt.bs, tt.v)].Value; got != tt.want {
			t.Errorf("BucketOf(%g) = %s, want %s", tt.v, got, tt.want)
		}
	}
	// Every award level falls in a duration bucket.
	for _, l := range AwardLevels {
		if i := BucketOf(DurationBuckets, l.TypicalYears); i < 0 || i >= len(DurationBuckets) {
			t.Errorf("%s (%g years) has no duration bucket", l.Name, l.TypicalYears)
		}
	}
}

func TestNormalize(t *testing.T) {
	ten := 10.0
	five := 5.0
	for _, tt := range []struct {
		f     ProgramFilter
		param string // "" for valid
	}{
		{ProgramFilter{}, ""},
		{ProgramFilter{Career: "x", MinRelevance: "strong"}, ""},
		{ProgramFilter{MinRelevance: "strong"}, "relevance"},
		{ProgramFilter{Career: "x", MinRelevance: "weak"}, "relevance"},
		{ProgramFilter{Awards: []int{9}}, "award"},
		{ProgramFilter{Delivery: "hybrid"}, "delivery"},
		{ProgramFilter{Resident: "ZZ"}, "resident"},
		{ProgramFilter{Sort: SortDistance}, "sort"},
		{ProgramFilter{RadiusMiles: 10}, "radius"},
		{ProgramFilter{Near: &GeoPoint{91, 0}, RadiusMiles: 10}, "lat"},
		{ProgramFilter{TuitionMin: &ten, TuitionMax: &five}, "tuition_min"},
		{ProgramFilter{Sort: "price"}, "sort"},
		{ProgramFilter{Order: "up"}, "order"},
		{ProgramFilter{PerPage: 101}, "per_page"},
		{ProgramFilter{Page: -1}, "page"},
		{ProgramFilter{Export: true, PerPage: MaxExportRows}, ""},
		{ProgramFilter{Export: true, PerPage: MaxExportRows + 1}, "per_page"},
		{ProgramFilter{Export: true, Page: 2}, "page"},
	} {
		err := tt.f.Normalize()
		switch {
		case tt.param == "" && err != nil:
			t.Errorf("Normalize(%+v) = %v, want nil", tt.f, err)
		case tt.param != "" && (ErrorCode(err) != EINVALID || len(ErrorMessage(err)) < len(tt.param) || ErrorMessage(err)[:len(tt.param)] != tt.param):
			t.Errorf("Normalize(%+v) = %v, want an EINVALID error naming %s", tt.f, err, tt.param)
		}
	}
	f := ProgramFilter{Career: "x", Sort: SortTuition}
	if err := f.Normalize(); err != nil || f.MinRelevance != RelevanceRelated || f.Order != OrderAsc || f.Page != 1 || f.PerPage != 20 {
		t.Errorf("Normalize defaults = %+v, %v", f, err)
	}
	f = ProgramFilter{Export: true}
	if err := f.Normalize(); err != nil || f.Page != 1 || f.PerPage != MaxExportRows {
		t.Errorf("Normalize export defaults = %+v, %v", f, err)
	}
}

func TestUSStateCode(t *testing.T) {
	for _, tt := range []struct {
		name, want string
		ok         bool
	}{
		{"New York", "NY", true}, {"new  york", "NY", true}, {" TEXAS ", "TX", true}, {"District of Columbia", "DC", true},
		{"Puerto Rico", "PR", true}, {"New Yrok", "", false}, {"", "", false}, {"NY", "", false},
	} {
		if got, ok := USStateCode(tt.name); got != tt.want || ok != tt.ok {
			t.Errorf("USStateCode(%q) = %q, %v, want %q, %v", tt.name, got, ok, tt.want, tt.ok)
		}
	}
}

func TestSortFacets(t *testing.T) {
	got := SortFacets(map[string]map[string]int{
		FacetAward:   {"7": 3, "5": 2, "20": 1, "3": 0},
		FacetTuition: {BucketUnknown: 4, "40k-plus": 1, "under-5k": 2},
		FacetControl: {"0": 1, "3": 2, "1": 5},
	})
	want := map[string][]FacetCount{
		FacetAward:   {{"20", "Certificate (< 12 weeks)", 1}, {"5", "Bachelor's", 2}, {"7", "Master's", 3}},
		FacetTuition: {{"under-5k", "Under $5,000", 2}, {"40k-plus", "$40,000 or more", 1}, {BucketUnknown, "Not reported", 4}},
		FacetControl: {{"1", "Public", 5}, {"3", "Private for-profit", 2}, {"0", "Unknown", 1}},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("SortFacets = %v, want %v", got, want)
	}
}
