package opendata

import (
	"strings"
	"testing"
)

const chargesHeader = "UNITID,XTUIT5,TUITION5,XTUIT6,TUITION6,XTUIT7,TUITION7\n"

func TestParseGraduateTuition(t *testing.T) {
	in := chargesHeader +
		`100654,"R",10128,"R",10128,"R",20160` + "\n" +
		`100724,"A",.,"A",.,"A",.` + "\n"
	got, err := ParseGraduateTuition(Source{"ipeds", "ic.csv"}, strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	want := []GraduateTuition{
		{UnitID: 100654, InDistrict: ptr[float64](10128), InState: ptr[float64](10128), OutOfState: ptr[float64](20160)},
		{UnitID: 100724},
	}
	if len(got) != len(want) {
		t.Fatalf("ParseGraduateTuition: got %d rows, want %d", len(got), len(want))
	}
	for i := range want {
		g, w := got[i], want[i]
		if g.UnitID != w.UnitID || !samePtr(g.InDistrict, w.InDistrict) || !samePtr(g.InState, w.InState) || !samePtr(g.OutOfState, w.OutOfState) {
			t.Errorf("ParseGraduateTuition row %d = %+v, want %+v", i, g, w)
		}
	}
}

func TestParseGraduateTuitionErrors(t *testing.T) {
	row := `100654,"R",10128,"R",10128,"R",20160` + "\n"
	expectParseErrors(t, "ParseGraduateTuition", ParseGraduateTuition, Source{"ipeds", "ic.csv"}, []badInput{
		{"empty", "", "ic.csv:1: empty file"},
		{"missing column", strings.Replace(chargesHeader, "TUITION7", "TUITION8", 1) + row, "ic.csv:1: field TUITION7: missing column"},
		{"field count", chargesHeader + `100654,"R",10128,"R",10128,"R"` + "\n", "ic.csv:2: record has 6 fields, want 7"},
		{"not a number", chargesHeader + `100654,"R",10128,"R",1O128,"R",20160` + "\n", "ic.csv:2:5: field TUITION6: want a number or blank"},
		{"negative", chargesHeader + `100654,"R",10128,"R",10128,"R",-20160` + "\n", "ic.csv:2:7: field TUITION7: want an amount of 0 or more"},
		{"bad unitid", chargesHeader + `10065,"R",10128,"R",10128,"R",20160` + "\n", "ic.csv:2:1: field UNITID: want a 6-digit IPEDS UNITID"},
		{"duplicate", chargesHeader + row + row, `ic.csv:3:1: field UNITID: duplicate key "100654" (first on line 2)`},
		{"truncated gzip", cutGzip(t, chargesHeader+row), "truncated"},
	})
}

// TestGraduateTuitionBundled checks the bundled file against figures read
// off the IPEDS data center: Georgia Tech's graduate tuition for 2022-23.
func TestGraduateTuitionBundled(t *testing.T) {
	got, err := ParseGraduateTuition(Source{"ipeds", "ic2022_ay.csv.gz"}, openBundled(t, "ipeds/ic2022_ay.csv.gz"))
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 3876 {
		t.Errorf("rows = %d, want 3876", len(got))
	}
	reported := 0
	for _, r := range got {
		if r.InState != nil || r.OutOfState != nil {
			reported++
		}
		if r.UnitID == 139755 {
			if !samePtr(r.InState, ptr[float64](14064)) || !samePtr(r.OutOfState, ptr[float64](29140)) {
				t.Errorf("Georgia Tech graduate tuition = %v in-state, %v out-of-state, want 14064 and 29140", orZero(r.InState), orZero(r.OutOfState))
			}
		}
	}
	if reported != 2024 {
		t.Errorf("institutions with graduate tuition = %d, want 2024", reported)
	}
}

func FuzzParseGraduateTuition(f *testing.F) {
	f.Add(chargesHeader + `100654,"R",10128,"R",10128,"R",20160` + "\n")
	f.Fuzz(func(t *testing.T, in string) {
		rows, err := ParseGraduateTuition(Source{"ipeds", "ic.csv"}, strings.NewReader(in))
		checkFuzzResult(t, rows, err)
	})
}

func orZero(p *float64) float64 {
	if p == nil {
		return 0
	}
	return *p
}
