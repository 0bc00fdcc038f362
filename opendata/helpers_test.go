package opendata

import (
	"bytes"
	"compress/gzip"
	"errors"
	"io/fs"
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
}
