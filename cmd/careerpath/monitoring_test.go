package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"strings"
	"testing"
	"time"

	careerpath "github.com/careerpath/careerpath"
	"github.com/careerpath/careerpath/monitor"
	"github.com/careerpath/careerpath/sqlite"
)

// The test catalogs: program names in German, French, Chinese (and a few
// Japanese, Korean, Italian, Spanish), and in English in the style of the
// training file.
const (
	foreignCatalog = "../../monitor/testdata/catalog-foreign.csv"
	englishCatalog = "../../monitor/testdata/catalog-en.csv"
)

func TestCatalogImportDrift(t *testing.T) {
	if testing.Short() {
		t.Skip("trains a model with held-out lines: 20 s, minutes under -race")
	}
	t.Parallel() // a database of its own: beside the other parallel tests
	ctx := context.Background()
	db := sharedDB(t)
	// The tests' quick model has no held-out lines (see TestMain), so its
	// reference is in sample; train one with them (5 epochs of 15) and
	// make it champion.
	if err := run(ctx, []string{"train", "--db", db, "--config", `{"epochs":5,"holdout_every":5}`}, io.Discard, io.Discard); err != nil {
		t.Fatal(err)
	}
	reg, err := sqlite.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	defer reg.Close()
	vs, err := reg.FindModelVersions(ctx)
	if err != nil {
		t.Fatal(err)
	}
	mv := vs[0]
	v := mv.Version
	if _, err := reg.SetAlias(ctx, careerpath.AliasChampion, v, "test", "trained with held-out lines", nil); err != nil {
		t.Fatal(err)
	}
	ref, err := monitor.ParseReference(mv.Reference)
	if err != nil {
		t.Fatalf("champion %s: reference: %v", v, err)
	}
	if ref.Confidence.Total() < 100 || ref.Length.Total() < 900 || !strings.Contains(ref.Sample, "out of sample") {
		t.Errorf("reference of %d confidences, %d lengths, sample %q: want the held-out and all training names", ref.Confidence.Total(), ref.Length.Total(), ref.Sample)
	}

	for _, c := range []struct {
		file, want string
	}{{foreignCatalog, ": alert"}, {englishCatalog, ": ok"}} {
		var out bytes.Buffer
		if err := run(ctx, []string{"catalog", "import", "--db", db, c.file}, &out, io.Discard); err != nil {
			t.Fatalf("catalog import %s: %v", c.file, err)
		}
		if !strings.Contains(out.String(), "drift against the reference of model "+v) || !strings.Contains(out.String(), "entries"+c.want+"\n") {
			t.Errorf("catalog import %s printed\n%s\nwant drift%s", c.file, out.String(), c.want)
		}
	}
	var list bytes.Buffer
	if err := run(ctx, []string{"catalog", "list", "--db", db}, &list, io.Discard); err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(list.String(), "\n") {
		name, _, _ := strings.Cut(line, " ")
		if want := map[string]string{"catalog-foreign": " alert ", "catalog-en": " ok "}[name]; want != "" && !strings.Contains(line, want) {
			t.Errorf("catalog list: %q, want drift%s", line, want)
		}
	}
}

func TestServeMonitoring(t *testing.T) {
	if testing.Short() {
		t.Skip("imports the full bundled data")
	}
	t.Parallel() // a database of its own: beside the other parallel tests
	db := sharedDB(t)
	const token = "monitoring-test-token-0123456789"
	base := startServer(t, db, "--monitor-window", "200ms", "--admin-token", token)

	do := func(method, path, auth, ctype string, body []byte) (int, []byte) {
		t.Helper()
		req, err := http.NewRequest(method, base+path, bytes.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		if auth != "" {
			req.Header.Set("Authorization", "Bearer "+auth)
		}
		if ctype != "" {
			req.Header.Set("Content-Type", ctype)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, b
	}
	for _, c := range []struct {
		auth string
		want int
	}{{"", http.StatusUnauthorized}, {"wrong-token", http.StatusForbidden}} {
		if code, _ := do("GET", "/api/v1/admin/monitoring", c.auth, "", nil); code != c.want {
			t.Errorf("GET /api/v1/admin/monitoring with %q = %d, want %d", c.auth, code, c.want)
		}
	}

	// A catalog in other languages, through the admin API.
	csv, err := os.ReadFile(foreignCatalog)
	if err != nil {
		t.Fatal(err)
	}
	code, body := do("POST", "/api/v1/admin/catalogs?name=international", token, "text/csv", csv)
	var cat careerpath.Catalog
	if code != http.StatusCreated || json.Unmarshal(body, &cat) != nil || cat.Drift == nil {
		t.Fatalf("import: %d %s", code, body)
	}
	if cat.Drift.Status != careerpath.DriftAlert || len(cat.Drift.Features) != 4 {
		t.Errorf("import drift %+v, want alert over 4 features", cat.Drift)
	}

	// Live classify traffic in Chinese, window after window: the alert
	// fires after three windows at warn or worse.
	var entries []careerpath.CatalogText
	for _, p := range []string{"计算机科学与技术", "软件工程", "人工智能", "数据科学与大数据技术", "电子信息工程"} {
		for i := range 12 {
			entries = append(entries, careerpath.CatalogText{Institution: "大学" + string(rune('A'+i)), Program: p, Degree: "本科"})
		}
	}
	batch, _ := json.Marshal(entries)
	var state struct {
		Monitoring monitor.Snapshot `json:"monitoring"`
	}
	deadline := time.Now().Add(2 * time.Minute)
	for {
		if code, b := do("POST", "/api/v1/careers/machine-learning-engineer/classify", "", "application/json", batch); code != http.StatusOK {
			t.Fatalf("classify: %d %s", code, b)
		}
		time.Sleep(250 * time.Millisecond)
		_, b := do("GET", "/api/v1/admin/monitoring", token, "", nil)
		if err := json.Unmarshal(b, &state); err != nil {
			t.Fatal(err)
		}
		if ms := state.Monitoring.Models; len(ms) == 1 && ms[0].Firing {
			if ms[0].Windows < 3 || ms[0].Status != "alert" {
				t.Errorf("alert fired after %d windows (last %s), want at least 3", ms[0].Windows, ms[0].Status)
			}
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("no sustained-drift alert after 2 minutes: %+v", state.Monitoring.Models)
		}
	}
	var routes []string
	for _, r := range state.Monitoring.Routes {
		routes = append(routes, r.Route)
	}
	if !strings.Contains(strings.Join(routes, ","), "POST /api/v1/careers/{slug}/classify") {
		t.Errorf("latency routes %v lack the classify route", routes)
	}
	_, metrics := do("GET", "/metrics", "", "", nil)
	v := state.Monitoring.Models[0].Version
	for _, want := range []string{
		`careerpath_classify_duration_seconds_count{model="` + v + `"}`,
		`careerpath_classify_confidence_bucket{model="` + v + `",le="0.1"}`,
		`careerpath_classified_entries_total{model="` + v + `",relevance="none"}`,
		`careerpath_drift_alert{feature="unknown_share",model="` + v + `"} 1`,
		`careerpath_catalog_imports_total{drift="alert"} 1`,
	} {
		if !bytes.Contains(metrics, []byte(want)) {
			t.Errorf("/metrics lacks %s", want)
		}
	}
	if code, page := do("GET", "/admin/monitoring", token, "", nil); code != http.StatusOK || !bytes.Contains(page, []byte(`<svg class="chart"`)) {
		t.Errorf("GET /admin/monitoring = %d, want 200 with SVG charts", code)
	}
}
