package main

import (
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestAdminReviewEndToEnd runs the editors' loop on a real server: a
// catalog entry the model cannot read is held, an editor signs in,
// decides it with the CSRF token of the page, and the entry appears in
// the running finder without a restart. Then the admin pages are checked
// in Chromium with axe-core.
func TestAdminReviewEndToEnd(t *testing.T) {
	if testing.Short() {
		t.Skip("imports the full bundled data")
	}
	const token = "test-admin-token-0123456789"
	t.Setenv("CAREERPATH_ADMIN_TOKEN", token)
	base := startServer(t, sharedDB(t))
	client := &http.Client{
		Timeout:       2 * time.Minute,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
	do := func(req *http.Request) (int, string, http.Header) {
		t.Helper()
		resp, err := client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		body, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(body), resp.Header
	}

	// A name the model cannot read is held for review.
	jsonl := `{"institution":"Acme Institute","program":"Zorblax Quuxing Vrelm","degree":"MSc","country":"GB"}` + "\n"
	req, _ := http.NewRequest("POST", base+"/api/v1/admin/catalogs?name=review-e2e", strings.NewReader(jsonl))
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Content-Type", "application/x-ndjson")
	if code, body, _ := do(req); code != http.StatusCreated || !strings.Contains(body, `"held_for_review":1`) {
		t.Fatalf("import = %d %s, want 201 with one entry held", code, body)
	}

	// Sign in. Go's cookie jar keeps Secure cookies to https, as it
	// should; the browser below shows the cookie works on localhost.
	form := url.Values{"name": {"Ana Editor"}, "token": {token}, "next": {"/admin/review"}}
	req, _ = http.NewRequest("POST", base+"/admin/login", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	code, body, hdr := do(req)
	cookies := (&http.Response{Header: hdr}).Cookies()
	if code != http.StatusSeeOther || len(cookies) != 1 {
		t.Fatalf("sign in = %d %s, cookies %v", code, body, cookies)
	}
	withCookie := func(method, target string, form url.Values) (int, string, http.Header) {
		var r io.Reader
		if form != nil {
			r = strings.NewReader(form.Encode())
		}
		req, _ := http.NewRequest(method, base+target, r)
		if form != nil {
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		}
		req.AddCookie(cookies[0])
		return do(req)
	}
	code, body, _ = withCookie("GET", "/admin/review", nil)
	m := regexp.MustCompile(`name="csrf" value="([^"]+)"`).FindStringSubmatch(body)
	item := regexp.MustCompile(`action="/admin/review/(\d+)/decision"`).FindStringSubmatch(body)
	if code != http.StatusOK || m == nil || item == nil || !strings.Contains(body, "Zorblax Quuxing Vrelm") {
		t.Fatalf("review page = %d, csrf %v, item %v; want the held entry with a form", code, m, item)
	}

	// The item's catalog entry, to find it in the finder.
	req, _ = http.NewRequest("GET", base+"/api/v1/admin/review?status=open", nil)
	req.Header.Set("Authorization", "Bearer "+token)
	_, body, _ = do(req)
	var queue struct {
		Items []struct {
			ID             int64 `json:"id"`
			CatalogEntryID int64 `json:"catalog_entry_id"`
		}
	}
	if err := json.Unmarshal([]byte(body), &queue); err != nil || len(queue.Items) == 0 {
		t.Fatalf("queue = %s (%v)", body, err)
	}
	var entry int64
	for _, it := range queue.Items {
		if strconv.FormatInt(it.ID, 10) == item[1] {
			entry = it.CatalogEntryID
		}
	}
	program := "/api/v1/programs/" + strconv.FormatInt(1_000_000_000+entry, 10)
	if code, _, _ := get(t, base+program); code != http.StatusNotFound {
		t.Errorf("GET %s before the decision = %d, want 404 (held entries are not in the finder)", program, code)
	}

	decision := url.Values{"cip": {"11.0701"}, "career": {"machine-learning-engineer"}, "relevance": {"none"}, "note": {"nonsense name"}}
	if code, _, _ := withCookie("POST", "/admin/review/"+item[1]+"/decision", decision); code != http.StatusForbidden {
		t.Errorf("decision without the CSRF token = %d, want 403", code)
	}
	decision.Set("csrf", m[1])
	if code, body, _ := withCookie("POST", "/admin/review/"+item[1]+"/decision", decision); code != http.StatusSeeOther {
		t.Fatalf("decision = %d %s, want 303", code, body)
	}
	req, _ = http.NewRequest("GET", base+"/api/v1/admin/labels", nil)
	req.Header.Set("Authorization", "Bearer "+token)
	if _, body, _ := do(req); !strings.Contains(body, `"editor":"Ana Editor"`) || !strings.Contains(body, `"cip":"11.0701"`) {
		t.Errorf("labels = %s, want Ana Editor's", body)
	}

	// The finder rebuilds in the background and shows the entry.
	start := time.Now()
	for {
		code, body, _ := get(t, base+program)
		if code == http.StatusOK {
			if !strings.Contains(body, `"cip":"11.0701"`) {
				t.Errorf("program after the decision = %s, want CIP 11.0701", body)
			}
			t.Logf("the decided entry reached the finder after %v", time.Since(start).Round(time.Millisecond))
			break
		}
		if time.Since(start) > 3*time.Minute {
			t.Fatalf("GET %s = %d three minutes after the decision", program, code)
		}
		time.Sleep(200 * time.Millisecond)
	}

	// An open item for the pages to show: the program just published,
	// flagged through the API.
	req, _ = http.NewRequest("POST", base+"/api/v1/admin/programs/"+strconv.FormatInt(1_000_000_000+entry, 10)+"/flag",
		strings.NewReader(`{"career":"machine-learning-engineer","reason":"not a real program"}`))
	req.Header.Set("Authorization", "Bearer "+token)
	if code, body, _ := do(req); code != http.StatusCreated {
		t.Errorf("flag = %d %s, want 201", code, body)
	}

	t.Run("browser", func(t *testing.T) {
		browserPath(t)
		axeScript(t)
		ctx, status := loadPage(t, base+"/admin")
		if status != http.StatusOK || !strings.Contains(evaluate[string](t, ctx, `location.pathname`), "/admin/login") {
			t.Fatalf("/admin signed out: status %d at %s, want the sign-in page", status, evaluate[string](t, ctx, `location.href`))
		}
		auditPage(t, ctx, "admin-login")
		for _, a := range []chromedp.Action[chromedp.Void]{
			chromedp.SendKeys(chromedp.CSS(`#login-name`), "Bo Browser"),
			chromedp.SendKeys(chromedp.CSS(`#login-token`), token),
		} {
			if err := chromedp.Do(ctx, a); err != nil {
				t.Fatalf("fill in the sign-in form: %v", err)
			}
		}
		resp, err := chromedp.RunResponse(ctx, chromedp.Click(chromedp.CSS(`form button[type="submit"]`)))
		if err != nil {
			t.Fatalf("sign in: %v", err)
		}
		if resp.Status != http.StatusOK || !strings.HasSuffix(resp.URL, "/admin") {
			t.Fatalf("sign in landed on %s (%d), want /admin", resp.URL, resp.Status)
		}
		if got := evaluate[string](t, ctx, `document.querySelector(".admin-nav strong").textContent`); got != "Bo Browser" {
			t.Errorf("signed in as %q, want Bo Browser", got)
		}
		if n := evaluate[int](t, ctx, `document.querySelectorAll("#models-h ~ .table-wrap tbody tr").length`); n < 1 {
			t.Errorf("%d model versions on /admin, want at least the champion", n)
		}
		auditPage(t, ctx, "admin")
		resp, err = chromedp.RunResponse(ctx, chromedp.Click(chromedp.CSS(`.admin-nav a[href="/admin/review"]`)))
		if err != nil || resp.Status != http.StatusOK {
			t.Fatalf("open the review queue: %v", err)
		}
		if n := evaluate[int](t, ctx, `document.querySelectorAll("#decided-h ~ .table-wrap tbody tr").length`); n < 1 {
			t.Errorf("%d decided items shown, want Ana Editor's", n)
		}
		auditPage(t, ctx, "admin-review")

		// The monitoring and experiments sections, reached from the nav.
		for _, section := range []struct{ path, heading string }{{"/admin/monitoring", "Monitoring"}, {"/admin/experiments", "Experiments"}} {
			resp, err := chromedp.RunResponse(ctx, chromedp.Click(chromedp.CSS(`.admin-nav a[href="`+section.path+`"]`)))
			if err != nil || resp.Status != http.StatusOK {
				t.Fatalf("open %s from the admin nav: %v", section.path, err)
			}
			if h := evaluate[string](t, ctx, `document.querySelector("h1").textContent`); h != section.heading {
				t.Errorf("%s heading = %q, want %q", section.path, h, section.heading)
			}
			auditPage(t, ctx, "admin-"+strings.TrimPrefix(section.path, "/admin/"))
		}

		// A signed-in editor flags a program from its page.
		page := base + "/programs/42?career=machine-learning-engineer"
		if _, err := chromedp.Run(ctx, chromedp.NavigateResponse(page)); err != nil {
			t.Fatalf("open %s: %v", page, err)
		}
		if err := chromedp.Do(ctx, chromedp.SendKeys(chromedp.CSS(`#flag-reason`), "a history degree, not ML")); err != nil {
			t.Fatalf("fill in the flag form on a program's page: %v", err)
		}
		auditPage(t, ctx, "program-flag")
		resp, err = chromedp.RunResponse(ctx, chromedp.Click(chromedp.CSS(`#flag-h ~ form button[type="submit"]`)))
		if err != nil || resp.Status != http.StatusOK || !strings.Contains(resp.URL, "/programs/42?career=machine-learning-engineer") {
			t.Fatalf("flag from the program's page: %v, back at %s", err, resp.URL)
		}
		if msg := evaluate[string](t, ctx, `document.querySelector("[role=status]")?.textContent ?? ""`); !strings.Contains(msg, "in the queue") {
			t.Errorf("program page after flagging says %q, want that it is in the queue", msg)
		}
	})
}
