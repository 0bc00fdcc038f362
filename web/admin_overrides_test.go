package web_test

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	careerpath "github.com/careerpath/careerpath"
	"github.com/careerpath/careerpath/relevance"
	"github.com/careerpath/careerpath/search"
	"github.com/careerpath/careerpath/web"
)

// TestDecisionAppliesInFinder: an editor flags program 42 (strong for
// ml-engineer), decides "none", and the finder's API and career counts
// leave it out at once, with the reason on its own page; undo brings it
// back. The finder is the real index with an overlay over the database's
// override log, polled when the server says the log changed.
func TestDecisionAppliesInFinder(t *testing.T) {
	ctx := context.Background()
	career := &careerpath.Career{Slug: "ml-engineer", Title: "Machine Learning Engineer", Occupations: []careerpath.OccupationWeight{{SOC: "15-2051", Weight: 1}}}
	model := relevance.New([]*careerpath.Career{career},
		[]careerpath.CrosswalkLink{{CIP: "11.0701", CIPTitle: "Computer Science.", SOC: "15-2051", SOCTitle: "Data Scientists"}}, nil)
	programs := search.NewService(nil)
	var overlay *search.Overlay
	env := newEditorEnv(t, func(e *editorEnv, svc *web.Services) {
		ix, err := search.Load(ctx, e.db, model)
		if err != nil {
			t.Fatal(err)
		}
		overlay = search.NewOverlay(programs, e.db, slog.New(slog.NewTextHandler(io.Discard, nil)))
		if err := overlay.SetBase(ctx, ix); err != nil {
			t.Fatal(err)
		}
		svc.Programs, svc.Audit = programs, e.db
		// The serving overlay polls on Notify in the background; here the
		// poll runs in the request, so that the test needs no wait.
		svc.OverridesChanged = func(ctx context.Context) {
			if _, err := overlay.Poll(ctx); err != nil {
				t.Error(err)
			}
		}
	})
	// Readers get the cached career page without flag forms; a signed-in
	// editor gets one on each card, whose fields join a form outside the
	// cards' compare form.
	if r := env.do("GET", "/careers/ml-engineer", nil); r.code != http.StatusOK || strings.Contains(r.body, "Flag for review") {
		t.Errorf("career page for a reader = %d, with flag forms: %v", r.code, strings.Contains(r.body, "Flag for review"))
	}
	env.signIn(t, "Ana Editor")
	token := env.csrf(t)
	if r := env.do("GET", "/careers/ml-engineer", nil); !strings.Contains(r.body, `<form id="flag-42" method="post" action="/admin/programs/flag" hidden>`) ||
		!strings.Contains(r.body, `name="reason" form="flag-42"`) || !strings.Contains(r.hdr.Get("Cache-Control"), "no-store") {
		t.Errorf("career page for an editor lacks the card's flag form, or may be cached")
	}
	finder := func() (total, strong int, items []careerpath.ProgramMatch) {
		t.Helper()
		r := env.do("GET", "/api/v1/careers/ml-engineer/programs", nil)
		var page careerpath.ProgramPage
		if err := json.Unmarshal([]byte(r.body), &page); err != nil || r.code != http.StatusOK {
			t.Fatalf("finder = %d %s", r.code, r.body)
		}
		return page.Total, page.Strong, page.Items
	}
	if total, strong, _ := finder(); total != 1 || strong != 1 {
		t.Fatalf("before: total %d strong %d, want program 42 strong", total, strong)
	}
	if r := env.do("GET", "/api/v1/careers/ml-engineer/programs?format=csv", nil); !strings.Contains(r.body, "Computer Science") {
		t.Fatalf("the career's CSV export lacks program 42 before any decision:\n%s", r.body)
	}

	r := env.do("POST", "/admin/programs/flag", url.Values{"csrf": {token}, "program": {"42"}, "career": {"ml-engineer"}, "reason": {"a general degree"},
		"back": {"/careers/ml-engineer"}})
	if r.code != http.StatusSeeOther || r.hdr.Get("Location") != "/careers/ml-engineer" {
		t.Fatalf("flag = %d %s", r.code, r.body)
	}
	items, err := env.db.FindReviewItems(ctx, careerpath.ReviewFilter{Kind: careerpath.ReviewFlagged})
	if err != nil || len(items) != 1 || items[0].ProgramID != "42" {
		t.Fatalf("flagged items = %v, %v; want program 42", items, err)
	}
	item := items[0]
	// The item says what an editor judges it by: the career's title, what
	// the finder shows today, no probability for an IPEDS field of study,
	// and one-step buttons.
	queue := env.do("GET", "/admin/review?kind=flagged&career=ml-engineer", nil).body
	for _, want := range []string{"flagged by Ana Editor on", "for Machine Learning Engineer", "The finder shows now",
		`<span class="tag rel-strong">strongly relevant</span>`, "reported to IPEDS", `name="set" value="none">Not relevant</button>`} {
		if !strings.Contains(queue, want) {
			t.Errorf("review page lacks %q", want)
		}
	}
	if strings.Contains(queue, "probability") {
		t.Errorf("review page shows a probability for an IPEDS program's field of study")
	}
	if held := env.do("GET", "/admin/review?kind=held", nil).body; !strings.Contains(held, "probability 0.30") || strings.Contains(held, "flagged by Ana") {
		t.Errorf("the held filter does not show the held entry with its probability alone")
	}
	r = env.do("POST", "/admin/review/"+itoa(item.ID)+"/decision", url.Values{"csrf": {token}, "career": {"ml-engineer"}, "set": {"none"}, "note": {"no machine learning in it"}})
	if r.code != http.StatusSeeOther {
		t.Fatalf("decision = %d %s", r.code, r.body)
	}
	if total, strong, _ := finder(); total != 0 || strong != 0 {
		t.Errorf("after the decision: total %d strong %d, want 0 0", total, strong)
	}
	if r := env.do("GET", "/api/v1/careers/ml-engineer/programs?format=csv", nil); strings.Contains(r.body, "Computer Science") {
		t.Errorf("the career's CSV export still lists program 42:\n%s", r.body)
	}
	if r := env.do("GET", "/programs", nil); !strings.Contains(r.body, `<select id="flag-career-42" name="career" form="flag-42" required>`) {
		t.Errorf("the cards of all programs offer no career to flag for")
	}
	r = env.do("GET", "/api/v1/programs/42?career=ml-engineer", nil)
	if !strings.Contains(r.body, `"relevance":"none"`) || !strings.Contains(r.body, "An editor set this to not relevant on ") || !strings.Contains(r.body, ": no machine learning in it") {
		t.Errorf("program 42 after the decision = %s, want none with the editor's reason", r.body)
	}
	page := env.do("GET", "/admin/review", nil)
	undo := regexp.MustCompile(`action="/admin/review/(\d+)/undo"`).FindStringSubmatch(page.body)
	if undo == nil || undo[1] != itoa(item.ID) || !strings.Contains(page.body, "not relevant for Machine Learning Engineer") {
		t.Fatalf("review page has no undo form for item %d, or no career title", item.ID)
	}
	r = env.do("POST", "/admin/review/"+undo[1]+"/undo", url.Values{"csrf": {token}})
	if r.code != http.StatusSeeOther {
		t.Fatalf("undo = %d %s", r.code, r.body)
	}
	if total, strong, items := finder(); total != 1 || strong != 1 || items[0].Reasons[0] == "" || strings.HasPrefix(items[0].Reasons[0], "An editor") {
		t.Errorf("after undo: total %d strong %d, want program 42 strong again with the computed reasons", total, strong)
	}
	if page := env.do("GET", "/admin/review", nil); !strings.Contains(page.body, "undone or replaced") || strings.Contains(page.body, `action="/admin/review/`+undo[1]+`/undo"`) {
		t.Errorf("the undone decision is not shown as undone, or still offers Undo")
	}
	if r := env.do("POST", "/admin/review/"+undo[1]+"/undo", url.Values{"csrf": {token}}); r.code != http.StatusConflict {
		t.Errorf("second undo = %d, want 409", r.code)
	}
	// The labels are as before: one per decision, for retraining.
	if labels := env.labels(t); len(labels) != 1 || labels[0].Relevance != careerpath.RelevanceNone {
		t.Errorf("labels = %v, want the one decision", labels)
	}

	// The audit log has every action of the flow, in order, with its
	// result; the refused second undo too.
	entries, err := env.db.FindAudit(ctx, careerpath.AuditFilter{})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for i := len(entries) - 1; i >= 0; i-- {
		e := entries[i]
		got = append(got, e.Actor+" "+e.Action+" "+e.Result)
		if e.Address != "192.0.2.1" { // httptest's client
			t.Errorf("entry %+v: address %q", e, e.Address)
		}
	}
	id := itoa(item.ID)
	want := []string{"Ana Editor sign_in ok", "Ana Editor flag ok", "Ana Editor decide ok", "Ana Editor undo_decision ok",
		"Ana Editor undo_decision conflict: Nothing of the decision on item " + id + " is in effect in the finder: it was undone or replaced, or it is not one the finder applies."}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("audit log:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if d := entries[2].Detail; entries[2].Target != "id "+id+", career ml-engineer" || !strings.Contains(d, `relevance "none" for "ml-engineer"`) {
		t.Errorf("decide entry: target %q detail %q", entries[2].Target, d)
	}

	// The same through the JSON API, with the bearer token.
	api := func(target, body string) (int, string) {
		req := httptest.NewRequest("POST", target, strings.NewReader(body))
		req.Header.Set("Authorization", "Bearer "+adminToken)
		req.Header.Set("Content-Type", "application/json")
		rec := httptest.NewRecorder()
		env.h.ServeHTTP(rec, req)
		return rec.Code, rec.Body.String()
	}
	code, body := api("/api/v1/admin/programs/42/flag", `{"career":"ml-engineer","reason":"again"}`)
	var again careerpath.ReviewItem
	if err := json.Unmarshal([]byte(body), &again); code != http.StatusCreated || err != nil {
		t.Fatalf("flag API = %d %s", code, body)
	}
	if code, body := api("/api/v1/admin/review/"+itoa(again.ID)+"/decision", `{"relevance":"related"}`); code != http.StatusCreated {
		t.Fatalf("decision API = %d %s", code, body)
	}
	if total, strong, _ := finder(); total != 1 || strong != 0 {
		t.Errorf("set to related: total %d strong %d, want 1 0", total, strong)
	}
	code, body = api("/api/v1/admin/review/"+itoa(again.ID)+"/undo", `{"note":"by mistake"}`)
	if code != http.StatusOK || !strings.Contains(body, `"undo":true`) || !strings.Contains(body, `"note":"by mistake"`) {
		t.Errorf("undo API = %d %s", code, body)
	}
	if total, strong, _ := finder(); total != 1 || strong != 1 {
		t.Errorf("after the API's undo: total %d strong %d, want program 42 strong", total, strong)
	}
}

// TestAuditLogPage: failed sign-ins are counted, not listed; the page and
// the API filter; the CSV export is safe to open in a spreadsheet.
func TestAuditLogPage(t *testing.T) {
	env := newEditorEnv(t, func(e *editorEnv, svc *web.Services) { svc.Audit = e.db })
	for range 3 {
		if r := env.do("POST", "/admin/login", url.Values{"name": {"mallory"}, "token": {"wrong"}}); r.code != http.StatusForbidden {
			t.Fatalf("wrong token = %d, want 403", r.code)
		}
	}
	env.signIn(t, "=HYPERLINK(\"http://evil.example\")")
	r := env.do("GET", "/api/v1/admin/audit?result=failed", nil, "Accept: application/json")
	var body struct{ Entries []careerpath.AuditEntry }
	if err := json.Unmarshal([]byte(r.body), &body); err != nil || r.code != http.StatusOK {
		t.Fatalf("audit API = %d %s", r.code, r.body)
	}
	if len(body.Entries) != 1 || body.Entries[0].Action != careerpath.AuditSignInFailed || body.Entries[0].Count != 3 || body.Entries[0].Actor != "" {
		t.Errorf("failed sign-ins = %+v, want one entry counting 3, with no name", body.Entries)
	}
	r = env.do("GET", "/api/v1/admin/audit?format=csv", nil)
	if r.code != http.StatusOK || !strings.Contains(r.body, `'=HYPERLINK(`) || !strings.HasPrefix(r.hdr.Get("Content-Type"), "text/csv") {
		t.Errorf("CSV = %d %q, want the formula-like name with a leading apostrophe", r.code, r.body)
	}
	if r := env.do("GET", "/api/v1/admin/audit?since=yesterday", nil, "Accept: application/json"); r.code != http.StatusBadRequest || !strings.Contains(r.body, "Parameter since") {
		t.Errorf("bad since = %d %s, want 400 naming the parameter", r.code, r.body)
	}
	page := env.do("GET", "/admin/audit?action=sign_in", nil)
	if page.code != http.StatusOK || !strings.Contains(page.body, "<td>sign_in</td>") || strings.Contains(page.body, "<td>sign_in_failed</td>") {
		t.Errorf("audit page filtered on sign_in = %d, want only successful sign-ins", page.code)
	}
	env.cookies = nil
	if r := env.do("GET", "/api/v1/admin/audit", nil, "Accept: application/json"); r.code != http.StatusUnauthorized {
		t.Errorf("audit API signed out = %d, want 401", r.code)
	}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// TestFlagRefusedKeepsForm: a flag the queue refuses comes back on the
// form it was sent from, with the message and what was typed.
func TestFlagRefusedKeepsForm(t *testing.T) {
	env := newEditorEnv(t)
	env.signIn(t, "Ana Editor")
	token := env.csrf(t)
	for _, tc := range []struct {
		name           string
		form           url.Values
		wantPage, want string
	}{
		{"bad number on the review page", url.Values{"program": {"4x2"}, "career": {"ml-engineer"}, "reason": {"typed <reason>"}},
			`id="flag-program" name="program" type="text" inputmode="numeric" value="4x2"`, "Program id &#34;4x2&#34;: want the number"},
		{"unknown program on the review page", url.Values{"program": {"999"}, "career": {"ml-engineer"}, "reason": {"typed <reason>"}},
			`value="999"`, "No program 999 in the finder."},
		{"no reason on a program's page", url.Values{"program": {"42"}, "career": {"ml-engineer"}, "reason": {" "}, "back": {"/programs/42?career=ml-engineer"}},
			`<h1>Computer Science`, "A flag needs a reason"},
	} {
		tc.form.Set("csrf", token)
		r := env.do("POST", "/admin/programs/flag", tc.form)
		if r.code != http.StatusUnprocessableEntity || !strings.Contains(r.body, tc.wantPage) || !strings.Contains(r.body, tc.want) {
			t.Errorf("%s: %d, page has %q: %v, message %q: %v; want 422 on the form", tc.name, r.code,
				tc.wantPage, strings.Contains(r.body, tc.wantPage), tc.want, strings.Contains(r.body, tc.want))
		}
		if reason := tc.form.Get("reason"); strings.TrimSpace(reason) != "" && !strings.Contains(r.body, ">typed &lt;reason&gt;</textarea>") {
			t.Errorf("%s: the typed reason is not kept in the form", tc.name)
		}
		if !strings.Contains(r.body, `role="alert"`) || !strings.Contains(r.body, `aria-invalid="true"`) {
			t.Errorf("%s: the message is not an alert tied to the field", tc.name)
		}
	}
	if items, _ := env.db.FindReviewItems(context.Background(), careerpath.ReviewFilter{Kind: careerpath.ReviewFlagged}); len(items) != 0 {
		t.Errorf("%d items flagged by refused forms", len(items))
	}
}

// TestNotFoundRouteLabel: requests for addresses the site has no page for
// are counted as "not found", not as the route "/".
func TestNotFoundRouteLabel(t *testing.T) {
	env := newEditorEnv(t)
	if r := env.do("GET", "/no-such-page", nil); r.code != http.StatusNotFound {
		t.Fatalf("GET /no-such-page = %d", r.code)
	}
	r := env.do("GET", "/metrics", nil)
	if !strings.Contains(r.body, `careerpath_http_requests_total{code="404",route="not found"} 1`) || strings.Contains(r.body, `route="/"`) {
		t.Errorf("metrics do not count the request under route \"not found\": %s", grepLines(r.body, "requests_total"))
	}
}

func grepLines(s, sub string) string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if strings.Contains(l, sub) {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}
