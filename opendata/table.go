package opendata

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"unicode/utf8"

	careerpath "github.com/careerpath/careerpath"
)

// ParseError reports malformed input: which dataset and file, where in it
// (line and column, both 1-based; 0 when not known), which field, and what
// was expected.
type ParseError struct {
	Dataset string
	careerpath.Position
	Msg string
}

func (e *ParseError) Error() string {
	return e.Dataset + ": " + e.Position.String() + ": " + e.Msg
}

// Source names the input of a parser: the dataset it belongs to and the
// file name used in error messages.
type Source struct {
	Dataset string
	File    string
}

func (s Source) errorf(line, col int, field, format string, args ...any) *ParseError {
	return &ParseError{Dataset: s.Dataset, Position: careerpath.Position{File: s.File, Line: line, Column: col, Field: field}, Msg: fmt.Sprintf(format, args...)}
}

// format is how the rows of a table are delimited.
type format int

const (
	formatCSV format = iota // RFC 4180 CSV with quotes
	formatTSV               // one record a line, fields split on tabs, no quoting (O*NET)
	// formatLaxCSV is CSV whose quoted fields may hold bare, undoubled
	// quotes, as NCES writes them (`"titled "Security" in"`).
	formatLaxCSV
)

// table reads a delimited file with a header row, one record at a time.
// It decompresses gzip input (detected by its magic bytes), drops a UTF-8
// byte-order mark, checks that the required columns are present, that every
// record has as many fields as the header and that all text is valid UTF-8.
//
// Field accessors (str, int, num, ...) record the first error of a row;
// next returns false once an error occurred and err returns it.
type table struct {
	src    Source
	format format
	csv    *csv.Reader
	lines  *bufio.Reader
	header []string
	index  map[string]int
	rec    []string
	line   int // line of the current record's first line
	nextLn int // TSV: line number of the next line to read
	err    error
}

// openTable prepares r for reading and reads the header. Every name in
// required must be a column of the header.
func openTable(src Source, r io.Reader, f format, required ...string) (*table, error) {
	r, err := decompress(src, r)
	if err != nil {
		return nil, err
	}
	t := &table{src: src, format: f, nextLn: 1}
	switch f {
	case formatCSV, formatLaxCSV:
		t.csv = csv.NewReader(r)
		t.csv.ReuseRecord = true
		t.csv.LazyQuotes = f == formatLaxCSV
	case formatTSV:
		t.lines = bufio.NewReaderSize(r, 64*1024)
	}
	header, err := t.read()
	if err == io.EOF {
		return nil, src.errorf(1, 0, "", "empty file: want a header row")
	} else if err != nil {
		return nil, err
	}
	t.header = append([]string(nil), header...)
	t.header[0] = strings.TrimPrefix(t.header[0], "\uFEFF")
	t.index = make(map[string]int, len(t.header))
	for i, h := range t.header {
		h = strings.TrimSpace(h)
		t.header[i] = h
		if _, dup := t.index[h]; dup && h != "" {
			return nil, src.errorf(1, i+1, h, "duplicate column %q in header", h)
		}
		t.index[h] = i
	}
	for _, name := range required {
		if _, ok := t.index[name]; !ok {
			return nil, src.errorf(1, 0, name, "missing column %q in header (have %s)", name, strings.Join(t.header, ", "))
		}
	}
	return t, nil
}

// decompress returns a reader of r's content, gunzipping it if it starts
// with the gzip magic bytes.
func decompress(src Source, r io.Reader) (io.Reader, error) {
	br := bufio.NewReaderSize(r, 64*1024)
	magic, err := br.Peek(2)
	if err != nil && err != io.EOF {
		return nil, src.errorf(0, 0, "", "read: %v", err)
	}
	if !bytes.Equal(magic, []byte{0x1f, 0x8b}) {
		return br, nil
	}
	zr, err := gzip.NewReader(br)
	if err != nil {
		return nil, src.errorf(0, 0, "", "bad gzip stream: %v", err)
	}
	zr.Multistream(false)
	return zr, nil
}

// read returns the next raw record, with errors positioned in the file.
func (t *table) read() ([]string, error) {
	switch t.format {
	case formatTSV:
		// Not a bufio.Scanner: on a read error it still returns the
		// partial last line as a token, so a truncated gzip stream would
		// yield a cut-off record (or header) instead of an error.
		for {
			s, err := t.readLine()
			if err != nil && err != io.EOF {
				return nil, t.src.errorf(t.nextLn, 0, "", "read: %v", readErr(err))
			}
			if s == "" {
				return nil, io.EOF
			}
			t.line = t.nextLn
			t.nextLn++
			line := strings.TrimSuffix(strings.TrimSuffix(s, "\n"), "\r")
			if line == "" {
				continue // O*NET files end with a blank line
			}
			rec := strings.Split(line, "\t")
			return rec, t.checkRecord(rec)
		}
	default:
		rec, err := t.csv.Read()
		if err == io.EOF {
			return nil, io.EOF
		}
		var perr *csv.ParseError
		if errors.As(err, &perr) {
			if errors.Is(perr.Err, csv.ErrFieldCount) {
				return nil, t.src.errorf(perr.StartLine, 0, "", "record has %d fields, want %d as in the header", len(rec), len(t.header))
			}
			return nil, t.src.errorf(perr.Line, perr.Column, "", "%v", readErr(perr.Err))
		} else if err != nil {
			return nil, t.src.errorf(0, 0, "", "read: %v", readErr(err))
		}
		t.line, _ = t.csv.FieldPos(0)
		return rec, t.checkRecord(rec)
	}
}

// maxLine bounds a TSV line, so that a corrupt or hostile file (a gzip
// bomb without newlines) cannot make the reader hold it all in memory.
const maxLine = 16 << 20

// readLine returns the next line of a TSV file, with its newline if any.
func (t *table) readLine() (string, error) {
	var line []byte
	for {
		frag, err := t.lines.ReadSlice('\n')
		line = append(line, frag...)
		if err != bufio.ErrBufferFull {
			return string(line), err
		}
		if len(line) > maxLine {
			return "", fmt.Errorf("line longer than %d bytes", maxLine)
		}
	}
}

// readErr names the usual cause of an unexpected EOF in bundled files.
func readErr(err error) error {
	if errors.Is(err, io.ErrUnexpectedEOF) {
		return fmt.Errorf("truncated input (%w)", err)
	}
	return err
}

func (t *table) checkRecord(rec []string) error {
	if t.header != nil && len(rec) != len(t.header) {
		return t.src.errorf(t.line, 0, "", "record has %d fields, want %d as in the header", len(rec), len(t.header))
	}
	for i, f := range rec {
		if !utf8.ValidString(f) {
			return t.src.errorf(t.line, i+1, t.name(i), "invalid UTF-8 in field")
		}
	}
	return nil
}

func (t *table) name(i int) string {
	if i < len(t.header) {
		return t.header[i]
	}
	return ""
}

// next advances to the next record. It returns false at the end of input
// or after an error; err tells which.
func (t *table) next() bool {
	if t.err != nil {
		return false
	}
	rec, err := t.read()
	if err == io.EOF {
		return false
	} else if err != nil {
		t.err = err
		return false
	}
	t.rec = rec
	return true
}

// err returns the first error met while reading or converting fields.
func (t *table) Err() error { return t.err }

// fail records an error for the current record's column col (by name).
func (t *table) fail(col, format string, args ...any) {
	if t.err == nil {
		t.err = t.src.errorf(t.line, t.index[col]+1, col, format, args...)
	}
}

// unique records an error if key was already seen in this table; seen
// maps keys to the line they were first met on.
func (t *table) unique(seen map[string]int, key, col string) {
	if first, dup := seen[key]; dup {
		t.fail(col, "duplicate key %q (first on line %d)", key, first)
		return
	}
	seen[key] = t.line
}

// cip returns col as a normalised CIP code (see NormalizeCIP).
func (t *table) cip(col string) string {
	s := t.required(col)
	if s == "" {
		return ""
	}
	code, ok := NormalizeCIP(s)
	if !ok {
		t.fail(col, "want a CIP code such as 11.0701, got %q", s)
	}
	return code
}

// has reports whether the header has the column.
func (t *table) has(col string) bool {
	_, ok := t.index[col]
	return ok
}

// str returns the trimmed text of column col in the current record.
func (t *table) str(col string) string {
	i, ok := t.index[col]
	if !ok {
		t.fail(col, "no such column")
		return ""
	}
	return strings.TrimSpace(t.rec[i])
}

// required returns the text of col, recording an error if it is blank.
func (t *table) required(col string) string {
	s := t.str(col)
	if s == "" {
		t.fail(col, "want a value, got a blank field")
	}
	return s
}

// int returns col as an integer; it must be present. Values written as
// floats with a zero fraction ("238476.0") are accepted.
func (t *table) int(col string) int {
	s := t.required(col)
	if s == "" {
		return 0
	}
	n, ok := parseInt(s)
	if !ok {
		t.fail(col, "want a whole number, got %q", s)
	}
	return n
}

// optInt returns col as an integer, or nil if it is blank or one of the
// markers for unknown values.
func (t *table) optInt(col string, unknown ...string) *int {
	s := t.str(col)
	if s == "" || contains(unknown, s) {
		return nil
	}
	n, ok := parseInt(s)
	if !ok {
		t.fail(col, "want a whole number or blank, got %q", s)
		return nil
	}
	return &n
}

// float returns col as a number; it must be present.
func (t *table) float(col string) float64 {
	s := t.required(col)
	if s == "" {
		return 0
	}
	f, ok := parseFloat(s)
	if !ok {
		t.fail(col, "want a number, got %q", s)
	}
	return f
}

// optFloat returns col as a number, or nil if it is blank or one of the
// markers for unknown values (such as "*" or "PS").
func (t *table) optFloat(col string, unknown ...string) *float64 {
	s := t.str(col)
	if s == "" || contains(unknown, s) {
		return nil
	}
	f, ok := parseFloat(s)
	if !ok {
		t.fail(col, "want a number or blank, got %q", s)
		return nil
	}
	return &f
}

// flag returns col as a Y/N flag.
func (t *table) flag(col string) bool {
	switch s := t.str(col); s {
	case "Y":
		return true
	case "N":
		return false
	default:
		t.fail(col, "want Y or N, got %q", s)
		return false
	}
}

// oneOf returns the text of col, which must be one of allowed (a blank
// field is allowed only if "" is listed). It is for code lists such as
// "Core"/"Supplemental" or "yes"/"no", where an unexpected value most likely
// means the publisher changed the format and should stop the import.
func (t *table) oneOf(col string, allowed ...string) string {
	s := t.str(col)
	if !contains(allowed, s) {
		t.fail(col, "want one of %q, got %q", allowed, s)
	}
	return s
}

func parseInt(s string) (int, bool) {
	s = strings.ReplaceAll(s, ",", "")
	if n, err := strconv.Atoi(s); err == nil {
		return n, true
	}
	if f, err := strconv.ParseFloat(s, 64); err == nil && f == float64(int(f)) {
		return int(f), true
	}
	return 0, false
}

func parseFloat(s string) (float64, bool) {
	f, err := strconv.ParseFloat(strings.ReplaceAll(s, ",", ""), 64)
	if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
		return 0, false
	}
	return f, true
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

// orNone returns the records, or none with the error: a parser answers
// with records or with a *ParseError, never both, so that no caller can
// use half a file.
func orNone[T any](records []T, err error) ([]T, error) {
	if err != nil {
		return nil, err
	}
	return records, nil
}
