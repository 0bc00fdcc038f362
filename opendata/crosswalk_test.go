package opendata

import (
	"strings"
	"testing"
)

const (
	crosswalkHeader = "CIP2020Code,CIP2020Title,SOC2018Code,SOC2018Title\r\n"
	crosswalkRow    = "11.0701,Computer Science.,15-2051,Data Scientists\r\n"
)

func TestParseCrosswalk(t *testing.T) {
	in := crosswalkHeader + crosswalkRow +
		"01.0000,\"Agriculture, General.\",19-1011,Animal Scientists\r\n" +
		"1.0508,Taxidermy/Taxidermist.,99-9999,NO MATCH\r\n" +
		"99.9999,NO MATCH,25-3041,Tutors\r\n"
	got, err := ParseCrosswalk(Source{"crosswalk", "t.csv"}, strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	want := []CrosswalkPair{
		{CIP: "11.0701", CIPTitle: "Computer Science.", SOC: "15-2051", SOCTitle: "Data Scientists"},
		{CIP: "01.0000", CIPTitle: "Agriculture, General.", SOC: "19-1011", SOCTitle: "Animal Scientists"},
		{CIP: "01.0508", CIPTitle: "Taxidermy/Taxidermist."},
		{SOC: "25-3041", SOCTitle: "Tutors"},
	}
	if len(got) != len(want) {
		t.Fatalf("ParseCrosswalk: got %d rows, want %d", len(got), len(want))
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("ParseCrosswalk row %d = %+v, want %+v", i, got[i], want[i])
		}
	}
}

func TestParseCrosswalkErrors(t *testing.T) {
	expectParseErrors(t, "ParseCrosswalk", ParseCrosswalk, Source{"crosswalk", "t.csv"}, []badInput{
		{"empty", "", "t.csv:1: empty file"},
		{"missing column", strings.Replace(crosswalkHeader, "SOC2018Code", "SOCCode", 1) + crosswalkRow, "t.csv:1: field SOC2018Code: missing column"},
		{"field count", crosswalkHeader + "11.0701,Computer Science.,15-2051\r\n", "t.csv:2: record has 3 fields, want 4"},
		{"bad cip", crosswalkHeader + strings.Replace(crosswalkRow, "11.0701", "11.07O1", 1), `t.csv:2:1: field CIP2020Code: want a CIP code such as 11.0701, got "11.07O1"`},
		{"not six-digit cip", crosswalkHeader + strings.Replace(crosswalkRow, "11.0701", "11.07", 1), `t.csv:2:1: field CIP2020Code: want a 6-digit CIP code`},
		{"bad soc", crosswalkHeader + strings.Replace(crosswalkRow, "15-2051", "15-2051.00", 1), `t.csv:2:3: field SOC2018Code: want a SOC code such as 15-2051, got "15-2051.00"`},
		{"blank title", crosswalkHeader + strings.Replace(crosswalkRow, "Data Scientists", "", 1), "t.csv:2:4: field SOC2018Title: want a value"},
		{"no match both", crosswalkHeader + "99.9999,NO MATCH,99-9999,NO MATCH\r\n", "t.csv:2:3: field SOC2018Code: row matches no program to no occupation"},
		{"duplicate", crosswalkHeader + crosswalkRow + strings.Replace(crosswalkRow, "11.0701", "11.0701 ", 1), `t.csv:3:3: field SOC2018Code: duplicate key "11.0701 15-2051" (first on line 2)`},
		{"duplicate no match", crosswalkHeader + "01.0508,Taxidermy.,99-9999,NO MATCH\r\n01.0508,Taxidermy.,99-9999,NO MATCH\r\n", `t.csv:3:3: field SOC2018Code: duplicate key "01.0508 "`},
		{"invalid utf8", crosswalkHeader + strings.Replace(crosswalkRow, "Data", "D\xffta", 1), "t.csv:2:4: field SOC2018Title: invalid UTF-8"},
	})
}

// TestCrosswalkBundled checks golden facts on the real bundled file.
func TestCrosswalkBundled(t *testing.T) {
	f := openBundled(t, "cip-soc-2020/cip2020_soc2018_crosswalk.csv")
	got, err := ParseCrosswalk(Source{"crosswalk", "cip2020_soc2018_crosswalk.csv"}, f)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 6097 {
		t.Errorf("rows = %d, want 6097", len(got))
	}
	noSOC, noCIP, csToDS := 0, 0, false
	for _, p := range got {
		switch {
		case p.SOC == "":
			noSOC++
		case p.CIP == "":
			noCIP++
		}
		if p.CIP == "11.0701" && p.SOC == "15-2051" {
			csToDS = p.CIPTitle == "Computer Science." && p.SOCTitle == "Data Scientists"
		}
	}
	if noSOC != 194 || noCIP != 180 {
		t.Errorf("programs without occupation, occupations without program = %d, %d, want 194, 180", noSOC, noCIP)
	}
	if !csToDS {
		t.Error("11.0701 Computer Science. → 15-2051 Data Scientists missing")
	}
}

func FuzzParseCrosswalk(f *testing.F) {
	f.Add([]byte(crosswalkHeader + crosswalkRow))
	f.Add([]byte(crosswalkHeader + "01.0508,Taxidermy/Taxidermist.,99-9999,NO MATCH\r\n99.9999,NO MATCH,25-3041,Tutors\r\n"))
	f.Fuzz(func(t *testing.T, in []byte) {
		rows, err := ParseCrosswalk(Source{"crosswalk", "fuzz.csv"}, strings.NewReader(string(in)))
		checkFuzzResult(t, rows, err)
	})
}
