package importer

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"database/sql"
	"io"
	"io/fs"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/careerpath/careerpath/data"
)

// smallLines is how many lines the small release keeps of each large file.
const smallLines = 2500

// smallRelease returns the bundled release with each large file cut to
// its header and first smallLines-1 records, gzipped again where it was:
// an import of it takes a second and still joins institutions, programs,
// trends and outcomes (the IPEDS files are in UNITID order). The CIP
// codes, the crosswalk and the world universities are kept whole (the CIP
// file has quoted fields over several lines).
func smallRelease(t testing.TB) fs.FS {
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

// firstLines returns the first smallLines lines of a file, gunzipped and
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
	for range smallLines {
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

// checkAnyRelease checks what an import of any release stores: every
// dataset recorded with its counts, the programs of the summary, each at
// an institution of the directory.
func checkAnyRelease(t *testing.T, sum *Summary, path string) {
	t.Helper()
	db, err := sql.Open("sqlite", "file:"+path+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var datasets, programs, orphans int
	if err := db.QueryRow(`SELECT (SELECT count(*) FROM datasets), (SELECT count(*) FROM programs),
		(SELECT count(*) FROM programs p WHERE NOT EXISTS (SELECT 1 FROM institutions i WHERE i.unitid = p.unitid))`).Scan(&datasets, &programs, &orphans); err != nil {
		t.Fatal(err)
	}
	if datasets != 17 || programs == 0 || programs != sum.Programs.Programs || orphans != 0 {
		t.Errorf("%d datasets (want 17), %d programs (summary %d), %d at no institution (want 0)", datasets, programs, sum.Programs.Programs, orphans)
	}
	for _, r := range sum.Results {
		var read, stored, rejected int
		if err := db.QueryRow(`SELECT rows_read, rows_stored, rows_rejected FROM datasets WHERE id = ?`, r.Dataset).Scan(&read, &stored, &rejected); err != nil {
			t.Errorf("dataset %s: %v", r.Dataset, err)
		} else if read != r.Read || stored != r.Stored || rejected != r.Rejected() || read == 0 {
			t.Errorf("dataset %s: stored %d read, %d stored, %d rejected; the import said %d, %d, %d", r.Dataset, read, stored, rejected, r.Read, r.Stored, r.Rejected())
		}
	}
}
