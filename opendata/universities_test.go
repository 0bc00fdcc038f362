package opendata

import (
	"slices"
	"strings"
	"testing"
)

const worldUnisJSON = `[
  {
    "name": "Fundação Hermínio Ometto",
    "domains": ["fho.edu.br"],
    "web_pages": ["https://www.fho.edu.br/"],
    "country": "Brazil",
    "alpha_two_code": "BR",
    "state-province": "São Paulo"
  },
  {
    "name": "Wroclaw Akademia Biznesu",
    "domains": ["student.wab.edu.pl", "wab.edu.pl"],
    "web_pages": [],
    "country": "Poland",
    "alpha_two_code": "PL",
    "state-province": null,
    "rank": 7
  }
]
`

func TestParseWorldUniversities(t *testing.T) {
	want := []WorldUniversity{
		{Name: "Fundação Hermínio Ometto", Country: "Brazil", CountryCode: "BR", StateProvince: "São Paulo", Domains: []string{"fho.edu.br"}, WebPages: []string{"https://www.fho.edu.br/"}},
		{Name: "Wroclaw Akademia Biznesu", Country: "Poland", CountryCode: "PL", Domains: []string{"student.wab.edu.pl", "wab.edu.pl"}, WebPages: []string{}},
	}
	for _, in := range []struct{ name, text string }{
		{"plain", worldUnisJSON},
		{"gzip", string(gzipBytes(t, worldUnisJSON))},
		{"BOM", "\uFEFF" + worldUnisJSON},
	} {
		got, err := ParseWorldUniversities(Source{"world-universities", "t.json"}, strings.NewReader(in.text))
		if err != nil {
			t.Fatalf("ParseWorldUniversities(%s): %v", in.name, err)
		}
		if !slices.EqualFunc(got, want, func(a, b WorldUniversity) bool {
			return a.Name == b.Name && a.Country == b.Country && a.CountryCode == b.CountryCode && a.StateProvince == b.StateProvince &&
				slices.Equal(a.Domains, b.Domains) && slices.Equal(a.WebPages, b.WebPages)
		}) {
			t.Errorf("ParseWorldUniversities(%s) = %+v, want %+v", in.name, got, want)
		}
	}
	got, err := ParseWorldUniversities(Source{"world-universities", "t.json"}, strings.NewReader(" [ ] \n"))
	if err != nil || len(got) != 0 {
		t.Errorf("ParseWorldUniversities([]) = %v, %v, want no rows and no error", got, err)
	}
}

func TestParseWorldUniversitiesErrors(t *testing.T) {
	entry := func(name string) string {
		return `{"name": "` + name + `", "domains": ["a.edu"], "web_pages": ["https://a.edu/"], "country": "Chile", "alpha_two_code": "CL", "state-province": null}`
	}
	ok := "[\n" + entry("A") + ",\n" + entry("B") + "\n]\n"
	expectParseErrors(t, "ParseWorldUniversities", ParseWorldUniversities, Source{"world-universities", "t.json"}, []badInput{
		{"empty", "", "t.json:1: empty file"},
		{"not an array", `{"name": "A"}`, "t.json:1:1: want a JSON array of universities"},
		{"entry not an object", "[\n  42\n]", "t.json:2:3: want an object for each university, got number"},
		{"missing field", strings.Replace(ok, `"name": "B"`, `"title": "B"`, 1), "t.json:3:1: field name: want a value, got a missing"},
		{"renamed domains", strings.Replace(ok, `"domains": ["a.edu"], "web_pages": ["https://a.edu/"], "country": "Chile", "alpha_two_code": "CL", "state-province": null}`+"\n", `"domain": ["a.edu"], "web_pages": ["https://a.edu/"], "country": "Chile", "alpha_two_code": "CL", "state-province": null}`+"\n", 1), "t.json:3:1: field domains: want an array"},
		{"missing state", strings.Replace(ok, `, "state-province": null}`+"\n]", "}\n]", 1), "t.json:3:1: field state-province: missing field"},
		{"empty name", strings.Replace(ok, `"name": "B"`, `"name": ""`, 1), "t.json:3:1: field name: want a value"},
		{"name not a string", strings.Replace(ok, `"name": "B"`, `"name": 12`, 1), "t.json:3:11: field name: want a string, got number"},
		{"domain not a string", strings.Replace(ok, `["a.edu"]`, `[true]`, 1), "t.json:2:"},
		{"state not a string", strings.Replace(ok, `"state-province": null}`+"\n]", `"state-province": 5}`+"\n]", 1), "t.json:3:1: field state-province: want a string or null"},
		{"bad country code", strings.Replace(ok, `"CL", "state-province": null}`+"\n]", `"CHL", "state-province": null}`+"\n]", 1), `t.json:3:1: field alpha_two_code: want a code of 2 capital letters, got "CHL"`},
		{"syntax error", strings.Replace(ok, `"country": "Chile", "alpha_two_code": "CL", "state-province": null}`+"\n]", `"country": "Chile" "alpha_two_code": "CL", "state-province": null}`+"\n]", 1), "t.json:3:89: invalid JSON: invalid character '\"' after object key:value pair"},
		{"missing comma", strings.Replace(ok, ",\n{", "\n{", 1), "t.json:3:1: invalid JSON: expected comma after array element"},
		{"trailing data", ok + "[]", "t.json:5:1: unexpected \"[\" after the array"},
		{"invalid utf8", strings.Replace(ok, `"name": "B"`, "\"name\": \"B\xff\"", 1), "t.json:3:12: field name: invalid UTF-8"},
		{"invalid utf8 in a list", strings.Replace(ok, `"https://a.edu/"], "country": "Chile", "alpha_two_code": "CL", "state-province": null}`+"\n]", "\"https://\xe1.edu/\"], \"country\": \"Chile\", \"alpha_two_code\": \"CL\", \"state-province\": null}\n]", 1), "t.json:3:60: field web_pages: invalid UTF-8"},
		{"truncated", ok[:len(ok)-20], "t.json:3:"},
		{"unclosed", "[\n" + entry("A"), "t.json:2:"},
		{"truncated gzip", cutGzip(t, ok), "truncated"},
	})
}

func TestWorldUniversitiesTruncatedMessage(t *testing.T) {
	ok := `[{"name": "A", "domains": [], "web_pages": [], "country": "Chile", "alpha_two_code": "CL", "state-province": null}]`
	for _, in := range []string{ok[:40], ok[:len(ok)-1]} {
		_, err := ParseWorldUniversities(Source{"world-universities", "t.json"}, strings.NewReader(in))
		if err == nil || !strings.Contains(err.Error(), "truncated") {
			t.Errorf("ParseWorldUniversities(%q) error = %v, want it to say truncated", in, err)
		}
	}
}

func TestWorldUniversitiesBundled(t *testing.T) {
	got, err := ParseWorldUniversities(Source{"world-universities", "world_universities_and_domains.json.gz"}, openBundled(t, "world-universities/world_universities_and_domains.json.gz"))
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 10251 {
		t.Errorf("rows = %d, want 10251", len(got))
	}
	us, withState := 0, 0
	pairs := map[[2]string]int{}
	for _, u := range got {
		if u.CountryCode == "US" {
			us++
		}
		if u.StateProvince != "" {
			withState++
		}
		pairs[[2]string{u.Name, u.CountryCode}]++
	}
	if us != 2348 {
		t.Errorf("US universities = %d, want 2348", us)
	}
	if withState != 1366 {
		t.Errorf("entries with a state or province = %d, want 1366", withState)
	}
	repeated := 0
	for _, n := range pairs {
		if n > 1 {
			repeated++
		}
	}
	if repeated != 19 {
		t.Errorf("repeated (name, country code) pairs = %d, want 19", repeated)
	}
	if f := got[0]; f.Name != "Fundação Hermínio Ometto" || f.StateProvince != "São Paulo" || !slices.Equal(f.Domains, []string{"fho.edu.br"}) {
		t.Errorf("first entry = %+v", f)
	}
}

func FuzzParseWorldUniversities(f *testing.F) {
	f.Add([]byte(worldUnisJSON))
	f.Add(gzipBytes(f, `[{"name": "A", "domains": [], "web_pages": [], "country": "Chile", "alpha_two_code": "CL", "state-province": null}]`))
	f.Fuzz(func(t *testing.T, in []byte) {
		rows, err := ParseWorldUniversities(Source{"world-universities", "fuzz.json"}, strings.NewReader(string(in)))
		checkFuzzResult(t, rows, err)
	})
}
