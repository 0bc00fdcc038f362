package classify

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"sort"
	"strings"

	careerpath "github.com/careerpath/careerpath"
	"github.com/careerpath/careerpath/opendata"
)

// CatalogFile is the labelled training file of catalog-style program
// names, written for this package (never copied from the evaluation set).
const CatalogFile = "training/catalog-names.jsonl"

//go:embed training/catalog-names.jsonl
var trainingFS embed.FS

// Class is one field of study the model can predict: an active 6-digit
// CIP 2020 code.
type Class struct {
	CIP   string `json:"cip"`
	Title string `json:"title"` // without the final period
}

// Sources of training examples.
const (
	SourceTitle      = "cip-title"      // a 6-digit CIP title
	SourceSeries     = "cip-series"     // a 4-digit CIP title, given to the series' general code
	SourceExample    = "cip-example"    // an example program name from CIP 2020
	SourceDefinition = "cip-definition" // a CIP definition
	SourceScorecard  = "scorecard"      // a College Scorecard field name (4-digit CIP title)
	SourceCatalog    = "catalog"        // a line of the labelled catalog file
)

// Example is one labelled text.
type Example struct {
	Text        string `json:"text"`
	Institution string `json:"institution,omitempty"`
	CIP         string `json:"cip"`
	Source      string `json:"source"`
}

// TrainingData is everything a model is trained from.
type TrainingData struct {
	Classes  []Class   // sorted by code
	Examples []Example // in a fixed order
}

// Hash identifies the training data: a SHA-256 over classes and examples.
func (d *TrainingData) Hash() string {
	h := sha256.New()
	enc := json.NewEncoder(h)
	for _, c := range d.Classes {
		enc.Encode(c)
	}
	for _, e := range d.Examples {
		enc.Encode(e)
	}
	return hex.EncodeToString(h.Sum(nil))
}

// CatalogLine is one line of the labelled catalog file.
type CatalogLine struct {
	Program     string `json:"program"`
	Institution string `json:"institution,omitempty"`
	CIP         string `json:"cip"`
}

// ReadCatalog reads labelled catalog lines (JSON Lines). Blank lines are
// skipped; a line that is not valid JSON or lacks a program or a CIP code
// fails with its line number.
func ReadCatalog(r io.Reader) ([]CatalogLine, error) {
	var out []CatalogLine
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), 1024*1024)
	n := 0
	for sc.Scan() {
		n++
		line := bytes.TrimSpace(sc.Bytes())
		if len(line) == 0 {
			continue
		}
		var l CatalogLine
		dec := json.NewDecoder(bytes.NewReader(line))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&l); err != nil {
			return nil, careerpath.Errorf(careerpath.EINVALID, "training line %d: %v", n, err)
		}
		code, ok := opendata.NormalizeCIP(l.CIP)
		if strings.TrimSpace(l.Program) == "" || !ok || len(code) != 7 {
			return nil, careerpath.Errorf(careerpath.EINVALID, "training line %d: want a program and a 6-digit CIP code, got %q and %q", n, l.Program, l.CIP)
		}
		l.CIP = code
		out = append(out, l)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("read training lines: %w", err)
	}
	return out, nil
}

// DefaultCatalog returns the labelled catalog file bundled with the
// package.
func DefaultCatalog() ([]CatalogLine, error) {
	f, err := trainingFS.Open(CatalogFile)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return ReadCatalog(f)
}

// LoadTrainingData builds the training data from a data release laid out
// like package data (CIP 2020 and the Scorecard field names) and the
// labelled catalog lines. A catalog line naming a CIP code that is not an
// active 6-digit code fails.
func LoadTrainingData(release fs.FS, catalog []CatalogLine) (*TrainingData, error) {
	codes, err := readCIP(release)
	if err != nil {
		return nil, err
	}
	majors, err := readScorecardMajors(release)
	if err != nil {
		return nil, err
	}
	d := &TrainingData{}
	active := map[string]bool{}
	children := map[string][]opendata.CIPCode{}
	for _, c := range codes {
		if len(c.Code) != 7 || c.Action == opendata.CIPDeleted || c.Action == opendata.CIPMovedFrom {
			continue
		}
		active[c.Code] = true
		d.Classes = append(d.Classes, Class{CIP: c.Code, Title: cleanTitle(c.Title)})
		children[c.Code[:5]] = append(children[c.Code[:5]], c)
	}
	sort.Slice(d.Classes, func(i, j int) bool { return d.Classes[i].CIP < d.Classes[j].CIP })

	// series maps a 4-digit title to the code of its general program.
	series := map[string]string{}
	for _, c := range codes {
		if len(c.Code) != 5 || len(children[c.Code]) == 0 {
			continue
		}
		series[titleKey(c.Title)] = generalChild(c, children[c.Code])
	}
	for _, c := range codes {
		if !active[c.Code] {
			continue
		}
		d.Examples = append(d.Examples, Example{Text: cleanTitle(c.Title), CIP: c.Code, Source: SourceTitle})
		for _, x := range c.Examples {
			d.Examples = append(d.Examples, Example{Text: x, CIP: c.Code, Source: SourceExample})
		}
		if def := c.Definition; !strings.HasPrefix(def, "Instructional content") && !strings.HasPrefix(def, "Any instructional program") && !strings.HasPrefix(def, "Any program") {
			d.Examples = append(d.Examples, Example{Text: def, CIP: c.Code, Source: SourceDefinition})
		}
	}
	for _, c := range codes {
		if len(c.Code) == 5 && series[titleKey(c.Title)] != "" {
			code := series[titleKey(c.Title)]
			if cleanTitle(c.Title) != d.Classes[classIndex(d.Classes, code)].Title {
				d.Examples = append(d.Examples, Example{Text: cleanTitle(c.Title), CIP: code, Source: SourceSeries})
			}
		}
	}
	for _, m := range majors {
		if code := series[titleKey(m)]; code != "" {
			d.Examples = append(d.Examples, Example{Text: m, CIP: code, Source: SourceScorecard})
		}
	}
	seen := map[string]int{}
	for i, l := range catalog {
		if !active[l.CIP] {
			return nil, careerpath.Errorf(careerpath.EINVALID, "training line %d (%q): %s is not an active 6-digit CIP 2020 code", i+1, l.Program, l.CIP)
		}
		k := catalogKey(l.Program, l.Institution)
		if j, dup := seen[k]; dup {
			return nil, careerpath.Errorf(careerpath.EINVALID, "training line %d (%q) repeats line %d", i+1, l.Program, j)
		}
		seen[k] = i + 1
		d.Examples = append(d.Examples, Example{Text: l.Program, Institution: l.Institution, CIP: l.CIP, Source: SourceCatalog})
	}
	return d, nil
}

// DefaultTrainingData is LoadTrainingData over the release and the
// bundled catalog file.
func DefaultTrainingData(release fs.FS) (*TrainingData, error) {
	cat, err := DefaultCatalog()
	if err != nil {
		return nil, err
	}
	return LoadTrainingData(release, cat)
}

// catalogKey identifies a catalog line by its name and institution,
// ignoring case and spacing.
func catalogKey(program, institution string) string {
	return strings.ToLower(strings.Join(strings.Fields(program), " ")) + "\x00" + strings.ToLower(institution)
}

func classIndex(cs []Class, code string) int {
	return sort.Search(len(cs), func(i int) bool { return cs[i].CIP >= code })
}

// generalChild picks the program a series title stands for: the one with
// the same title, else the ".xx01" or ".xx00" program, else the first.
func generalChild(s opendata.CIPCode, kids []opendata.CIPCode) string {
	for _, k := range kids {
		if titleKey(k.Title) == titleKey(s.Title) {
			return k.Code
		}
	}
	for _, k := range kids {
		if strings.HasSuffix(k.Code, "01") || strings.HasSuffix(k.Code, "00") {
			return k.Code
		}
	}
	return kids[0].Code
}

// titleKey compares titles ignoring case, punctuation and spacing
// (Scorecard drops CIP's final period and some commas).
func titleKey(t string) string {
	return strings.Join(tokens(t), " ")
}

// cleanTitle drops the final period of a CIP title and doubled spaces.
func cleanTitle(t string) string {
	return strings.Join(strings.Fields(strings.TrimSuffix(strings.TrimSpace(t), ".")), " ")
}

func readCIP(release fs.FS) ([]opendata.CIPCode, error) {
	const file = "cip-2020/CIPCode2020.csv.gz"
	r, closeFn, err := openFile(release, file)
	if err != nil {
		return nil, err
	}
	defer closeFn()
	return opendata.ParseCIP(opendata.Source{Dataset: opendata.DatasetCIP, File: file}, r)
}

func readScorecardMajors(release fs.FS) ([]string, error) {
	const file = "scorecard/fos_bachelors_2023.csv.gz"
	r, closeFn, err := openFile(release, file)
	if err != nil {
		return nil, err
	}
	defer closeFn()
	fields, err := opendata.ParseScorecardBachelors(opendata.Source{Dataset: opendata.DatasetScorecard, File: file}, r)
	if err != nil {
		return nil, err
	}
	seen := map[string]bool{}
	var out []string
	for _, f := range fields {
		if !seen[f.Major] {
			seen[f.Major] = true
			out = append(out, f.Major)
		}
	}
	sort.Strings(out)
	return out, nil
}

func openFile(release fs.FS, file string) (io.Reader, func(), error) {
	f, err := release.Open(file)
	if err != nil {
		return nil, nil, fmt.Errorf("training data: %w", err)
	}
	return f, func() { f.Close() }, nil
}
