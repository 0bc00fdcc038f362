package catalog

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"strings"
	"unicode/utf8"
)

// maxLineFactor sets the longest JSON Lines line kept in memory, as a
// multiple of MaxField: room for every field at its limit, with escapes.
const maxLineFactor = 16

// parseJSONL reads one JSON object a line. Blank lines are skipped.
func (p *parser) parseJSONL(br *bufio.Reader) {
	maxLine := maxLineFactor * p.opt.MaxField
	var buf []byte
	lineNo, rows := 0, 0
	for {
		var size int64
		var err error
		buf, size, err = readLine(br, buf[:0], maxLine)
		if size == 0 && err != nil {
			if err != io.EOF {
				p.readFailed(lineNo+1, err)
			}
			break
		}
		lineNo++
		if err != nil && err != io.EOF {
			p.readFailed(lineNo, err) // the line is cut short: nothing to say about it
			break
		}
		line := bytes.TrimRight(buf, "\r\n")
		if len(bytes.TrimSpace(line)) > 0 || size > int64(len(buf)) {
			rows++
			p.jsonLine(lineNo, line, size, size > int64(len(buf)))
		}
		if err != nil {
			if err != io.EOF {
				p.readFailed(lineNo, err)
			}
			break
		}
	}
	if rows == 0 && p.fatal == nil {
		if lineNo == 0 {
			p.add(1, 0, "", "empty file: want one JSON object a line, such as {\"institution\": \"...\", \"program\": \"...\"}")
		} else {
			p.add(lineNo, 0, "", "no entries: the file has only blank lines")
		}
	}
}

// readLine appends the next line of br (with its newline) to buf, keeping
// at most max bytes of it, and returns the line's full size.
func readLine(br *bufio.Reader, buf []byte, max int) ([]byte, int64, error) {
	var size int64
	for {
		frag, err := br.ReadSlice('\n')
		size += int64(len(frag))
		if room := max - len(buf); room > 0 {
			buf = append(buf, frag[:min(room, len(frag))]...)
		}
		if err != bufio.ErrBufferFull {
			return buf, size, err
		}
	}
}

// jsonLine validates one line; size is its length in the file, and
// truncated says the line was cut at the limit.
func (p *parser) jsonLine(lineNo int, line []byte, size int64, truncated bool) {
	col := func(off int) int {
		off = min(max(off, 0), len(line))
		return utf8.RuneCount(line[:off]) + 1
	}
	rec := record{line: lineNo, col: col(skipSpace(line, 0, ""))}
	dec := json.NewDecoder(bytes.NewReader(line))
	dec.UseNumber()
	var key string // the key whose value is being read
	var valStart int
	fail := func(err error) {
		switch {
		case truncated:
			if key != "" {
				p.add(lineNo, col(valStart), key, "value larger than the limit of %s (the line is %d bytes)", sizeString(int64(p.opt.MaxField)), size)
			} else {
				p.add(lineNo, 0, "", "line is %d bytes, over the limit of %s for one entry", size, sizeString(int64(maxLineFactor*p.opt.MaxField)))
			}
		case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
			p.add(lineNo, col(len(line)), key, "unexpected end of line: the JSON object is not closed (each entry must be on one line)")
		default:
			off := len(line)
			var se *json.SyntaxError
			if errors.As(err, &se) {
				off = int(se.Offset) // bytes read before the offending one
			}
			p.add(lineNo, col(off), key, "invalid JSON: %s", strings.TrimPrefix(err.Error(), "json: "))
		}
	}
	tok, err := dec.Token()
	if err != nil {
		fail(err)
		return
	}
	if d, ok := tok.(json.Delim); !ok || d != '{' {
		if d == '[' {
			p.add(lineNo, rec.col, "", "want one JSON object a line (JSON Lines), not a JSON array")
		} else {
			p.add(lineNo, rec.col, "", "want a JSON object on each line")
		}
		return
	}
	seen := map[string]bool{}
	for dec.More() {
		keyStart := skipSpace(line, int(dec.InputOffset()), ",")
		key = ""
		tok, err := dec.Token()
		if err != nil {
			fail(err)
			return
		}
		name, _ := tok.(string)
		keyEnd := int(dec.InputOffset())
		if bad := invalidUTF8(line[keyStart:keyEnd]); bad >= 0 {
			p.add(lineNo, col(keyStart+bad), "", "invalid UTF-8 in a key: the file must be UTF-8 encoded")
			name = strings.ToValidUTF8(name, "\uFFFD")
		}
		key = strings.TrimSpace(name)
		valStart = skipSpace(line, keyEnd, ":")
		tok, err = dec.Token()
		if err != nil {
			fail(err)
			return
		}
		f := field{present: true, line: lineNo, col: col(valStart)}
		switch v := tok.(type) {
		case string:
			f.kind, f.size = kindString, int64(len(v))
			if len(v) > p.opt.MaxField {
				f.tooLarge = true
			} else {
				f.val = strings.TrimSpace(v)
			}
			if bad := invalidUTF8(line[valStart:dec.InputOffset()]); bad >= 0 {
				f.badLine, f.badCol = lineNo, col(valStart+bad)
			}
			if i := strings.IndexFunc(v, isControl); i >= 0 && !f.tooLarge {
				// Raw control characters fail to decode, so this one was
				// written as an escape; point at the value.
				r, _ := utf8.DecodeRuneInString(v[i:])
				f.ctrl, f.ctrlLine, f.ctrlCol = r, lineNo, f.col
			}
		case json.Number:
			f.kind, f.val = kindNumber, v.String()
		case nil:
			f.kind = kindNull
		case json.Delim:
			f.kind = kindOther
			if err := skipValue(dec); err != nil {
				fail(err)
				return
			}
		default:
			f.kind = kindOther
		}
		c := columnIndex(strings.ToLower(key))
		switch {
		case c < 0:
			if !p.opt.IgnoreUnknown {
				p.add(lineNo, col(keyStart), key, "unknown field %q%s: the fields are %s", key, suggest(strings.ToLower(key)), strings.Join(columns[:], ", "))
			}
		case seen[columns[c]]:
			p.add(lineNo, col(keyStart), columns[c], "field %q appears twice in the object", columns[c])
		default:
			seen[columns[c]] = true
			rec.f[c] = f
		}
	}
	key = ""
	if _, err := dec.Token(); err != nil { // the closing brace
		fail(err)
		return
	}
	if end := skipSpace(line, int(dec.InputOffset()), ""); end < len(line) {
		p.add(lineNo, col(end), "", "unexpected text after the JSON object: one object a line")
		return
	}
	p.row(&rec, true)
}

// skipValue skips the rest of an object or array whose opening delimiter
// the decoder just returned.
func skipValue(dec *json.Decoder) error {
	for depth := 1; depth > 0; {
		tok, err := dec.Token()
		if err != nil {
			return err
		}
		if d, ok := tok.(json.Delim); ok {
			if d == '{' || d == '[' {
				depth++
			} else {
				depth--
			}
		}
	}
	return nil
}

// skipSpace returns the offset of the first byte at or after off that is
// neither JSON whitespace nor one of the separators in seps.
func skipSpace(b []byte, off int, seps string) int {
	for off < len(b) {
		switch c := b[off]; {
		case c == ' ' || c == '\t' || c == '\r' || c == '\n':
		case strings.IndexByte(seps, c) >= 0:
		default:
			return off
		}
		off++
	}
	return off
}

// invalidUTF8 returns the offset of the first byte of b that is not valid
// UTF-8, or -1.
func invalidUTF8(b []byte) int {
	for i := 0; i < len(b); {
		r, size := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && size == 1 {
			return i
		}
		i += size
	}
	return -1
}
