// Package catalog parses and validates provider catalogs: the program lists
// that schools and course providers publish, in CSV with a header row or in
// JSON Lines (one object a line), optionally gzipped.
//
// Parsing is all-or-nothing and reports every problem it finds, each with
// its line, column and field, rather than stopping at the first. The
// columns (CSV) or keys (JSON Lines) are
//
//	institution, program, degree, format, city, region, country,
//	duration_years, tuition, currency, url, description, cip
//
// matched case-insensitively; institution and program are required and
// the rest optional. A column or key outside this list is a problem,
// because a misspelt "tution" silently dropped would lose data the
// provider meant to give; Options.IgnoreUnknown skips them instead.
//
// The package is pure: it reads bytes and returns domain values.
package catalog

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"mime"
	"sort"
	"strings"

	careerpath "github.com/careerpath/careerpath"
)

// Limits applied when Options leave them zero.
const (
	DefaultMaxBytes    = 50 << 20 // the whole catalog, after decompression
	DefaultMaxField    = 64 << 10 // one value
	DefaultMaxProblems = 10000    // problems listed; the rest are counted
)

// ErrTooLarge is the cause of an *Error for input over Options.MaxBytes.
var ErrTooLarge = errors.New("catalog too large")

// Format is the syntax of a catalog file.
type Format int

// Formats. Detect sniffs the content: a first non-blank character "{"
// means JSON Lines, anything else CSV.
const (
	Detect Format = iota
	CSV
	JSONLines
)

func (f Format) String() string {
	switch f {
	case CSV:
		return "csv"
	case JSONLines:
		return "jsonl"
	}
	return "detect"
}

// ParseFormat reads a format name as given on a command line: "csv",
// "jsonl" (or "ndjson"), or "" for Detect.
func ParseFormat(s string) (Format, error) {
	switch strings.ToLower(s) {
	case "", "detect", "auto":
		return Detect, nil
	case "csv":
		return CSV, nil
	case "jsonl", "ndjson", "jsonlines":
		return JSONLines, nil
	}
	return Detect, fmt.Errorf("unknown catalog format %q: want csv or jsonl", s)
}

// FormatOfMediaType returns the format a Content-Type names: text/csv for
// CSV; application/x-ndjson, application/jsonl and the like for JSON Lines;
// Detect for anything else (application/octet-stream, application/gzip).
func FormatOfMediaType(contentType string) Format {
	mt, _, err := mime.ParseMediaType(contentType)
	if err != nil {
		return Detect
	}
	switch mt {
	case "text/csv", "application/csv":
		return CSV
	case "application/x-ndjson", "application/ndjson", "application/jsonl", "application/x-jsonlines", "application/jsonlines", "application/json-lines":
		return JSONLines
	}
	return Detect
}

// Options control parsing. The zero value detects the format, applies the
// default limits and checks CIP codes for their form only.
type Options struct {
	File   string // name used in error messages
	Format Format
	// KnownCIP, if not nil, is the set of valid 6-digit CIP 2020 codes
	// ("11.0701"); a code outside it is a problem.
	KnownCIP map[string]bool
	// IgnoreUnknown skips columns and keys that are not catalog fields
	// instead of reporting them.
	IgnoreUnknown bool
	MaxBytes      int64 // input size after decompression
	MaxField      int   // bytes in one value
	MaxProblems   int   // problems kept in the error; more are counted
}

// Problem is one thing wrong with a catalog.
type Problem struct {
	// Position is where the problem is, without the file (Error.File).
	careerpath.Position
	Message string `json:"message"`
}

// format writes the problem as FILE:LINE:COLUMN: field F: message, the
// form of opendata.ParseError.
func (p Problem) format(file string) string {
	pos := p.Position
	pos.File = file
	return pos.String() + ": " + p.Message
}

// Error is a catalog that failed to parse or validate: every problem
// found, in file order, up to Options.MaxProblems.
type Error struct {
	File     string
	Problems []Problem
	More     int   // problems found beyond those listed
	Err      error // ErrTooLarge, or the read error that stopped parsing; nil if the file was read to the end
}

func (e *Error) Error() string {
	n := len(e.Problems) + e.More
	if n == 0 {
		return "catalog " + e.File + ": invalid"
	}
	s := "catalog " + e.Problems[0].format(e.File)
	if n > 1 {
		s += fmt.Sprintf(" (and %d more problems)", n-1)
	}
	return s
}

func (e *Error) Unwrap() error { return e.Err }

// Lines returns every listed problem as FILE:LINE:COLUMN: field F: message,
// followed by a line counting the ones not listed.
func (e *Error) Lines() []string {
	out := make([]string, 0, len(e.Problems)+1)
	for _, p := range e.Problems {
		out = append(out, p.format(e.File))
	}
	if e.More > 0 {
		out = append(out, fmt.Sprintf("%s: and %d more problems not listed", e.File, e.More))
	}
	return out
}

// Parse reads a whole catalog and returns its entries, or an *Error
// listing every problem. Input may be gzipped (detected by its magic
// bytes) and may start with a UTF-8 byte-order mark. Memory use is bounded
// by the limits of opt, whatever the input.
func Parse(r io.Reader, opt Options) ([]careerpath.CatalogEntry, error) {
	if opt.File == "" {
		opt.File = "catalog"
	}
	if opt.MaxBytes <= 0 {
		opt.MaxBytes = DefaultMaxBytes
	}
	if opt.MaxField <= 0 {
		opt.MaxField = DefaultMaxField
	}
	if opt.MaxProblems <= 0 {
		opt.MaxProblems = DefaultMaxProblems
	}
	p := &parser{opt: opt, seen: map[string]int{}}
	br, err := p.open(r)
	if err == nil {
		format := opt.Format
		if format == Detect {
			format = sniff(br)
		}
		switch format {
		case JSONLines:
			p.parseJSONL(br)
		default:
			p.parseCSV(br)
		}
	}
	if p.nproblems > 0 || p.fatal != nil {
		// Problems come in row order; within a row, list them as a reader
		// scans the line.
		sort.SliceStable(p.problems, func(i, j int) bool {
			a, b := p.problems[i], p.problems[j]
			return a.Line < b.Line || a.Line == b.Line && a.Column < b.Column
		})
		return nil, &Error{File: opt.File, Problems: p.problems, More: p.nproblems - len(p.problems), Err: p.fatal}
	}
	return p.entries, nil
}

// parser holds the state of one Parse.
type parser struct {
	opt       Options
	problems  []Problem
	nproblems int
	fatal     error // what stopped reading early, if anything
	entries   []careerpath.CatalogEntry
	seen      map[string]int // duplicate key → line of first entry
	// absent marks required columns missing from a CSV header, reported
	// once there rather than on every row.
	absent [numColumns]bool
}

func (p *parser) add(line, col int, field, format string, args ...any) {
	p.nproblems++
	if len(p.problems) < p.opt.MaxProblems {
		p.problems = append(p.problems, Problem{Position: careerpath.Position{Line: line, Column: col, Field: field}, Message: fmt.Sprintf(format, args...)})
	}
}

// readFailed records the error that stopped reading at line.
func (p *parser) readFailed(line int, err error) {
	if p.fatal != nil {
		return
	}
	if errors.Is(err, ErrTooLarge) {
		p.fatal = ErrTooLarge
		p.add(line, 0, "", "the catalog is larger than the limit of %s (after decompression); split it into smaller catalogs", sizeString(p.opt.MaxBytes))
		return
	}
	p.fatal = err
	msg := err.Error()
	var gz bool
	if errors.Is(err, gzip.ErrChecksum) || errors.Is(err, gzip.ErrHeader) || errors.Is(err, io.ErrUnexpectedEOF) {
		gz = true
	}
	if gz {
		p.add(line, 0, "", "corrupt or truncated gzip stream: %s", msg)
	} else {
		p.add(line, 0, "", "read error: %s", msg)
	}
}

// open returns a reader of the catalog's text: decompressed, capped at
// MaxBytes and past any byte-order mark.
func (p *parser) open(r io.Reader) (*bufio.Reader, error) {
	raw := bufio.NewReaderSize(r, 64<<10)
	var src io.Reader = raw
	if magic, _ := raw.Peek(2); bytes.Equal(magic, []byte{0x1f, 0x8b}) {
		zr, err := gzip.NewReader(raw)
		if err != nil {
			p.readFailed(0, err)
			return nil, err
		}
		src = zr
	}
	br := bufio.NewReaderSize(&limitReader{r: src, max: p.opt.MaxBytes}, 64<<10)
	head, err := br.Peek(3)
	if err != nil && err != io.EOF && err != bufio.ErrBufferFull {
		p.readFailed(1, err)
		return nil, err
	}
	switch {
	case bytes.HasPrefix(head, []byte("\xef\xbb\xbf")):
		br.Discard(3)
	case bytes.HasPrefix(head, []byte("\xff\xfe")), bytes.HasPrefix(head, []byte("\xfe\xff")):
		p.add(1, 1, "", "the file is UTF-16 encoded: save it as UTF-8")
		return nil, errors.New("utf-16")
	}
	return br, nil
}

// sniff tells JSON Lines from CSV by the first non-blank byte.
func sniff(br *bufio.Reader) Format {
	for n := 1; n <= 4096; n++ {
		b, _ := br.Peek(n)
		if len(b) < n {
			return CSV
		}
		switch b[n-1] {
		case ' ', '\t', '\r', '\n':
			continue
		case '{', '[':
			return JSONLines
		}
		return CSV
	}
	return CSV
}

// limitReader reads at most max bytes from r and fails with ErrTooLarge if
// there are more.
type limitReader struct {
	r      io.Reader
	n, max int64
}

func (l *limitReader) Read(b []byte) (int, error) {
	if l.n > l.max {
		return 0, ErrTooLarge
	}
	if rest := l.max - l.n + 1; int64(len(b)) > rest {
		b = b[:rest]
	}
	n, err := l.r.Read(b)
	l.n += int64(n)
	if l.n > l.max {
		return n - int(l.n-l.max), ErrTooLarge
	}
	return n, err
}

func sizeString(n int64) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MiB", n>>20)
	case n >= 1<<10 && n%(1<<10) == 0:
		return fmt.Sprintf("%d KiB", n>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}
