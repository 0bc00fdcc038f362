package catalog

import (
	"bufio"
	"io"
	"strings"
	"unicode/utf8"
)

// A hand-written CSV reader rather than encoding/csv, which holds a whole
// record in memory before it can say anything about it: this one stops
// keeping a value at MaxField bytes (still reading past it to report its
// size), keeps no more fields than the header has, and knows the line and
// column of every value, of the first invalid UTF-8 byte and of any
// control character, so that each problem can point at its place.
//
// The dialect is RFC 4180: comma-separated, fields optionally in double
// quotes with "" for a quote inside; CRLF, LF and CR line endings; blank
// lines skipped. A quote inside an unquoted field is taken literally.

// maxColumns bounds the fields kept of a header row.
const maxColumns = 64

// runeReader reads runes and tracks the position of the next one. Line
// endings (CRLF, LF, CR) all read as '\n'.
type runeReader struct {
	br        *bufio.Reader
	line, col int
	err       error // first read error other than io.EOF
}

func newRuneReader(br *bufio.Reader) *runeReader {
	return &runeReader{br: br, line: 1, col: 1}
}

// next returns the next rune and its size in bytes (1 for an invalid
// UTF-8 byte, returned as utf8.RuneError), or size 0 at the end of input.
func (r *runeReader) next() (rune, int) {
	if r.err != nil {
		return 0, 0
	}
	c, size, err := r.br.ReadRune()
	if err != nil {
		if err != io.EOF {
			r.err = err
		}
		return 0, 0
	}
	switch c {
	case '\r':
		if b, err := r.br.Peek(1); err == nil && b[0] == '\n' {
			r.br.Discard(1)
			size++
		}
		c = '\n'
		fallthrough
	case '\n':
		r.line++
		r.col = 1
	default:
		r.col++
	}
	return c, size
}

// peek returns the next byte, or -1 at the end of input.
func (r *runeReader) peek() int {
	if r.err != nil {
		return -1
	}
	b, err := r.br.Peek(1)
	if err != nil {
		if err != io.EOF {
			r.err = err
		}
		return -1
	}
	return int(b[0])
}

// field is one value of a record as read, before validation.
type field struct {
	present   bool
	val       string // trimmed; "" when tooLarge
	line, col int    // where the value starts
	size      int64  // bytes in the value, counted past MaxField
	tooLarge  bool
	// badLine and badCol locate the first invalid UTF-8 byte (0 if none);
	// ctrl is the first control character, at ctrlLine:ctrlCol.
	badLine, badCol   int
	ctrl              rune
	ctrlLine, ctrlCol int
	kind              kind // JSON type; kindString for CSV
}

type kind int

const (
	kindString kind = iota
	kindNumber
	kindNull
	kindOther // bool, object or array
)

// csvReader reads records of CSV text.
type csvReader struct {
	r        *runeReader
	p        *parser
	maxField int
	buf      []byte
}

// readRecord reads the next non-blank record, keeping at most keep fields
// in out (reused), and returns them with the number of fields the record
// has. It returns ok false at the end of input.
func (c *csvReader) readRecord(out []field, keep int) (_ []field, n int, ok bool) {
	for {
		switch c.r.peek() {
		case -1:
			return out[:0], 0, false
		case '\n', '\r':
			c.r.next()
			continue
		}
		out, n = out[:0], 0
		for {
			var f field
			end := c.readField(&f)
			if n < keep {
				out = append(out, f)
			}
			n++
			if end {
				break
			}
		}
		if n == 1 && out[0].val == "" && !out[0].tooLarge && out[0].badLine == 0 && out[0].ctrlLine == 0 {
			continue // a line of blanks
		}
		return out, n, true
	}
}

// readField reads one field and reports whether it ended its record.
func (c *csvReader) readField(f *field) (end bool) {
	f.present = true
	f.line, f.col = c.r.line, c.r.col
	c.buf = c.buf[:0]
	defer func() {
		if !f.tooLarge {
			f.val = strings.TrimSpace(string(c.buf))
		}
	}()
	if c.r.peek() == '"' {
		c.r.next()
		for {
			line, col := c.r.line, c.r.col
			r, size := c.r.next()
			switch {
			case size == 0:
				if c.r.err == nil {
					c.p.add(f.line, f.col, "", "quoted field never closed: the quote opened here has no closing quote before the end of the file")
				}
				return true
			case r == '"':
				switch c.r.peek() {
				case '"':
					c.r.next()
					c.keep(f, '"', 1, line, col)
					continue
				case ',':
					c.r.next()
					return false
				case '\n', '\r', -1:
					c.r.next()
					return true
				}
				c.p.add(c.r.line, c.r.col, "", "unexpected text after the closing quote of the field that starts at %d:%d; write a quote inside a quoted field as \"\"", f.line, f.col)
				return c.unquoted(f)
			default:
				c.keep(f, r, size, line, col)
			}
		}
	}
	return c.unquoted(f)
}

// unquoted reads the rest of a field up to a comma or a line end.
func (c *csvReader) unquoted(f *field) (end bool) {
	for {
		line, col := c.r.line, c.r.col
		r, size := c.r.next()
		switch {
		case size == 0:
			return true
		case r == ',':
			return false
		case r == '\n':
			return true
		}
		c.keep(f, r, size, line, col)
	}
}

// keep adds r to the field's value unless the value is over the limit,
// noting invalid UTF-8 and control characters.
func (c *csvReader) keep(f *field, r rune, size, line, col int) {
	if r == utf8.RuneError && size == 1 && f.badLine == 0 {
		f.badLine, f.badCol = line, col
	} else if isControl(r) && f.ctrlLine == 0 {
		f.ctrl, f.ctrlLine, f.ctrlCol = r, line, col
	}
	f.size += int64(size)
	if f.tooLarge {
		return
	}
	if len(c.buf)+size > c.maxField {
		f.tooLarge = true
		c.buf = c.buf[:0]
		return
	}
	c.buf = utf8.AppendRune(c.buf, r)
}

// isControl reports characters that have no place in catalog text; tabs
// and line breaks (inside quoted fields) are allowed.
func isControl(r rune) bool {
	return r < 0x20 && r != '\t' && r != '\n' || r == 0x7f
}

// parseCSV reads a header row and the entries below it.
func (p *parser) parseCSV(br *bufio.Reader) {
	c := &csvReader{r: newRuneReader(br), p: p, maxField: p.opt.MaxField}
	defer func() {
		if c.r.err != nil {
			p.readFailed(c.r.line, c.r.err)
		}
	}()
	hdr, n, ok := c.readRecord(nil, maxColumns)
	if c.r.err != nil {
		return // a record cut short by a read error says nothing
	}
	if !ok {
		if c.r.err == nil {
			p.add(1, 0, "", "empty file: want a header row naming the columns (institution, program, ...) and one row per program")
		}
		return
	}
	if n > maxColumns {
		p.add(hdr[0].line, 0, "", "header has %d columns; a catalog has at most %d", n, len(columns))
	}
	// index[i] is the catalog column of header field i, or -1.
	index := make([]int, len(hdr))
	have := map[int]int{}
	for i := range hdr {
		h := &hdr[i]
		index[i] = -1
		name := strings.ToLower(h.val)
		switch {
		case h.tooLarge:
			p.add(h.line, h.col, "", "column name is %d bytes long: is the first line a header row?", h.size)
			continue
		case h.badLine != 0:
			p.add(h.badLine, h.badCol, "", "invalid UTF-8 in the header: the file must be UTF-8 encoded")
			continue
		case name == "":
			continue // a column without a name: its values must be empty
		}
		col := columnIndex(name)
		if col < 0 {
			if !p.opt.IgnoreUnknown {
				p.add(h.line, h.col, h.val, "unknown column %q%s: the columns are %s", h.val, suggest(name), strings.Join(columns[:], ", "))
			}
			continue
		}
		if j, dup := have[col]; dup {
			p.add(h.line, h.col, columns[col], "column %q appears twice in the header (also column %d)", columns[col], j+1)
			continue
		}
		have[col] = i
		index[i] = col
	}
	for _, col := range []int{colInstitution, colProgram} {
		if _, ok := have[col]; !ok {
			p.absent[col] = true
			p.add(hdr[0].line, 0, columns[col], "missing required column %q in the header", columns[col])
		}
	}

	var rec record
	var buf []field
	rows := 0
	for {
		var n int
		buf, n, ok = c.readRecord(buf, len(hdr)+1)
		if !ok || c.r.err != nil {
			break
		}
		rows++
		rec = record{line: buf[0].line, col: buf[0].col}
		if n != len(hdr) {
			if n > len(hdr) {
				extra := buf[len(hdr)]
				p.add(extra.line, extra.col, "", "row has %d fields, the header has %d", n, len(hdr))
			} else {
				last := buf[len(buf)-1]
				p.add(last.line, last.col, "", "row has %d fields, the header has %d", n, len(hdr))
			}
		}
		for i := 0; i < len(buf) && i < len(hdr); i++ {
			f := buf[i]
			if col := index[i]; col >= 0 {
				rec.f[col] = f
			} else if hdr[i].val == "" && !hdr[i].tooLarge && (f.val != "" || f.tooLarge) && !p.opt.IgnoreUnknown {
				p.add(f.line, f.col, "", "value in column %d, which has no name in the header", i+1)
			}
		}
		p.row(&rec, false)
	}
	if rows == 0 && c.r.err == nil {
		p.add(c.r.line, 0, "", "no entries: the file has a header row but no programs")
	}
}
