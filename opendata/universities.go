package opendata

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"sort"
	"unicode/utf8"
)

// WorldUniversity is one entry of the world universities list
// (world_universities_and_domains.json). It has no city and no
// coordinates.
type WorldUniversity struct {
	Name          string
	Country       string   // English name, "United States"
	CountryCode   string   // alpha_two_code, ISO 3166 alpha-2, "US"
	StateProvince string   // "" where the list has none (null), as for most entries
	Domains       []string // e-mail and web domains, "mit.edu"
	WebPages      []string // home pages, "https://www.mit.edu/"
}

// worldUniversity is an entry as written. Pointers tell a missing key
// (a renamed field) from an empty value; State is raw so that a present
// null differs from an absent key.
type worldUniversity struct {
	Name     *string         `json:"name"`
	Country  *string         `json:"country"`
	Code     *string         `json:"alpha_two_code"`
	State    json.RawMessage `json:"state-province"`
	Domains  *[]string       `json:"domains"`
	WebPages *[]string       `json:"web_pages"`
}

// ParseWorldUniversities reads the JSON array of world universities,
// gzipped or not, one entry at a time. Every entry needs name, country,
// alpha_two_code (two capital letters), domains and web_pages, and a
// state-province key (null allowed); other keys are ignored. There is no
// unique key: 19 (name, country code) pairs repeat in the bundled list
// (the same institution entered twice, or different ones sharing a name).
//
// Errors give the line and the byte column in the (decompressed) JSON text
// and the key of the entry where it is known. JSON decoding would replace
// invalid UTF-8 silently, so it is checked first.
func ParseWorldUniversities(src Source, r io.Reader) ([]WorldUniversity, error) {
	r, err := decompress(src, r)
	if err != nil {
		return nil, err
	}
	br := bufio.NewReader(r)
	if bom, _ := br.Peek(3); bytes.Equal(bom, []byte("\uFEFF")) {
		br.Discard(3)
	}
	p := &jsonReader{src: src, r: br}
	dec := json.NewDecoder(p)

	tok, err := dec.Token()
	if err == io.EOF {
		return nil, src.errorf(1, 0, "", "empty file: want a JSON array")
	} else if err != nil {
		return nil, p.fail(dec, err, "")
	}
	if tok != json.Delim('[') {
		return nil, p.errorAt(0, "", "want a JSON array of universities, got %v", tokenKind(tok))
	}
	var out []WorldUniversity
	for dec.More() {
		p.forget(dec.InputOffset())
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			return nil, p.fail(dec, err, "")
		}
		start := dec.InputOffset() - int64(len(raw))
		u, err := p.university(raw, start)
		if err != nil {
			return nil, err
		}
		out = append(out, u)
	}
	if _, err := dec.Token(); err != nil { // the closing ]
		return nil, p.fail(dec, err, "")
	}
	if tok, err := dec.Token(); err == nil {
		return nil, p.errorAt(dec.InputOffset()-1, "", "unexpected %v after the array", tokenKind(tok))
	} else if err != io.EOF {
		return nil, p.fail(dec, err, "")
	}
	return out, nil
}

// university decodes one entry whose text is raw, starting at byte offset
// start of the input.
func (p *jsonReader) university(raw json.RawMessage, start int64) (WorldUniversity, error) {
	if !utf8.Valid(raw) {
		i := invalidUTF8(raw)
		return WorldUniversity{}, p.errorAt(start+int64(i), keyAt(raw, i), "invalid UTF-8 in field")
	}
	var w worldUniversity
	if err := json.Unmarshal(raw, &w); err != nil {
		var terr *json.UnmarshalTypeError
		if errors.As(err, &terr) {
			if terr.Field == "" {
				return WorldUniversity{}, p.errorAt(start, "", "want an object for each university, got %s", terr.Value)
			}
			return WorldUniversity{}, p.errorAt(start+terr.Offset-1, terr.Field, "want %s, got %s", jsonKind(terr.Type.String()), terr.Value)
		}
		return WorldUniversity{}, p.fail(nil, err, "") // cannot happen: Decode checked the syntax
	}
	u := WorldUniversity{}
	for _, f := range []struct {
		key string
		v   *string
		dst *string
	}{{"name", w.Name, &u.Name}, {"country", w.Country, &u.Country}, {"alpha_two_code", w.Code, &u.CountryCode}} {
		if f.v == nil || *f.v == "" {
			return u, p.errorAt(start, f.key, "want a value, got a missing, null or empty field")
		}
		*f.dst = *f.v
	}
	if c := u.CountryCode; len(c) != 2 || c[0] < 'A' || c[0] > 'Z' || c[1] < 'A' || c[1] > 'Z' {
		return u, p.errorAt(start, "alpha_two_code", "want a code of 2 capital letters, got %q", c)
	}
	if w.Domains == nil {
		return u, p.errorAt(start, "domains", "want an array of domains, got a missing or null field")
	}
	if w.WebPages == nil {
		return u, p.errorAt(start, "web_pages", "want an array of web pages, got a missing or null field")
	}
	u.Domains, u.WebPages = *w.Domains, *w.WebPages
	switch {
	case w.State == nil:
		return u, p.errorAt(start, "state-province", "missing field")
	case string(w.State) != "null":
		if err := json.Unmarshal(w.State, &u.StateProvince); err != nil {
			return u, p.errorAt(start, "state-province", "want a string or null, got %s", w.State)
		}
	}
	return u, nil
}

// jsonReader passes the input to a json.Decoder, remembering where lines
// start, to turn byte offsets into lines and columns, and the bytes of the
// current entry (the decoder reads ahead), to find where in it a syntax
// error is.
type jsonReader struct {
	src      Source
	r        io.Reader
	off      int64   // bytes read so far
	newlines []int64 // offsets of every '\n' read
	base     int64   // offset of buf[0]
	buf      []byte  // input from base to off
}

func (p *jsonReader) Read(b []byte) (int, error) {
	n, err := p.r.Read(b)
	for i, c := range b[:n] {
		if c == '\n' {
			p.newlines = append(p.newlines, p.off+int64(i))
		}
	}
	p.buf = append(p.buf, b[:n]...)
	p.off += int64(n)
	return n, err
}

// forget drops the kept bytes before offset off.
func (p *jsonReader) forget(off int64) {
	if off > p.base && off <= p.off {
		p.buf = p.buf[off-p.base:]
		p.base = off
	}
}

// position returns the 1-based line and byte column of offset off.
func (p *jsonReader) position(off int64) (line, col int) {
	if off < 0 {
		off = 0
	}
	i := sort.Search(len(p.newlines), func(i int) bool { return p.newlines[i] >= off })
	lineStart := int64(0)
	if i > 0 {
		lineStart = p.newlines[i-1] + 1
	}
	return i + 1, int(off-lineStart) + 1
}

func (p *jsonReader) errorAt(off int64, field, format string, args ...any) *ParseError {
	line, col := p.position(off)
	return p.src.errorf(line, col, field, format, args...)
}

// fail turns an error of dec into a ParseError. The decoder leaves its
// offset at the start of the value it failed to read; a syntax error is
// located within that value by decoding it again from the kept bytes, as
// the offset in the error counts from an unspecified point.
func (p *jsonReader) fail(dec *json.Decoder, err error, field string) *ParseError {
	var off int64
	if dec != nil {
		off = dec.InputOffset()
	}
	var serr *json.SyntaxError
	switch {
	case errors.As(err, &serr):
		if dec != nil && off >= p.base && off <= p.off {
			var raw json.RawMessage
			again := json.NewDecoder(bytes.NewReader(p.buf[off-p.base:]))
			if errors.As(again.Decode(&raw), &serr) && serr.Offset > 0 {
				off += serr.Offset - 1
			}
		}
		return p.errorAt(off, field, "invalid JSON: %v", serr)
	case errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, io.EOF):
		// The caller handles the expected EOFs (empty input, end after
		// the array): any other is the input ending too soon.
		return p.errorAt(p.off, field, "truncated input (%v)", io.ErrUnexpectedEOF)
	default:
		var perr *ParseError
		if errors.As(err, &perr) {
			return perr
		}
		return p.errorAt(p.off, field, "read: %v", readErr(err))
	}
}

// invalidUTF8 returns the index of the first invalid UTF-8 sequence in b.
func invalidUTF8(b []byte) int {
	for i := 0; i < len(b); {
		r, size := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && size <= 1 {
			return i
		}
		i += size
	}
	return len(b)
}

// keyAt returns the top-level key of the JSON object raw whose key or
// value holds byte i, or "" if there is none.
func keyAt(raw []byte, i int) string {
	dec := json.NewDecoder(bytes.NewReader(raw))
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		return ""
	}
	for dec.More() {
		tok, err := dec.Token()
		key, ok := tok.(string)
		if err != nil || !ok {
			return ""
		}
		if dec.InputOffset() > int64(i) {
			return key
		}
		var v json.RawMessage
		if err := dec.Decode(&v); err != nil {
			return ""
		}
		if dec.InputOffset() > int64(i) {
			return key
		}
	}
	return ""
}

// tokenKind names a JSON token for an error message.
func tokenKind(tok json.Token) string {
	switch v := tok.(type) {
	case json.Delim:
		return fmt.Sprintf("%q", string(v))
	case string:
		return "string"
	case nil:
		return "null"
	case bool:
		return "boolean"
	default:
		return "number"
	}
}

// jsonKind names a Go type of worldUniversity in JSON terms.
func jsonKind(goType string) string {
	switch goType {
	case "string":
		return "a string"
	case "[]string":
		return "an array of strings"
	}
	return goType
}
