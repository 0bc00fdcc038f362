package importer

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"errors"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/careerpath/careerpath/data"
	"github.com/careerpath/careerpath/importer/importtest"
	"github.com/careerpath/careerpath/opendata"
)

func quiet() Progress {
	return NewProgress(io.Discard, false, slog.New(slog.NewTextHandler(io.Discard, nil)))
}

// overlay replaces some files of a release.
type overlay struct {
	fs.FS
	files map[string][]byte
}

func (o overlay) Open(name string) (fs.File, error) {
	if b, ok := o.files[name]; ok {
		return fstest.MapFS{name: {Data: b}}.Open(name)
	}
	return o.FS.Open(name)
}

func importInto(t *testing.T, release fs.FS, path string) (*Summary, error) {
	t.Helper()
	return Run(context.Background(), Options{Data: release, DBPath: path, Progress: quiet()})
}

func fileHash(t *testing.T, path string) [32]byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return sha256.Sum256(b)
}

// TestImport imports the bundled release, checks golden facts in the
// database, then shows that a corrupted release leaves it untouched and
// that a second import of the same release stores the same data. With
// -short it imports the small release (importtest.SmallRelease) and checks what
// holds of any release.
func TestImport(t *testing.T) {
	release := fs.FS(data.FS)
	if testing.Short() {
		release = importtest.SmallRelease(t)
	}
	dir := t.TempDir()
	path := filepath.Join(dir, "careerpath.db")
	sum, err := importInto(t, release, path)
	if err != nil {
		t.Fatal(err)
	}
	if testing.Short() {
		checkAnyRelease(t, sum, path)
	} else {
		checkGolden(t, sum, path)
	}
	var text strings.Builder
	sum.WriteText(&text)
	for _, want := range []string{"dataset", "ipeds-institutions", "total", "programs: ", "import took "} {
		if !strings.Contains(text.String(), want) {
			t.Errorf("Summary.WriteText lacks %q:\n%s", want, text.String())
		}
	}

	before := fileHash(t, path)
	t.Run("corrupt release leaves the database untouched", func(t *testing.T) {
		good, err := fs.ReadFile(release, "scorecard/fos_bachelors_2023.csv.gz")
		if err != nil {
			t.Fatal(err)
		}
		bad := overlay{release, map[string][]byte{"scorecard/fos_bachelors_2023.csv.gz": good[:len(good)/2]}}
		_, err = importInto(t, bad, path)
		var perr *opendata.ParseError
		if !errors.As(err, &perr) || perr.File != "scorecard/fos_bachelors_2023.csv.gz" || !strings.Contains(err.Error(), "truncated") {
			t.Fatalf("import of a truncated file: error = %v, want a ParseError naming the file", err)
		}
		if fileHash(t, path) != before {
			t.Error("the failed import changed the database")
		}
		assertNoLeftovers(t, dir)
	})
	t.Run("idempotent", func(t *testing.T) {
		first := tableDigest(t, path)
		if _, err := importInto(t, release, path); err != nil {
			t.Fatal(err)
		}
		if tableDigest(t, path) != first {
			t.Error("a second import of the same release stored different programs or institutions")
		}
		assertNoLeftovers(t, dir)
	})
}

// checkGolden checks facts of the bundled release in the database.
func checkGolden(t *testing.T, sum *Summary, path string) {
	t.Helper()
	results := map[string]Result{}
	for _, r := range sum.Results {
		results[r.Dataset] = r
	}
	for id, want := range map[string]int{
		opendata.DatasetCompletions: 267595, opendata.DatasetInstitution: 6072, opendata.DatasetOEWS: 1403,
		opendata.DatasetCIP: 2847, opendata.DatasetCrosswalk: 6097, opendata.DatasetTrends: 133330, opendata.DatasetScorecard: 13746,
	} {
		if got := results[id].Read; got != want {
			t.Errorf("%s rows read = %d, want %d", id, got, want)
		}
	}
	if got := sum.Programs.Programs; got != 267595 {
		t.Errorf("programs = %d, want 267595 (one per completions row)", got)
	}
	if sum.Programs.ScorecardMatched == 0 || sum.Programs.ScorecardMatched > sum.Programs.ScorecardRows {
		t.Errorf("Scorecard rows matched = %d of %d", sum.Programs.ScorecardMatched, sum.Programs.ScorecardRows)
	}

	db, err := sql.Open("sqlite", "file:"+path+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	queries := []struct {
		q    string
		want string
	}{
		{"SELECT SUM(completers) FROM programs WHERE cip = '11.0701' AND award = 5", "44627"},
		{"SELECT name FROM programs WHERE cip = '11.0701' LIMIT 1", "Computer Science"},
		{"SELECT a_median FROM oews_wages WHERE soc = '15-2051' AND o_group = 'detailed'", "112590"},
		{"SELECT change_pct FROM bls_projections WHERE soc = '15-2051'", "33.5"},
		{"SELECT title FROM cip_codes WHERE code = '11.0701'", "Computer Science."},
		// MIT: city, control and a bachelor's CS program with a trend.
		{"SELECT city || '|' || state || '|' || control FROM institutions WHERE unitid = 166683", "Cambridge|MA|2"},
		{"SELECT COUNT(*) FROM programs WHERE unitid = 166683 AND cip = '11.0701' AND award = 5 AND trend IS NOT NULL", "1"},
		// Unknown stays unknown: no OEWS wage is stored as 0.
		{"SELECT COUNT(*) FROM oews_wages WHERE a_median = 0 OR annual_mean = 0", "0"},
		{"SELECT COUNT(*) FROM datasets", "17"},
		// Graduate tuition (IPEDS IC2022_AY) and the ZIP gazetteer, whose
		// swapped-coordinate rows are rejected and counted.
		{"SELECT CAST(grad_tuition_in_state AS INTEGER) || '|' || CAST(grad_tuition_out_of_state AS INTEGER) FROM institutions WHERE unitid = 139755", "14064|29140"},
		{"SELECT rows_read || '|' || rows_stored || '|' || rows_rejected FROM datasets WHERE id = 'ipeds-grad-tuition'", "3876|1989|1887"}, // 2,024 report one, 35 of them not in the 2024 directory,
		{"SELECT rows_read || '|' || rows_stored || '|' || rows_rejected FROM datasets WHERE id = 'zip-centroids'", "42472|41566|906"},
		{"SELECT COUNT(*) FROM zip_centroids", "41566"},
		{"SELECT COUNT(*) FROM zip_centroids WHERE lon > 0", "0"},
	}
	for _, q := range queries {
		var got sql.NullString
		if err := db.QueryRow(q.q).Scan(&got); err != nil {
			t.Errorf("%s: %v", q.q, err)
		} else if got.String != q.want {
			t.Errorf("%s = %q, want %q", q.q, got.String, q.want)
		}
	}
	db.Close()
}

// tableDigest hashes the content of the derived tables.
func tableDigest(t *testing.T, path string) [32]byte {
	t.Helper()
	db, err := sql.Open("sqlite", "file:"+path+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	h := sha256.New()
	for _, q := range []string{
		"SELECT id, unitid, cip, award, name, completers, IFNULL(trend, ''), IFNULL(earnings_1yr, ''), IFNULL(mean_debt, '') FROM programs ORDER BY id",
		"SELECT unitid, name, IFNULL(online_share, ''), IFNULL(tuition_in_state, '') FROM institutions ORDER BY unitid",
	} {
		rows, err := db.Query(q)
		if err != nil {
			t.Fatal(err)
		}
		cols, _ := rows.Columns()
		vals := make([]sql.RawBytes, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		for rows.Next() {
			if err := rows.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			for _, v := range vals {
				h.Write(v)
				h.Write([]byte{0})
			}
		}
		rows.Close()
	}
	var sum [32]byte
	copy(sum[:], h.Sum(nil))
	return sum
}

func assertNoLeftovers(t *testing.T, dir string) {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if strings.Contains(e.Name(), ".import-") {
			t.Errorf("import left %s behind", e.Name())
		}
	}
}
