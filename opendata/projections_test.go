package opendata

import (
	"strings"
	"testing"
)

const (
	projHeader = "2024 National Employment Matrix title,Indent level,2024 National Employment Matrix code,Occupation type," +
		"\"Employment, 2024\",\"Employment, 2034\",\"Employment distribution, percent, 2024\",\"Employment distribution, percent, 2034\"," +
		"\"Employment change, numeric, 2024–34\",\"Employment change, percent, 2024–34\",\"Percent self employed, 2024\"," +
		"\"Occupational openings, 2024–34 annual average\",\"Median annual wage, dollars, 2024[1]\",Typical education needed for entry," +
		"Work experience in a related occupation,Typical on-the-job training needed to attain competency in the occupation\r\n"
	projRow = "Data scientists,3,15-2051,Line item,245.9,328.3,0.1,0.2,82.5,33.5,1.8,23.4,112590,Bachelor's degree,None,None\r\n"
)

func TestParseProjections(t *testing.T) {
	in := "\uFEFF" + projHeader +
		"\"Total, all occupations\",0,00-0000,Summary,\"169,956.1\",175167.9,100,100,5211.8,3.1,5.8,18863.3,49500,—,—,—\r\n" +
		projRow +
		"Orthodontists,4,29-1023,Line item,7.7,8.1,0,0,0.4,4.9,—,0.3,\">=$239,200\",Doctoral or professional degree,None,Internship/residency\r\n" +
		"Actors,4,27-2011,Line item,57,57.1,0,0,0.2,0.3,27.9,6.3,—,\"Some college, no degree\",None,Long-term on-the-job training\r\n" +
		"Wellhead pumpers,4,53-7073,Line item,18.8,17.9,0,0,-0.9,-4.7,3.6,2,,High school diploma or equivalent,Less than 5 years,Moderate-term on-the-job training\r\n"
	got, err := ParseProjections(Source{"projections", "t.csv"}, strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	want := []Projection{
		{SOC: "00-0000", Title: "Total, all occupations", Type: "Summary", Indent: 0, Emp2024: 169956.1, Emp2034: 175167.9, Change: 5211.8, ChangePct: 3.1,
			SelfEmployedPct: ptr(5.8), Openings: 18863.3, MedianWage: Wage{Value: 49500, Known: true}},
		{SOC: "15-2051", Title: "Data scientists", Type: "Line item", Indent: 3, Emp2024: 245.9, Emp2034: 328.3, Change: 82.5, ChangePct: 33.5,
			SelfEmployedPct: ptr(1.8), Openings: 23.4, MedianWage: Wage{Value: 112590, Known: true}, Education: "Bachelor's degree", Experience: "None", Training: "None"},
		{SOC: "29-1023", Title: "Orthodontists", Type: "Line item", Indent: 4, Emp2024: 7.7, Emp2034: 8.1, Change: 0.4, ChangePct: 4.9,
			Openings: 0.3, MedianWage: Wage{Value: 239200, Known: true, TopCoded: true}, Education: "Doctoral or professional degree", Experience: "None", Training: "Internship/residency"},
		{SOC: "27-2011", Title: "Actors", Type: "Line item", Indent: 4, Emp2024: 57, Emp2034: 57.1, Change: 0.2, ChangePct: 0.3,
			SelfEmployedPct: ptr(27.9), Openings: 6.3, Education: "Some college, no degree", Experience: "None", Training: "Long-term on-the-job training"},
		{SOC: "53-7073", Title: "Wellhead pumpers", Type: "Line item", Indent: 4, Emp2024: 18.8, Emp2034: 17.9, Change: -0.9, ChangePct: -4.7,
			SelfEmployedPct: ptr(3.6), Openings: 2, Education: "High school diploma or equivalent", Experience: "Less than 5 years", Training: "Moderate-term on-the-job training"},
	}
	if len(got) != len(want) {
		t.Fatalf("ParseProjections: got %d rows, want %d", len(got), len(want))
	}
	for i, w := range want {
		g := got[i]
		same := samePtr(g.SelfEmployedPct, w.SelfEmployedPct)
		g.SelfEmployedPct, w.SelfEmployedPct = nil, nil
		if !same || g != w {
			t.Errorf("ParseProjections row %d = %+v, want %+v", i, got[i], want[i])
		}
	}
}

func TestParseProjectionsErrors(t *testing.T) {
	expectParseErrors(t, "ParseProjections", ParseProjections, Source{"projections", "t.csv"}, []badInput{
		{"empty", "", "t.csv:1: empty file"},
		// A hyphen where BLS writes an en dash is a renamed column.
		{"renamed column", strings.Replace(projHeader, "numeric, 2024–34", "numeric, 2024-34", 1) + projRow,
			"t.csv:1: field Employment change, numeric, 2024–34: missing column"},
		{"footnote dropped", strings.Replace(projHeader, "2024[1]", "2024", 1) + projRow,
			"t.csv:1: field Median annual wage, dollars, 2024[1]: missing column"},
		{"field count", projHeader + strings.Replace(projRow, ",None,None\r\n", ",None\r\n", 1), "t.csv:2: record has 15 fields, want 16"},
		{"not a number", projHeader + strings.Replace(projRow, "33.5", "33.5%", 1), `t.csv:2:10: field Employment change, percent, 2024–34: want a number, got "33.5%"`},
		{"bad wage", projHeader + strings.Replace(projRow, "112590", "n/a", 1), `t.csv:2:13: field Median annual wage, dollars, 2024[1]: want a wage in dollars`},
		{"bad self employed", projHeader + strings.Replace(projRow, ",1.8,", ",-,", 1), `t.csv:2:11: field Percent self employed, 2024: want a number or blank, got "-"`},
		{"bad type", projHeader + strings.Replace(projRow, "Line item", "Detail", 1), `t.csv:2:4: field Occupation type: want one of ["Line item" "Summary"], got "Detail"`},
		{"bad soc", projHeader + strings.Replace(projRow, "15-2051", "15-205", 1), "t.csv:2:3: field 2024 National Employment Matrix code: want a SOC code"},
		{"duplicate", projHeader + projRow + strings.Replace(projRow, "Line item", "Summary", 1), `t.csv:3:3: field 2024 National Employment Matrix code: duplicate key "15-2051" (first on line 2)`},
		{"invalid utf8", projHeader + strings.Replace(projRow, "Data", "D\xffta", 1), "t.csv:2:1: field 2024 National Employment Matrix title: invalid UTF-8"},
	})
}

// TestProjectionsBundled checks golden facts on the real bundled file.
func TestProjectionsBundled(t *testing.T) {
	f := openBundled(t, "bls-projections-2024-34/occupation_projections_2024_2034.csv")
	got, err := ParseProjections(Source{"projections", "occupation_projections_2024_2034.csv"}, f)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1113 {
		t.Errorf("rows = %d, want 1113", len(got))
	}
	lineItems, topCoded, noWage, noSelfEmp := 0, 0, 0, 0
	var ds *Projection
	for i, p := range got {
		if p.Type == "Line item" {
			lineItems++
		}
		if p.MedianWage.TopCoded {
			topCoded++
			if p.MedianWage.Value != 239200 {
				t.Errorf("%s top-coded wage = %v, want 239200", p.SOC, p.MedianWage.Value)
			}
		}
		if !p.MedianWage.Known {
			noWage++
		}
		if p.SelfEmployedPct == nil {
			noSelfEmp++
		}
		if p.SOC == "15-2051" {
			ds = &got[i]
		}
	}
	if lineItems != 832 {
		t.Errorf("line items = %d, want 832", lineItems)
	}
	if topCoded != 19 || noWage != 9 || noSelfEmp != 219 {
		t.Errorf("top-coded, unknown wages, unknown self-employed = %d, %d, %d, want 19, 9, 219", topCoded, noWage, noSelfEmp)
	}
	if ds == nil {
		t.Fatal("15-2051 Data scientists missing")
	}
	if ds.ChangePct != 33.5 || ds.Emp2024 != 245.9 || ds.Emp2034 != 328.3 || ds.Openings != 23.4 ||
		ds.MedianWage != (Wage{Value: 112590, Known: true}) || ds.Education != "Bachelor's degree" {
		t.Errorf("15-2051 = %+v, want +33.5%%, 245.9 → 328.3 thousand, 23.4 thousand openings, $112,590, bachelor's", *ds)
	}
}

func FuzzParseProjections(f *testing.F) {
	f.Add([]byte(projHeader + projRow))
	f.Add([]byte(projHeader + "Orthodontists,4,29-1023,Line item,7.7,8.1,0,0,0.4,4.9,—,0.3,\">=$239,200\",—,None,—\r\n"))
	f.Fuzz(func(t *testing.T, in []byte) {
		rows, err := ParseProjections(Source{"projections", "fuzz.csv"}, strings.NewReader(string(in)))
		checkFuzzResult(t, rows, err)
	})
}
