package web_test

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"

	careerpath "github.com/careerpath/careerpath"
	"github.com/careerpath/careerpath/sqlite"
	"github.com/careerpath/careerpath/web"
)

// oneCareer is a guide service with the one career the review tests use.
type oneCareer struct{ noGuides }

var mlEngineer = &careerpath.Guide{Career: &careerpath.Career{Slug: "ml-engineer", Title: "Machine Learning Engineer"}, Figures: &careerpath.CareerFigures{}}

func (oneCareer) FindGuides(context.Context, string) ([]*careerpath.Guide, error) {
	return []*careerpath.Guide{mlEngineer}, nil
}
func (oneCareer) FindGuide(_ context.Context, slug string) (*careerpath.Guide, error) {
	if slug == mlEngineer.Slug {
		return mlEngineer, nil
	}
	return nil, careerpath.Errorf(careerpath.ENOTFOUND, "No career %q.", slug)
}

// oneProgram is a program service that knows program 42 only: the
// program page is all the flag form needs of the finder.
type oneProgram struct{}

func (oneProgram) FindPrograms(context.Context, careerpath.ProgramFilter) (*careerpath.ProgramPage, error) {
	return &careerpath.ProgramPage{}, nil
}
func (oneProgram) FindProgram(_ context.Context, id int64, career string) (*careerpath.ProgramMatch, error) {
	if id != 42 {
		return nil, careerpath.Errorf(careerpath.ENOTFOUND, "No program %d.", id)
	}
	p := &careerpath.Program{ID: 42, Name: "Computer Science", CIP: "11.0701", Source: "ipeds",
		Institution: careerpath.Institution{UnitID: 100, Name: "State University", Web: "www.state.example.edu"}}
	return &careerpath.ProgramMatch{Program: p}, nil
}

// editorEnv is a server over a database with two CIP codes, one IPEDS
// program (42), a catalog whose first entry is held for review, and two
// registered model versions, v1 champion.
type editorEnv struct {
	h       http.Handler
	db      *sqlite.DB
	entry   int64 // the held catalog entry
	kicks   int   // calls of CatalogImported
	cookies []*http.Cookie
}

func newEditorEnv(t *testing.T, opts ...func(*editorEnv, *web.Services)) *editorEnv {
	t.Helper()
	ctx := context.Background()
	inst := careerpath.Institution{UnitID: 100, Name: "State University", City: "Springfield", State: "IL"}
	prog := careerpath.Program{ID: 42, Institution: inst, CIP: "11.0701", Award: careerpath.AwardLevel{Code: 5}, Name: "Computer Science", Source: "ipeds"}
	db := cipDB(t,
		func(ctx context.Context, b *sqlite.Builder) error {
			return b.LoadInstitutions(ctx, []careerpath.Institution{inst})
		},
		func(ctx context.Context, b *sqlite.Builder) error {
			return b.LoadPrograms(ctx, []careerpath.Program{prog})
		})

	if _, err := db.ImportCatalog(ctx, careerpath.CatalogImport{Name: "acme", Entries: []careerpath.CatalogEntry{
		{Line: 2, Institution: "Acme Institute", Program: "MSc Applied Learning Systems", Degree: "MSc", Country: "GB"},
	}}); err != nil {
		t.Fatal(err)
	}
	pending, err := db.PendingCatalogEntries(ctx, 0)
	if err != nil || len(pending) != 1 {
		t.Fatalf("pending = %v, %v", pending, err)
	}
	if err := db.SetCatalogPredictions(ctx, []careerpath.CatalogPrediction{
		{EntryID: pending[0].ID, CIP: "30.7001", Confidence: 0.3, Status: careerpath.CatalogHeldForReview, Model: "v1"},
	}); err != nil {
		t.Fatal(err)
	}
	for _, a := range []string{"one", "two"} {
		v := &careerpath.ModelVersion{Kind: "test", DataHash: "abc", Metrics: json.RawMessage(`{"macro_f1":0.91,"dev":{"strong_recall":0.95}}`)}
		if err := db.CreateModelVersion(ctx, v, []byte("model "+a), "trainer"); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := db.SetAlias(ctx, careerpath.AliasChampion, "v1", "trainer", "first", nil); err != nil {
		t.Fatal(err)
	}

	env := &editorEnv{db: db, entry: pending[0].ID}
	svc := web.Services{
		Datasets: db, Guides: oneCareer{}, Programs: oneProgram{}, Ping: db.Ping, Catalogs: db, AdminToken: adminToken,
		Review: db, Models: db,
		CatalogImported: func(context.Context, *careerpath.Catalog) { env.kicks++ },
	}
	for _, o := range opts {
		o(env, &svc)
	}
	srv, err := web.NewServer(ctx, svc, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	env.h = srv.Handler()
	return env
}

// do sends a request with the env's cookies and the given headers
// ("Key: value").
func (e *editorEnv) do(method, target string, form url.Values, headers ...string) response {
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req := httptest.NewRequest(method, target, body)
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	for _, h := range headers {
		k, v, _ := strings.Cut(h, ": ")
		req.Header.Set(k, v)
	}
	for _, c := range e.cookies {
		req.AddCookie(c)
	}
	rec := httptest.NewRecorder()
	e.h.ServeHTTP(rec, req)
	return response{rec.Code, rec.Header(), rec.Body.String()}
}

// signIn signs in as name and keeps the session cookie.
func (e *editorEnv) signIn(t *testing.T, name string) *http.Cookie {
	t.Helper()
	r := e.do("POST", "/admin/login", url.Values{"name": {name}, "token": {adminToken}, "next": {"/admin/review"}})
	if r.code != http.StatusSeeOther || r.hdr.Get("Location") != "/admin/review" {
		t.Fatalf("sign in = %d %s (Location %q), want 303 to /admin/review", r.code, r.body, r.hdr.Get("Location"))
	}
	cookies := (&http.Response{Header: r.hdr}).Cookies()
	if len(cookies) != 1 {
		t.Fatalf("sign in set %d cookies, want 1", len(cookies))
	}
	e.cookies = cookies
	return cookies[0]
}

var csrfField = regexp.MustCompile(`name="csrf" value="([^"]+)"`)

// csrf reads the CSRF token from the review page.
func (e *editorEnv) csrf(t *testing.T) string {
	t.Helper()
	r := e.do("GET", "/admin/review", nil)
	m := csrfField.FindStringSubmatch(r.body)
	if r.code != http.StatusOK || m == nil {
		t.Fatalf("GET /admin/review = %d, CSRF field %v; want 200 with one", r.code, m)
	}
	return m[1]
}

func (e *editorEnv) openItem(t *testing.T) *careerpath.ReviewItem {
	t.Helper()
	items, err := e.db.FindReviewItems(context.Background(), careerpath.ReviewFilter{Status: careerpath.ReviewOpen})
	if err != nil || len(items) == 0 {
		t.Fatalf("open items = %v, %v", items, err)
	}
	return items[0]
}

func (e *editorEnv) labels(t *testing.T) []*careerpath.Label {
	t.Helper()
	labels, err := e.db.FindLabels(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return labels
}

func TestAdminSignIn(t *testing.T) {
	env := newEditorEnv(t)

	// A browser without a session is sent to the sign-in page.
	r := env.do("GET", "/admin/review", nil)
	if r.code != http.StatusSeeOther || r.hdr.Get("Location") != "/admin/login?next=%2Fadmin%2Freview" {
		t.Errorf("GET /admin/review signed out = %d, Location %q; want 303 to the sign-in page", r.code, r.hdr.Get("Location"))
	}
	if r := env.do("GET", "/admin/login", nil); r.code != http.StatusOK || !strings.Contains(r.body, `name="token"`) || !strings.Contains(r.body, `name="name"`) {
		t.Errorf("GET /admin/login = %d, want 200 with the form", r.code)
	}

	for _, tc := range []struct {
		name, token string
		want        int
	}{
		{"ana", "wrong-token", http.StatusForbidden},
		{"ana", "", http.StatusForbidden},
		{"", adminToken, http.StatusBadRequest},
		{strings.Repeat("a", 65), adminToken, http.StatusBadRequest},
	} {
		r := env.do("POST", "/admin/login", url.Values{"name": {tc.name}, "token": {tc.token}})
		if r.code != tc.want || r.hdr.Get("Set-Cookie") != "" || !strings.Contains(r.body, `role="alert"`) {
			t.Errorf("sign in as %q with %q = %d (Set-Cookie %q), want %d with the problem and no cookie", tc.name, tc.token, r.code, r.hdr.Get("Set-Cookie"), tc.want)
		}
	}

	c := env.signIn(t, "Ana Editor")
	if !c.HttpOnly || !c.Secure || c.SameSite != http.SameSiteStrictMode || c.Path != "/" || c.MaxAge != 12*3600 {
		t.Errorf("session cookie = %+v; want HttpOnly, Secure, SameSite=Strict, Path=/, Max-Age 12 h", c)
	}
	if len(c.Value) != 43 { // 256 bits, base64url without padding
		t.Errorf("session id %q has %d characters, want 43 (256 bits)", c.Value, len(c.Value))
	}
	r = env.do("GET", "/admin", nil)
	if r.code != http.StatusOK || !strings.Contains(r.body, "Signed in as <strong>Ana Editor</strong>") || !strings.Contains(r.hdr.Get("Cache-Control"), "no-store") {
		t.Errorf("GET /admin signed in = %d, want 200 naming the editor, not cached", r.code)
	}
	if !strings.Contains(r.body, `id="model-v2"`) || !strings.Contains(r.body, "macro_f1") || strings.Contains(r.body, "strong_recall") {
		t.Errorf("GET /admin lacks the model versions and their top-level metrics, or shows nested ones")
	}
	if r := env.do("GET", "/admin/login?next=https://evil.example/", nil); r.code != http.StatusSeeOther || r.hdr.Get("Location") != "/admin" {
		t.Errorf("GET /admin/login signed in with an outside next = %d to %q, want 303 to /admin", r.code, r.hdr.Get("Location"))
	}

	// Signing out needs the CSRF token, then ends the session.
	if r := env.do("POST", "/admin/logout", url.Values{}); r.code != http.StatusForbidden {
		t.Errorf("sign out without CSRF = %d, want 403", r.code)
	}
	r = env.do("POST", "/admin/logout", url.Values{"csrf": {env.csrf(t)}})
	if r.code != http.StatusSeeOther || !strings.Contains(r.hdr.Get("Set-Cookie"), "Max-Age=0") {
		t.Errorf("sign out = %d (Set-Cookie %q), want 303 clearing the cookie", r.code, r.hdr.Get("Set-Cookie"))
	}
	if r := env.do("GET", "/admin", nil); r.code != http.StatusSeeOther {
		t.Errorf("GET /admin with the ended session = %d, want 303 to sign in", r.code)
	}
	if r := env.do("GET", "/api/v1/admin/labels", nil); r.code != http.StatusForbidden {
		t.Errorf("API call with the ended session = %d, want 403", r.code)
	}
}

// TestAdminCSRF: forms posted with the session cookie and no or a wrong
// CSRF token are refused and store nothing; the right token decides.
func TestAdminCSRF(t *testing.T) {
	env := newEditorEnv(t)
	env.signIn(t, "Ana Editor")
	token := env.csrf(t)
	item := env.openItem(t)
	target := "/admin/review/" + strconv.FormatInt(item.ID, 10) + "/decision"
	form := url.Values{"cip": {"11.0701"}, "career": {"ml-engineer"}, "relevance": {"strong"}, "note": {"ML is CS here"}}

	for _, tc := range []struct {
		name   string
		csrf   []string
		header []string
	}{
		{"missing", nil, nil},
		{"empty", []string{""}, nil},
		{"wrong", []string{token[:len(token)-1] + "x"}, nil},
		{"wrong header", nil, []string{"X-CSRF-Token: " + token + "x"}},
	} {
		f := url.Values{}
		for k, v := range form {
			f[k] = v
		}
		if tc.csrf != nil {
			f["csrf"] = tc.csrf
		}
		if r := env.do("POST", target, f, tc.header...); r.code != http.StatusForbidden {
			t.Errorf("%s CSRF token: POST %s = %d, want 403", tc.name, target, r.code)
		}
		if r := env.do("POST", "/api/v1/admin/review/"+strconv.FormatInt(item.ID, 10)+"/decision", nil, tc.header...); r.code != http.StatusForbidden {
			t.Errorf("%s CSRF token: API decision with the cookie = %d, want 403", tc.name, r.code)
		}
	}
	for _, target := range []string{"/admin/models/v2/promote", "/admin/models/rollback", "/admin/programs/flag"} {
		if r := env.do("POST", target, url.Values{"program": {"42"}, "career": {"ml-engineer"}, "reason": {"x"}}); r.code != http.StatusForbidden {
			t.Errorf("POST %s without CSRF = %d, want 403", target, r.code)
		}
	}
	if n := len(env.labels(t)); n != 0 {
		t.Fatalf("%d labels stored by refused requests", n)
	}
	if champ, _ := env.db.Alias(context.Background(), careerpath.AliasChampion); champ != "v1" {
		t.Errorf("champion = %s after refused requests, want v1", champ)
	}
	if items, _ := env.db.FindReviewItems(context.Background(), careerpath.ReviewFilter{}); len(items) != 1 {
		t.Errorf("%d review items after refused requests, want the 1 held", len(items))
	}

	// With the token: a label attributed to the editor, the held entry
	// published, the finder told.
	form.Set("csrf", token)
	r := env.do("POST", target, form)
	if r.code != http.StatusSeeOther || r.hdr.Get("Location") != "/admin/review" {
		t.Fatalf("POST decision with CSRF = %d %s (Location %q), want 303 back to the queue", r.code, r.body, r.hdr.Get("Location"))
	}
	// The queue says what the form did, once.
	done := "Item " + strconv.FormatInt(item.ID, 10) + " decided:"
	if r := env.do("GET", "/admin/review", nil); !strings.Contains(r.body, done) {
		t.Errorf("review page after the decision does not say %q", done)
	}
	if r := env.do("GET", "/admin/review", nil); strings.Contains(r.body, done) {
		t.Errorf("review page says %q a second time", done)
	}
	if r := env.do("GET", "/admin?done=Send+your+token+to+evil.example", nil); strings.Contains(r.body, "evil.example") {
		t.Errorf("an admin page shows a message taken from its URL")
	}
	labels := env.labels(t)
	if len(labels) != 1 || labels[0].Editor != "Ana Editor" || labels[0].CIP != "11.0701" || labels[0].Career != "ml-engineer" ||
		labels[0].Relevance != "strong" || labels[0].Note != "ML is CS here" || labels[0].ReviewID != item.ID {
		t.Errorf("labels = %+v", labels)
	}
	p, err := env.db.CatalogProgram(context.Background(), sqlite.CatalogProgramIDBase+env.entry)
	if err != nil || p.CIP != "11.0701" || p.CIPSource != careerpath.CIPSourceEditor {
		t.Errorf("held entry after the decision = %+v, %v; want active with the editor's code", p, err)
	}
	if env.kicks != 1 {
		t.Errorf("CatalogImported called %d times, want 1 (the finder must rebuild)", env.kicks)
	}
	r = env.do("GET", "/admin/review", nil)
	if !strings.Contains(r.body, "Nothing to review.") || !strings.Contains(r.body, "Ana Editor") {
		t.Errorf("review page after the decision lacks the decided item")
	}
	// The same form again: 409.
	if r := env.do("POST", target, form); r.code != http.StatusConflict {
		t.Errorf("second decision = %d, want 409", r.code)
	}

	// The API takes the token in a header when called with the cookie.
	r = env.do("POST", "/api/v1/admin/programs/42/flag", nil, "X-CSRF-Token: "+token)
	if r.code != http.StatusBadRequest { // an empty body: no career
		t.Errorf("API flag with the cookie and the CSRF header, no body = %d %s, want 400", r.code, r.body)
	}
}

// adminAPIRoutes returns every /api/v1/admin route of routes.go with its
// path parameters filled in, so that a new route cannot miss the test.
func adminAPIRoutes(t *testing.T) [][2]string {
	t.Helper()
	src, err := os.ReadFile("routes.go")
	if err != nil {
		t.Fatal(err)
	}
	var out [][2]string
	params := strings.NewReplacer("{version}", "v2", "{id}", "1")
	for _, m := range regexp.MustCompile(`"(GET|POST|PUT|PATCH|DELETE) (/api/v1/admin/[^"]*)"`).FindAllStringSubmatch(string(src), -1) {
		out = append(out, [2]string{m[1], params.Replace(m[2])})
	}
	if len(out) < 9 {
		t.Fatalf("found %d admin API routes in routes.go, want at least 9", len(out))
	}
	return out
}

func TestAdminAPIRefusesWithoutToken(t *testing.T) {
	env := newEditorEnv(t)
	for _, route := range adminAPIRoutes(t) {
		for _, tc := range []struct {
			name   string
			header []string
			want   int
		}{
			{"no token", nil, http.StatusUnauthorized},
			{"wrong token", []string{"Authorization: Bearer wrong-token-0123456789"}, http.StatusForbidden},
			{"not bearer", []string{"Authorization: Basic " + adminToken}, http.StatusUnauthorized},
			{"unknown session", []string{"Cookie: careerpath_admin=forged"}, http.StatusForbidden},
		} {
			r := env.do(route[0], route[1], nil, tc.header...)
			if r.code != tc.want || !strings.Contains(r.hdr.Get("Content-Type"), "json") {
				t.Errorf("%s %s with %s = %d %s, want %d JSON", route[0], route[1], tc.name, r.code, r.body, tc.want)
			}
		}
	}
	if n := len(env.labels(t)); n != 0 {
		t.Errorf("%d labels stored", n)
	}
	if champ, _ := env.db.Alias(context.Background(), careerpath.AliasChampion); champ != "v1" {
		t.Errorf("champion = %s, want v1", champ)
	}
}

func TestAdminAPI(t *testing.T) {
	env := newEditorEnv(t)
	bearer := "Authorization: Bearer " + adminToken
	decode := func(r response, v any) {
		t.Helper()
		if err := json.Unmarshal([]byte(r.body), v); err != nil {
			t.Fatalf("%s: %v", r.body, err)
		}
	}
	post := func(target, body string, headers ...string) response {
		req := httptest.NewRequest("POST", target, strings.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		for _, h := range append(headers, bearer) {
			k, v, _ := strings.Cut(h, ": ")
			req.Header.Set(k, v)
		}
		rec := httptest.NewRecorder()
		env.h.ServeHTTP(rec, req)
		return response{rec.Code, rec.Header(), rec.Body.String()}
	}

	var queue struct{ Items []*careerpath.ReviewItem }
	decode(env.do("GET", "/api/v1/admin/review?status=open", nil, bearer), &queue)
	if len(queue.Items) != 1 || queue.Items[0].Kind != "held" || queue.Items[0].CIP != "30.7001" || queue.Items[0].Model != "v1" {
		t.Fatalf("open queue = %+v", queue.Items)
	}
	id := strconv.FormatInt(queue.Items[0].ID, 10)
	if r := env.do("GET", "/api/v1/admin/review?status=maybe", nil, bearer); r.code != http.StatusBadRequest {
		t.Errorf("GET review?status=maybe = %d, want 400", r.code)
	}

	for _, tc := range []struct{ body, want string }{
		{`{"cip":"99.9999"}`, "99.9999"},
		{`{"relevance":"strong","career":"astronaut"}`, "astronaut"},
		{`{"cip":"11.0701","colour":"red"}`, "colour"},
	} {
		if r := post("/api/v1/admin/review/"+id+"/decision", tc.body); r.code != http.StatusBadRequest || !strings.Contains(r.body, tc.want) {
			t.Errorf("decision %s = %d %s, want 400 naming %s", tc.body, r.code, r.body, tc.want)
		}
	}
	r := post("/api/v1/admin/review/"+id+"/decision", `{"cip":"30.7001","editor":"someone else"}`, "X-Editor: Bo")
	if r.code != http.StatusCreated {
		t.Fatalf("decision = %d %s, want 201", r.code, r.body)
	}
	var label careerpath.Label
	decode(r, &label)
	if label.Editor != "Bo" || label.CIP != "30.7001" || label.Text.Program != "MSc Applied Learning Systems" {
		t.Errorf("label = %+v, want by Bo (the caller), CIP 30.7001", label)
	}
	if r := post("/api/v1/admin/review/"+id+"/decision", `{"cip":"11.0701"}`); r.code != http.StatusConflict {
		t.Errorf("second decision = %d, want 409", r.code)
	}
	if r := post("/api/v1/admin/review/999/decision", `{"cip":"11.0701"}`); r.code != http.StatusNotFound {
		t.Errorf("decision on item 999 = %d, want 404", r.code)
	}

	r = post("/api/v1/admin/programs/42/flag", `{"career":"ml-engineer","reason":"general CS, not ML"}`)
	var flagged careerpath.ReviewItem
	decode(r, &flagged)
	if r.code != http.StatusCreated || flagged.Kind != "flagged" || flagged.ProgramID != "42" || flagged.CreatedBy != "admin" {
		t.Errorf("flag = %d %+v", r.code, flagged)
	}
	if r := post("/api/v1/admin/programs/77/flag", `{"career":"ml-engineer","reason":"x"}`); r.code != http.StatusNotFound {
		t.Errorf("flag of program 77 = %d, want 404", r.code)
	}
	r = post("/api/v1/admin/review/"+strconv.FormatInt(flagged.ID, 10)+"/decision", `{"relevance":"related"}`)
	if r.code != http.StatusCreated || !strings.Contains(r.body, `"career":"ml-engineer"`) {
		t.Errorf("relevance decision on the flag = %d %s, want 201 for the item's career", r.code, r.body)
	}
	var labels struct{ Labels []*careerpath.Label }
	decode(env.do("GET", "/api/v1/admin/labels", nil, bearer), &labels)
	if len(labels.Labels) != 2 || labels.Labels[0].Editor != "Bo" || labels.Labels[1].Relevance != "related" {
		t.Errorf("labels = %+v", labels.Labels)
	}

	// The registry: promote and roll back, attributed.
	r = post("/api/v1/admin/models/v2/promote", `{"reason":"better on the dev set"}`, "X-Editor: Ana")
	var e careerpath.ModelEvent
	decode(r, &e)
	if r.code != http.StatusOK || e.Action != "promote" || e.From != "v1" || e.To != "v2" || e.Actor != "Ana" || e.Reason != "better on the dev set" {
		t.Errorf("promote = %d %+v", r.code, e)
	}
	if r := post("/api/v1/admin/models/v9/promote", ``); r.code != http.StatusNotFound {
		t.Errorf("promote v9 = %d, want 404", r.code)
	}
	if r := post("/api/v1/admin/models/v1/promote", `{"alias":"king"}`); r.code != http.StatusBadRequest {
		t.Errorf("promote to alias king = %d, want 400", r.code)
	}
	r = post("/api/v1/admin/models/rollback", ``)
	decode(r, &e)
	if r.code != http.StatusOK || e.Action != "rollback" || e.To != "v1" || e.Actor != "admin" {
		t.Errorf("rollback = %d %+v", r.code, e)
	}
	var models struct{ Models []*careerpath.ModelVersion }
	decode(env.do("GET", "/api/v1/admin/models", nil, bearer), &models)
	if len(models.Models) != 2 || models.Models[1].Version != "v1" || len(models.Models[1].Aliases) != 1 {
		t.Errorf("models = %+v", models.Models)
	}
	var events struct{ Events []*careerpath.ModelEvent }
	decode(env.do("GET", "/api/v1/admin/models/events", nil, bearer), &events)
	var got []string
	for _, e := range events.Events {
		got = append(got, e.Action+":"+e.Actor)
	}
	if want := "register:trainer register:trainer promote:trainer promote:Ana rollback:admin"; strings.Join(got, " ") != want {
		t.Errorf("events = %s, want %s", strings.Join(got, " "), want)
	}
}

// TestAdminPagesForms drives the pages as a signed-in editor: promote,
// roll back and flag through their forms.
func TestAdminPagesForms(t *testing.T) {
	env := newEditorEnv(t)
	env.signIn(t, "Ana Editor")
	token := env.csrf(t)
	r := env.do("POST", "/admin/models/v2/promote", url.Values{"csrf": {token}, "alias": {"champion"}, "reason": {"looks better"}})
	if r.code != http.StatusSeeOther {
		t.Fatalf("promote form = %d %s", r.code, r.body)
	}
	events, _ := env.db.FindModelEvents(context.Background())
	if last := events[len(events)-1]; last.Actor != "Ana Editor" || last.To != "v2" || last.Reason != "looks better" {
		t.Errorf("last event = %+v, want Ana Editor promoting v2", last)
	}
	r = env.do("GET", "/admin", nil)
	if !strings.Contains(r.body, "looks better") || !strings.Contains(r.body, `Ana Editor`) {
		t.Errorf("overview lacks the promotion in its event log")
	}
	if r := env.do("POST", "/admin/models/rollback", url.Values{"csrf": {token}}); r.code != http.StatusSeeOther {
		t.Errorf("rollback form = %d %s", r.code, r.body)
	}
	if champ, _ := env.db.Alias(context.Background(), careerpath.AliasChampion); champ != "v1" {
		t.Errorf("champion after rollback = %s, want v1", champ)
	}
	r = env.do("POST", "/admin/programs/flag", url.Values{"csrf": {token}, "program": {"42"}, "career": {"ml-engineer"}, "reason": {"<b>not ML</b>"}})
	if r.code != http.StatusSeeOther {
		t.Fatalf("flag form = %d %s", r.code, r.body)
	}
	r = env.do("GET", "/admin/review", nil)
	if !strings.Contains(r.body, "&lt;b&gt;not ML&lt;/b&gt;") || strings.Contains(r.body, "<b>not ML</b>") {
		t.Errorf("review page does not show the flag's reason escaped")
	}
	if !strings.Contains(r.body, `<datalist id="cip-codes">`) || !strings.Contains(r.body, "11.0701 Computer Science") {
		t.Errorf("review page lacks the list of CIP codes")
	}
}

// TestAdminFlagFromProgramPage: a signed-in editor sees a flag form on a
// program's page for a career, and flagging returns to the page.
func TestAdminFlagFromProgramPage(t *testing.T) {
	env := newEditorEnv(t)
	page := "/programs/42?career=ml-engineer"
	r := env.do("GET", page, nil)
	if r.code != http.StatusOK || !strings.Contains(r.body, `href="https://www.state.example.edu"`) {
		t.Fatalf("GET %s = %d, want 200 with the institution's site linked", page, r.code)
	}
	if strings.Contains(r.body, "Flag for review") {
		t.Errorf("a reader who is not signed in sees the flag form")
	}
	env.signIn(t, "Ana Editor")
	r = env.do("GET", page, nil)
	m := csrfField.FindStringSubmatch(r.body)
	if m == nil || !strings.Contains(r.body, "Flag for review") || !strings.Contains(r.hdr.Get("Cache-Control"), "no-store") {
		t.Fatalf("signed in, GET %s lacks the flag form with its CSRF token, or may be cached", page)
	}
	if r := env.do("GET", "/programs/42", nil); !strings.Contains(r.body, `<select id="flag-career" name="career" required>`) {
		t.Errorf("without a career in the address, the flag form offers no career to choose")
	}
	r = env.do("POST", "/admin/programs/flag", url.Values{"csrf": {m[1]}, "program": {"42"}, "career": {"ml-engineer"},
		"reason": {"not ML"}, "back": {page}})
	if r.code != http.StatusSeeOther || r.hdr.Get("Location") != page {
		t.Fatalf("flag = %d (Location %q), want 303 back to %s", r.code, r.hdr.Get("Location"), page)
	}
	if r := env.do("GET", page, nil); !strings.Contains(r.body, "is in the queue as item") {
		t.Errorf("the program page does not say the program was queued")
	}
	items, _ := env.db.FindReviewItems(context.Background(), careerpath.ReviewFilter{Kind: careerpath.ReviewFlagged})
	if len(items) != 1 || items[0].CreatedBy != "Ana Editor" || items[0].Reason != "not ML" {
		t.Errorf("flagged items = %+v", items)
	}
	// Only a program's page is a place to go back to.
	r = env.do("POST", "/admin/programs/flag", url.Values{"csrf": {m[1]}, "program": {"42"}, "career": {"ml-engineer"},
		"reason": {"again"}, "back": {"https://evil.example/"}})
	if r.hdr.Get("Location") != "/admin/review" {
		t.Errorf("flag with an outside back = Location %q, want /admin/review", r.hdr.Get("Location"))
	}
}
