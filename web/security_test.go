package web_test

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	careerpath "github.com/careerpath/careerpath"
	"github.com/careerpath/careerpath/web"
)

// countingReader counts the bytes a handler reads of a body.
type countingReader struct {
	r io.Reader
	n int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}

// TestUnauthenticatedBodyNotRead: without a credential no POST route of
// the editors' area reads its body, whatever its size.
func TestUnauthenticatedBodyNotRead(t *testing.T) {
	t.Parallel()
	e := newEditorEnv(t)
	for _, target := range []string{"/admin/programs/flag", "/admin/models/v1/promote", "/admin/models/rollback",
		"/admin/review/1/decision", "/admin/logout", "/api/v1/admin/catalogs?name=x", "/api/v1/admin/programs/42/flag"} {
		body := &countingReader{r: &hugeReader{n: 60 << 20}}
		req := httptest.NewRequest(http.MethodPost, target, body)
		req.Header.Set("Content-Type", "multipart/form-data; boundary=x")
		rec := httptest.NewRecorder()
		e.h.ServeHTTP(rec, req)
		if rec.Code != http.StatusUnauthorized || body.n != 0 {
			t.Errorf("POST %s without credential = %d after reading %d bytes, want 401 after reading none", target, rec.Code, body.n)
		}
	}
}

// TestAdminFormBodies: a form that cannot be read is refused, never
// acted on with empty fields; a move that changes nothing is a conflict.
func TestAdminFormBodies(t *testing.T) {
	t.Parallel()
	e := newEditorEnv(t)
	before, err := e.db.FindModelEvents(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	auth := "Bearer " + adminToken
	big := post(e.h, "/admin/models/v2/promote", "application/x-www-form-urlencoded", auth, &hugeReader{n: 12 << 20}, -1)
	if big.code != http.StatusRequestEntityTooLarge {
		t.Errorf("12 MB promote form = %d %s, want 413", big.code, big.body)
	}
	bad := post(e.h, "/admin/models/v2/promote", "application/x-www-form-urlencoded", auth, strings.NewReader("alias=%zz"), -1)
	if bad.code != http.StatusBadRequest || !strings.Contains(bad.body, "could not be read") {
		t.Errorf("malformed promote form = %d %s, want 400 saying it could not be read", bad.code, bad.body)
	}
	same := post(e.h, "/api/v1/admin/models/v1/promote", "application/json", auth, strings.NewReader(`{}`), -1)
	if same.code != http.StatusConflict || !strings.Contains(same.body, "already") {
		t.Errorf("promote of the champion = %d %s, want 409 saying it is already champion", same.code, same.body)
	}
	after, err := e.db.FindModelEvents(context.Background())
	if err != nil || len(after) != len(before) {
		t.Errorf("events after refused forms = %d (%v), want the %d before", len(after), err, len(before))
	}
}

// TestSignInRateLimit: attempts beyond the per-client bucket get 429 with
// Retry-After, and the refusals are logged once per window.
func TestSignInRateLimit(t *testing.T) {
	t.Parallel()
	var logs bytes.Buffer
	var mu sync.Mutex
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	clock := func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
	h := securityServer(t, web.Security{Now: clock}, &logs)
	attempt := func(addr string) *httptest.ResponseRecorder {
		req := httptest.NewRequest(http.MethodPost, "/admin/login", strings.NewReader(url.Values{"name": {"eve"}, "token": {"wrong"}}.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.RemoteAddr = addr + ":1234"
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		return rec
	}
	var refused, checked int
	for range 100 {
		switch rec := attempt("192.0.2.1"); rec.Code {
		case http.StatusForbidden:
			checked++
		case http.StatusTooManyRequests:
			refused++
			if rec.Header().Get("Retry-After") == "" {
				t.Fatal("429 without Retry-After")
			}
		default:
			t.Fatalf("sign-in attempt = %d, want 403 or 429", rec.Code)
		}
	}
	if checked != 10 || refused != 90 {
		t.Errorf("of 100 attempts %d checked and %d refused, want 10 and 90", checked, refused)
	}
	if n := strings.Count(logs.String(), "rate limit reached"); n != 1 {
		t.Errorf("rate limit logged %d times in one window, want once", n)
	}
	if n := strings.Count(logs.String(), "wrong token"); n != 1 {
		t.Errorf("wrong tokens logged %d times in one window, want once", n)
	}
	if rec := attempt("192.0.2.2"); rec.Code != http.StatusForbidden {
		t.Errorf("another client's first attempt = %d, want 403 (checked)", rec.Code)
	}
	mu.Lock()
	now = now.Add(6 * time.Second)
	mu.Unlock()
	if rec := attempt("192.0.2.1"); rec.Code != http.StatusForbidden {
		t.Errorf("attempt after 6 s = %d, want 403 (a token refilled)", rec.Code)
	}
}

// TestOpenRedirect: sign-in's next and the flag form's back lead only to
// paths of this site, after cleaning.
func TestOpenRedirect(t *testing.T) {
	t.Parallel()
	e := newEditorEnv(t)
	for _, tt := range []struct{ next, want string }{
		{"/admin/review?status=open", "/admin/review?status=open"},
		{"/admin/../%5Cevil.com", "/admin"},
		{"/admin/..//evil.com", "/admin"},
		{"/admin/%2e%2e/%2fevil.com", "/admin"},
		{"//evil.com/admin", "/admin"},
		{"/\\evil.com", "/admin"},
		{"https://evil.com/admin", "/admin"},
		{"/admin/login?next=//evil.com", "/admin"},
		{"/admin\r\nLocation: //evil.com", "/admin"},
	} {
		r := e.do("POST", "/admin/login", url.Values{"name": {"ann"}, "token": {adminToken}, "next": {tt.next}})
		if got := r.hdr.Get("Location"); r.code != http.StatusSeeOther || got != tt.want {
			t.Errorf("sign in with next=%q = %d to %q, want 303 to %q", tt.next, r.code, got, tt.want)
		}
	}
	e.signIn(t, "ann")
	csrf := e.csrf(t)
	for _, tt := range []struct{ back, want string }{
		{"/programs/42", "/programs/42"},
		{"/programs/../%5Cevil.com", "/admin/review"},
		{"/programs/..//evil.com", "/admin/review"},
		{"//evil.com/programs/42", "/admin/review"},
	} {
		r := e.do("POST", "/admin/programs/flag", url.Values{"csrf": {csrf}, "program": {"42"}, "career": {"ml-engineer"}, "reason": {"not ML"}, "back": {tt.back}})
		if got := r.hdr.Get("Location"); r.code != http.StatusSeeOther || got != tt.want {
			t.Errorf("flag with back=%q = %d %s to %q, want 303 to %q", tt.back, r.code, r.body, got, tt.want)
		}
	}
}

// TestSecurityHeaders: every response, page, API, error or asset, gets
// the headers; HSTS only over TLS.
func TestSecurityHeaders(t *testing.T) {
	t.Parallel()
	h := securityServer(t, web.Security{}, io.Discard)
	for _, target := range []string{"/sources", "/api/v1/sources", "/no-such-page", "/static/site.css"} {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest("GET", target, nil))
		for k, want := range map[string]string{
			"X-Content-Type-Options": "nosniff", "X-Frame-Options": "DENY", "Referrer-Policy": "strict-origin-when-cross-origin",
		} {
			if got := rec.Header().Get(k); got != want {
				t.Errorf("GET %s: %s = %q, want %q", target, k, got, want)
			}
		}
		csp := rec.Header().Get("Content-Security-Policy")
		for _, want := range []string{"script-src 'self'", "style-src 'self'", "frame-ancestors 'none'"} {
			if !strings.Contains(csp, want) {
				t.Errorf("GET %s: CSP %q lacks %q", target, csp, want)
			}
		}
		if strings.Contains(csp, "unsafe-inline") {
			t.Errorf("GET %s: CSP %q allows inline code", target, csp)
		}
		if hsts := rec.Header().Get("Strict-Transport-Security"); hsts != "" {
			t.Errorf("GET %s over http: HSTS %q, want none", target, hsts)
		}
	}
	req := httptest.NewRequest("GET", "https://example.org/sources", nil)
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if rec.Header().Get("Strict-Transport-Security") == "" {
		t.Error("GET over TLS: no HSTS")
	}
}

// TestRequestLimits: wrong methods, too many parameters, directory
// listings and cross-origin writes.
func TestRequestLimits(t *testing.T) {
	t.Parallel()
	h := securityServer(t, web.Security{}, io.Discard)
	many := "/api/v1/programs?" + strings.Repeat("state=CA&", 1000) + "q=x"
	for _, tt := range []struct {
		method, target string
		hdr            []string
		code           int
		allow, body    string
	}{
		{method: "POST", target: "/sources", code: 405, allow: "GET, HEAD"},
		{method: "DELETE", target: "/api/v1/programs", code: 405, allow: "GET, HEAD"},
		{method: "GET", target: "/admin/login", code: 200},
		{method: "PUT", target: "/admin/login", code: 405, allow: "GET, HEAD, POST"},
		{method: "POST", target: "/no-such-page", code: 404},
		{method: "GET", target: many, code: 400, body: "1000"},
		{method: "GET", target: "/static/", code: 404},
		{method: "GET", target: "/static/site.css", code: 200},
		{method: "POST", target: "/admin/login", hdr: []string{"Sec-Fetch-Site", "cross-site"}, code: 403, body: "Cross-origin"},
		{method: "POST", target: "/api/v1/events", hdr: []string{"Origin", "https://evil.example"}, code: 403},
	} {
		req := httptest.NewRequest(tt.method, tt.target, nil)
		for i := 0; i < len(tt.hdr); i += 2 {
			req.Header.Set(tt.hdr[i], tt.hdr[i+1])
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code != tt.code || rec.Header().Get("Allow") != tt.allow || !strings.Contains(rec.Body.String(), tt.body) {
			t.Errorf("%s %.60s = %d (Allow %q) %.200s; want %d (Allow %q) with %q", tt.method, tt.target, rec.Code,
				rec.Header().Get("Allow"), rec.Body.String(), tt.code, tt.allow, tt.body)
		}
	}
}

// TestAPIRateLimit: a client past its bucket gets 429 with Retry-After;
// another client is served.
func TestAPIRateLimit(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	h := securityServer(t, web.Security{APIRate: 1, APIBurst: 3, Now: func() time.Time { return now }}, io.Discard)
	get := func(addr string) *httptest.ResponseRecorder {
		req := httptest.NewRequest("GET", "/api/v1/sources", nil)
		req.RemoteAddr = addr + ":5555"
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		return rec
	}
	for i := range 3 {
		if rec := get("198.51.100.7"); rec.Code != http.StatusOK {
			t.Fatalf("request %d = %d, want 200", i+1, rec.Code)
		}
	}
	rec := get("198.51.100.7")
	if rec.Code != http.StatusTooManyRequests || rec.Header().Get("Retry-After") != "1" {
		t.Errorf("4th request = %d (Retry-After %q), want 429 with Retry-After 1", rec.Code, rec.Header().Get("Retry-After"))
	}
	if rec := get("198.51.100.8"); rec.Code != http.StatusOK {
		t.Errorf("another client = %d, want 200", rec.Code)
	}
	metrics := httptest.NewRecorder()
	h.ServeHTTP(metrics, httptest.NewRequest("GET", "/metrics", nil))
	if want := `careerpath_rate_limited_total{limit="api"} 1`; !strings.Contains(metrics.Body.String(), want) {
		t.Errorf("/metrics lacks %s", want)
	}
	if rec := httptest.NewRecorder(); true {
		h.ServeHTTP(rec, httptest.NewRequest("GET", "/sources", nil))
		if rec.Code != http.StatusOK {
			t.Errorf("pages are not rate-limited: GET /sources = %d", rec.Code)
		}
	}
}

// slowPrograms answers a finder query only when its context ends.
type slowPrograms struct{ oneProgram }

func (slowPrograms) FindPrograms(ctx context.Context, _ careerpath.ProgramFilter) (*careerpath.ProgramPage, error) {
	<-ctx.Done()
	return nil, ctx.Err()
}

// TestRequestDeadline: a request past its deadline answers 503 naming
// it; a client that went away gets no answer and no error in the log.
func TestRequestDeadline(t *testing.T) {
	t.Parallel()
	var logs bytes.Buffer
	srv, err := web.NewServer(context.Background(), web.Services{Guides: noGuides{}, Programs: slowPrograms{},
		Security: web.Security{RequestTimeout: time.Millisecond}}, slog.New(slog.NewTextHandler(&logs, nil)))
	if err != nil {
		t.Fatal(err)
	}
	rec := httptest.NewRecorder()
	srv.Handler().ServeHTTP(rec, httptest.NewRequest("GET", "/api/v1/programs", nil))
	if rec.Code != http.StatusServiceUnavailable || !strings.Contains(rec.Body.String(), "took longer than 1ms") {
		t.Errorf("slow query = %d %s, want 503 naming the deadline", rec.Code, rec.Body.String())
	}

	srv, err = web.NewServer(context.Background(), web.Services{Guides: noGuides{}, Programs: slowPrograms{}}, slog.New(slog.NewTextHandler(&logs, nil)))
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	rec = httptest.NewRecorder()
	srv.Handler().ServeHTTP(rec, httptest.NewRequest("GET", "/api/v1/programs", nil).WithContext(ctx))
	if rec.Body.Len() != 0 || strings.Contains(logs.String(), "level=ERROR") {
		t.Errorf("client gone: answered %q, log %q; want no answer and no ERROR", rec.Body.String(), logs.String())
	}
}

// TestMetricsToken: with a token set /metrics asks for it.
func TestMetricsToken(t *testing.T) {
	t.Parallel()
	h := securityServer(t, web.Security{MetricsToken: "m-secret"}, io.Discard)
	for auth, want := range map[string]int{"": 401, "Bearer nope": 401, "Bearer m-secret": 200} {
		req := httptest.NewRequest("GET", "/metrics", nil)
		if auth != "" {
			req.Header.Set("Authorization", auth)
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code != want {
			t.Errorf("GET /metrics with %q = %d, want %d", auth, rec.Code, want)
		}
	}
}

// securityServer is a server with the admin token over a database with
// two CIP codes, its log written to logs.
func securityServer(t *testing.T, sec web.Security, logs io.Writer) http.Handler {
	t.Helper()
	db := cipDB(t)
	srv, err := web.NewServer(context.Background(), web.Services{
		Datasets: db, Guides: oneCareer{}, Programs: oneProgram{}, Ping: db.Ping, Catalogs: db, AdminToken: adminToken,
		Review: db, Models: db, Security: sec,
	}, slog.New(slog.NewTextHandler(logs, nil)))
	if err != nil {
		t.Fatal(err)
	}
	return srv.Handler()
}
