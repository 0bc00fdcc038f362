package catalog

import (
	"bytes"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"os"
	"reflect"
	"runtime"
	"strings"
	"testing"

	careerpath "github.com/careerpath/careerpath"
)

func f64(x float64) *float64 { return &x }

// goodEntries are the entries of testdata/good.csv; the JSON Lines twin
// has the same entries on other lines.
var goodEntries = []careerpath.CatalogEntry{
	{Line: 2, Institution: "Northfield Institute of Technology", Program: "MS in Computer Science", Degree: "Master's", Award: careerpath.AwardMaster,
		Format: "on-campus", City: "Northfield", Region: "MN", Country: "US", DurationYears: f64(2), Tuition: f64(38500), Currency: "USD",
		URL: "https://northfield.example.edu/cs-ms", Description: `Systems, theory and "applied" machine learning.`, CIP: "11.0701"},
	{Line: 3, Institution: "Lakeshore University", Program: "BSc Data Science", Award: careerpath.AwardBachelor,
		Format: "online", City: "Toronto", Region: "ON", Country: "CA", DurationYears: f64(4), Tuition: f64(9200.5), Currency: "CAD",
		URL: "http://lakeshore.example.ca/ds", CIP: "30.7001"},
	{Line: 4, Institution: "Université de Valmont", Program: "Master Intelligence Artificielle", Degree: "Master's", Award: careerpath.AwardMaster,
		Format: "hybrid", City: "Lyon", Region: "Auvergne-Rhône-Alpes", Country: "FR", DurationYears: f64(2), Description: "Deux ans.\nStage en entreprise."},
	{Line: 6, Institution: "Harbor Coding School", Program: "Data Engineering Certificate", Degree: "Certificate", Award: careerpath.AwardCertUnder1Year,
		Format: "online", Country: "GB", DurationYears: f64(0.5), Tuition: f64(4000), Currency: "GBP"},
}

var known = map[string]bool{"11.0701": true, "30.7001": true, "52.0201": true}

func TestParseGood(t *testing.T) {
	csvData, err := os.ReadFile("testdata/good.csv")
	if err != nil {
		t.Fatal(err)
	}
	jsonData, err := os.ReadFile("testdata/good.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	jsonEntries := make([]careerpath.CatalogEntry, len(goodEntries))
	copy(jsonEntries, goodEntries)
	for i, line := range []int{1, 3, 4, 5} {
		jsonEntries[i].Line = line
	}
	crlf := bytes.ReplaceAll(csvData, []byte("\n"), []byte("\r\n"))
	tests := []struct {
		name string
		data []byte
		opt  Options
		want []careerpath.CatalogEntry
	}{
		{"csv", csvData, Options{KnownCIP: known}, goodEntries},
		{"csv with BOM and CRLF", append([]byte("\xef\xbb\xbf"), crlf...), Options{}, goodEntries},
		{"csv gzipped", gzipped(csvData), Options{}, goodEntries},
		{"csv named", csvData, Options{Format: CSV}, goodEntries},
		{"jsonl", jsonData, Options{KnownCIP: known}, jsonEntries},
		{"jsonl gzipped with BOM", gzipped(append([]byte("\xef\xbb\xbf"), jsonData...)), Options{Format: JSONLines}, jsonEntries},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Parse(bytes.NewReader(tt.data), tt.opt)
			if err != nil {
				t.Fatalf("Parse: %v\n%s", err, strings.Join(problemLines(err), "\n"))
			}
			if !reflect.DeepEqual(got, tt.want) {
				for i := range max(len(got), len(tt.want)) {
					if i >= len(got) || i >= len(tt.want) || !reflect.DeepEqual(got[i], tt.want[i]) {
						t.Errorf("entry %d:\ngot  %+v\nwant %+v", i, at(got, i), at(tt.want, i))
					}
				}
			}
		})
	}
}

func at(es []careerpath.CatalogEntry, i int) any {
	if i < len(es) {
		return es[i]
	}
	return nil
}

func problemLines(err error) []string {
	var ce *Error
	if errors.As(err, &ce) {
		return ce.Lines()
	}
	return nil
}

func gzipped(b []byte) []byte {
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	zw.Write(b)
	zw.Close()
	return buf.Bytes()
}

const hdr = "institution,program,degree,country,duration_years,tuition,currency,format,url,cip\n"

// p is a wanted problem: its position, field and a part of its message.
type p struct {
	line, col int
	field     string
	msg       string
}

func TestParseBad(t *testing.T) {
	tests := []struct {
		name string
		in   string
		opt  Options
		want []p
	}{
		{"empty file", "", Options{}, []p{{1, 0, "", "empty file"}}},
		{"only a BOM and blank lines", "\xef\xbb\xbf\n\r\n  \n", Options{}, []p{{1, 0, "", "empty file"}}},
		{"empty jsonl", "", Options{Format: JSONLines}, []p{{1, 0, "", "empty file"}}},
		{"header only", hdr, Options{}, []p{{2, 0, "", "no entries"}}},
		{"utf-16", "\xff\xfei\x00n\x00", Options{}, []p{{1, 1, "", "UTF-16"}}},
		{"missing required column", "institution,degree\nA,MS\nB,BS\n", Options{},
			[]p{{1, 0, "program", `missing required column "program"`}}},
		{"unknown column", "institution,program,tution\nA,B,100\n", Options{},
			[]p{{1, 21, "tution", `did you mean "tuition"`}}},
		{"unknown column ignored", "institution,program,tution\nA,B,100\nA,B,1\n", Options{IgnoreUnknown: true},
			[]p{{3, 1, "", "duplicate entry"}}},
		{"duplicate column", "institution,program,Program\nA,B,C\n", Options{},
			[]p{{1, 21, "program", "appears twice"}}},
		{"required value empty", hdr + " ,Data Science,,,,,,,,\n", Options{},
			[]p{{2, 1, "institution", "required and empty"}}},
		{"wrong types", hdr +
			"Alpha U,CS,MS,USA,two,-5,usd,campus,ftp://alpha.example/cs,11.07\n" +
			"Beta U,CS,MS,UK,24,\"12,000\",DOLLARS,online,https://beta.example/cs,99.9999\n" +
			"Gamma U,CS,MS,DE,1,100,,online,not a url,abc\n",
			Options{KnownCIP: known},
			nil}, // listed below
		{"bad encoding", hdr + "\xc9cole Polytechnique,Informatique,,FR,,,,,,\nA,B,,,,,,,,\n", Options{},
			[]p{{2, 1, "institution", "invalid UTF-8"}}},
		{"bad encoding mid-field", hdr + "A,Data Sci\xe9nce,,FR,,,,,,\n", Options{},
			[]p{{2, 11, "program", "invalid UTF-8"}}},
		{"control character", hdr + "A,B\x00C,,,,,,,,\n", Options{},
			[]p{{2, 4, "program", "control character U+0000"}}},
		{"duplicate rows", hdr + "Alpha U,Data Science,MS,US,,,,,,\nBeta U,Data Science,MS,US,,,,,,\nalpha  u,Data science,ms,us,,,,,,\n", Options{},
			[]p{{4, 1, "", "duplicate entry: same institution, program, degree and country as the entry at line 2"}}},
		{"same program, other degree", hdr + "Alpha U,Data Science,MS,US,,,,,,\nAlpha U,Data Science,BS,US,,,,,,\n", Options{}, nil},
		{"row with too many fields", hdr + "A,B,,,,,,,,,extra\n", Options{}, []p{{2, 13, "", "row has 11 fields, the header has 10"}}},
		{"row with too few fields", hdr + "A,B\n", Options{}, []p{{2, 3, "", "row has 2 fields, the header has 10"}}},
		{"unterminated quote", hdr + "A,\"B,,,,,,,,\n", Options{}, []p{{2, 3, "", "never closed"}, {2, 3, "", "row has 2 fields"}}},
		{"text after closing quote", hdr + "A,\"B\"x,,,,,,,,\n", Options{}, []p{{2, 6, "", "after the closing quote"}}},
		{"tuition without currency", hdr + "A,B,,,,100,,,,\n", Options{}, []p{{2, 8, "tuition", "without a currency"}}},
		{"cip series", hdr + "A,B,,,,,,,,11.07\n", Options{}, []p{{2, 12, "cip", "family or series"}}},
		{"value in unnamed column", "institution,program,\nA,B,\nC,D,x\n", Options{}, []p{{3, 5, "", "no name"}}},
		{"field over the limit", hdr + "A," + strings.Repeat("x", 101) + ",,,,,,,,\n", Options{MaxField: 100},
			[]p{{2, 3, "program", "101 bytes, over the limit of 100 bytes"}}},
		{"input over the limit", hdr + "A,B,,,,,,,,\n", Options{MaxBytes: 50}, []p{{1, 0, "", "larger than the limit of 50 bytes"}}},

		{"jsonl missing field", `{"institution":"A"}` + "\n", Options{}, []p{{1, 1, "program", `missing required field "program"`}}},
		{"jsonl wrong type", `{"institution":"A","program":"B","tuition":true,"currency":"USD","city":7,"region":["x"]}` + "\n", Options{},
			[]p{{1, 44, "tuition", "wrong type: want a number or a string"}, {1, 73, "city", "want a string, not the number 7"}, {1, 84, "region", "wrong type: want a string"}}},
		{"jsonl bad json", `{"institution":"A","program":"B",}` + "\n" + `{"institution":"A" "program":"B"}` + "\n", Options{},
			[]p{{1, 34, "", "invalid JSON"}, {2, 20, "", "invalid JSON"}}},
		{"jsonl unclosed", `{"institution":"A","program":"B"` + "\n", Options{}, []p{{1, 33, "", "not closed"}}},
		{"jsonl array", `[{"institution":"A","program":"B"}]` + "\n", Options{}, []p{{1, 1, "", "not a JSON array"}}},
		{"jsonl two objects a line", `{"institution":"A","program":"B"} {"institution":"C","program":"D"}` + "\n", Options{}, []p{{1, 35, "", "after the JSON object"}}},
		{"jsonl unknown and duplicate keys", `{"institution":"A","program":"B","Program":"C","label":"strong"}` + "\n", Options{},
			[]p{{1, 34, "program", "appears twice"}, {1, 48, "label", `unknown field "label"`}}},
		{"jsonl bad encoding", "{\"institution\":\"\xc9cole\",\"program\":\"B\"}\n", Options{}, []p{{1, 17, "institution", "invalid UTF-8"}}},
		{"jsonl escaped control", `{"institution":"A\u0007","program":"B"}` + "\n", Options{}, []p{{1, 16, "institution", "control character U+0007"}}},
		{"jsonl duplicate", `{"institution":"A","program":"B"}` + "\n" + `{"program":"b","institution":"a"}` + "\n", Options{},
			[]p{{2, 30, "", "as the entry at line 1"}}},
		{"jsonl column counts characters", `{"institution":"Zürich Poly","program":"B","country":"CH","format":"remote"}` + "\n", Options{},
			[]p{{1, 68, "format", "not a format"}}},
		{"jsonl field over the limit", `{"institution":"A","program":"B","description":"` + strings.Repeat("x", 2000) + `"}` + "\n", Options{MaxField: 100},
			[]p{{1, 48, "description", "value larger than the limit of 100 bytes"}}},
	}
	// The wrong-types case lists its problems here, for readability.
	for i := range tests {
		if tests[i].name == "wrong types" {
			tests[i].want = []p{
				{2, 15, "country", `"USA" is not a country code`},
				{2, 19, "duration_years", `"two" is not a number`},
				{2, 23, "tuition", "-5 is negative"},
				{2, 30, "format", `"campus" is not a format`},
				{2, 37, "url", "not a web address"},
				{2, 60, "cip", "family or series"},
				{3, 14, "country", "the United Kingdom is GB"},
				{3, 17, "duration_years", "24 is more than 20 years"},
				{3, 20, "tuition", `"12,000" is not a number`},
				{3, 29, "currency", `"DOLLARS" is not a currency`},
				{3, 68, "cip", "99.9999 is not a CIP 2020 program code in use"},
				{4, 20, "tuition", "without a currency"},
				{4, 32, "url", "not a web address"},
				{4, 42, "cip", `"abc" is not a CIP code`},
			}
		}
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			entries, err := Parse(strings.NewReader(tt.in), tt.opt)
			if tt.want == nil && tt.name != "wrong types" {
				if err != nil {
					t.Fatalf("Parse: %v", err)
				}
				return
			}
			var ce *Error
			if !errors.As(err, &ce) {
				t.Fatalf("Parse = %d entries, %v; want an *Error", len(entries), err)
			}
			if entries != nil {
				t.Errorf("Parse returned %d entries with an error", len(entries))
			}
			got := ce.Problems
			sortProblems(got)
			want := append([]p(nil), tt.want...)
			if len(got) != len(want) {
				t.Errorf("got %d problems, want %d:\n%s", len(got), len(want), strings.Join(ce.Lines(), "\n"))
			}
			for i := range min(len(got), len(want)) {
				g, w := got[i], want[i]
				if g.Line != w.line || g.Column != w.col || g.Field != w.field || !strings.Contains(g.Message, w.msg) {
					t.Errorf("problem %d = %d:%d %q %q\nwant %d:%d %q containing %q", i, g.Line, g.Column, g.Field, g.Message, w.line, w.col, w.field, w.msg)
				}
			}
		})
	}
}

// sortProblems orders problems by position, as a reader scans a file.
func sortProblems(ps []Problem) {
	for i := 1; i < len(ps); i++ {
		for j := i; j > 0 && (ps[j].Line < ps[j-1].Line || ps[j].Line == ps[j-1].Line && ps[j].Column < ps[j-1].Column && ps[j].Column > 0); j-- {
			ps[j], ps[j-1] = ps[j-1], ps[j]
		}
	}
}

func TestParseTooLarge(t *testing.T) {
	_, err := Parse(strings.NewReader(hdr+"A,B,,,,,,,,\n"), Options{MaxBytes: 40})
	if !errors.Is(err, ErrTooLarge) {
		t.Fatalf("Parse over MaxBytes = %v, want ErrTooLarge", err)
	}
	// A gzip bomb is caught after decompression.
	bomb := gzipped([]byte(hdr + strings.Repeat("A,B,,,,,,,,\n", 100000)))
	_, err = Parse(bytes.NewReader(bomb), Options{MaxBytes: 1 << 20})
	if !errors.Is(err, ErrTooLarge) || len(bomb) > 1<<20 {
		t.Fatalf("Parse of a %d-byte gzip stream of %d bytes = %v, want ErrTooLarge", len(bomb), len(hdr)+1200000, err)
	}
}

func TestParseCorruptGzip(t *testing.T) {
	var b strings.Builder
	b.WriteString(hdr)
	for i := range 2000 {
		fmt.Fprintf(&b, "Institute %d,Program %d,,,,,,,,\n", i*7919%10007, i)
	}
	z := gzipped([]byte(b.String()))
	_, err := Parse(bytes.NewReader(z[:len(z)/2]), Options{})
	var ce *Error
	if !errors.As(err, &ce) || ce.Err == nil || len(ce.Problems) != 1 || !strings.Contains(ce.Problems[0].Message, "gzip") {
		t.Fatalf("Parse of truncated gzip = %v, want a gzip problem", err)
	}
}

// repeatReader yields n bytes of b, repeated, without holding them.
type repeatReader struct {
	b byte
	n int
}

func (r *repeatReader) Read(p []byte) (int, error) {
	if r.n == 0 {
		return 0, io.EOF
	}
	n := min(len(p), r.n)
	for i := range p[:n] {
		p[i] = r.b
	}
	r.n -= n
	return n, nil
}

// TestParseHugeField checks that a 10 MB value is rejected with its place,
// that the rows after it are still checked, and that the parser does not
// hold the value in memory.
func TestParseHugeField(t *testing.T) {
	const size = 10 << 20
	for _, tt := range []struct {
		name      string
		head, end string
		want      []p
		// maxAlloc bounds what Parse may allocate. CSV keeps nothing of
		// the value past the limit; JSON Lines keeps the first 1 MiB of
		// the line (16 × MaxField) and decodes it, whatever the value's size.
		maxAlloc uint64
	}{
		{"csv", "institution,program,description\nA,B,\"", "\"\nC,D,ok\nC,D,dup\n",
			[]p{{2, 5, "description", "10485760 bytes, over the limit of 64 KiB"}, {4, 1, "", "duplicate entry"}}, 1 << 20},
		{"csv unquoted", "institution,program,description\nA,B,", "\nC,D,ok\n",
			[]p{{2, 5, "description", "10485760 bytes, over the limit of 64 KiB"}}, 1 << 20},
		{"jsonl", `{"institution":"A","program":"B","description":"`, "\"}\n{\"institution\":\"C\"}\n",
			[]p{{1, 48, "description", "value larger than the limit of 64 KiB"}, {2, 1, "program", "missing required field"}}, 12 << 20},
	} {
		t.Run(tt.name, func(t *testing.T) {
			r := io.MultiReader(strings.NewReader(tt.head), &repeatReader{'x', size}, strings.NewReader(tt.end))
			var before, after runtime.MemStats
			runtime.GC()
			runtime.ReadMemStats(&before)
			_, err := Parse(r, Options{})
			runtime.ReadMemStats(&after)
			var ce *Error
			if !errors.As(err, &ce) {
				t.Fatalf("Parse = %v, want an *Error", err)
			}
			if len(ce.Problems) != len(tt.want) {
				t.Fatalf("got problems\n%s\nwant %d", strings.Join(ce.Lines(), "\n"), len(tt.want))
			}
			for i, w := range tt.want {
				g := ce.Problems[i]
				if g.Line != w.line || g.Column != w.col || g.Field != w.field || !strings.Contains(g.Message, w.msg) {
					t.Errorf("problem %d = %d:%d %q %q, want %d:%d %q containing %q", i, g.Line, g.Column, g.Field, g.Message, w.line, w.col, w.field, w.msg)
				}
			}
			if alloc := after.TotalAlloc - before.TotalAlloc; alloc > tt.maxAlloc {
				t.Errorf("Parse allocated %d bytes for a %d-byte field, want at most %d", alloc, size, tt.maxAlloc)
			}
		})
	}
}

func TestParseCollectsEveryProblem(t *testing.T) {
	var b strings.Builder
	b.WriteString(hdr)
	for range 50 {
		b.WriteString(",,,ZZ,x,,,,,\n")
	}
	_, err := Parse(strings.NewReader(b.String()), Options{MaxProblems: 120})
	var ce *Error
	if !errors.As(err, &ce) {
		t.Fatal(err)
	}
	// Per row: institution, program, country, duration.
	if len(ce.Problems) != 120 || ce.More != 80 {
		t.Errorf("got %d problems listed and %d more, want 120 and 80", len(ce.Problems), ce.More)
	}
	if lines := ce.Lines(); !strings.Contains(lines[len(lines)-1], "80 more") {
		t.Errorf("last line %q does not count the problems left out", lines[len(lines)-1])
	}
}

func TestAwardOf(t *testing.T) {
	tests := []struct {
		degree, program string
		years           *float64
		want            int
	}{
		{"Master's", "", nil, careerpath.AwardMaster},
		{"M.S.", "", nil, careerpath.AwardMaster},
		{"MBA", "", nil, careerpath.AwardMaster},
		{"Bachelor's", "", nil, careerpath.AwardBachelor},
		{"B.Sc. (Hons)", "", nil, careerpath.AwardBachelor},
		{"Doctorate", "", nil, careerpath.AwardDoctorResearch},
		{"PsyD", "", nil, careerpath.AwardDoctorProfession},
		{"Graduate Certificate", "", nil, careerpath.AwardPostbacCert},
		{"Postgraduate Diploma", "", nil, careerpath.AwardPostbacCert},
		{"Certificate", "", f64(0.5), careerpath.AwardCertUnder1Year},
		{"Certificate", "", nil, 0},
		{"Diploma", "", f64(3), careerpath.AwardCert2To4Years},
		{"", "MSc Data Science", nil, careerpath.AwardMaster},
		{"", "Bachelor of Science in Statistics", nil, careerpath.AwardBachelor},
		{"", "Data Science Bootcamp", nil, 0},
		{"", "Applied Mathematics and MS prep", nil, 0},
	}
	for _, tt := range tests {
		if got := AwardOf(tt.degree, tt.program, tt.years); got != tt.want {
			t.Errorf("AwardOf(%q, %q) = %d, want %d", tt.degree, tt.program, got, tt.want)
		}
	}
}

func TestFormatOfMediaType(t *testing.T) {
	for ct, want := range map[string]Format{
		"text/csv; charset=utf-8":  CSV,
		"application/x-ndjson":     JSONLines,
		"application/jsonl":        JSONLines,
		"application/octet-stream": Detect,
		"":                         Detect,
	} {
		if got := FormatOfMediaType(ct); got != want {
			t.Errorf("FormatOfMediaType(%q) = %v, want %v", ct, got, want)
		}
	}
}

// BenchmarkParse measures parsing and validating a catalog of 10,000
// entries, and reports the throughput in MB/s.
func BenchmarkParse(b *testing.B) {
	var csvb, jsonb strings.Builder
	csvb.WriteString("institution,program,degree,format,city,region,country,duration_years,tuition,currency,url,description,cip\n")
	for i := range 10000 {
		fmt.Fprintf(&csvb, "Institute %d,MS in Data Science %d,Master's,online,Springfield,IL,US,2,%d,USD,https://example.edu/p/%d,\"A program, with a comma.\",30.7001\n", i, i, 10000+i, i)
		fmt.Fprintf(&jsonb, `{"institution":"Institute %d","program":"MS in Data Science %d","degree":"Master's","format":"online","city":"Springfield","region":"IL","country":"US","duration_years":2,"tuition":%d,"currency":"USD","url":"https://example.edu/p/%d","description":"A program, with a comma.","cip":"30.7001"}`+"\n", i, i, 10000+i, i)
	}
	for _, in := range []struct{ name, data string }{{"csv", csvb.String()}, {"jsonl", jsonb.String()}} {
		b.Run(in.name, func(b *testing.B) {
			b.SetBytes(int64(len(in.data)))
			for b.Loop() {
				if _, err := Parse(strings.NewReader(in.data), Options{KnownCIP: known}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
