// Package importtest gives tests a small open-data release: the bundled
// one cut short, which imports in about a second into any store and still
// joins institutions, programs, trends and outcomes.
package importtest

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"io"
	"io/fs"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/careerpath/careerpath/data"
)

// SmallLines is how many lines the small release keeps of each large file.
const SmallLines = 2500

// SmallRelease returns the bundled release with each large file cut to
// its header and first SmallLines-1 records, gzipped again where it was:
// an import of it takes a second and still joins institutions, programs,
// trends and outcomes (the IPEDS files are in UNITID order). The CIP
// codes, the crosswalk and the world universities are kept whole (the CIP
// file has quoted fields over several lines).
func SmallRelease(t testing.TB) fs.FS {
	t.Helper()
	whole := map[string]bool{"cip-2020/CIPCode2020.csv.gz": true, "cip-soc-2020/cip2020_soc2018_crosswalk.csv": true,
		"world-universities/world_universities_and_domains.json.gz": true}
	out := fstest.MapFS{}
	err := fs.WalkDir(data.FS, ".", func(name string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(data.FS, name)
		if err != nil {
			return err
		}
		if len(b) > 250_000 && !whole[name] {
			if b, err = firstLines(b, strings.HasSuffix(name, ".gz")); err != nil {
				return err
			}
		}
		out[name] = &fstest.MapFile{Data: b}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// firstLines returns the first SmallLines lines of a file, gunzipped and
// gzipped again if gz.
func firstLines(b []byte, gz bool) ([]byte, error) {
	var r io.Reader = bytes.NewReader(b)
	if gz {
		zr, err := gzip.NewReader(r)
		if err != nil {
			return nil, err
		}
		r = zr
	}
	var buf bytes.Buffer
	lines := bufio.NewReader(r)
	for range SmallLines {
		line, err := lines.ReadBytes('\n')
		buf.Write(line)
		if err == io.EOF {
			break
		} else if err != nil {
			return nil, err
		}
	}
	if !gz {
		return buf.Bytes(), nil
	}
	var z bytes.Buffer
	zw := gzip.NewWriter(&z)
	zw.Write(buf.Bytes())
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return z.Bytes(), nil
}
