package opendata

import (
	"slices"
	"strings"
	"testing"
)

const (
	cipHeader = `"CIPFamily","CIPCode","Action","TextChange","CIPTitle","CIPDefinition","CrossReferences","Examples"` + "\n"
	cipRow    = `"11","11.0701","No substantive changes",no,"Computer Science.","A program that focuses on computer theory.","14.0901 - Computer Engineering, General.",` + "\n"
)

func TestParseCIP(t *testing.T) {
	in := cipHeader +
		`"01","01","No substantive changes",yes,"AGRICULTURAL/ANIMAL/PLANT/VETERINARY SCIENCE AND RELATED FIELDS.","Instructional programs that focus on agriculture.","",` + "\n" +
		`"01","01.0102","New",no,"Agroeconomics.","A program that focuses on economics.","","Examples: - Agroeconomics"` + "\n" +
		`"03","3.0501","No substantive changes",no,"Forestry, General.","A program that focuses on forestry, titled "Forestry" in Canada.","","Examples: - Heating,  Ventilation, and Air Conditioning (HVAC), - Pipefitter - Plumber Specialty, - Pharmacy (BS, BPharm - Canada)"` + "\n" +
		cipRow +
		`"45","45.14","Deleted",no,"Rural Sociology.","Deleted, Report under 45.1103","",` + "\n"
	got, err := ParseCIP(Source{"cip", "t.csv"}, strings.NewReader(string(gzipBytes(t, in))))
	if err != nil {
		t.Fatal(err)
	}
	want := []CIPCode{
		{Family: "01", Code: "01", Action: CIPUnchanged, TextChange: true, Title: "AGRICULTURAL/ANIMAL/PLANT/VETERINARY SCIENCE AND RELATED FIELDS.", Definition: "Instructional programs that focus on agriculture."},
		{Family: "01", Code: "01.0102", Action: CIPNew, Title: "Agroeconomics.", Definition: "A program that focuses on economics.", Examples: []string{"Agroeconomics"}},
		{Family: "03", Code: "03.0501", Action: CIPUnchanged, Title: "Forestry, General.", Definition: `A program that focuses on forestry, titled "Forestry" in Canada.`,
			Examples: []string{"Heating,  Ventilation, and Air Conditioning (HVAC)", "Pipefitter - Plumber Specialty", "Pharmacy (BS, BPharm - Canada)"}},
		{Family: "11", Code: "11.0701", Action: CIPUnchanged, Title: "Computer Science.", Definition: "A program that focuses on computer theory.", CrossReferences: "14.0901 - Computer Engineering, General."},
		{Family: "45", Code: "45.14", Action: CIPDeleted, Title: "Rural Sociology.", Definition: "Deleted, Report under 45.1103"},
	}
	if len(got) != len(want) {
		t.Fatalf("ParseCIP: got %d rows, want %d", len(got), len(want))
	}
	for i, w := range want {
		g := got[i]
		if g.Family != w.Family || g.Code != w.Code || g.Action != w.Action || g.TextChange != w.TextChange || g.Title != w.Title ||
			g.Definition != w.Definition || g.CrossReferences != w.CrossReferences || !slices.Equal(g.Examples, w.Examples) {
			t.Errorf("ParseCIP row %d = %+v, want %+v", i, g, w)
		}
	}
}

func TestParseCIPErrors(t *testing.T) {
	expectParseErrors(t, "ParseCIP", ParseCIP, Source{"cip", "t.csv"}, []badInput{
		{"empty", "", "t.csv:1: empty file"},
		{"missing column", strings.Replace(cipHeader, `"Examples"`, `"Example"`, 1) + cipRow, "t.csv:1: field Examples: missing column"},
		{"field count", cipHeader + strings.TrimSuffix(cipRow, ",\n") + "\n", "t.csv:2: record has 7 fields, want 8"},
		{"bad code", cipHeader + strings.Replace(cipRow, `"11.0701"`, `"11.07x1"`, 1), `t.csv:2:2: field CIPCode: want a CIP code such as 11.0701, got "11.07x1"`},
		{"wrong family", cipHeader + strings.Replace(cipRow, `"11",`, `"12",`, 1), "t.csv:2:2: field CIPCode: code 11.0701 is not in family 12"},
		{"bad action", cipHeader + strings.Replace(cipRow, "No substantive changes", "Renamed", 1), `t.csv:2:3: field Action: want one of`},
		{"bad text change", cipHeader + strings.Replace(cipRow, ",no,", ",N,", 1), `t.csv:2:4: field TextChange: want one of ["yes" "no"], got "N"`},
		{"bad examples", cipHeader + strings.TrimSuffix(cipRow, "\n") + `"Agroeconomics"` + "\n", `t.csv:2:8: field Examples: want "Examples: - name, - name"`},
		{"empty example", cipHeader + strings.TrimSuffix(cipRow, "\n") + `"Examples: - A, - "` + "\n", `t.csv:2:8: field Examples: empty example name`},
		{"duplicate", cipHeader + cipRow + strings.Replace(cipRow, `"11.0701"`, `"11.0701 "`, 1), `t.csv:3:2: field CIPCode: duplicate key "11.0701" (first on line 2)`},
		{"invalid utf8", cipHeader + strings.Replace(cipRow, "Computer Science", "Comp\xffuter Science", 1), "t.csv:2:5: field CIPTitle: invalid UTF-8"},
		{"truncated gzip", cutGzip(t, cipHeader+cipRow), "t.csv: read: truncated input"},
	})
}

// TestCIPBundled checks golden facts on the real bundled file.
func TestCIPBundled(t *testing.T) {
	got, err := ParseCIP(Source{"cip", "CIPCode2020.csv.gz"}, openBundled(t, "cip-2020/CIPCode2020.csv.gz"))
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2847 {
		t.Errorf("rows = %d, want 2847", len(got))
	}
	sixDigit, withExamples := 0, 0
	byCode := map[string]CIPCode{}
	for _, c := range got {
		if len(c.Code) == 7 {
			sixDigit++
		}
		if c.Examples != nil {
			withExamples++
		}
		byCode[c.Code] = c
	}
	if sixDigit != 2324 {
		t.Errorf("six-digit codes = %d, want 2324", sixDigit)
	}
	if withExamples != 460 {
		t.Errorf("codes with examples = %d, want 460", withExamples)
	}
	if cs := byCode["11.0701"]; cs.Title != "Computer Science." || cs.Family != "11" || cs.CrossReferences != "14.0901 - Computer Engineering, General." {
		t.Errorf("11.0701 = %+v, want Computer Science., family 11, cross-reference 14.0901", cs)
	}
	if ag := byCode["01.0000"]; ag.Title != "Agriculture, General." {
		t.Errorf("01.0000 title = %q, want leading zero kept and Agriculture, General.", ag.Title)
	}
	// NCES leaves quotes inside quoted fields undoubled.
	if def := byCode["43"].Definition; !strings.HasSuffix(def, `titled "Security and Protective Services" in the Canadian CIP.`) {
		t.Errorf("43 definition = %q, want the bare quotes kept", def)
	}
	if got, want := byCode["46.0503"].Examples, []string{"Pipefitter - Plumber Specialty"}; !slices.Equal(got, want) {
		t.Errorf("46.0503 examples = %q, want %q", got, want)
	}
}

func FuzzParseCIP(f *testing.F) {
	f.Add([]byte(cipHeader + cipRow))
	f.Add([]byte(cipHeader + `"01","1.0102","New",yes,"Agroeconomics.","A program.","","Examples: - Agroeconomics, - Farm Economics"` + "\n"))
	f.Add(gzipBytes(f, cipHeader+cipRow))
	f.Fuzz(func(t *testing.T, in []byte) {
		rows, err := ParseCIP(Source{"cip", "fuzz.csv"}, strings.NewReader(string(in)))
		checkFuzzResult(t, rows, err)
	})
}
