// Package content reads the editorial content of careerpath: career guides
// and specializations, written as Markdown files with YAML front matter.
//
// The files are embedded in the binary (Embedded); a directory on disk with
// the same layout can be read instead during development, for example
// Load(os.DirFS("content")). The layout is:
//
//	careers/<slug>.md          one career guide per file
//	specializations/<slug>.md  one specialization per file
//
// A career file starts with front matter between two "---" lines; the rest
// is the editorial text, one "## Heading {#id}" per section:
//
//	---
//	slug: data-scientist
//	title: Data Scientist
//	specialization: ai-data
//	summary: Turns data into decisions with statistics, experiments and models.
//	occupations:                  # SOC 2018 blend; weights in (0,1], sum 1
//	  - soc: "15-2051"
//	    weight: 1
//	    note: BLS has an occupation for exactly this job.
//	blend_note: ...               # required when the blend has several codes
//	survey_titles: [Data Scientist, Lead Data Scientist]
//	fields:                       # editorial field-of-study weights only
//	  - cip: "30.7001"
//	    weight: 1
//	    note: Data science degrees are built for this job.
//	exclusions:                   # CIP family, series or program
//	  - cip: "52.02"
//	    reason: General business degrees do not teach the statistics.
//	skills:                       # editorial tier placements
//	  must_have:    [{name: Python, reason: ...}]
//	  important:    []
//	  nice_to_have: []
//	  skip:         []
//	---
//	## TL;DR {#tldr}
//	...
//	## Skills {#skills}
//	### Must-have {#must-have}
//	...
//
// Field-of-study weights derived from the CIP–SOC crosswalk are not written
// in the files: they are computed from the crosswalk for the SOC blend. The
// files hold only what an editor adds to or removes from that.
//
// Load reports problems that keep a file from being read (front matter
// syntax, unknown fields, sections without IDs); Validate reports every
// other problem, in all files at once.
package content

import (
	"bytes"
	"embed"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"regexp"
	"sort"
	"strconv"
	"strings"

	careerpath "github.com/careerpath/careerpath"
	"go.yaml.in/yaml/v3"
)

//go:embed careers/*.md specializations/*.md
var files embed.FS

// Embedded returns the content bundled with the binary, in the layout Load
// and LoadSpecializations read.
func Embedded() fs.FS { return files }

// Dir returns the content to serve: Embedded for dir "", or the content
// laid out the same way in the directory dir, for editors previewing
// changes.
func Dir(dir string) (fs.FS, error) {
	if dir == "" {
		return Embedded(), nil
	}
	if fi, err := os.Stat(dir); err != nil {
		return nil, err
	} else if !fi.IsDir() {
		return nil, fmt.Errorf("%s is not a directory", dir)
	}
	return os.DirFS(dir), nil
}

// Paths of the content inside an fs.FS.
const (
	CareersDir         = "careers"
	SpecializationsDir = "specializations"
)

// careerFile is the front matter of a career file. Its fields mirror
// careerpath.Career; strict decoding rejects any key not listed here.
type careerFile struct {
	Slug           string         `yaml:"slug"`
	Title          string         `yaml:"title"`
	Specialization string         `yaml:"specialization"`
	Summary        string         `yaml:"summary"`
	Occupations    []occupation   `yaml:"occupations"`
	BlendNote      string         `yaml:"blend_note"`
	SurveyTitles   []string       `yaml:"survey_titles"`
	Fields         []field        `yaml:"fields"`
	Exclusions     []exclusion    `yaml:"exclusions"`
	Skills         skillOverrides `yaml:"skills"`
}

type occupation struct {
	SOC    string  `yaml:"soc"`
	Weight float64 `yaml:"weight"`
	Note   string  `yaml:"note"`
}

type field struct {
	CIP    string  `yaml:"cip"`
	Weight float64 `yaml:"weight"`
	Note   string  `yaml:"note"`
}

type exclusion struct {
	CIP    string `yaml:"cip"`
	Reason string `yaml:"reason"`
}

type skillOverrides struct {
	MustHave   []skill `yaml:"must_have"`
	Important  []skill `yaml:"important"`
	NiceToHave []skill `yaml:"nice_to_have"`
	Skip       []skill `yaml:"skip"`
}

type skill struct {
	Name   string `yaml:"name"`
	Reason string `yaml:"reason"`
}

// specializationFile is the front matter of a specialization file; its
// body is the description.
type specializationFile struct {
	Slug    string `yaml:"slug"`
	Title   string `yaml:"title"`
	Summary string `yaml:"summary"`
}

// Load reads every careers/*.md file of fsys, sorted by file name. It
// reports, for all files at once, the problems that keep a file from being
// read; the careers it returns still need Validate.
func Load(fsys fs.FS) ([]*careerpath.Career, error) {
	names, err := fs.Glob(fsys, CareersDir+"/*.md")
	if err != nil {
		return nil, fmt.Errorf("list careers: %w", err)
	}
	if len(names) == 0 {
		return nil, careerpath.Errorf(careerpath.EINVALID, "no career files: want %s/<slug>.md", CareersDir)
	}
	sort.Strings(names)
	var p problems
	var out []*careerpath.Career
	for _, name := range names {
		b, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, fmt.Errorf("read career: %w", err)
		}
		var f careerFile
		body, bodyLine, ok := decodeFrontMatter(&p, name, b, &f)
		if !ok {
			continue
		}
		sections, ok := parseSections(&p, name, body, bodyLine)
		if !ok {
			continue
		}
		out = append(out, f.career(name, sections))
	}
	if err := p.err(); err != nil {
		return nil, err
	}
	return out, nil
}

func (f *careerFile) career(file string, sections []careerpath.Section) *careerpath.Career {
	c := &careerpath.Career{
		Slug:           f.Slug,
		Title:          f.Title,
		Specialization: f.Specialization,
		Summary:        strings.TrimSpace(f.Summary),
		BlendNote:      strings.TrimSpace(f.BlendNote),
		SurveyTitles:   f.SurveyTitles,
		Sections:       sections,
		File:           file,
	}
	for _, o := range f.Occupations {
		c.Occupations = append(c.Occupations, careerpath.OccupationWeight{SOC: o.SOC, Weight: o.Weight, Note: strings.TrimSpace(o.Note)})
	}
	for _, x := range f.Fields {
		c.Fields = append(c.Fields, careerpath.FieldWeight{CIP: x.CIP, Weight: x.Weight, Source: careerpath.FieldEditorial, Note: strings.TrimSpace(x.Note)})
	}
	for _, x := range f.Exclusions {
		c.Exclusions = append(c.Exclusions, careerpath.FieldExclusion{CIP: x.CIP, Reason: strings.TrimSpace(x.Reason)})
	}
	notes := func(in []skill) []careerpath.SkillNote {
		var out []careerpath.SkillNote
		for _, s := range in {
			out = append(out, careerpath.SkillNote{Name: strings.TrimSpace(s.Name), Reason: strings.TrimSpace(s.Reason)})
		}
		return out
	}
	c.SkillOverrides = careerpath.SkillOverrides{
		MustHave:   notes(f.Skills.MustHave),
		Important:  notes(f.Skills.Important),
		NiceToHave: notes(f.Skills.NiceToHave),
		Skip:       notes(f.Skills.Skip),
	}
	return c
}

// LoadSpecializations reads and checks every specializations/*.md file of
// fsys, sorted by file name.
func LoadSpecializations(fsys fs.FS) ([]*careerpath.Specialization, error) {
	names, err := fs.Glob(fsys, SpecializationsDir+"/*.md")
	if err != nil {
		return nil, fmt.Errorf("list specializations: %w", err)
	}
	sort.Strings(names)
	var p problems
	var out []*careerpath.Specialization
	for _, name := range names {
		b, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, fmt.Errorf("read specialization: %w", err)
		}
		var f specializationFile
		body, _, ok := decodeFrontMatter(&p, name, b, &f)
		if !ok {
			continue
		}
		s := &careerpath.Specialization{
			Slug:     f.Slug,
			Title:    strings.TrimSpace(f.Title),
			Summary:  strings.TrimSpace(f.Summary),
			Markdown: strings.TrimSpace(body),
			File:     name,
		}
		checkSlug(&p, name, s.Slug)
		p.required(name, "title", s.Title)
		p.required(name, "summary", s.Summary)
		p.required(name, "body", s.Markdown)
		out = append(out, s)
	}
	if err := p.err(); err != nil {
		return nil, err
	}
	return out, nil
}

// decodeFrontMatter splits b into front matter and body and decodes the
// front matter strictly into v. It returns the body and the line of the
// file the body starts on.
func decodeFrontMatter(p *problems, file string, b []byte, v any) (body string, bodyLine int, ok bool) {
	text := strings.ReplaceAll(string(b), "\r\n", "\n")
	text = strings.TrimPrefix(text, "\uFEFF")
	if !strings.HasPrefix(text, "---\n") {
		p.addLine(file, 1, "front matter", `want the file to start with a "---" line`)
		return "", 0, false
	}
	lines := strings.SplitAfter(text, "\n")
	end := -1
	for i := 1; i < len(lines); i++ {
		if strings.TrimRight(lines[i], " \t\n") == "---" {
			end = i
			break
		}
	}
	if end < 0 {
		p.addLine(file, 1, "front matter", `no closing "---" line`)
		return "", 0, false
	}
	// The opening "---" becomes an empty line, so that the decoder's line
	// numbers are the file's.
	yamlText := "\n" + strings.Join(lines[1:end], "")
	dec := yaml.NewDecoder(strings.NewReader(yamlText))
	dec.KnownFields(true)
	if err := dec.Decode(v); err != nil && !errors.Is(err, io.EOF) { // io.EOF: empty front matter
		yamlProblems(p, file, err)
		return "", 0, false
	}
	return strings.Join(lines[end+1:], ""), end + 2, true
}

var (
	yamlLineRE    = regexp.MustCompile(`^(?:yaml: )?line (\d+): (.*)$`)
	yamlUnknownRE = regexp.MustCompile(`^field (\S+) not found in type \S+$`)
)

// yamlParserProblems are the messages of yaml.v3's parser errors, whose
// line numbers are off by one (see yaml.v3 decode.go, parser.fail).
var yamlParserProblems = map[string]bool{
	"did not find expected ',' or ']'":       true,
	"did not find expected ',' or '}'":       true,
	"did not find expected '-' indicator":    true,
	"did not find expected <document start>": true,
	"did not find expected <stream-start>":   true,
	"did not find expected key":              true,
	"did not find expected node content":     true,
	"found duplicate %TAG directive":         true,
	"found duplicate %YAML directive":        true,
	"found incompatible YAML document":       true,
	"found undefined tag handle":             true,
}

// yamlProblems turns a decoding error into one problem per message, with
// the file's line number where the decoder gives one.
func yamlProblems(p *problems, file string, err error) {
	var msgs []string
	var te *yaml.TypeError
	if errors.As(err, &te) {
		msgs = te.Errors
	} else {
		msgs = []string{err.Error()}
	}
	for _, m := range msgs {
		m = strings.TrimPrefix(m, "yaml: ")
		line := 0
		if sub := yamlLineRE.FindStringSubmatch(m); sub != nil {
			line, _ = strconv.Atoi(sub[1])
			m = sub[2]
			if yamlParserProblems[m] {
				// yaml.v3 reports a parser (not scanner) error at the
				// 0-based line of the construct it was parsing.
				line++
			}
		}
		fieldName := "front matter"
		if sub := yamlUnknownRE.FindStringSubmatch(m); sub != nil {
			fieldName, m = sub[1], "unknown field"
		}
		p.addLine(file, line, fieldName, "%s", m)
	}
}

var (
	sectionRE = regexp.MustCompile(`^##[ \t]+(.*?)[ \t]*\{#([a-z0-9-]+)\}[ \t]*$`)
	partRE    = regexp.MustCompile(`^###[ \t]+(.*?)[ \t]*\{#([a-z0-9-]+)\}[ \t]*$`)
	fenceRE   = regexp.MustCompile("^ {0,3}(```|~~~)")
)

// parseSections splits a body into "## Heading {#id}" sections and their
// "### Heading {#id}" parts. Headings inside fenced code do not count.
func parseSections(p *problems, file, body string, firstLine int) ([]careerpath.Section, bool) {
	var (
		out    []careerpath.Section
		buf    bytes.Buffer // text of the current section or part
		inPart bool
		fence  string
		bad    bool
		stray  int // line of the first text before the first section
	)
	flush := func() {
		if len(out) == 0 {
			return
		}
		s := &out[len(out)-1]
		text := strings.TrimSpace(buf.String())
		if inPart {
			s.Parts[len(s.Parts)-1].Markdown = text
		} else {
			s.Markdown = text
		}
		buf.Reset()
	}
	for i, line := range strings.Split(body, "\n") {
		n := firstLine + i
		m := fenceRE.FindStringSubmatch(line)
		if m != nil {
			if fence == "" {
				fence = m[1]
			} else if fence == m[1] {
				fence = ""
			}
		}
		switch {
		case m != nil || fence != "":
			// code: no headings here
		case strings.HasPrefix(line, "## "):
			h := sectionRE.FindStringSubmatch(line)
			if h == nil {
				p.addLine(file, n, "sections", "heading %q has no ID: want \"## Heading {#id}\"", strings.TrimSpace(line[3:]))
				bad = true
				continue
			}
			flush()
			inPart = false
			out = append(out, careerpath.Section{ID: h[2], Heading: h[1]})
			continue
		case strings.HasPrefix(line, "# "):
			p.addLine(file, n, "sections", "level-1 heading %q: the title comes from the front matter, sections start with \"## Heading {#id}\"", strings.TrimSpace(line[2:]))
			bad = true
			continue
		case strings.HasPrefix(line, "### ") && len(out) > 0:
			if h := partRE.FindStringSubmatch(line); h != nil {
				flush()
				inPart = true
				s := &out[len(out)-1]
				s.Parts = append(s.Parts, careerpath.Section{ID: h[2], Heading: h[1]})
				continue
			}
		}
		if len(out) == 0 {
			if strings.TrimSpace(line) != "" && stray == 0 {
				stray = n
			}
			continue
		}
		buf.WriteString(line)
		buf.WriteByte('\n')
	}
	flush()
	if stray > 0 {
		p.addLine(file, stray, "sections", "text before the first section: want \"## Heading {#id}\" first")
		bad = true
	}
	return out, !bad
}

var slugRE = regexp.MustCompile(`^[a-z0-9]+(?:-[a-z0-9]+)*$`)

// checkSlug checks that slug is well formed and names the file.
func checkSlug(p *problems, file, slug string) {
	want := strings.TrimSuffix(path.Base(file), ".md")
	switch {
	case slug == "":
		p.add(file, "slug", "required")
	case !slugRE.MatchString(slug):
		p.add(file, "slug", "%q is not a slug: want lowercase letters, digits and single hyphens", slug)
	case slug != want:
		p.add(file, "slug", "%q does not match the file name: want %q", slug, want)
	}
}

// problems collects every problem found, as "file:line: field: message".
type problems struct{ msgs []string }

func (p *problems) add(file, field, format string, args ...any) {
	p.addLine(file, 0, field, format, args...)
}

func (p *problems) addLine(file string, line int, field, format string, args ...any) {
	var b strings.Builder
	b.WriteString(file)
	if line > 0 {
		fmt.Fprintf(&b, ":%d", line)
	}
	b.WriteString(": ")
	if field != "" {
		b.WriteString(field)
		b.WriteString(": ")
	}
	fmt.Fprintf(&b, format, args...)
	p.msgs = append(p.msgs, b.String())
}

func (p *problems) required(file, field, value string) {
	if strings.TrimSpace(value) == "" {
		p.add(file, field, "required")
	}
}

// err returns nil if there are no problems, otherwise one EINVALID error
// whose message lists them all, one a line.
func (p *problems) err() error {
	if len(p.msgs) == 0 {
		return nil
	}
	return &careerpath.Error{Code: careerpath.EINVALID, Message: strings.Join(p.msgs, "\n")}
}
