package catalog

import (
	"bytes"
	"encoding/csv"
	"errors"
	"os"
	"reflect"
	"strconv"
	"testing"
	"unicode/utf8"

	careerpath "github.com/careerpath/careerpath"
)

// FuzzParse checks that Parse never panics, that it returns either
// entries or an *Error with positioned problems, that every entry it
// accepts obeys the rules, and that accepted entries written back as CSV
// parse to the same entries.
func FuzzParse(f *testing.F) {
	for _, name := range []string{"testdata/good.csv", "testdata/good.jsonl"} {
		b, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
		f.Add(gzipped(b))
	}
	for _, s := range []string{
		"", "\xef\xbb\xbf", hdr, hdr + "A,\"B\"\"x\",,,,,,,,\n", hdr + "A,\"B\nC\",,US,1.5,10,EUR,online,https://a.example,11.0701\r\n",
		"institution,program,\nA,B,\n", `{"institution":"A","program":"B","x":[1,{"y":2}]}`, `[1]`, "{\"institution\":\"\\ud800\",\"program\":\"B\"}\n",
		"institution,program\n\"A\"x,B\n", "\xff\xfe", "institution\r\rA\r",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		opt := Options{MaxField: 256, MaxBytes: 1 << 20, KnownCIP: known}
		entries, err := Parse(bytes.NewReader(data), opt)
		if err != nil {
			var ce *Error
			if !errors.As(err, &ce) {
				t.Fatalf("Parse error %T %v, want *Error", err, err)
			}
			if len(ce.Problems) == 0 {
				t.Fatalf("*Error without problems: %v", err)
			}
			for _, p := range ce.Problems {
				if p.Line < 0 || p.Column < 0 || p.Message == "" {
					t.Fatalf("bad problem %+v", p)
				}
			}
			if entries != nil {
				t.Fatal("entries returned with an error")
			}
			return
		}
		if len(entries) == 0 {
			t.Fatal("no entries and no error")
		}
		for _, e := range entries {
			check(t, e)
		}
		// Round trip through CSV.
		var buf bytes.Buffer
		w := csv.NewWriter(&buf)
		w.Write(columns[:])
		for _, e := range entries {
			w.Write(record2csv(e))
		}
		w.Flush()
		again, err := Parse(&buf, Options{MaxField: 256, Format: CSV, KnownCIP: known})
		if err != nil {
			t.Fatalf("entries written back do not parse: %v\n%q", err, buf.String())
		}
		for i := range again {
			again[i].Line = entries[i].Line
		}
		if !reflect.DeepEqual(again, entries) {
			t.Fatalf("round trip changed the entries:\n%+v\n%+v", entries, again)
		}
	})
}

func check(t *testing.T, e careerpath.CatalogEntry) {
	t.Helper()
	if e.Institution == "" || e.Program == "" {
		t.Fatalf("entry without institution or program: %+v", e)
	}
	for _, s := range []string{e.Institution, e.Program, e.Degree, e.City, e.Region, e.Description, e.URL} {
		if !utf8.ValidString(s) || len(s) > 256 {
			t.Fatalf("bad text %q in %+v", s, e)
		}
	}
	if e.Country != "" && !countries[e.Country] || e.Currency != "" && !currencies[e.Currency] {
		t.Fatalf("bad code in %+v", e)
	}
	if e.CIP != "" && !known[e.CIP] {
		t.Fatalf("unknown CIP in %+v", e)
	}
	if e.Tuition != nil && (*e.Tuition < 0 || e.Currency == "") || e.DurationYears != nil && (*e.DurationYears < 0 || *e.DurationYears > 20) {
		t.Fatalf("bad number in %+v", e)
	}
}

func record2csv(e careerpath.CatalogEntry) []string {
	num := func(x *float64) string {
		if x == nil {
			return ""
		}
		return strconv.FormatFloat(*x, 'f', -1, 64)
	}
	return []string{e.Institution, e.Program, e.Degree, e.Format, e.City, e.Region, e.Country,
		num(e.DurationYears), num(e.Tuition), e.Currency, e.URL, e.Description, e.CIP}
}
