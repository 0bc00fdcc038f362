package main

import (
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	careerpath "github.com/careerpath/careerpath"
	"github.com/chromedp/chromedp"
)

// TestEditorOverrideInBrowser is the editor's loop in Chromium on a real
// server: sign in, flag a program from its page, decide "not relevant"
// with one button, see the program leave the career's finder (count and
// facets, for the editor and for a reader) within 5 s, undo, see it come
// back; axe-core on every admin page on the way; and the audit log has
// each action of the flow in order.
func TestEditorOverrideInBrowser(t *testing.T) {
	if testing.Short() {
		t.Skip("imports the full bundled data")
	}
	browserPath(t)
	axeScript(t)
	const token = "test-admin-token-0123456789"
	const career = "machine-learning-engineer"
	t.Setenv("CAREERPATH_ADMIN_TOKEN", token)
	// Decisions made through this server apply at once; the poll, for
	// other replicas' decisions, is short so that nothing waits on it.
	base := startServer(t, sharedDB(t), "--overrides-poll", "50ms")
	api := func(path string, v any) {
		t.Helper()
		req, _ := http.NewRequest("GET", base+path, nil)
		req.Header.Set("Authorization", "Bearer "+token)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		if err := json.NewDecoder(resp.Body).Decode(v); err != nil || resp.StatusCode != http.StatusOK {
			t.Fatalf("GET %s = %d, %v", path, resp.StatusCode, err)
		}
	}
	finder := func() *careerpath.ProgramPage {
		var page careerpath.ProgramPage
		api("/api/v1/careers/"+career+"/programs", &page)
		return &page
	}
	awardCount := func(p *careerpath.ProgramPage, value string) int {
		for _, f := range p.Facets[careerpath.FacetAward] {
			if f.Value == value {
				return f.Count
			}
		}
		return 0
	}
	before := finder()
	if len(before.Items) == 0 {
		t.Fatal("the career's finder is empty")
	}
	prog := before.Items[0] // the first card of the career page
	id := strconv.FormatInt(prog.ID, 10)
	award := careerpath.FacetAwardValue(prog.Award.Code)

	ctx, status := loadPage(t, base+"/admin/login")
	if status != http.StatusOK {
		t.Fatalf("sign-in page = %d", status)
	}
	auditPage(t, ctx, "editor-login")
	for _, a := range []chromedp.Action[chromedp.Void]{
		chromedp.SendKeys(chromedp.CSS(`#login-name`), "Bo Browser"),
		chromedp.SendKeys(chromedp.CSS(`#login-token`), token),
	} {
		if err := chromedp.Do(ctx, a); err != nil {
			t.Fatalf("fill in the sign-in form: %v", err)
		}
	}
	click := func(what, selector string) string {
		t.Helper()
		resp, err := chromedp.RunResponse(ctx, chromedp.Click(chromedp.CSS(selector)))
		if err != nil {
			t.Fatalf("%s: %v", what, err)
		}
		if resp.Status != http.StatusOK {
			t.Fatalf("%s: landed on %s with %d", what, resp.URL, resp.Status)
		}
		return resp.URL
	}
	navigate := func(path string) {
		t.Helper()
		resp, err := chromedp.Run(ctx, chromedp.NavigateResponse(base+path))
		if err != nil || resp.Status != http.StatusOK {
			t.Fatalf("open %s: %v", path, err)
		}
	}
	text := func(selector string) string {
		t.Helper()
		return evaluate[string](t, ctx, `document.querySelector(`+strconv.Quote(selector)+`)?.textContent ?? ""`)
	}
	click("sign in", `form button[type="submit"]`)

	// Flag the program from its page.
	navigate("/programs/" + id + "?career=" + career)
	if err := chromedp.Do(ctx, chromedp.SendKeys(chromedp.CSS(`#flag-reason`), "a general degree, no machine learning")); err != nil {
		t.Fatalf("fill in the flag form: %v", err)
	}
	click("flag", `#flag-h ~ form button[type="submit"]`)
	if msg := text("[role=status]"); !strings.Contains(msg, "in the queue as item") {
		t.Fatalf("program page after flagging says %q", msg)
	}
	var queue struct{ Items []*careerpath.ReviewItem }
	api("/api/v1/admin/review?status=open&kind=flagged&career="+career, &queue)
	var item int64
	for _, it := range queue.Items {
		if it.ProgramID == id {
			item = it.ID
		}
	}
	if item == 0 {
		t.Fatalf("no open item for program %s in %v", id, queue.Items)
	}
	itemID := strconv.FormatInt(item, 10)

	// Decide it "not relevant" from the queue, with one button.
	navigate("/admin/review?kind=flagged&career=" + career)
	auditPage(t, ctx, "editor-review")
	if got := text("#item-" + itemID + " dd"); !strings.Contains(got, "Machine Learning Engineer") {
		t.Errorf("item %s says %q, want the career's title", itemID, got)
	}
	click("decide not relevant", `#item-`+itemID+` button[name="set"][value="none"]`)
	if msg := text("[role=status]"); !strings.Contains(msg, "decided") {
		t.Errorf("review page after deciding says %q", msg)
	}

	// Within 5 s the program has left the career's finder, counts and
	// facets included, for the editor's page, a reader's and the API.
	gone := func(p *careerpath.ProgramPage, wantTotal, wantAward int) bool {
		for _, m := range p.Items {
			if m.ID == prog.ID {
				return false
			}
		}
		return p.Total == wantTotal && awardCount(p, award) == wantAward
	}
	waitFor := func(what string, ok func() bool) {
		t.Helper()
		start := time.Now()
		for !ok() {
			if time.Since(start) > 5*time.Second {
				t.Fatalf("%s: not after 5 s", what)
			}
			time.Sleep(50 * time.Millisecond)
		}
		t.Logf("%s after %v", what, time.Since(start).Round(time.Millisecond))
	}
	waitFor("the program left the finder's API", func() bool { return gone(finder(), before.Total-1, awardCount(before, award)-1) })
	cardShown := func(body string) bool { return strings.Contains(body, `<li class="program-card" data-id="`+id+`"`) }
	count := func(body string) string {
		_, rest, _ := strings.Cut(body, `<span class="count">(`)
		n, _, _ := strings.Cut(rest, ")")
		return n
	}
	if _, body, _ := get(t, base+"/careers/"+career); cardShown(body) || count(body) != thousandsTest(before.Total-1) {
		t.Errorf("a reader's career page still shows the program, or counts %s, want %s", count(body), thousandsTest(before.Total-1))
	}
	navigate("/careers/" + career)
	if n := evaluate[int](t, ctx, `document.querySelectorAll('li.program-card[data-id="`+id+`"]').length`); n != 0 {
		t.Errorf("the editor's career page still shows program %s", id)
	}
	navigate("/programs/" + id + "?career=" + career)
	if why := text("#why-h + ul li"); !strings.HasPrefix(why, "An editor set this to not relevant on ") || !strings.Contains(why, "no machine learning") {
		t.Errorf("program page's first reason = %q, want the editor's decision", why)
	}

	// Undo, from the latest decisions: the program comes back.
	navigate("/admin/review")
	click("undo", `#decided-`+itemID+` form.undo button`)
	waitFor("the program is back in the finder's API", func() bool {
		p := finder()
		return p.Total == before.Total && awardCount(p, award) == awardCount(before, award) && len(p.Items) > 0 && p.Items[0].ID == prog.ID
	})
	if _, body, _ := get(t, base+"/careers/"+career); !cardShown(body) {
		t.Errorf("a reader's career page does not show the program again after the undo")
	}

	// Every admin page passes axe-core; the audit log has the flow.
	for _, path := range []string{"/admin", "/admin/monitoring", "/admin/experiments", "/admin/audit"} {
		navigate(path)
		auditPage(t, ctx, "editor-"+strings.Trim(strings.ReplaceAll(path, "/", "-"), "-"))
	}
	var audit struct{ Entries []careerpath.AuditEntry }
	api("/api/v1/admin/audit?actor=Bo+Browser", &audit)
	var got []string
	for i := len(audit.Entries) - 1; i >= 0; i-- {
		e := audit.Entries[i]
		got = append(got, e.Action+" "+e.Result)
	}
	want := []string{"sign_in ok", "flag ok", "decide ok", "undo_decision ok"}
	if strings.Join(got, ", ") != strings.Join(want, ", ") {
		t.Errorf("audit log of Bo Browser = %v, want %v", got, want)
	}
}
