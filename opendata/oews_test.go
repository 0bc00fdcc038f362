package opendata

import (
	"errors"
	"strings"
	"testing"
)

const oewsHeader = "AREA,AREA_TITLE,AREA_TYPE,PRIM_STATE,NAICS,NAICS_TITLE,I_GROUP,OWN_CODE,OCC_CODE,OCC_TITLE,O_GROUP,TOT_EMP,EMP_PRSE,JOBS_1000,LOC_QUOTIENT,PCT_TOTAL,PCT_RPT,H_MEAN,A_MEAN,MEAN_PRSE,H_PCT10,H_PCT25,H_MEDIAN,H_PCT75,H_PCT90,A_PCT10,A_PCT25,A_MEDIAN,A_PCT75,A_PCT90,ANNUAL,HOURLY\n"

func TestParseOEWS(t *testing.T) {
	in := "\uFEFF" + oewsHeader +
		"99,U.S.,1,US,000000,Cross-industry,cross-industry,1235,15-2051,Data Scientists,detailed,233440,1.7,,,,,59.9,124590,0.9,30.6,39.73,54.13,74.91,93.47,63650,82630,112590,155810,194410,,\n" +
		"99,U.S.,1,US,000000,Cross-industry,cross-industry,1235,11-1011,Chief Executives,detailed,**,1.7,,,,,*,*,0.9,30.6,39.73,#,#,#,63650,82630,#,#,#,,\n"
	got, err := ParseOEWS(Source{"oews", "t.csv"}, strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 {
		t.Fatalf("got %d rows, want 2", len(got))
	}
	ds := got[0]
	if ds.SOC != "15-2051" || *ds.Employment != 233440 || ds.Annual[2] != (Wage{Value: 112590, Known: true}) {
		t.Errorf("ParseOEWS row 1 = %+v", ds)
	}
	ce := got[1]
	if ce.Employment != nil {
		t.Errorf("Employment of ** = %v, want unknown", *ce.Employment)
	}
	if ce.AnnualMean.Known {
		t.Errorf("A_MEAN of * = %+v, want unknown", ce.AnnualMean)
	}
	if want := (Wage{Value: OEWSAnnualCeiling, Known: true, TopCoded: true}); ce.Annual[2] != want {
		t.Errorf("A_MEDIAN of # = %+v, want %+v", ce.Annual[2], want)
	}
}

func TestParseOEWSErrors(t *testing.T) {
	row := "99,U.S.,1,US,000000,Cross-industry,cross-industry,1235,15-2051,Data Scientists,detailed,233440,1.7,,,,,59.9,124590,0.9,30.6,39.73,54.13,74.91,93.47,63650,82630,112590,155810,194410,,\n"
	tests := []struct {
		name, in, want string
	}{
		{"empty", "", "t.csv:1: empty file"},
		{"missing column", strings.Replace(oewsHeader, "A_MEDIAN", "A_MED", 1) + row, "t.csv:1: field A_MEDIAN: missing column"},
		{"not a number", oewsHeader + strings.Replace(row, "112590", "11x590", 1), "t.csv:2:28: field A_MEDIAN: want a number"},
		{"field count", oewsHeader + strings.Replace(row, ",,\n", "\n", 1), "t.csv:2: record has 30 fields, want 32"},
		{"duplicate", oewsHeader + row + row, `t.csv:3:9: field OCC_CODE: duplicate key "15-2051 detailed" (first on line 2)`},
		{"bad soc", oewsHeader + strings.Replace(row, "15-2051", "152051", 1), "field OCC_CODE: want a SOC code"},
		{"invalid utf8", oewsHeader + strings.Replace(row, "Data", "D\xffta", 1), "t.csv:2:10: field OCC_TITLE: invalid UTF-8"},
		{"truncated gzip", string(gzipBytes(t, oewsHeader+row)[:40]), "truncated"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseOEWS(Source{"oews", "t.csv"}, strings.NewReader(tt.in))
			var perr *ParseError
			if !errors.As(err, &perr) {
				t.Fatalf("ParseOEWS(%s) error = %v, want a *ParseError", tt.name, err)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("ParseOEWS(%s) error = %q, want it to contain %q", tt.name, err, tt.want)
			}
		})
	}
}

// TestOEWSBundled checks golden facts on the real bundled file.
func TestOEWSBundled(t *testing.T) {
	f := openBundled(t, "bls-oews-2024/national_M2024.csv")
	got, err := ParseOEWS(Source{"oews", "national_M2024.csv"}, f)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1403 {
		t.Errorf("rows = %d, want 1403", len(got))
	}
	detailed := 0
	for _, o := range got {
		if o.Group == "detailed" {
			detailed++
		}
		if o.SOC == "15-2051" && o.Annual[2].Value != 112590 {
			t.Errorf("15-2051 annual median = %v, want 112590", o.Annual[2].Value)
		}
	}
	if detailed != 831 {
		t.Errorf("detailed rows = %d, want 831", detailed)
	}
}

func FuzzParseOEWS(f *testing.F) {
	f.Add([]byte(oewsHeader + "99,U.S.,1,US,000000,Cross-industry,cross-industry,1235,15-2051,Data Scientists,detailed,233440,1.7,,,,,59.9,124590,0.9,30.6,39.73,54.13,74.91,93.47,63650,82630,112590,155810,194410,,\n"))
	f.Add(gzipBytes(f, oewsHeader))
	f.Fuzz(func(t *testing.T, in []byte) {
		rows, err := ParseOEWS(Source{"oews", "fuzz.csv"}, strings.NewReader(string(in)))
		checkFuzzResult(t, rows, err)
	})
}
