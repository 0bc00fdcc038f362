package opendata

import (
	"slices"
	"strings"
	"testing"
)

const completionsHeader = "UNITID,CIPCODE,AWLEVEL,CTOTALT,CTOTALM,CTOTALW\n"

func TestParseCompletions(t *testing.T) {
	in := completionsHeader +
		"100654,01.0999,5,12,2,10\n" +
		"100654,1.1001,7,7,,\n" + // leading zero lost, sexes not reported
		"100654,99,5,300,120,180\n" + // IPEDS grand total: skipped
		"100663,11.0701,5,0,0,0\n"
	got, err := ParseCompletions(Source{"ipeds", "t.csv"}, strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	want := []Completion{
		{UnitID: 100654, CIP: "01.0999", AwardLevel: 5, Total: 12, Men: ptr(2), Women: ptr(10)},
		{UnitID: 100654, CIP: "01.1001", AwardLevel: 7, Total: 7},
		{UnitID: 100663, CIP: "11.0701", AwardLevel: 5, Total: 0, Men: ptr(0), Women: ptr(0)},
	}
	if len(got) != len(want) {
		t.Fatalf("ParseCompletions: got %d rows, want %d: %+v", len(got), len(want), got)
	}
	for i := range want {
		g, w := got[i], want[i]
		if g.UnitID != w.UnitID || g.CIP != w.CIP || g.AwardLevel != w.AwardLevel || g.Total != w.Total || !samePtr(g.Men, w.Men) || !samePtr(g.Women, w.Women) {
			t.Errorf("ParseCompletions row %d = %+v, want %+v", i, g, w)
		}
	}
}

func TestParseCompletionsErrors(t *testing.T) {
	row := "100654,01.0999,5,12,2,10\n"
	expectParseErrors(t, "ParseCompletions", ParseCompletions, Source{"ipeds", "t.csv"}, []badInput{
		{"empty", "", "t.csv:1: empty file"},
		{"missing column", strings.Replace(completionsHeader, "AWLEVEL", "AWARD", 1) + row, "t.csv:1: field AWLEVEL: missing column"},
		{"field count", completionsHeader + "100654,01.0999,5,12,2\n", "t.csv:2: record has 5 fields, want 6"},
		{"not a number", completionsHeader + "100654,01.0999,5,1x,2,10\n", "t.csv:2:4: field CTOTALT: want a whole number"},
		{"blank total", completionsHeader + "100654,01.0999,5,,2,10\n", "t.csv:2:4: field CTOTALT: want a value"},
		{"negative", completionsHeader + "100654,01.0999,5,12,-2,10\n", "t.csv:2:5: field CTOTALM: want a count of 0 or more"},
		{"bad cip", completionsHeader + "100654,01.09x9,5,12,2,10\n", "t.csv:2:2: field CIPCODE: want a CIP code"},
		{"4-digit cip", completionsHeader + "100654,01.09,5,12,2,10\n", "t.csv:2:2: field CIPCODE: want a 6-digit CIP code"},
		{"award level", completionsHeader + "100654,01.0999,9,12,2,10\n", "t.csv:2:3: field AWLEVEL: want an IPEDS award level"},
		{"unitid", completionsHeader + "654,01.0999,5,12,2,10\n", "t.csv:2:1: field UNITID: want a 6-digit IPEDS UNITID"},
		{"duplicate", completionsHeader + row + "100654,1.0999,5,1,1,0\n", `t.csv:3:2: field CIPCODE: duplicate key " 100654 01.0999 5" (first on line 2)`},
		{"invalid utf8", completionsHeader + "100654,01.0999\xff,5,12,2,10\n", "t.csv:2:2: field CIPCODE: invalid UTF-8"},
		{"truncated gzip", cutGzip(t, completionsHeader+row+"100654,01.1001,5,10,1,9\n"), "truncated"},
	})
}

// TestCompletionsBundled checks golden facts on the real bundled file.
func TestCompletionsBundled(t *testing.T) {
	got, err := ParseCompletions(Source{"ipeds", "c2024_a.csv.gz"}, openBundled(t, "ipeds/c2024_a.csv.gz"))
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 267595 {
		t.Errorf("rows = %d, want 267595 (none skipped: the file has no CIPCODE 99 rows)", len(got))
	}
	ml, leadingZero := 0, 0
	for _, c := range got {
		if c.CIP == "11.0701" && c.AwardLevel == 5 {
			ml += c.Total
		}
		if strings.HasPrefix(c.CIP, "0") {
			leadingZero++
		}
		if c.Men == nil || c.Women == nil || *c.Men+*c.Women != c.Total {
			t.Fatalf("row %+v: men and women do not add up to the total", c)
		}
	}
	if ml != 44627 {
		t.Errorf("bachelor's completers in 11.0701 = %d, want 44627", ml)
	}
	if leadingZero == 0 {
		t.Error("no CIP code kept its leading zero")
	}
}

func FuzzParseCompletions(f *testing.F) {
	f.Add([]byte(completionsHeader + "100654,01.0999,5,12,2,10\n100654,99,5,12,2,10\n"))
	f.Add(gzipBytes(f, completionsHeader+"100654,1.0999,5,12,,\n"))
	f.Fuzz(func(t *testing.T, in []byte) {
		rows, err := ParseCompletions(Source{"ipeds", "fuzz.csv"}, strings.NewReader(string(in)))
		checkFuzzResult(t, rows, err)
	})
}

const trendsHeader = "YEAR,UNITID,CIPCODE,AWLEVEL,CTOTALT,CTOTALM,CTOTALW\n"

func TestParseCompletionTrends(t *testing.T) {
	in := trendsHeader +
		"2020,100654,11.0101,5,20,10,10\n" +
		"2021,100654,11.0101,5,18,,\n" // same program, next year: not a duplicate
	got, err := ParseCompletionTrends(Source{"ipeds", "t.csv"}, strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 {
		t.Fatalf("ParseCompletionTrends: got %d rows, want 2", len(got))
	}
	if g := got[0]; g.Year != 2020 || g.UnitID != 100654 || g.CIP != "11.0101" || g.AwardLevel != 5 || g.Total != 20 || !samePtr(g.Men, ptr(10)) {
		t.Errorf("ParseCompletionTrends row 1 = %+v", g)
	}
	if g := got[1]; g.Year != 2021 || g.Total != 18 || g.Men != nil || g.Women != nil {
		t.Errorf("ParseCompletionTrends row 2 = %+v, want 2021, 18 and unknown sexes", g)
	}
}

func TestParseCompletionTrendsErrors(t *testing.T) {
	row := "2020,100654,11.0101,5,20,10,10\n"
	expectParseErrors(t, "ParseCompletionTrends", ParseCompletionTrends, Source{"ipeds", "t.csv"}, []badInput{
		{"missing year", strings.Replace(trendsHeader, "YEAR", "YR", 1) + row, "t.csv:1: field YEAR: missing column"},
		{"field count", trendsHeader + "2020,100654,11.0101,5,20,10,10,1\n", "t.csv:2: record has 8 fields, want 7"},
		{"bad year", trendsHeader + "20x0,100654,11.0101,5,20,10,10\n", "t.csv:2:1: field YEAR: want a whole number"},
		{"implausible year", trendsHeader + "20,100654,11.0101,5,20,10,10\n", "t.csv:2:1: field YEAR: want a year"},
		{"duplicate", trendsHeader + row + row, `t.csv:3:3: field CIPCODE: duplicate key "2020 100654 11.0101 5" (first on line 2)`},
		{"invalid utf8", trendsHeader + "2020,100654,11.0101,5,20,10,1\xc0\n", "t.csv:2:7: field CTOTALW: invalid UTF-8"},
		{"truncated gzip", cutGzip(t, trendsHeader+row), "truncated"},
	})
}

func TestCompletionTrendsBundled(t *testing.T) {
	got, err := ParseCompletionTrends(Source{"ipeds", "c2020_2024_a_tech_fields.csv.gz"}, openBundled(t, "ipeds/c2020_2024_a_tech_fields.csv.gz"))
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 133330 {
		t.Errorf("rows = %d, want 133330", len(got))
	}
	perYear := map[int]int{}
	for _, c := range got {
		perYear[c.Year]++
	}
	want := map[int]int{2020: 24503, 2021: 25759, 2022: 26807, 2023: 27561, 2024: 28700}
	for y, n := range want {
		if perYear[y] != n {
			t.Errorf("rows in %d = %d, want %d", y, perYear[y], n)
		}
	}
	if len(perYear) != len(want) {
		t.Errorf("years = %v, want 2020 to 2024", perYear)
	}
}

func FuzzParseCompletionTrends(f *testing.F) {
	f.Add([]byte(trendsHeader + "2020,100654,11.0101,5,20,10,10\n2021,100654,11.0101,5,18,,\n"))
	f.Fuzz(func(t *testing.T, in []byte) {
		rows, err := ParseCompletionTrends(Source{"ipeds", "fuzz.csv"}, strings.NewReader(string(in)))
		checkFuzzResult(t, rows, err)
	})
}

const hdHeader = "UNITID,INSTNM,IALIAS,CITY,STABBR,ZIP,WEBADDR,SECTOR,ICLEVEL,CONTROL,HLOFFER,CYACTIVE,CLOSEDAT,DEATHYR,NEWID,OPEID,LONGITUD,LATITUDE\n"

const hdRow = "100654,Alabama A & M University,AAMU,Normal,AL,35762,www.aamu.edu/,1,1,1,9,1,-2,-2,-2,00100200,-86.568502,34.783368\n"

func TestParseInstitutions(t *testing.T) {
	in := "\uFEFF" + hdHeader + hdRow +
		"100937,Birmingham-Southern College,,Birmingham,AL,35254,,2,1,2,7,3,07/31/2024,2024,-2,00101200,-86.853,33.515\n" +
		"131098,Wesley College,,Dover,DE,19901,,99,-3,-3,-3,3,-2,2024,130934,-2,,\n"
	got, err := ParseInstitutions(Source{"ipeds", "t.csv"}, strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 3 {
		t.Fatalf("ParseInstitutions: got %d rows, want 3", len(got))
	}
	a := got[0]
	if a.UnitID != 100654 || a.Name != "Alabama A & M University" || a.Alias != "AAMU" || a.City != "Normal" || a.State != "AL" ||
		a.ZIP != "35762" || a.Web != "www.aamu.edu/" || a.Control != 1 || a.Sector != 1 || a.Level != 1 || a.HighestDegree != 9 ||
		!samePtr(a.Latitude, ptr[float64](34.783368)) || !samePtr(a.Longitude, ptr[float64](-86.568502)) || a.Closed || a.ClosedOn != "" || a.MergedInto != 0 || a.OPEID != "00100200" {
		t.Errorf("ParseInstitutions row 1 = %+v", a)
	}
	if b := got[1]; !b.Closed || b.ClosedOn != "2024-07-31" || b.Control != 2 {
		t.Errorf("closed institution = %+v, want Closed on 2024-07-31, control 2", b)
	}
	c := got[2]
	if !c.Closed || c.ClosedOn != "" || c.MergedInto != 130934 || c.Control != 0 || c.Level != 0 || c.HighestDegree != 0 || c.Sector != 99 || c.OPEID != "" || c.Latitude != nil {
		t.Errorf("merged institution = %+v, want Closed, MergedInto 130934, unknown codes 0, no OPEID, no coordinates", c)
	}
}

func TestParseInstitutionsErrors(t *testing.T) {
	expectParseErrors(t, "ParseInstitutions", ParseInstitutions, Source{"ipeds", "t.csv"}, []badInput{
		{"empty", "", "t.csv:1: empty file"},
		{"missing column", strings.Replace(hdHeader, "CONTROL", "CTRL", 1) + hdRow, "t.csv:1: field CONTROL: missing column"},
		{"field count", hdHeader + strings.Replace(hdRow, ",AAMU", "", 1), "t.csv:2: record has 17 fields, want 18"},
		{"not a number", hdHeader + strings.Replace(hdRow, "AL,35762,www.aamu.edu/,1,1,1,9", "AL,35762,www.aamu.edu/,1,1,x,9", 1), "t.csv:2:10: field CONTROL: want a whole number"},
		{"bad control", hdHeader + strings.Replace(hdRow, "AL,35762,www.aamu.edu/,1,1,1,9", "AL,35762,www.aamu.edu/,1,1,4,9", 1), "t.csv:2:10: field CONTROL: want 1, 2, 3"},
		{"bad latitude", hdHeader + strings.Replace(hdRow, "34.783368", "134.78", 1), "t.csv:2:18: field LATITUDE: want degrees between -90 and 90"},
		{"bad date", hdHeader + strings.Replace(hdRow, ",1,-2,-2,-2,", ",1,2024-07-31,-2,-2,", 1), "t.csv:2:13: field CLOSEDAT: want a date"},
		{"blank name", hdHeader + strings.Replace(hdRow, "Alabama A & M University", "", 1), "t.csv:2:2: field INSTNM: want a value"},
		{"duplicate", hdHeader + hdRow + hdRow, `t.csv:3:1: field UNITID: duplicate key "100654" (first on line 2)`},
		{"invalid utf8", hdHeader + strings.Replace(hdRow, "Normal", "N\xe9rmal", 1), "t.csv:2:4: field CITY: invalid UTF-8"},
		{"truncated gzip", cutGzip(t, hdHeader+hdRow), "truncated"},
	})
}

func TestInstitutionsBundled(t *testing.T) {
	got, err := ParseInstitutions(Source{"ipeds", "hd2024.csv.gz"}, openBundled(t, "ipeds/hd2024.csv.gz"))
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 6072 {
		t.Errorf("rows = %d, want 6072", len(got))
	}
	control := map[int]int{}
	closed, names := 0, map[string]int{}
	for _, in := range got {
		control[in.Control]++
		if in.Closed {
			closed++
		}
		names[in.Name]++
		if in.Latitude == nil || in.Longitude == nil {
			t.Errorf("%d %s has no coordinates", in.UnitID, in.Name)
		}
	}
	if want := map[int]int{0: 22, 1: 1980, 2: 1813, 3: 2257}; len(control) != len(want) || control[0] != want[0] || control[1] != want[1] || control[2] != want[2] || control[3] != want[3] {
		t.Errorf("institutions per control = %v, want %v", control, want)
	}
	if closed != 96 {
		t.Errorf("closed institutions = %d, want 96", closed)
	}
	if names["Bethel University"] != 3 {
		t.Errorf("institutions named Bethel University = %d, want 3 (names are not unique)", names["Bethel University"])
	}
	if got[0].UnitID != 100654 || got[0].Name != "Alabama A & M University" {
		t.Errorf("first row = %d %q, want 100654 Alabama A & M University (BOM dropped)", got[0].UnitID, got[0].Name)
	}
}

func FuzzParseInstitutions(f *testing.F) {
	f.Add([]byte(hdHeader + hdRow))
	f.Add([]byte("\uFEFF" + hdHeader + "131098,Wesley College,,Dover,DE,19901,,99,-3,-3,-3,3,-2,2024,130934,-2,,\n"))
	f.Fuzz(func(t *testing.T, in []byte) {
		rows, err := ParseInstitutions(Source{"ipeds", "fuzz.csv"}, strings.NewReader(string(in)))
		checkFuzzResult(t, rows, err)
	})
}

const tuitionHeader = "UnitID,Institution Name,TUITION_FEES_2023_OUTSTATE,TUITION_FEES_INSTATE2023\n"

func TestParseTuition(t *testing.T) {
	in := tuitionHeader +
		"493868,A Better U Beauty Barber Academy,,\n" +
		"180203,Aaniiih Nakoda College,3600,3600\n" +
		"100654,Alabama A & M University,18634,10024\n"
	got, err := ParseTuition(Source{"ipeds", "t.csv"}, strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	want := []Tuition{
		{UnitID: 493868, Name: "A Better U Beauty Barber Academy"},
		{UnitID: 180203, Name: "Aaniiih Nakoda College", InState: ptr[float64](3600), OutOfState: ptr[float64](3600)},
		{UnitID: 100654, Name: "Alabama A & M University", InState: ptr[float64](10024), OutOfState: ptr[float64](18634)},
	}
	if len(got) != len(want) {
		t.Fatalf("ParseTuition: got %d rows, want %d", len(got), len(want))
	}
	for i := range want {
		g, w := got[i], want[i]
		if g.UnitID != w.UnitID || g.Name != w.Name || !samePtr(g.InState, w.InState) || !samePtr(g.OutOfState, w.OutOfState) {
			t.Errorf("ParseTuition row %d = %+v, want %+v", i, g, w)
		}
	}
}

func TestParseTuitionErrors(t *testing.T) {
	row := "180203,Aaniiih Nakoda College,3600,3600\n"
	expectParseErrors(t, "ParseTuition", ParseTuition, Source{"ipeds", "t.csv"}, []badInput{
		{"empty", "", "t.csv:1: empty file"},
		{"missing column", strings.Replace(tuitionHeader, "INSTATE2023", "INSTATE2024", 1) + row, "t.csv:1: field TUITION_FEES_INSTATE2023: missing column"},
		{"field count", tuitionHeader + "180203,Aaniiih Nakoda College,3600\n", "t.csv:2: record has 3 fields, want 4"},
		{"not a number", tuitionHeader + "180203,Aaniiih Nakoda College,3600,36OO\n", "t.csv:2:4: field TUITION_FEES_INSTATE2023: want a number or blank"},
		{"negative", tuitionHeader + "180203,Aaniiih Nakoda College,-3600,3600\n", "t.csv:2:3: field TUITION_FEES_2023_OUTSTATE: want an amount of 0 or more"},
		{"duplicate", tuitionHeader + row + row, `t.csv:3:1: field UnitID: duplicate key "180203" (first on line 2)`},
		{"invalid utf8", tuitionHeader + "180203,Aaniiih Nakoda Coll\xe8ge,3600,3600\n", "t.csv:2:2: field Institution Name: invalid UTF-8"},
		{"truncated gzip", cutGzip(t, tuitionHeader+row), "truncated"},
	})
}

func TestTuitionBundled(t *testing.T) {
	got, err := ParseTuition(Source{"ipeds", "tuition_fees_2023_24.csv"}, openBundled(t, "ipeds/tuition_fees_2023_24.csv"))
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 6050 {
		t.Errorf("rows = %d, want 6050", len(got))
	}
	unknown := 0
	for _, r := range got {
		if r.InState == nil {
			unknown++
		}
		if r.UnitID == 180203 && !samePtr(r.InState, ptr[float64](3600)) {
			t.Errorf("Aaniiih Nakoda College in-state tuition = %v, want 3600", r.InState)
		}
	}
	if unknown != 2640 {
		t.Errorf("institutions without in-state tuition = %d, want 2640", unknown)
	}
}

func FuzzParseTuition(f *testing.F) {
	f.Add([]byte(tuitionHeader + "493868,A Better U Beauty Barber Academy,,\n180203,Aaniiih Nakoda College,3600,3600\n"))
	f.Fuzz(func(t *testing.T, in []byte) {
		rows, err := ParseTuition(Source{"ipeds", "fuzz.csv"}, strings.NewReader(string(in)))
		checkFuzzResult(t, rows, err)
	})
}

const distanceHeader = "UnitID,INSTITUTION,TOTAL_ENROLL_2024,DE_ENROLL_2024,SDE_ENROLL_TOTAL,TOTAL_ENROLL_2023,DE_ENROLL_2023,SDE_ENROLL_2023\n"

func TestParseDistanceEnrollment(t *testing.T) {
	in := distanceHeader +
		"177834,A T Still University of Health Sciences,4251,1483,2768,4275,1608,2667\n" +
		"493868,A Better U Beauty Barber Academy,89,,,,,\n"
	got, err := ParseDistanceEnrollment(Source{"ipeds", "t.csv"}, strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 {
		t.Fatalf("ParseDistanceEnrollment: got %d rows, want 2", len(got))
	}
	a := got[0]
	want := []DistanceYear{
		{Year: 2023, Total: ptr(4275), Exclusive: ptr(1608), Some: ptr(2667)},
		{Year: 2024, Total: ptr(4251), Exclusive: ptr(1483), Some: ptr(2768)},
	}
	if a.UnitID != 177834 || a.Name != "A T Still University of Health Sciences" || len(a.Years) != 2 {
		t.Fatalf("ParseDistanceEnrollment row 1 = %+v", a)
	}
	for i, w := range want {
		g := a.Years[i]
		if g.Year != w.Year || !samePtr(g.Total, w.Total) || !samePtr(g.Exclusive, w.Exclusive) || !samePtr(g.Some, w.Some) {
			t.Errorf("year %d = %+v, want %+v", i, g, w)
		}
	}
	b := got[1].Years
	if !samePtr(b[1].Total, ptr(89)) || b[1].Exclusive != nil || b[1].Some != nil || b[0].Total != nil {
		t.Errorf("blank counts = %+v, want 2024 total 89 and the rest unknown", b)
	}
}

func TestParseDistanceEnrollmentErrors(t *testing.T) {
	row := "177834,A T Still University of Health Sciences,4251,1483,2768,4275,1608,2667\n"
	expectParseErrors(t, "ParseDistanceEnrollment", ParseDistanceEnrollment, Source{"ipeds", "t.csv"}, []badInput{
		{"empty", "", "t.csv:1: empty file"},
		{"missing unitid", strings.Replace(distanceHeader, "UnitID", "ID", 1) + row, "t.csv:1: field UnitID: missing column"},
		{"missing DE", strings.Replace(distanceHeader, "DE_ENROLL_2023", "DE_2023", 1) + row, "t.csv:1: field DE_ENROLL_2023: missing column"},
		{"missing SDE", strings.Replace(distanceHeader, "SDE_ENROLL_2023", "SDE_2023", 1) + row, "t.csv:1: field SDE_ENROLL_2023: missing column"},
		{"SDE_ENROLL_TOTAL out of place", "UnitID,INSTITUTION,TOTAL_ENROLL_2024,SDE_ENROLL_TOTAL,DE_ENROLL_2024\n177834,A,1,1,1\n", "t.csv:1: field SDE_ENROLL_2024: missing column"},
		{"no years", "UnitID,INSTITUTION\n177834,A\n", "t.csv:1: field TOTAL_ENROLL_<year>: missing column"},
		{"bad year", strings.Replace(distanceHeader, "TOTAL_ENROLL_2023", "TOTAL_ENROLL_23", 1) + row, "t.csv:1:6: field TOTAL_ENROLL_23: want a column name"},
		{"field count", distanceHeader + "177834,A T Still University of Health Sciences,4251\n", "t.csv:2: record has 3 fields, want 8"},
		{"not a number", distanceHeader + strings.Replace(row, "1483", "1,48x", 1), "t.csv:2: record has 9 fields, want 8"},
		{"not a number quoted", distanceHeader + strings.Replace(row, "1483", `"1,48x"`, 1), "t.csv:2:4: field DE_ENROLL_2024: want a whole number or blank"},
		{"negative", distanceHeader + strings.Replace(row, "2667", "-2667", 1), "t.csv:2:8: field SDE_ENROLL_2023: want a count of 0 or more"},
		{"duplicate", distanceHeader + row + row, `t.csv:3:1: field UnitID: duplicate key "177834" (first on line 2)`},
		{"invalid utf8", distanceHeader + strings.Replace(row, "Still", "St\xffll", 1), "t.csv:2:2: field INSTITUTION: invalid UTF-8"},
		{"truncated gzip", cutGzip(t, distanceHeader+row), "truncated"},
	})
}

func TestDistanceEnrollmentBundled(t *testing.T) {
	got, err := ParseDistanceEnrollment(Source{"ipeds", "distance_enrollment_2020_2024.csv"}, openBundled(t, "ipeds/distance_enrollment_2020_2024.csv"))
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 6050 {
		t.Errorf("rows = %d, want 6050", len(got))
	}
	for _, d := range got {
		if len(d.Years) != 5 || d.Years[0].Year != 2020 || d.Years[4].Year != 2024 {
			t.Fatalf("%d years = %+v, want 2020 to 2024", d.UnitID, d.Years)
		}
		if d.UnitID == 177834 {
			y := d.Years[4]
			if !samePtr(y.Total, ptr(4251)) || !samePtr(y.Exclusive, ptr(1483)) || !samePtr(y.Some, ptr(2768)) {
				t.Errorf("A T Still 2024 = %+v, want 4251, 1483, 2768 (SDE_ENROLL_TOTAL read as 2024)", y)
			}
		}
	}
}

func FuzzParseDistanceEnrollment(f *testing.F) {
	f.Add([]byte(distanceHeader + "177834,A T Still University of Health Sciences,4251,1483,2768,4275,1608,2667\n493868,A,89,,,,,\n"))
	f.Fuzz(func(t *testing.T, in []byte) {
		rows, err := ParseDistanceEnrollment(Source{"ipeds", "fuzz.csv"}, strings.NewReader(string(in)))
		checkFuzzResult(t, rows, err)
	})
}

func TestSplitAliases(t *testing.T) {
	for in, want := range map[string][]string{
		"Carnegie Mellon; CMU": {"Carnegie Mellon", "CMU"}, "MIT, M.I.T.": {"MIT", "M.I.T."}, "A | B|C": {"A", "B", "C"},
		"": nil, " ; , ": nil, "Georgia Tech": {"Georgia Tech"},
	} {
		if got := SplitAliases(in); !slices.Equal(got, want) {
			t.Errorf("SplitAliases(%q) = %q, want %q", in, got, want)
		}
	}
}
