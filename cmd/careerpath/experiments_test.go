package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	careerpath "github.com/careerpath/careerpath"
	"github.com/careerpath/careerpath/experiment"
)

// serveStoppable runs "careerpath serve" in-process on port 0 against db
// and returns its base URL, and a function that stops it (for restarts
// within a test); it stops when the test ends in any case.
func serveStoppable(t *testing.T, db string, extra ...string) (base string, stop func()) {
	t.Helper()
	return serveLogged(t, db, io.Discard, extra...)
}

// serveLogged is serveStoppable with the server's log written to logs.
func serveLogged(t *testing.T, db string, logs io.Writer, extra ...string) (base string, stop func()) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	pr, pw := io.Pipe()
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, append([]string{"serve", "--addr", "127.0.0.1:0", "--db", db, "--drain-delay", "0"}, extra...), pw, logs)
		pw.Close()
	}()
	var once sync.Once
	stop = func() {
		once.Do(func() {
			cancel()
			if err := <-done; err != nil {
				t.Errorf("serve: %v", err)
			}
		})
	}
	t.Cleanup(stop)
	lines := bufio.NewScanner(pr)
	for lines.Scan() {
		if u, ok := strings.CutPrefix(lines.Text(), "careerpath: serving on "); ok {
			go io.Copy(io.Discard, pr)
			waitForFinder(t, u)
			return u, stop
		}
	}
	t.Fatalf("serve exited before listening: %v", <-done)
	return "", nil
}

// visitor is a browser with its cookies.
type visitor struct {
	c   *http.Client
	vid string
}

func newVisitor(t *testing.T) *visitor {
	jar, err := cookiejar.New(nil)
	if err != nil {
		t.Fatal(err)
	}
	return &visitor{c: &http.Client{Jar: jar, Timeout: 2 * time.Minute}}
}

var cardID = regexp.MustCompile(`<li class="program-card" data-id="(\d+)"`)

// page returns the program ids a finder page lists, in order, and records
// the visitor id the server set.
func (v *visitor) page(t *testing.T, base, path string) []string {
	t.Helper()
	resp, err := v.c.Get(base + path)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s = %d", path, resp.StatusCode)
	}
	u, _ := url.Parse(base)
	for _, c := range v.c.Jar.Cookies(u) {
		if c.Name == "cp_vid" {
			if v.vid != "" && v.vid != c.Value {
				t.Fatalf("visitor id changed from %s to %s", v.vid, c.Value)
			}
			v.vid = c.Value
		}
	}
	var ids []string
	for _, m := range cardID.FindAllStringSubmatch(string(body), -1) {
		ids = append(ids, m[1])
	}
	return ids
}

func adminDo(t *testing.T, method, target, token, body string) (int, string) {
	t.Helper()
	req, err := http.NewRequest(method, target, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// apiIDs returns the ids of the first page of the career's finder API.
func apiIDs(t *testing.T, base, slug, query string) []string {
	t.Helper()
	code, body, _ := get(t, base+"/api/v1/careers/"+slug+"/programs?"+query)
	if code != http.StatusOK {
		t.Fatalf("finder API %s = %d %s", query, code, body)
	}
	var page struct{ Items []struct{ ID int64 } }
	if err := json.Unmarshal([]byte(body), &page); err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, it := range page.Items {
		ids = append(ids, fmt.Sprint(it.ID))
	}
	return ids
}

type reportJSON struct {
	careerpath.Experiment
	Report experiment.Report `json:"report"`
}

func report(t *testing.T, base, token string) reportJSON {
	t.Helper()
	code, body := adminDo(t, "GET", base+"/api/v1/admin/experiments/ranking", token, "")
	if code != http.StatusOK {
		t.Fatalf("report = %d %s", code, body)
	}
	var r reportJSON
	if err := json.Unmarshal([]byte(body), &r); err != nil {
		t.Fatal(err)
	}
	return r
}

// waitReport polls the report until ok accepts it: logs are written in
// batches every second.
func waitReport(t *testing.T, base, token string, ok func(experiment.Report) bool) experiment.Report {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		r := report(t, base, token)
		if ok(r.Report) {
			return r.Report
		}
		if time.Now().After(deadline) {
			t.Fatalf("report never as expected: %+v", r.Report.Arms)
		}
		time.Sleep(200 * time.Millisecond)
	}
}

func totals(r experiment.Report) (units, converted, events uint64) {
	for _, a := range r.Arms {
		units, converted, events = units+a.Units, converted+a.Converted, events+a.Events
	}
	return
}

// TestExperimentEndToEnd runs a finder experiment through serve: visitors
// keep their arm across requests and a restart, see their arm's ranking,
// are exposed once per phase, their events are counted, and a new phase
// re-assigns them under a new salt.
func TestExperimentEndToEnd(t *testing.T) {
	if testing.Short() {
		t.Skip("imports the full bundled data")
	}
	t.Parallel() // a database of its own: beside the other parallel tests
	const token = "experiment-test-token-0123456789"
	db := sharedDB(t)
	base, stop := serveStoppable(t, db, "--admin-token", token)

	// Pick a career whose two rankings differ on the first page.
	code, body, _ := get(t, base+"/api/v1/careers")
	if code != http.StatusOK {
		t.Fatal(code)
	}
	var careers struct{ Careers []struct{ Slug string } }
	json.Unmarshal([]byte(body), &careers)
	var slug string
	var control, variant []string
	for _, c := range careers.Careers {
		control, variant = apiIDs(t, base, c.Slug, ""), apiIDs(t, base, c.Slug, "sort=relevance-outcomes")
		if len(control) > 0 && !slices.Equal(control, variant) {
			slug = c.Slug
			break
		}
	}
	if slug == "" {
		t.Fatal("no career whose first page differs between the two rankings")
	}

	create := `{"key":"ranking","metric":"click","arms":[{"name":"relevance","weight":5000},{"name":"relevance-outcomes","weight":5000}]}`
	if code, body := adminDo(t, "POST", base+"/api/v1/admin/experiments", "", create); code != http.StatusUnauthorized {
		t.Errorf("create without token = %d %s, want 401", code, body)
	}
	if code, body := adminDo(t, "POST", base+"/api/v1/admin/experiments", "not-the-token", create); code != http.StatusForbidden {
		t.Errorf("create with a wrong token = %d %s, want 403", code, body)
	}
	code, body = adminDo(t, "POST", base+"/api/v1/admin/experiments", token, create)
	if code != http.StatusCreated {
		t.Fatalf("create = %d %s", code, body)
	}
	var e careerpath.Experiment
	json.Unmarshal([]byte(body), &e)
	phase0 := e.Current().Phase()

	rankingOf := map[string][]string{careerpath.SortRelevance: control, careerpath.SortOutcomes: variant}
	visitors := make([]*visitor, 24)
	perArm := map[string]int{}
	for i := range visitors {
		v := newVisitor(t)
		visitors[i] = v
		first := v.page(t, base, "/careers/"+slug)
		arm, ok := phase0.Assign(v.vid)
		if !ok {
			t.Fatalf("visitor %s not enrolled at 50/50", v.vid)
		}
		perArm[arm]++
		if !slices.Equal(first, rankingOf[arm]) {
			t.Errorf("visitor %s in %s sees %v, want %v", v.vid, arm, first, rankingOf[arm])
		}
		// Again (from the page cache, kept per arm), on /programs too, and
		// with an explicit sort, which is not the experiment's.
		if again := v.page(t, base, "/careers/"+slug); !slices.Equal(again, first) {
			t.Errorf("visitor %s: second view %v, first %v", v.vid, again, first)
		}
		v.page(t, base, "/programs")
		if sorted := v.page(t, base, "/careers/"+slug+"?sort=relevance"); !slices.Equal(sorted, control) {
			t.Errorf("visitor %s with ?sort=relevance sees %v, want %v", v.vid, sorted, control)
		}
	}
	resp, err := visitors[0].c.Get(base + "/careers/" + slug)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if vary := resp.Header.Values("Vary"); !slices.Contains(vary, "Cookie") {
		t.Errorf("career page of a visitor in the experiment: Vary %q, want Cookie (shared caches must not mix arms)", vary)
	}
	if perArm[careerpath.SortRelevance] == 0 || perArm[careerpath.SortOutcomes] == 0 {
		t.Fatalf("arms %v: want visitors in both", perArm)
	}

	// Events: half the visitors click a program (beacon), a third of them
	// open one from the finder without JavaScript (server side), and a
	// visitor never exposed sends a beacon that is ignored.
	clicked := 0
	for i, v := range visitors {
		if i%2 == 0 {
			resp, err := v.c.Post(base+"/api/v1/events", "text/plain;charset=UTF-8", strings.NewReader(`{"kind":"click","program_id":`+control[0]+`}`))
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if resp.StatusCode != http.StatusAccepted {
				t.Errorf("beacon = %d, want 202", resp.StatusCode)
			}
		}
		if i%3 == 0 {
			req, _ := http.NewRequest("GET", base+"/programs/"+control[1]+"?career="+slug, nil)
			req.Header.Set("Referer", base+"/careers/"+slug)
			resp, err := v.c.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
		}
		if i%2 == 0 || i%3 == 0 {
			clicked++
		}
	}
	stranger := newVisitor(t)
	stranger.page(t, base, "/sources")
	if stranger.vid == "" {
		t.Fatal("/sources set no visitor cookie")
	}
	resp, err = stranger.c.Post(base+"/api/v1/events", "text/plain", strings.NewReader(`{"kind":"click","program_id":1}`))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusNoContent {
		t.Errorf("beacon of a visitor not exposed = %d, want 204", resp.StatusCode)
	}
	wantEvents := uint64(len(visitors)/2 + len(visitors)/3)
	r := waitReport(t, base, token, func(r experiment.Report) bool {
		_, _, ev := totals(r)
		return ev >= wantEvents
	})
	units, converted, events := totals(r)
	if units != uint64(len(visitors)) || converted != uint64(clicked) || events != wantEvents {
		t.Errorf("report: %d units, %d converted, %d events; want %d, %d, %d", units, converted, events, len(visitors), clicked, wantEvents)
	}
	for _, a := range r.Arms {
		if int(a.Units) != perArm[a.Arm] {
			t.Errorf("arm %s: %d units, want %d", a.Arm, a.Units, perArm[a.Arm])
		}
	}
	_, metrics, _ := get(t, base+"/metrics")
	if !strings.Contains(metrics, `careerpath_experiment_exposures_total{arm="relevance",experiment="ranking"}`) ||
		!strings.Contains(metrics, `careerpath_experiment_events_total{arm=`) {
		t.Error("/metrics lacks the experiment counters")
	}

	// After a restart: the same arms, and no second exposure.
	stop()
	base, _ = serveStoppable(t, db, "--admin-token", token)
	for _, v := range visitors {
		arm, _ := phase0.Assign(v.vid)
		if got := v.page(t, base, "/careers/"+slug); !slices.Equal(got, rankingOf[arm]) {
			t.Errorf("after restart visitor %s in %s sees %v, want %v", v.vid, arm, got, rankingOf[arm])
		}
	}
	// The beacon of a visitor exposed before the restart still counts.
	resp, err = visitors[1].c.Post(base+"/api/v1/events", "text/plain", strings.NewReader(`{"kind":"click","program_id":`+control[2]+`}`))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusAccepted {
		t.Errorf("beacon after restart = %d, want 202", resp.StatusCode)
	}
	r = waitReport(t, base, token, func(r experiment.Report) bool {
		_, _, ev := totals(r)
		return ev > wantEvents
	})
	if units, _, _ := totals(r); units != uint64(len(visitors)) {
		t.Errorf("after restart and more views: %d units, want %d (one exposure per visitor and phase)", units, len(visitors))
	}

	// A new phase: a new salt, visitors re-assigned by it.
	code, body = adminDo(t, "POST", base+"/api/v1/admin/experiments/ranking/phases", token,
		`{"arms":[{"name":"relevance","weight":2000},{"name":"relevance-outcomes","weight":8000}]}`)
	if code != http.StatusCreated {
		t.Fatalf("new phase = %d %s", code, body)
	}
	json.Unmarshal([]byte(body), &e)
	phase1 := e.Current().Phase()
	if phase1.Salt == phase0.Salt || e.Current().Number != 1 {
		t.Fatalf("phase %d has salt %q, phase 0 had %q", e.Current().Number, phase1.Salt, phase0.Salt)
	}
	for _, v := range visitors {
		arm, _ := phase1.Assign(v.vid)
		if got := v.page(t, base, "/careers/"+slug); !slices.Equal(got, rankingOf[arm]) {
			t.Errorf("phase 1: visitor %s in %s sees %v, want %v", v.vid, arm, got, rankingOf[arm])
		}
	}
	r = waitReport(t, base, token, func(r experiment.Report) bool {
		u, _, _ := totals(r)
		return r.Phase == 1 && u == uint64(len(visitors))
	})
	if _, conv, _ := totals(r); conv != 0 {
		t.Errorf("phase 1 has %d converted before any event", conv)
	}

	// Stopped: everyone gets plain relevance again.
	if code, body := adminDo(t, "POST", base+"/api/v1/admin/experiments/ranking/stop", token, ""); code != http.StatusOK {
		t.Fatalf("stop = %d %s", code, body)
	}
	for _, v := range visitors[:4] {
		if got := v.page(t, base, "/careers/"+slug); !slices.Equal(got, control) {
			t.Errorf("after stop visitor %s sees %v, want %v", v.vid, got, control)
		}
	}
}
