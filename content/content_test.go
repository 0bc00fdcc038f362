package content

import (
	"bufio"
	"compress/gzip"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"errors"
	"flag"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
	"testing/fstest"

	careerpath "github.com/careerpath/careerpath"
	"github.com/careerpath/careerpath/data"
	"github.com/careerpath/careerpath/opendata"
)

// knownFromData backs Known with the bundled open data, as the server does.
func knownFromData(t *testing.T) Known {
	t.Helper()
	soc := map[string]bool{}
	f, err := data.FS.Open("bls-oews-2024/national_M2024.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	occs, err := opendata.ParseOEWS(opendata.Source{Dataset: "oews", File: "national_M2024.csv"}, f)
	if err != nil {
		t.Fatal(err)
	}
	for _, o := range occs {
		if o.Group == "detailed" {
			soc[o.SOC] = true
		}
	}

	cip := map[string]bool{}
	g, err := data.FS.Open("cip-2020/CIPCode2020.csv.gz")
	if err != nil {
		t.Fatal(err)
	}
	defer g.Close()
	codes, err := opendata.ParseCIP(opendata.Source{Dataset: "cip", File: "CIPCode2020.csv.gz"}, g)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range codes {
		if c.Action != opendata.CIPDeleted && c.Action != opendata.CIPMovedFrom {
			cip[c.Code] = true
		}
	}

	titles := surveyTitles(t)

	specs, err := LoadSpecializations(Embedded())
	if err != nil {
		t.Fatal(err)
	}
	spec := map[string]bool{}
	for _, s := range specs {
		spec[s.Slug] = true
	}
	return Known{
		SOC:            func(c string) bool { return soc[c] },
		CIP:            func(c string) bool { return cip[c] },
		SurveyTitle:    func(s string) bool { return titles[s] > 0 },
		Specialization: func(s string) bool { return spec[s] },
	}
}

// surveyTitles counts the salary survey's records per job title.
// TODO: use opendata.ParseSalaries once it is committed (another change
// is adding it); until then the test reads the job_title column itself.
func surveyTitles(t *testing.T) map[string]int {
	t.Helper()
	f, err := data.FS.Open("aijobs-salaries/salaries_2025-01-19.csv.gz")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	r := csv.NewReader(zr)
	head, err := r.Read()
	if err != nil {
		t.Fatal(err)
	}
	col := -1
	for i, h := range head {
		if h == "job_title" {
			col = i
		}
	}
	if col < 0 {
		t.Fatalf("salary survey: no job_title column in %q", head)
	}
	n := map[string]int{}
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		} else if err != nil {
			t.Fatal(err)
		}
		n[rec[col]]++
	}
	return n
}

func TestEmbedded(t *testing.T) {
	careers, err := Load(Embedded())
	if err != nil {
		t.Fatalf("Load(Embedded()): %v", err)
	}
	if err := Validate(careers, knownFromData(t)); err != nil {
		t.Fatalf("Validate(embedded careers):\n%v", err)
	}
	want := []string{"ai-engineer", "ai-research-scientist", "analytics-engineer", "data-analyst", "data-engineer", "data-scientist", "machine-learning-engineer", "mlops-engineer"}
	var got []string
	for _, c := range careers {
		got = append(got, c.Slug)
		if c.Specialization != "ai-data" {
			t.Errorf("%s: specialization = %q, want ai-data", c.File, c.Specialization)
		}
		words := 0
		for _, s := range c.Sections {
			words += len(strings.Fields(s.Markdown))
			for _, p := range s.Parts {
				words += len(strings.Fields(p.Markdown))
			}
		}
		if words < 450 || words > 1000 {
			t.Errorf("%s: %d words of sections, want roughly 500 to 900", c.File, words)
		}
	}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("Load(Embedded()) slugs = %q, want %q", got, want)
	}
}

func TestLoadShape(t *testing.T) {
	careers, err := Load(Embedded())
	if err != nil {
		t.Fatal(err)
	}
	var mle *careerpath.Career
	for _, c := range careers {
		if c.Slug == "machine-learning-engineer" {
			mle = c
		}
	}
	if mle == nil {
		t.Fatal("no machine-learning-engineer")
	}
	if got := mle.File; got != "careers/machine-learning-engineer.md" {
		t.Errorf("File = %q", got)
	}
	var socs []string
	for _, o := range mle.Occupations {
		socs = append(socs, o.SOC)
	}
	sort.Strings(socs)
	if got, want := strings.Join(socs, " "), "15-1221 15-1252 15-2051"; got != want {
		t.Errorf("machine-learning-engineer SOC blend = %s, want %s", got, want)
	}
	for _, f := range mle.Fields {
		if f.Source != careerpath.FieldEditorial {
			t.Errorf("field %s: Source = %q, want %q", f.CIP, f.Source, careerpath.FieldEditorial)
		}
	}
	skills := mle.Section(careerpath.SectionSkills)
	if skills == nil {
		t.Fatal("no skills section")
	}
	for _, tier := range careerpath.SkillTiers() {
		if p := skills.Part(tier); p == nil || p.Markdown == "" {
			t.Errorf("skills part %q missing or empty", tier)
		}
	}
	if tldr := mle.Section(careerpath.SectionTLDR); tldr == nil || tldr.Heading != "TL;DR" || strings.Contains(tldr.Markdown, "##") {
		t.Errorf("tldr section = %+v", tldr)
	}
}

func TestLoadSpecializations(t *testing.T) {
	specs, err := LoadSpecializations(Embedded())
	if err != nil {
		t.Fatal(err)
	}
	if len(specs) != 1 || specs[0].Slug != "ai-data" || specs[0].Title != "AI & Data" || specs[0].Markdown == "" {
		t.Errorf("LoadSpecializations = %+v", specs)
	}
}

// good is a career file that passes Validate with testKnown; the bad cases
// below change one thing in it.
const good = `---
slug: %SLUG%
title: Test Career
specialization: ai-data
summary: A career used in tests.
occupations:
  - soc: "15-2051"
    weight: 0.6
    note: Most of the work.
  - soc: "15-1252"
    weight: 0.4
    note: The rest.
blend_note: No single code fits.
survey_titles: [%TITLE%]
fields:
  - cip: "30.7001"
    weight: 1
    note: Built for it.
exclusions:
  - cip: "42"
    reason: Not preparation.
skills:
  must_have:
    - name: Python
      reason: Everywhere.
---
## TL;DR {#tldr}

Short.

## What the job is {#what-the-job-is}

Work.

## The money {#money}

See the figures above.

## Skills {#skills}

Intro.

### Must-have {#must-have}

Python.

` + "```" + `
## not a heading, inside code
` + "```" + `

### Important {#important}

SQL.

### Nice to have {#nice-to-have}

Spark.

### Skip for now {#skip}

Fads.

## Day to day {#day-to-day}

Days.

## How to break in {#how-to-break-in}

Start.
`

func careerText(slug, title string) string {
	return strings.NewReplacer("%SLUG%", slug, "%TITLE%", title).Replace(good)
}

var testKnown = Known{
	SOC:            func(c string) bool { return c == "15-2051" || c == "15-1252" },
	CIP:            func(c string) bool { return c == "30.7001" || c == "42" },
	SurveyTitle:    func(s string) bool { return s != "Nobody" },
	Specialization: func(s string) bool { return s == "ai-data" },
	Technology:     func(soc, name string) bool { return soc == "15-2051" && name == "Python" },
}

func TestValidateGood(t *testing.T) {
	fsys := fstest.MapFS{
		"careers/one.md": {Data: []byte(careerText("one", "Data Scientist"))},
		"careers/two.md": {Data: []byte(careerText("two", "Data Analyst"))},
	}
	careers, err := Load(fsys)
	if err != nil {
		t.Fatal(err)
	}
	if err := Validate(careers, testKnown); err != nil {
		t.Fatalf("Validate(good) = %v", err)
	}
	s := careers[0].Section(careerpath.SectionSkills)
	if got := s.Part(careerpath.TierMustHave).Markdown; !strings.Contains(got, "## not a heading") {
		t.Errorf("must-have part = %q, want the fenced code kept", got)
	}
	if s.Markdown != "Intro." {
		t.Errorf("skills intro = %q, want %q", s.Markdown, "Intro.")
	}
}

func TestValidateBad(t *testing.T) {
	tests := []struct {
		name  string
		files map[string]string // file name → content
		want  []string          // substrings of the error, each naming file and field
	}{
		{
			name:  "unknown SOC",
			files: map[string]string{"careers/one.md": strings.Replace(careerText("one", "A"), `soc: "15-1252"`, `soc: "15-9999"`, 1)},
			want:  []string{`careers/one.md: occupations[1].soc: unknown SOC code "15-9999"`},
		},
		{
			name:  "weights not summing to 1",
			files: map[string]string{"careers/one.md": strings.Replace(careerText("one", "A"), "weight: 0.4", "weight: 0.3", 1)},
			want:  []string{"careers/one.md: occupations: weights sum to 0.9, want 1"},
		},
		{
			name:  "weight outside (0,1]",
			files: map[string]string{"careers/one.md": strings.Replace(careerText("one", "A"), "weight: 1\n", "weight: 1.5\n", 1)},
			want:  []string{"careers/one.md: fields[0].weight: weight 1.5 is outside (0, 1]"},
		},
		{
			name:  "missing section",
			files: map[string]string{"careers/one.md": strings.Replace(careerText("one", "A"), "## Day to day {#day-to-day}\n\nDays.\n", "", 1)},
			want:  []string{`careers/one.md: sections.day-to-day: missing section`},
		},
		{
			name:  "duplicated section",
			files: map[string]string{"careers/one.md": careerText("one", "A") + "\n## Money again {#money}\n\nMore.\n"},
			want:  []string{`careers/one.md: sections.money: section "money" appears twice`},
		},
		{
			name:  "missing skill tier",
			files: map[string]string{"careers/one.md": strings.Replace(careerText("one", "A"), "### Skip for now {#skip}\n\nFads.\n", "", 1)},
			want:  []string{`careers/one.md: sections.skills.skip: missing skill tier`},
		},
		{
			name: "title in two careers",
			files: map[string]string{
				"careers/one.md": careerText("one", "Data Scientist"),
				"careers/two.md": careerText("two", "data scientist"),
			},
			want: []string{`careers/two.md: survey_titles[0]: "data scientist" is also a survey title of careers/one.md`},
		},
		{
			name:  "bad YAML with line",
			files: map[string]string{"careers/one.md": strings.Replace(careerText("one", "A"), "title: Test Career", "title: [Test Career", 1)},
			want:  []string{"careers/one.md:3: front matter: "},
		},
		{
			name:  "bad YAML, scanner error",
			files: map[string]string{"careers/one.md": strings.Replace(careerText("one", "A"), "blend_note: No single code fits.", "blend_note: No single: code fits.", 1)},
			want:  []string{"careers/one.md:13: front matter: mapping values are not allowed in this context"},
		},
		{
			name:  "slug mismatch",
			files: map[string]string{"careers/one.md": careerText("other", "A")},
			want:  []string{`careers/one.md: slug: "other" does not match the file name: want "one"`},
		},
		{
			name:  "unknown field",
			files: map[string]string{"careers/one.md": strings.Replace(careerText("one", "A"), "title: Test Career\n", "title: Test Career\nsalary: 100\n", 1)},
			want:  []string{"careers/one.md:4: salary: unknown field"},
		},
		{
			name: "duplicate slug",
			files: map[string]string{
				"careers/one.md":       careerText("one", "A"),
				"careers/other/one.md": careerText("one", "B"), // not read: Load reads careers/*.md only
				"careers/uno.md":       careerText("one", "C"),
			},
			want: []string{`careers/uno.md: slug: "one" is also the slug of careers/one.md`},
		},
		{
			name:  "unknown CIP",
			files: map[string]string{"careers/one.md": strings.Replace(careerText("one", "A"), `cip: "42"`, `cip: "99.9999"`, 1)},
			want:  []string{`careers/one.md: exclusions[0].cip: unknown CIP code "99.9999"`},
		},
		{
			name:  "missing required fields",
			files: map[string]string{"careers/one.md": strings.Replace(strings.Replace(careerText("one", "A"), "title: Test Career\n", "", 1), "blend_note: No single code fits.\n", "", 1)},
			want:  []string{"careers/one.md: title: required", "careers/one.md: blend_note: required"},
		},
		{
			name:  "figure in text",
			files: map[string]string{"careers/one.md": strings.Replace(careerText("one", "A"), "See the figures above.", "Expect $150K.", 1)},
			want:  []string{`careers/one.md: sections.money: states a figure ("$1")`},
		},
		{
			name:  "text before first section",
			files: map[string]string{"careers/one.md": strings.Replace(careerText("one", "A"), "---\n## TL;DR", "---\nStray words.\n## TL;DR", 1)},
			want:  []string{"careers/one.md:27: sections: text before the first section"},
		},
		{
			name:  "pinned technology O*NET does not list",
			files: map[string]string{"careers/one.md": strings.Replace(careerText("one", "A"), "    - name: Python\n", "    - name: dbt\n", 1)},
			want:  []string{`careers/one.md: skills.must_have[0].name: O*NET lists no technology "dbt" for any occupation of the blend (15-2051, 15-1252)`},
		},
		{
			name: "all problems at once",
			files: map[string]string{
				"careers/one.md": strings.Replace(careerText("one", "A"), `soc: "15-1252"`, `soc: "15-9999"`, 1),
				"careers/two.md": strings.Replace(careerText("zwei", "B"), "## Day to day {#day-to-day}\n\nDays.\n", "", 1),
			},
			want: []string{
				`careers/one.md: occupations[1].soc: unknown SOC code "15-9999"`,
				`careers/two.md: slug: "zwei" does not match`,
				`careers/two.md: sections.day-to-day: missing section`,
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fsys := fstest.MapFS{}
			for name, text := range tt.files {
				fsys[name] = &fstest.MapFile{Data: []byte(text)}
			}
			careers, err := Load(fsys)
			if err == nil {
				err = Validate(careers, testKnown)
			}
			if err == nil {
				t.Fatalf("Load+Validate = nil, want an error containing %q", tt.want)
			}
			if code := careerpath.ErrorCode(err); code != careerpath.EINVALID {
				t.Errorf("ErrorCode = %q, want %q", code, careerpath.EINVALID)
			}
			msg := careerpath.ErrorMessage(err)
			for _, w := range tt.want {
				if !strings.Contains(msg, w) {
					t.Errorf("error message:\n%s\nwant it to contain %q", msg, w)
				}
			}
		})
	}
}

// The incumbent page's text is not ours to reuse. seedPath is where the
// shared workspace keeps it; testdata/seed-shingles.txt holds hashes of its
// 8-word runs, so the check runs without the page's text in the repository.
var (
	seedPath     = flag.String("seed", filepath.Join("..", "..", "shared", "seed", "000_f19be6c1694f1379.txt"), "text of the incumbent career page")
	updateSeed   = flag.Bool("update-seed", false, "rewrite testdata/seed-shingles.txt from -seed")
	shingleWords = 8
)

// words returns the lower-cased ASCII words of s; anything else separates
// words, so punctuation, dashes and mis-encoded characters do not matter.
func words(s string) []string {
	return strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9')
	})
}

var sentenceEnd = regexp.MustCompile(`[.!?\n]+`)

// TestNoIncumbentSentences checks that no sentence of eight words or more
// of the incumbent page appears in a career file.
func TestNoIncumbentSentences(t *testing.T) {
	seed, err := os.ReadFile(*seedPath)
	if errors.Is(err, fs.ErrNotExist) {
		t.Skipf("incumbent page not found at %s; TestNoIncumbentShingles still runs", *seedPath)
	} else if err != nil {
		t.Fatal(err)
	}
	texts := careerTexts(t)
	n := 0
	for _, s := range sentenceEnd.Split(string(seed), -1) {
		w := words(s)
		if len(w) < shingleWords {
			continue
		}
		n++
		needle := " " + strings.Join(w, " ") + " "
		for name, text := range texts {
			if strings.Contains(text, needle) {
				t.Errorf("%s reuses a sentence of the incumbent page: %q", name, strings.TrimSpace(s))
			}
		}
	}
	if n < 50 {
		t.Errorf("found %d sentences of 8 words or more in the incumbent page, want many more: is %s the right file?", n, *seedPath)
	}
	if *updateSeed {
		writeShingles(t, string(seed))
	}
}

// TestNoIncumbentShingles checks that no run of eight words of the
// incumbent page appears in a career file, using the stored hashes.
func TestNoIncumbentShingles(t *testing.T) {
	f, err := os.Open(filepath.Join("testdata", "seed-shingles.txt"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	seed := map[string]bool{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if line := strings.TrimSpace(sc.Text()); line != "" && !strings.HasPrefix(line, "#") {
			seed[line] = true
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	if len(seed) < 500 {
		t.Fatalf("testdata/seed-shingles.txt has %d hashes, want the whole page", len(seed))
	}
	for name, text := range careerTexts(t) {
		w := strings.Fields(text)
		for i := 0; i+shingleWords <= len(w); i++ {
			run := strings.Join(w[i:i+shingleWords], " ")
			if seed[shingle(run)] {
				t.Errorf("%s: %q is also on the incumbent page", name, run)
			}
		}
	}
}

func shingle(run string) string {
	h := sha256.Sum256([]byte(run))
	return hex.EncodeToString(h[:8])
}

func writeShingles(t *testing.T, seed string) {
	w := words(seed)
	set := map[string]bool{}
	for i := 0; i+shingleWords <= len(w); i++ {
		set[shingle(strings.Join(w[i:i+shingleWords], " "))] = true
	}
	var lines []string
	for h := range set {
		lines = append(lines, h)
	}
	sort.Strings(lines)
	out := "# SHA-256 (first 8 bytes, hex) of every run of 8 lower-cased ASCII words of the\n" +
		"# incumbent career page; regenerate with go test -run Incumbent -update-seed.\n" +
		strings.Join(lines, "\n") + "\n"
	if err := os.WriteFile(filepath.Join("testdata", "seed-shingles.txt"), []byte(out), 0o644); err != nil {
		t.Fatal(err)
	}
}

// careerTexts returns every embedded career and specialization file as its
// words, space-separated and padded with a space at both ends.
func careerTexts(t *testing.T) map[string]string {
	t.Helper()
	out := map[string]string{}
	for _, pattern := range []string{CareersDir + "/*.md", SpecializationsDir + "/*.md"} {
		names, err := fs.Glob(Embedded(), pattern)
		if err != nil {
			t.Fatal(err)
		}
		for _, name := range names {
			b, err := fs.ReadFile(Embedded(), name)
			if err != nil {
				t.Fatal(err)
			}
			out[name] = " " + strings.Join(words(string(b)), " ") + " "
		}
	}
	if len(out) == 0 {
		t.Fatal("no content files")
	}
	return out
}

// FuzzLoad checks that no career file makes Load or Validate panic, and
// that every failure is an EINVALID error.
func FuzzLoad(f *testing.F) {
	f.Add(careerText("one", "Data Scientist"))
	f.Add("---\n---\n")
	f.Add("---\nslug: [\n---\n## A {#tldr}\n")
	f.Fuzz(func(t *testing.T, text string) {
		careers, err := Load(fstest.MapFS{"careers/one.md": {Data: []byte(text)}})
		if err == nil {
			err = Validate(careers, testKnown)
		}
		if err != nil && careerpath.ErrorCode(err) != careerpath.EINVALID {
			t.Errorf("error code = %q, want %q: %v", careerpath.ErrorCode(err), careerpath.EINVALID, err)
		}
	})
}
