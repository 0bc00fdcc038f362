package main

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/careerpath/careerpath/data"
	"github.com/careerpath/careerpath/importer/importtest"
)

// TestReleaseSwitchSQLite: an import of open data with other figures and
// crosswalk swaps the SQLite file under a running server; the career
// pages show the new figures, and the classifier reads its answers with
// the new crosswalk, without a restart (testReleaseSwitch).
func TestReleaseSwitchSQLite(t *testing.T) {
	if testing.Short() {
		t.Skip("imports the full bundled data")
	}
	t.Parallel() // a database of its own: beside the other parallel tests
	db := filepath.Join(t.TempDir(), "careerpath.db")
	if err := copyFile(sharedDB(t), db); err != nil {
		t.Fatal(err)
	}
	testReleaseSwitch(t, db)
}

// TestReleaseSwitchPostgres: the same on PostgreSQL, where the import
// commits a new release and the server switches to it.
func TestReleaseSwitchPostgres(t *testing.T) {
	url := os.Getenv("CAREERPATH_TEST_POSTGRES")
	if url == "" {
		t.Skip("CAREERPATH_TEST_POSTGRES is not set")
	}
	if testing.Short() {
		t.Skip("imports the full bundled data twice")
	}
	t.Parallel() // a database of its own: beside the other parallel tests
	url = pgSchema(t, url)
	importElsewhere(t, url, "")
	testReleaseSwitch(t, url)
}

// testReleaseSwitch serves db, imports the bundled data with registered
// nurses' median wage changed and the field of study the classifier reads
// in a nursing degree newly linked to every occupation of the data
// analyst's blend, and waits for the career page and its JSON to show the
// new median — a generated career, rebuilt with the edited guides — for
// the classify API to answer the degree strong for data analysts, and for
// the finder to rebuild from the new data, saying so in the log.
func testReleaseSwitch(t *testing.T, db string) {
	modified := t.TempDir()
	if err := os.CopyFS(modified, data.FS); err != nil {
		t.Fatal(err)
	}
	oews := filepath.Join(modified, "bls-oews-2024", "national_M2024.csv")
	b, err := os.ReadFile(oews)
	if err != nil {
		t.Fatal(err)
	}
	const rnRow = "29-1141,Registered Nurses,detailed,3282010,0.2,,,,,47.32,98430,0.2,31.75,37.79,45,51.9,65.06,66030,78610,93600,107960,135320,,"
	if !bytes.Contains(b, []byte(rnRow)) {
		t.Fatal("the bundled OEWS data changed: update the registered nurses' row of this test")
	}
	b = bytes.Replace(b, []byte(rnRow), []byte(strings.Replace(rnRow, ",93600,", ",123450,", 1)), 1)
	if err := os.WriteFile(oews, b, 0o644); err != nil {
		t.Fatal(err)
	}
	var logs syncBuffer
	base, stop := serveLogged(t, db, &logs)
	defer stop()
	waitForFinder(t, base)
	median := func() float64 {
		t.Helper()
		code, body, _ := get(t, base+"/api/v1/careers/registered-nurses")
		if code != http.StatusOK {
			return 0 // the generated careers are being prepared
		}
		var g struct {
			Figures struct {
				BaseWages struct{ Value float64 } `json:"base_wages"`
			} `json:"figures"`
		}
		if err := json.Unmarshal([]byte(body), &g); err != nil {
			t.Fatalf("GET /api/v1/careers/registered-nurses: %v: %.300s", err, body)
		}
		return g.Figures.BaseWages.Value
	}
	waitUntil(t, "the generated career pages", func() bool { return median() != 0 })
	if got := median(); got != 93600 {
		t.Fatalf("registered nurses' median wage before the import = %v, want 93600", got)
	}
	nursing := func() (level, cip string) {
		t.Helper()
		resp, err := http.Post(base+"/api/v1/careers/"+switchCareer+"/classify", "application/json",
			strings.NewReader(`[{"program":"Bachelor of Science in Nursing","degree":"BSc"}]`))
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var got []struct{ Relevance, CIP string }
		if err := json.NewDecoder(resp.Body).Decode(&got); resp.StatusCode != http.StatusOK || err != nil || len(got) != 1 {
			t.Fatalf("POST classify for %s = %d, %v (%d answers); want one answer", switchCareer, resp.StatusCode, err, len(got))
		}
		return got[0].Relevance, got[0].CIP
	}
	level, cip := nursing()
	if cip == "" || level == "strong" {
		t.Fatalf("a nursing degree for %s before the import = %s (CIP %q); want a field of study read, not strong", switchCareer, level, cip)
	}
	linkToCareer(t, filepath.Join(modified, "cip-soc-2020", "cip2020_soc2018_crosswalk.csv"), cip)
	importElsewhere(t, db, modified)
	waitUntil(t, "the new median on the guide", func() bool { return median() == 123450 })
	waitUntil(t, "the classifier reading the new crosswalk", func() bool { level, _ := nursing(); return level == "strong" })
	if code, body, _ := get(t, base+"/careers/registered-nurses"); code != http.StatusOK || !strings.Contains(body, "123,450") || strings.Contains(body, "93,600") {
		t.Errorf("GET /careers/registered-nurses after the switch = %d, want the new median $123,450 and not the old one:\n%.500s", code, body)
	}
	waitUntil(t, "the finder rebuilt from the new data", func() bool {
		return strings.Contains(logs.String(), "program finder: index rebuilt after new open data")
	})
	for _, want := range []string{"career guides rebuilt from it", "the classifier's relevance rule rebuilt", "the careers of every occupation in the program finder rebuilt"} {
		if !strings.Contains(logs.String(), want) {
			t.Errorf("the log does not say %q:\n%s", want, logs.String())
		}
	}
	if strings.Contains(logs.String(), "after a catalog change") {
		t.Errorf("the log calls the release switch a catalog change:\n%s", logs.String())
	}
}

// importElsewhere runs "careerpath import" of the release in dir (the
// bundled one if "") into db in another process, as an operator does:
// the command built without the race detector, under which an import
// takes minutes.
func importElsewhere(t *testing.T, db, dir string) {
	t.Helper()
	bin, err := importtest.Binary()
	if err != nil {
		t.Fatal(err)
	}
	args := []string{"import", "--db", db}
	if dir != "" {
		args = append(args, "--data", dir)
	}
	if out, err := exec.Command(bin, args...).CombinedOutput(); err != nil {
		t.Fatalf("careerpath %s: %v\n%s", strings.Join(args, " "), err, out)
	}
}

// switchCareer is the edited career whose blend testReleaseSwitch links
// a new field of study to, and switchSOCs are its occupations.
const switchCareer = "data-analyst"

var switchSOCs = []string{"15-2051", "13-1161", "15-2031"}

// linkToCareer adds to the crosswalk file a link from cip to each of
// switchSOCs, titled as the file titles them elsewhere, so that cip
// prepares for the whole blend of switchCareer.
func linkToCareer(t *testing.T, path, cip string) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(f).ReadAll()
	f.Close()
	if err != nil {
		t.Fatal(err)
	}
	cipTitle, socTitles, linked := "", map[string]string{}, map[string]bool{}
	for _, r := range rows[1:] {
		if r[0] == cip {
			cipTitle, linked[r[2]] = r[1], true
		}
		socTitles[r[2]] = r[3]
	}
	if cipTitle == "" {
		t.Fatalf("the crosswalk has no row of CIP %s", cip)
	}
	for _, soc := range switchSOCs {
		if socTitles[soc] == "" {
			t.Fatalf("the crosswalk has no row of SOC %s: update switchSOCs", soc)
		}
		if linked[soc] {
			continue
		}
		rows = append(rows, []string{cip, cipTitle, soc, socTitles[soc]})
	}
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	if err := w.WriteAll(rows); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}

// waitUntil polls ok every 50 ms for up to two minutes.
func waitUntil(t *testing.T, what string, ok func() bool) {
	t.Helper()
	deadline := time.Now().Add(2 * time.Minute)
	for !ok() {
		if time.Now().After(deadline) {
			t.Fatalf("gave up waiting for %s", what)
		}
		time.Sleep(50 * time.Millisecond)
	}
}
