package main

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// testPoll is how often the tests' servers poll the model aliases and
// try for the leader lease, instead of the production 2 s: no test
// waits on a production interval.
const testPoll = 50 * time.Millisecond

// servedWithin bounds the wait for a promotion to serve: a few polls, and
// the load and warm-up of the model on a busy machine. Tests wait only as
// long as it takes.
const servedWithin = 10 * time.Second

// testConfig is the base config of the tests' commands: the defaults
// with short polls.
func testConfig() Config {
	c := DefaultConfig()
	c.Lifecycle.Poll = testPoll
	c.Leader.interval = testPoll
	return c
}

// run executes the command in args (without the program name) as the
// binary does, over testConfig.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	return runWith(ctx, testConfig(), args, stdout, stderr)
}

// startServer runs "careerpath serve" in-process on port 0 against db,
// with extra flags, and returns its base URL. The server stops when the
// test ends.
func startServer(t *testing.T, db string, extra ...string) string {
	t.Helper()
	base, _ := serveStoppable(t, db, extra...)
	return base
}

// waitForFinder waits until the program finder, whose index builds after
// the server starts listening, answers.
func waitForFinder(t *testing.T, base string) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Minute)
	for {
		resp, err := http.Get(base + "/api/v1/programs?per_page=1")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return
			}
			if resp.StatusCode != http.StatusServiceUnavailable {
				t.Fatalf("program finder answered %d while starting", resp.StatusCode)
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("program finder not ready after 5 minutes (last error %v)", err)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func get(t *testing.T, url string) (int, string, http.Header) {
	t.Helper()
	client := &http.Client{Timeout: 2 * time.Minute} // generous: exports under -race on 2 busy cores
	resp, err := client.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, string(body), resp.Header
}

// TestServeFreshDatabase starts serve on a path with no database: it must
// import the bundled data first and then answer every route.
func TestServeFreshDatabase(t *testing.T) {
	if testing.Short() {
		t.Skip("imports the full bundled data")
	}
	t.Parallel() // a database of its own: beside the other parallel tests
	db := filepath.Join(t.TempDir(), "careerpath.db")
	base := startServer(t, db)

	if code, body, _ := get(t, base+"/healthz"); code != 200 || !strings.Contains(body, `"ok"`) {
		t.Errorf("GET /healthz = %d %s, want 200 ok", code, body)
	}

	code, body, hdr := get(t, base+"/api/v1/sources")
	if code != 200 || !strings.HasPrefix(hdr.Get("Content-Type"), "application/json") {
		t.Fatalf("GET /api/v1/sources = %d %s", code, hdr.Get("Content-Type"))
	}
	var sources struct {
		Datasets []struct {
			ID, Title, AsOf, License, Attribution string
			Rows                                  int
		} `json:"datasets"`
	}
	if err := json.Unmarshal([]byte(body), &sources); err != nil {
		t.Fatal(err)
	}
	rows := map[string]int{}
	for _, d := range sources.Datasets {
		rows[d.ID] = d.Rows
		if d.Title == "" || d.License == "" || d.Attribution == "" {
			t.Errorf("dataset %s lacks title, licence or attribution: %+v", d.ID, d)
		}
	}
	if rows["bls-oews"] != 1403 {
		t.Errorf("bls-oews rows = %d, want 1403", rows["bls-oews"])
	}

	code, body, _ = get(t, base+"/sources")
	if code != 200 || !strings.Contains(body, "Occupational Employment and Wage Statistics") || !strings.Contains(body, "CC BY 4.0 license") {
		t.Errorf("GET /sources = %d, want the dataset table and the O*NET attribution", code)
	}

	code, body, _ = get(t, base+"/metrics")
	if code != 200 || !strings.Contains(body, `careerpath_http_requests_total{code="200",route="GET /sources"} 1`) ||
		!strings.Contains(body, `careerpath_http_request_duration_seconds_bucket{route="GET /api/v1/sources"`) {
		t.Errorf("GET /metrics = %d, want request counts and latency histograms per route:\n%s", code, body)
	}

	if code, body, _ := get(t, base+"/api/v1/nope"); code != 404 || !strings.Contains(body, `"not_found"`) {
		t.Errorf("GET /api/v1/nope = %d %s, want a JSON 404", code, body)
	}

	t.Run("career guides", func(t *testing.T) { testCareers(t, base) })
}

// testCareers checks the career pages and API against a served database.
func testCareers(t *testing.T, base string) {
	code, body, _ := get(t, base+"/")
	if code != 200 || !strings.Contains(body, `href="/careers/machine-learning-engineer"`) {
		t.Errorf("GET / = %d, want links to the career guides", code)
	}

	code, body, _ = get(t, base+"/careers/machine-learning-engineer")
	if code != 200 {
		t.Fatalf("GET /careers/machine-learning-engineer = %d", code)
	}
	// The incumbent's order: specialization, badge, title, TL;DR, the three
	// stat cards, then the sections.
	order := []string{"AI &amp; Data specialization", "<h1>Machine Learning Engineer</h1>", `id="tldr-h"`,
		`id="card-pay"`, `id="card-growth"`, `id="card-rank"`,
		`id="what-the-job-is"`, `id="money"`, `<svg class="chart"`, `id="skills"`, `id="day-to-day"`, `id="how-to-break-in"`, `id="programs"`}
	at := 0
	for _, want := range order {
		i := strings.Index(body[at:], want)
		if i < 0 {
			t.Errorf("career page: %q missing or out of order", want)
			continue
		}
		at += i
	}
	if n := strings.Count(body, `<details class="source">`); n < 6 {
		t.Errorf("career page has %d source disclosures, want one per figure (at least 6)", n)
	}
	if strings.Contains(body, "of the blend</small>") || !strings.Contains(body, `href="/careers/machine-learning-engineer/skills"`) {
		t.Errorf("career page: want the skills' reasons in plain words and a link to the technologies page")
	}
	code, body, _ = get(t, base+"/careers/machine-learning-engineer/skills")
	if code != 200 || !strings.Contains(body, `id="must-have-h"`) || !strings.Contains(body, "<strong>PyTorch</strong>") || !strings.Contains(body, `<h3 class="kind">`) {
		t.Errorf("GET /careers/machine-learning-engineer/skills = %d, want every technology by tier and kind", code)
	}
	testOccupations(t, base)
	if code, _, _ := get(t, base+"/careers/no-such-career"); code != 404 {
		t.Errorf("GET /careers/no-such-career = %d, want 404", code)
	}

	code, body, _ = get(t, base+"/api/v1/careers/machine-learning-engineer")
	if code != 200 {
		t.Fatalf("GET /api/v1/careers/machine-learning-engineer = %d", code)
	}
	var g struct {
		Slug     string
		Sections []struct{ ID string }
		Figures  map[string]json.RawMessage
	}
	if err := json.Unmarshal([]byte(body), &g); err != nil {
		t.Fatal(err)
	}
	if g.Slug != "machine-learning-engineer" || len(g.Sections) != 6 {
		t.Errorf("career JSON: slug %q, %d sections; want machine-learning-engineer and 6", g.Slug, len(g.Sections))
	}
	for _, name := range []string{"pay", "base_wages", "growth", "growth_5y", "openings", "demand_rank"} {
		var st struct {
			Source string `json:"source"`
			AsOf   string `json:"as_of"`
			Method string `json:"method"`
			N      *int   `json:"n"`
		}
		raw, ok := g.Figures[name]
		if !ok {
			t.Errorf("career JSON: no figure %s", name)
			continue
		}
		if err := json.Unmarshal(raw, &st); err != nil {
			t.Fatal(err)
		}
		if st.Source == "" || st.AsOf == "" || st.Method == "" {
			t.Errorf("figure %s = %s, want source, as_of and method", name, raw)
		}
		if name == "pay" && (st.N == nil || *st.N < 30) {
			t.Errorf("figure pay: n = %v, want the sample size", st.N)
		}
	}

	code, body, _ = get(t, base+"/api/v1/careers")
	var list struct{ Careers []struct{ Slug string } }
	if err := json.Unmarshal([]byte(body), &list); code != 200 || err != nil || len(list.Careers) < 8 {
		t.Errorf("GET /api/v1/careers = %d, %d careers (%v), want at least 8", code, len(list.Careers), err)
	}
}

// testOccupations checks the data-only pages of every occupation, which
// the server computes once it listens: it asks until they are in place.
func testOccupations(t *testing.T, base string) {
	deadline := time.Now().Add(30 * time.Second)
	code, body, _ := get(t, base+"/careers/registered-nurses")
	for code == http.StatusServiceUnavailable && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
		code, body, _ = get(t, base+"/careers/registered-nurses")
	}
	if code != 200 || !strings.Contains(body, "No editor has written this guide yet") || !strings.Contains(body, `id="card-pay"`) ||
		!strings.Contains(body, "Registered Nursing") {
		t.Errorf("GET /careers/registered-nurses = %d, want a data-only page with stat cards and crosswalk fields", code)
	}
	code, body, _ = get(t, base+"/careers?q=nurse")
	if i := strings.Index(body, `<ul class="career-list">`); code != 200 || i < 0 || !strings.HasPrefix(body[i:], "<ul class=\"career-list\">\n<li><a href=\"/careers/registered-nurses\">") {
		t.Errorf("GET /careers?q=nurse = %d, want Registered Nurses first", code)
	}
	code, body, _ = get(t, base+"/api/v1/careers?soc=29-1141")
	var list struct {
		Careers []struct {
			Slug      string
			Generated bool
		}
		Total int
	}
	if err := json.Unmarshal([]byte(body), &list); code != 200 || err != nil || list.Total != 1 || list.Careers[0].Slug != "registered-nurses" || !list.Careers[0].Generated {
		t.Errorf("GET /api/v1/careers?soc=29-1141 = %d %s, want registered-nurses", code, body)
	}
	if code, body, _ := get(t, base+"/api/v1/careers?soc=nurse"); code != 400 || !strings.Contains(body, "soc") {
		t.Errorf("GET /api/v1/careers?soc=nurse = %d %s, want 400 naming soc", code, body)
	}
	code, body, _ = get(t, base+"/api/v1/careers/machine-learning-engineer/similar")
	if code != 200 || !strings.Contains(body, `"slug":"software-developers"`) {
		t.Errorf("GET …/machine-learning-engineer/similar = %d %.300s, want software developers among them", code, body)
	}
	code, body, _ = get(t, base+"/api/v1/careers/machine-learning-engineer/from/accountants-and-auditors")
	if code != 200 || !strings.Contains(body, `"name":"Programming"`) || !strings.Contains(body, `"pay_change":`) {
		t.Errorf("GET …/from/accountants-and-auditors = %d %.300s, want gaps and the pay change", code, body)
	}
	code, body, _ = get(t, base+"/careers/machine-learning-engineer/from?q=accountant")
	if code != 200 || !strings.Contains(body, "From Accountants and Auditors") || !strings.Contains(body, "award=7") {
		t.Errorf("GET /careers/machine-learning-engineer/from?q=accountant = %d, want the gaps from accountants and a finder link to short awards", code)
	}
	if _, body, _ := get(t, base+"/careers/registered-nurses"); !strings.Contains(body, "Coming from another job?") {
		t.Errorf("registered-nurses page has no switch block")
	}
	// Actors: OEWS publishes hourly wages only, so the page says so.
	if code, body, _ := get(t, base+"/careers/actors"); code != 200 || !strings.Contains(body, "BLS publishes no wage estimate for this occupation") {
		t.Errorf("GET /careers/actors = %d, want a page that says no wage estimate is published", code)
	}
}
