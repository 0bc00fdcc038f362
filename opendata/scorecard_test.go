package opendata

import (
	"encoding/csv"
	"slices"
	"strings"
	"testing"
)

const scorecardHeader = `"Institution","Major","Avg Debt","Avg Payment","Salary 1 Yr","Salary 4 Yr","Projected Salary 10 Yr"` + "\n"

func TestParseScorecardBachelors(t *testing.T) {
	in := scorecardHeader +
		`"Alabama A & M University","Liberal Arts and Sciences, General Studies and Humanities",29226,329,25580,39750,62777` + "\n" +
		`"Tiny College","Computer Science",PS,,PS,41000.5,99999` + "\n"
	got, err := ParseScorecardBachelors(Source{"scorecard", "t.csv"}, strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	want := []ScorecardField{
		{Institution: "Alabama A & M University", Major: "Liberal Arts and Sciences, General Studies and Humanities",
			MeanDebt: ptr[float64](29226), MonthlyPayment: ptr[float64](329), Earnings1Yr: ptr[float64](25580), Earnings4Yr: ptr[float64](39750)},
		{Institution: "Tiny College", Major: "Computer Science", Earnings4Yr: ptr[float64](41000.5)},
	}
	if len(got) != len(want) {
		t.Fatalf("ParseScorecardBachelors: got %d rows, want %d", len(got), len(want))
	}
	for i := range want {
		g, w := got[i], want[i]
		if g.Institution != w.Institution || g.Major != w.Major || !samePtr(g.MeanDebt, w.MeanDebt) || !samePtr(g.MonthlyPayment, w.MonthlyPayment) ||
			!samePtr(g.Earnings1Yr, w.Earnings1Yr) || !samePtr(g.Earnings4Yr, w.Earnings4Yr) {
			t.Errorf("ParseScorecardBachelors row %d = %+v, want %+v", i, g, w)
		}
	}
}

func TestParseScorecardBachelorsErrors(t *testing.T) {
	row := `"Alabama A & M University","Criminal Justice and Corrections",32241,323,28255,41331,61191` + "\n"
	expectParseErrors(t, "ParseScorecardBachelors", ParseScorecardBachelors, Source{"scorecard", "t.csv"}, []badInput{
		{"empty", "", "t.csv:1: empty file"},
		{"missing column", strings.Replace(scorecardHeader, "Salary 4 Yr", "Salary 5 Yr", 1) + row, "t.csv:1: field Salary 4 Yr: missing column"},
		{"field count", scorecardHeader + `"A","B",1,2,3,4` + "\n", "t.csv:2: record has 6 fields, want 7"},
		{"not a number", scorecardHeader + strings.Replace(row, "28255", "NULL", 1), "t.csv:2:5: field Salary 1 Yr: want a number or blank"},
		{"negative", scorecardHeader + strings.Replace(row, "32241", "-32241", 1), "t.csv:2:3: field Avg Debt: want an amount of 0 or more"},
		{"blank major", scorecardHeader + strings.Replace(row, "Criminal Justice and Corrections", "", 1), "t.csv:2:2: field Major: want a value"},
		{"bad quote", scorecardHeader + `"A" x,"B",1,2,3,4,5` + "\n", "t.csv:2:3: extraneous or missing \" in quoted-field"},
		{"invalid utf8", scorecardHeader + strings.Replace(row, "Justice", "Just\xffce", 1), "t.csv:2:2: field Major: invalid UTF-8"},
		{"truncated gzip", cutGzip(t, scorecardHeader+row), "truncated"},
	})
}

func TestScorecardBachelorsBundled(t *testing.T) {
	got, err := ParseScorecardBachelors(Source{"scorecard", "fos_bachelors_2023.csv.gz"}, openBundled(t, "scorecard/fos_bachelors_2023.csv.gz"))
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 13746 {
		t.Errorf("rows = %d, want 13746", len(got))
	}
	pairs := map[[2]string]int{}
	unknown := 0
	for _, f := range got {
		pairs[[2]string{f.Institution, f.Major}]++
		if f.MeanDebt == nil || f.MonthlyPayment == nil || f.Earnings1Yr == nil || f.Earnings4Yr == nil {
			unknown++
		}
	}
	if unknown != 0 {
		t.Errorf("rows with an unknown figure = %d, want 0 (the file has no PS or blank)", unknown)
	}
	repeated := 0
	for _, n := range pairs {
		if n > 1 {
			repeated++
		}
	}
	if repeated != 15 {
		t.Errorf("repeated (institution, major) pairs = %d, want 15", repeated)
	}
	first := got[0]
	if first.Institution != "Alabama A & M University" || !samePtr(first.Earnings1Yr, ptr[float64](25580)) || !samePtr(first.Earnings4Yr, ptr[float64](39750)) {
		t.Errorf("first row = %+v", first)
	}
}

func FuzzParseScorecardBachelors(f *testing.F) {
	f.Add([]byte(scorecardHeader + `"Tiny College","Computer Science",PS,,PS,41000.5,99999` + "\n"))
	f.Fuzz(func(t *testing.T, in []byte) {
		rows, err := ParseScorecardBachelors(Source{"scorecard", "fuzz.csv"}, strings.NewReader(string(in)))
		checkFuzzResult(t, rows, err)
	})
}

// scorecardFullHeader is the subset of the full schema ParseScorecardFull
// reads, in the file's order, with one column it ignores.
const scorecardFullHeader = "UNITID,OPEID6,INSTNM,CONTROL,MAIN,CIPCODE,CIPDESC,CREDLEV,CREDDESC,IPEDSCOUNT1,IPEDSCOUNT2,DEBT_ALL_STGP_ANY_N,DEBT_ALL_STGP_ANY_MEAN,DEBT_ALL_STGP_ANY_MDN,DEBT_ALL_STGP_ANY_MDN10YRPAY,EARN_MDN_HI_1YR,EARN_MDN_HI_2YR,EARN_MDN_1YR,EARN_MDN_4YR,DISTANCE,EARN_MDN_5YR,file_name\n"

const scorecardFullRow = `238476.0,3839,Carthage College,"Private, nonprofit",1,1107,Computer and Information Sciences.,3,Bachelor’s Degree,11.0,12.0,13,PS,27000,PS,PS,45000,,,1,,FieldOfStudyData1617_1718_PP.csv` + "\n"

func TestParseScorecardFull(t *testing.T) {
	in := scorecardFullHeader + scorecardFullRow +
		`238476.0,3839,Carthage College,"Private, nonprofit",1,301,Natural Resources Conservation and Research.,1,,,,PS,PS,PS,,,,52000.5,PS,0,PS,FieldOfStudyData1920_2021_PP.csv` + "\n"
	got, err := ParseScorecardFull(Source{"scorecard", "t.csv"}, strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 {
		t.Fatalf("ParseScorecardFull: got %d rows, want 2", len(got))
	}
	a := got[0]
	if a.UnitID != 238476 || a.OPEID6 != "3839" || a.Institution != "Carthage College" || a.Control != "Private, nonprofit" || !a.Main ||
		a.CIP != "11.07" || a.CIPDesc != "Computer and Information Sciences." || a.CredLevel != 3 || a.CredDesc != "Bachelor’s Degree" ||
		!samePtr(a.Count1, ptr(11)) || !samePtr(a.Count2, ptr(12)) || !samePtr(a.DebtN, ptr(13)) || !samePtr(a.DebtMedian, ptr[float64](27000)) ||
		a.DebtMonthlyPayment != nil || a.EarnMedian1Yr != nil || !samePtr(a.EarnMedian2Yr, ptr[float64](45000)) || a.EarnMedianWNE1Yr != nil ||
		!samePtr(a.Distance, ptr(1)) || a.File != "FieldOfStudyData1617_1718_PP.csv" {
		t.Errorf("ParseScorecardFull row 1 = %+v", a)
	}
	b := got[1]
	if b.CIP != "03.01" || b.CredDesc != "" || b.Count1 != nil || b.DebtN != nil || b.DebtMedian != nil ||
		!samePtr(b.EarnMedianWNE1Yr, ptr[float64](52000.5)) || b.EarnMedianWNE4Yr != nil || b.EarnMedianWNE5Yr != nil || !samePtr(b.Distance, ptr(0)) {
		t.Errorf("ParseScorecardFull row 2 = %+v, want CIP 03.01 and PS or blank as nil", b)
	}

	// Older schemas lack EARN_MDN_HI_2YR and file_name: both are optional.
	drop := func(s string, cols ...int) string {
		r := csv.NewReader(strings.NewReader(s))
		rec, err := r.Read()
		if err != nil {
			t.Fatal(err)
		}
		var b strings.Builder
		w := csv.NewWriter(&b)
		var keep []string
		for i, f := range rec {
			if !slices.Contains(cols, i) {
				keep = append(keep, f)
			}
		}
		w.Write(keep)
		w.Flush()
		return b.String()
	}
	old := drop(scorecardFullHeader, 16, 21) + drop(scorecardFullRow, 16, 21)
	got, err = ParseScorecardFull(Source{"scorecard", "t.csv"}, strings.NewReader(old))
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || got[0].EarnMedian2Yr != nil || got[0].File != "" || !samePtr(got[0].DebtMedian, ptr[float64](27000)) {
		t.Errorf("ParseScorecardFull without EARN_MDN_HI_2YR and file_name = %+v", got)
	}
}

func TestParseScorecardFullErrors(t *testing.T) {
	row := scorecardFullRow
	h := scorecardFullHeader
	expectParseErrors(t, "ParseScorecardFull", ParseScorecardFull, Source{"scorecard", "t.csv"}, []badInput{
		{"empty", "", "t.csv:1: empty file"},
		{"missing column", strings.Replace(h, "DISTANCE", "DIST", 1) + row, "t.csv:1: field DISTANCE: missing column"},
		{"field count", h + strings.Replace(row, ",FieldOfStudy", "", 1), "t.csv:2: record has 21 fields, want 22"},
		{"fractional unitid", h + strings.Replace(row, "238476.0", "238476.5", 1), "t.csv:2:1: field UNITID: want a whole number"},
		{"fractional count", h + strings.Replace(row, "11.0", "11.5", 1), "t.csv:2:10: field IPEDSCOUNT1: want a whole number or blank"},
		{"not a number", h + strings.Replace(row, "27000", "27k", 1), "t.csv:2:14: field DEBT_ALL_STGP_ANY_MDN: want a number or blank"},
		{"main", h + strings.Replace(row, `nonprofit",1,`, `nonprofit",Y,`, 1), "t.csv:2:5: field MAIN: want one of"},
		{"6-digit cip", h + strings.Replace(row, ",1107,", ",110701,", 1), "t.csv:2:6: field CIPCODE: want a 4-digit CIP code"},
		{"cred level", h + strings.Replace(row, ".,3,", ".,9,", 1), "t.csv:2:8: field CREDLEV: want a credential level from 1 to 8"},
		{"duplicate", h + row + row, `t.csv:3:6: field CIPCODE: duplicate key "238476 3839 11.07 3 1 FieldOfStudyData1617_1718_PP.csv" (first on line 2)`},
		{"invalid utf8", h + strings.Replace(row, "Carthage", "Carth\xe4ge", 1), "t.csv:2:3: field INSTNM: invalid UTF-8"},
		{"truncated gzip", cutGzip(t, h+row), "truncated"},
	})
}

func TestScorecardFullBundled(t *testing.T) {
	const name = "scorecard/fos_full_schema_one_institution.csv.gz"
	header, err := openTable(Source{"scorecard", name}, openBundled(t, name), formatCSV)
	if err != nil {
		t.Fatal(err)
	}
	if len(header.header) != ScorecardFullColumns {
		t.Errorf("columns = %d, want %d", len(header.header), ScorecardFullColumns)
	}

	got, err := ParseScorecardFull(Source{"scorecard", name}, openBundled(t, name))
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 433 {
		t.Errorf("rows = %d, want 433", len(got))
	}
	suppressedDebt, files := 0, map[string]int{}
	for _, p := range got {
		if p.UnitID != 238476 || p.Institution != "Carthage College" {
			t.Fatalf("row %+v is not Carthage College, 238476", p)
		}
		if p.DebtMedian == nil {
			suppressedDebt++
		} else if *p.DebtMedian == 0 {
			t.Errorf("row %+v has a debt median of 0", p)
		}
		files[p.File]++
		if p.CIP == "03.01" && p.CredLevel == 3 && p.File == "FieldOfStudyData1415_1516_PP.csv" {
			if !samePtr(p.Count1, ptr(11)) || !samePtr(p.DebtN, ptr(13)) || p.DebtMedian != nil || !samePtr(p.Distance, ptr(1)) {
				t.Errorf("03.01 bachelor's 1415_1516 = %+v, want 11 completers, 13 borrowers, median debt PS, distance 1", p)
			}
		}
	}
	if suppressedDebt != 254+77 {
		t.Errorf("rows without a debt median = %d, want 331 (254 PS, 77 blank)", suppressedDebt)
	}
	if len(files) != 6 {
		t.Errorf("files = %v, want 6 yearly files", files)
	}
}

func FuzzParseScorecardFull(f *testing.F) {
	f.Add([]byte(scorecardFullHeader + scorecardFullRow))
	f.Fuzz(func(t *testing.T, in []byte) {
		rows, err := ParseScorecardFull(Source{"scorecard", "fuzz.csv"}, strings.NewReader(string(in)))
		checkFuzzResult(t, rows, err)
	})
}
