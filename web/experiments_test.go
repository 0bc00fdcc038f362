package web_test

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	careerpath "github.com/careerpath/careerpath"
	"github.com/careerpath/careerpath/experiment/track"
	"github.com/careerpath/careerpath/search"
	"github.com/careerpath/careerpath/sqlite"
	"github.com/careerpath/careerpath/web"
)

// experimentServer returns a server with a running experiment tracker over
// a fresh database; its finder has no index yet, so pages log no
// exposure: tests expose visitors through the tracker.
func experimentServer(t *testing.T, opts ...func(*web.Services)) (http.Handler, *track.Tracker) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	db, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "cp.db"))
	if err != nil {
		t.Fatal(err)
	}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	tr := track.New(db, track.Config{}, log)
	done := make(chan struct{})
	go func() { tr.Run(ctx); close(done) }()
	t.Cleanup(func() { cancel(); <-done; db.Close() })
	svc := web.Services{Datasets: db, Guides: noGuides{}, Programs: search.NewService(nil), Ping: db.Ping,
		AdminToken: adminToken, Experiments: tr}
	for _, o := range opts {
		o(&svc)
	}
	srv, err := web.NewServer(ctx, svc, log)
	if err != nil {
		t.Fatal(err)
	}
	return srv.Handler(), tr
}

func do(h http.Handler, method, target, auth, body string, cookies ...*http.Cookie) response {
	req := httptest.NewRequest(method, target, strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	if auth != "" {
		req.Header.Set("Authorization", "Bearer "+auth)
	}
	for _, c := range cookies {
		req.AddCookie(c)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return response{rec.Code, rec.Header(), rec.Body.String()}
}

const createBody = `{"key":"ranking","description":"outcomes in the default ranking","metric":"click",
	"arms":[{"name":"relevance","weight":5000},{"name":"relevance-outcomes","weight":5000}]}`

func TestExperimentAdminAuth(t *testing.T) {
	h, _ := experimentServer(t)
	routes := []struct{ method, path, body string }{
		{"GET", "/api/v1/admin/experiments", ""},
		{"POST", "/api/v1/admin/experiments", createBody},
		{"GET", "/api/v1/admin/experiments/ranking", ""},
		{"POST", "/api/v1/admin/experiments/ranking/phases", `{"arms":[]}`},
		{"POST", "/api/v1/admin/experiments/ranking/stop", ""},
		{"GET", "/admin/experiments", ""},
	}
	for _, rt := range routes {
		// A browser without a credential is sent to sign in; an API
		// client is told 401.
		anonymous := http.StatusUnauthorized
		if !strings.HasPrefix(rt.path, "/api/") {
			anonymous = http.StatusSeeOther
		}
		for _, c := range []struct {
			auth string
			want int
		}{{"", anonymous}, {"wrong-token", http.StatusForbidden}} {
			if r := do(h, rt.method, rt.path, c.auth, rt.body); r.code != c.want {
				t.Errorf("%s %s with token %q = %d %s, want %d", rt.method, rt.path, c.auth, r.code, r.body, c.want)
			}
		}
	}
	// Nothing was created by those requests.
	r := do(h, "GET", "/api/v1/admin/experiments", adminToken, "")
	if r.code != http.StatusOK || !strings.Contains(r.body, `"experiments":[]`) {
		t.Errorf("list = %d %s, want an empty list", r.code, r.body)
	}
}

func TestExperimentAdminAndEvents(t *testing.T) {
	h, tr := experimentServer(t)
	r := do(h, "POST", "/api/v1/admin/experiments", adminToken, createBody)
	if r.code != http.StatusCreated {
		t.Fatalf("create = %d %s", r.code, r.body)
	}
	var e careerpath.Experiment
	if err := json.Unmarshal([]byte(r.body), &e); err != nil {
		t.Fatal(err)
	}
	salt0 := e.Current().Salt
	for _, c := range []struct{ body, field string }{
		{`{"key":"Ranking!","metric":"click","arms":[{"name":"relevance","weight":5000},{"name":"relevance-outcomes","weight":5000}]}`, "key"},
		{`{"key":"x","metric":"view","arms":[{"name":"relevance","weight":5000},{"name":"relevance-outcomes","weight":5000}]}`, "metric"},
		{`{"key":"x","metric":"click","arms":[{"name":"random","weight":5000},{"name":"relevance","weight":5000}]}`, "arms"},
		{`{"key":"x","metric":"click","arms":[{"name":"relevance","weight":9000},{"name":"relevance-outcomes","weight":5000}]}`, "arms"},
		{`{"key":"x","metric":"click","arms":[{"name":"relevance","weight":5000},{"name":"relevance-outcomes","weight":5000}],"plan":{"mde":2}}`, "plan"},
	} {
		if r := do(h, "POST", "/api/v1/admin/experiments", adminToken, c.body); r.code != http.StatusBadRequest || !strings.Contains(r.body, `"message":"`+c.field) {
			t.Errorf("create %s = %d %s, want 400 naming %s", c.body, r.code, r.body, c.field)
		}
	}

	// Events: bad bodies are 400 naming the field; a visitor not exposed
	// is ignored (204); an exposed one is logged (202) and counted.
	const vid = "0123456789abcdef0123456789abcdef"
	cookie := &http.Cookie{Name: "cp_vid", Value: vid}
	for _, c := range []struct{ body, field string }{
		{`{"kind":"view","program_id":1}`, "kind"},
		{`{"kind":"click"}`, "program_id"},
		{`{"kind":"click","program_id":"12"}`, "program_id"},
		{`{"kind":"click","program_id":-3}`, "program_id"},
		{`{"kind":"click","program_id":1,"arm":"relevance"}`, "body"},
		{`{"kind":"click","program_id":1,"experiment":"nope"}`, "experiment"},
		{`click 12`, "body"},
		{`{"kind":"click","program_id":1}{}`, "body"},
	} {
		if r := do(h, "POST", "/api/v1/events", "", c.body, cookie); r.code != http.StatusBadRequest || !strings.Contains(r.body, `"message":"`+c.field) {
			t.Errorf("event %s = %d %s, want 400 naming %s", c.body, r.code, r.body, c.field)
		}
	}
	if r := do(h, "POST", "/api/v1/events", "", `{"kind":"click","program_id":1,"pad":"`+strings.Repeat("x", 2000)+`"}`, cookie); r.code != http.StatusRequestEntityTooLarge {
		t.Errorf("large event = %d %s, want 413", r.code, r.body)
	}
	if r := do(h, "POST", "/api/v1/events", "", `{"kind":"click","program_id":1}`, cookie); r.code != http.StatusNoContent {
		t.Errorf("event of a visitor not exposed = %d %s, want 204", r.code, r.body)
	}
	if r := do(h, "POST", "/api/v1/events", "", `{"kind":"click","program_id":1}`); r.code != http.StatusNoContent {
		t.Errorf("event without a cookie = %d %s, want 204", r.code, r.body)
	}
	a, ok := tr.Assign(vid)
	if !ok {
		t.Fatal("visitor not assigned at 50/50")
	}
	tr.Expose(a, vid)
	for _, body := range []string{`{"kind":"click","program_id":1}`, `{"kind":"shortlist","program_id":1}`, `{"experiment":"ranking","kind":"click","program_id":2}`} {
		if r := do(h, "POST", "/api/v1/events", "", body, cookie); r.code != http.StatusAccepted {
			t.Errorf("event %s = %d %s, want 202", body, r.code, r.body)
		}
	}
	if err := tr.Flush(context.Background()); err != nil {
		t.Fatal(err)
	}
	r = do(h, "GET", "/api/v1/admin/experiments/ranking", adminToken, "")
	var got struct {
		careerpath.Experiment
		Report struct {
			Applies string `json:"applies"`
			Arms    []struct {
				Arm                      string
				Units, Converted, Events int
			} `json:"arms"`
			SRM         map[string]any   `json:"srm"`
			Comparisons []map[string]any `json:"comparisons"`
		} `json:"report"`
	}
	if err := json.Unmarshal([]byte(r.body), &got); err != nil || r.code != http.StatusOK {
		t.Fatalf("report = %d %s (%v)", r.code, r.body, err)
	}
	for _, arm := range got.Report.Arms {
		want := struct{ units, conv, events int }{}
		if arm.Arm == a.Arm {
			want.units, want.conv, want.events = 1, 1, 2 // two clicks; the shortlist is not the metric
		}
		if arm.Units != want.units || arm.Converted != want.conv || arm.Events != want.events {
			t.Errorf("arm %s: %+v, want %+v", arm.Arm, arm, want)
		}
	}
	if got.Report.Applies != "sequential" || got.Report.SRM == nil || len(got.Report.Comparisons) != 1 {
		t.Errorf("report: applies %q, srm %v, %d comparisons", got.Report.Applies, got.Report.SRM, len(got.Report.Comparisons))
	}

	// A new phase gets a new salt, even with the same weights.
	r = do(h, "POST", "/api/v1/admin/experiments/ranking/phases", adminToken, `{"arms":[{"name":"relevance","weight":5000},{"name":"relevance-outcomes","weight":5000}]}`)
	if r.code != http.StatusCreated {
		t.Fatalf("new phase = %d %s", r.code, r.body)
	}
	if err := json.Unmarshal([]byte(r.body), &e); err != nil {
		t.Fatal(err)
	}
	if e.Current().Number != 1 || e.Current().Salt == salt0 {
		t.Errorf("new phase %d, salt %q (before %q)", e.Current().Number, e.Current().Salt, salt0)
	}

	// The page shows the report and forms carrying the CSRF field.
	r = do(h, "GET", "/admin/experiments", adminToken, "")
	if r.code != http.StatusOK || !strings.Contains(r.body, `name="csrf"`) || !strings.Contains(r.body, "Phase 2 since") || !strings.Contains(r.body, "sequential test applies") {
		t.Errorf("admin page = %d, want the report and CSRF fields:\n%s", r.code, r.body)
	}
	if r := do(h, "POST", "/api/v1/admin/experiments/ranking/stop", adminToken, ""); r.code != http.StatusOK || !strings.Contains(r.body, `"status":"stopped"`) {
		t.Errorf("stop = %d %s", r.code, r.body)
	}
	if r := do(h, "POST", "/api/v1/admin/experiments/ranking/stop", adminToken, ""); r.code != http.StatusConflict {
		t.Errorf("stop again = %d %s, want 409", r.code, r.body)
	}
}

// TestVisitorCookie: the first page view sets an anonymous id; later ones
// keep it.
func TestVisitorCookie(t *testing.T) {
	h, _ := experimentServer(t)
	r := do(h, "GET", "/programs", "", "")
	c := (&http.Response{Header: r.hdr}).Cookies()
	if len(c) != 1 || c[0].Name != "cp_vid" || len(c[0].Value) != 32 || !c[0].HttpOnly || c[0].SameSite != http.SameSiteLaxMode || c[0].MaxAge < 364*24*3600 {
		t.Fatalf("first view cookies = %+v, want cp_vid: 32 hex, HttpOnly, Lax, a year", c)
	}
	if r := do(h, "GET", "/programs", "", "", c[0]); r.hdr.Get("Set-Cookie") != "" {
		t.Errorf("second view sets %q again", r.hdr.Get("Set-Cookie"))
	}
	if r := do(h, "GET", "/programs", "", "", &http.Cookie{Name: "cp_vid", Value: "me@example.com"}); !strings.Contains(r.hdr.Get("Set-Cookie"), "cp_vid=") {
		t.Error("a malformed id is kept")
	}
	if r := do(h, "GET", "/api/v1/sources", "", ""); r.hdr.Get("Set-Cookie") != "" {
		t.Error("the API sets a cookie")
	}
}

// TestExperimentFormsSayWhatHappened: the admin page's forms come back to
// the page, which says what a change did or why it was refused, rather
// than leaving the editor on a JSON answer.
func TestExperimentFormsSayWhatHappened(t *testing.T) {
	h, _ := experimentServer(t)
	post := func(target string, form url.Values, cookies ...*http.Cookie) response {
		req := httptest.NewRequest("POST", target, strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		for _, c := range cookies {
			req.AddCookie(c)
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		return response{rec.Code, rec.Header(), rec.Body.String()}
	}
	r := post("/admin/login", url.Values{"name": {"Ana Editor"}, "token": {adminToken}, "next": {"/admin/experiments"}})
	cookies := (&http.Response{Header: r.hdr}).Cookies()
	if r.code != http.StatusSeeOther || len(cookies) != 1 {
		t.Fatalf("sign in = %d with %d cookies, want 303 and a session", r.code, len(cookies))
	}
	page := do(h, "GET", "/admin/experiments", "", "", cookies...)
	m := regexp.MustCompile(`name="csrf" value="([^"]+)"`).FindStringSubmatch(page.body)
	if page.code != http.StatusOK || m == nil {
		t.Fatalf("GET /admin/experiments = %d, CSRF field %v", page.code, m)
	}
	for _, c := range []struct {
		name string
		form url.Values
		says string
	}{
		{"refused", url.Values{"key": {"ranking"}, "metric": {"click"}, "weight_relevance": {"lots"}}, "Not done: weight_relevance"},
		{"created", url.Values{"key": {"ranking"}, "metric": {"click"}, "weight_relevance": {"5000"}, "weight_relevance-outcomes": {"5000"}}, "Experiment ranking created"},
	} {
		c.form.Set("csrf", m[1])
		r := post("/api/v1/admin/experiments", c.form, cookies...)
		if r.code != http.StatusSeeOther || !strings.HasPrefix(r.hdr.Get("Location"), "/admin/experiments") {
			t.Errorf("%s: form POST = %d (Location %q) %s, want 303 back to the page", c.name, r.code, r.hdr.Get("Location"), r.body)
			continue
		}
		if page := do(h, "GET", "/admin/experiments", "", "", cookies...); !strings.Contains(page.body, c.says) {
			t.Errorf("%s: the page after the form does not say %q", c.name, c.says)
		}
	}
}
