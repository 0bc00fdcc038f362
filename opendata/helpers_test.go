package opendata

import (
	"bytes"
	"compress/gzip"
	"errors"
	"io"
	"io/fs"
	"strings"
	"testing"

	"github.com/careerpath/careerpath/data"
)

// openBundled opens a file of the bundled data release.
func openBundled(t testing.TB, name string) fs.File {
	t.Helper()
	f, err := data.FS.Open(name)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

func gzipBytes(t testing.TB, s string) []byte {
	t.Helper()
	var b bytes.Buffer
	zw := gzip.NewWriter(&b)
	if _, err := zw.Write([]byte(s)); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// checkFuzzResult asserts the contract every parser keeps on any input:
// either records or a *ParseError, never both and never a panic.
func checkFuzzResult[T any](t *testing.T, rows []T, err error) {
	t.Helper()
	if err == nil {
		return
	}
	var perr *ParseError
	if !errors.As(err, &perr) {
		t.Fatalf("error %v (%T) is not a *ParseError", err, err)
	}
	if perr.Dataset == "" || perr.File == "" {
		t.Fatalf("error %v does not name its dataset and file", err)
	}
	if rows != nil {
		t.Fatalf("%d records returned with error %v, want none", len(rows), err)
	}
}

// badInput is one malformed input and the text its error must hold,
// typically "file:line:column: field F: message".
type badInput struct {
	name, in, want string
}

// expectParseErrors checks that parse fails on every input with a
// *ParseError, and no records, whose message contains the wanted text.
func expectParseErrors[T any](t *testing.T, fn string, parse func(Source, io.Reader) ([]T, error), src Source, tests []badInput) {
	t.Helper()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rows, err := parse(src, strings.NewReader(tt.in))
			var perr *ParseError
			if !errors.As(err, &perr) {
				t.Fatalf("%s(%s) error = %v, want a *ParseError", fn, tt.name, err)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("%s(%s) error = %q, want it to contain %q", fn, tt.name, err, tt.want)
			}
			if rows != nil {
				t.Errorf("%s(%s) returned %d records with its error, want none", fn, tt.name, len(rows))
			}
		})
	}
}

// cutGzip returns s gzipped and cut short, as a download broken off before
// its end would be.
func cutGzip(t testing.TB, s string) string {
	b := gzipBytes(t, s)
	return string(b[:len(b)-12])
}

// ptr returns a pointer to v, for optional fields in wanted records.
func ptr[T any](v T) *T { return &v }

// samePtr reports whether two optional values are both nil or equal.
func samePtr[T comparable](a, b *T) bool {
	if a == nil || b == nil {
		return a == b
	}
	return *a == *b
}
