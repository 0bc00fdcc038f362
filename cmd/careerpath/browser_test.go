package main

// Browser tests: the real server, started in-process on port 0, driven by
// headless Chromium through the DevTools protocol (chromedp), with an
// accessibility check by axe-core.
//
// They need two things the Go toolchain does not bring:
//
//	apt-get install -y chromium                      # /usr/bin/chromium
//	npm ci --prefix cmd/careerpath/testdata/axe      # axe-core, pinned in package-lock.json
//
// .ci/run installs both. When one is missing, the tests skip with a message,
// unless the environment variable CI is set: then they fail, so that CI
// cannot pass without running them.
//
// Screenshots are written to the directory $ARTIFACTS (created if needed;
// give an absolute path, since go test runs in the package directory), or to
// a temporary directory of the test when it is unset. .ci/run sets it to
// artifacts/ at the root of the repository.
//
// To add a page test, in TestBrowser:
//
//	t.Run("career", func(t *testing.T) {
//		ctx := openPage(t, base+"/careers/nurse")
//		n := evaluate[int](t, ctx, `document.querySelectorAll(".stat").length`)
//		...
//		auditPage(t, ctx, "career") // axe and screenshots, desktop and phone
//	})
//
// or call runAxe and screenshot directly.

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	neturl "net/url"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// chromiumPath is where Debian's chromium package installs the browser.
const chromiumPath = "/usr/bin/chromium"

// axePath is axe-core as npm ci --prefix testdata/axe installs it.
const axePath = "testdata/axe/node_modules/axe-core/axe.min.js"

// pageTimeout bounds everything one page does, from starting the browser to
// the last action, so that a hung browser fails the test instead of stalling
// the suite until go test's own timeout.
const pageTimeout = 2 * time.Minute

// missing reports a test dependency that is not installed: a failure under
// CI, a skip elsewhere.
func missing(t *testing.T, format string, args ...any) {
	t.Helper()
	msg := fmt.Sprintf(format, args...)
	if os.Getenv("CI") != "" {
		t.Fatalf("%s (CI is set, so this is a failure, not a skip)", msg)
	}
	t.Skipf("%s; skipping (set CI=1 to make this a failure)", msg)
}

// browserPath returns the Chromium executable, or skips or fails the test
// when there is none.
func browserPath(t *testing.T) string {
	t.Helper()
	if _, err := os.Stat(chromiumPath); err == nil {
		return chromiumPath
	}
	if p, err := exec.LookPath("chromium"); err == nil {
		return p
	}
	missing(t, "browser tests need Chromium at %s: apt-get install -y chromium", chromiumPath)
	return ""
}

// axeScript returns the source of axe-core, or skips or fails the test when
// it is not installed.
func axeScript(t *testing.T) string {
	t.Helper()
	src, err := os.ReadFile(axePath)
	if errors.Is(err, os.ErrNotExist) {
		missing(t, "accessibility checks need axe-core at cmd/careerpath/%s: npm ci --prefix cmd/careerpath/testdata/axe", axePath)
	} else if err != nil {
		t.Fatal(err)
	}
	return string(src)
}

// syncBuffer collects the browser's own output for the failure report.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// loadPage starts a fresh headless Chromium with an empty profile, loads url
// and waits for the load event. It returns the tab's context, for chromedp
// actions and the helpers below, and the HTTP status of the document. The
// browser closes when the test ends.
//
// Uncaught JavaScript exceptions and errors in the browser's log (a
// stylesheet that does not load, say) fail the test.
func loadPage(t *testing.T, url string) (context.Context, int) {
	t.Helper()
	exe := browserPath(t)
	var output syncBuffer
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(exe),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.NoSandbox, // tests run as root in CI
		chromedp.DisableGPU,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.WindowSize(1280, 900),
		chromedp.CombinedOutput(&output),
	)
	ctx, cancelTimeout := context.WithTimeout(t.Context(), pageTimeout)
	ctx, cancelAlloc := chromedp.NewExecAllocator(ctx, opts...)
	ctx, cancelTab := chromedp.NewContext(ctx)

	var mu sync.Mutex
	var problems []string
	t.Cleanup(func() {
		cancelTab()
		cancelAlloc()
		cancelTimeout()
		if t.Failed() {
			if out := browserLog(output.String()); out != "" {
				t.Logf("chromium output for %s:\n%s", url, out)
			}
		}
	})
	// Registered after the cancels, so it runs before them, while the
	// browser is still up.
	t.Cleanup(func() {
		mu.Lock()
		defer mu.Unlock()
		for _, p := range problems {
			t.Errorf("browser console on %s: %s", url, p)
		}
	})

	// Console starts the browser; subscribe before navigating so that
	// nothing the page reports while it loads is lost.
	messages := chromedp.Console(ctx)
	go func() {
		for m, err := range messages {
			if err != nil {
				return
			}
			if m.Type != chromedp.ConsoleException && m.Type != "error" || ignoredLoadError(m, url) {
				continue
			}
			mu.Lock()
			p := fmt.Sprintf("%s: %s", m.Type, m.Text)
			if m.URL != "" {
				p += " (" + m.URL + ")"
			}
			problems = append(problems, p)
			mu.Unlock()
		}
	}()

	resp, err := chromedp.Run(ctx, chromedp.NavigateResponse(url))
	if err != nil {
		t.Fatalf("load %s: %v", url, err)
	}
	return ctx, int(resp.Status)
}

// ignoredLoadError reports whether m is a failed load that is not the page's
// fault: the document itself, whose status loadPage returns, and the icon
// the browser asks for on its own.
func ignoredLoadError(m chromedp.ConsoleMessage, page string) bool {
	if m.Source != "network" {
		return false
	}
	u, err := neturl.Parse(m.URL)
	return m.URL == page || err == nil && u.Path == "/favicon.ico"
}

// openPage is loadPage for a page that must answer 200 OK.
func openPage(t *testing.T, url string) context.Context {
	t.Helper()
	ctx, status := loadPage(t, url)
	if status != 200 {
		t.Fatalf("GET %s = %d in the browser, want 200", url, status)
	}
	return ctx
}

// settle scrolls the element selector names to the middle of the viewport
// and waits until the page stops moving it: program cards render lazily
// (content-visibility: auto), so the page below them shifts as they come
// into view, and a click aimed before that lands on whatever moved under
// the pointer. Call it before clicking an element far down a page.
func settle(t *testing.T, ctx context.Context, selector string) {
	t.Helper()
	quoted, _ := json.Marshal(selector)
	still := evaluate[bool](t, ctx, `new Promise(done => {
		const el = document.querySelector(`+string(quoted)+`);
		if (!el) { done(false); return; }
		el.scrollIntoView({block: "center"});
		let last = "", same = 0, frames = 0;
		const step = () => {
			const r = el.getBoundingClientRect(), now = [r.x, r.y, r.width, r.height].join();
			same = now === last ? same + 1 : 0;
			last = now;
			if (same >= 3) { done(true); return; }
			if (++frames > 300) { done(false); return; }
			requestAnimationFrame(step);
		};
		requestAnimationFrame(step);
	})`)
	if !still {
		t.Fatalf("%s is missing or kept moving for 300 frames", selector)
	}
}

// evaluate runs a JavaScript expression in the page and decodes its JSON
// value into T. A promise is awaited.
func evaluate[T any](t *testing.T, ctx context.Context, expr string) T {
	t.Helper()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](expr, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("evaluate %s: %v", firstLine(expr), err)
	}
	return v
}

// axeViolation is one failed axe-core rule, with the elements that fail it.
type axeViolation struct {
	ID      string `json:"id"`
	Impact  string `json:"impact"` // "minor", "moderate", "serious" or "critical"
	Help    string `json:"help"`
	HelpURL string `json:"helpUrl"`
	Nodes   []struct {
		Target  []string `json:"target"` // CSS selectors; shadow DOM parts joined by " >>> "
		HTML    string   `json:"html"`
		Summary string   `json:"summary"`
	} `json:"nodes"`
}

// runAxe injects axe-core into the page, runs every rule it enables by
// default (WCAG 2.x A and AA, and best practices) on the whole document, and
// fails the test on each violation of impact "serious" or "critical". Lesser
// violations are logged. It returns them all, for tests that want more.
func runAxe(t *testing.T, ctx context.Context) []axeViolation {
	t.Helper()
	return runAxeWith(t, ctx, `{resultTypes: ["violations"]}`)
}

// runAxeWith is runAxe with the options of axe.run, such as the rule tags
// to run.
func runAxeWith(t *testing.T, ctx context.Context, options string) []axeViolation {
	t.Helper()
	src := axeScript(t)
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[chromedp.Void](src)); err != nil {
		t.Fatalf("inject axe-core: %v", err)
	}
	script := `axe.run(document, ` + options + `).then(r => ({
		version: r.testEngine.version,
		passes: r.passes.length,
		violations: r.violations.map(v => ({
			id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
			nodes: v.nodes.map(n => ({
				target: n.target.map(s => Array.isArray(s) ? s.join(" >>> ") : s),
				html: n.html,
				summary: n.failureSummary,
			})),
		})),
	}))`
	res := evaluate[struct {
		Version    string         `json:"version"`
		Passes     int            `json:"passes"`
		Violations []axeViolation `json:"violations"`
	}](t, ctx, script)
	t.Logf("axe-core %s: %d rules passed, %d failed", res.Version, res.Passes, len(res.Violations))
	for _, v := range res.Violations {
		report := t.Logf
		if v.Impact == "serious" || v.Impact == "critical" {
			report = t.Errorf
		}
		var b strings.Builder
		fmt.Fprintf(&b, "axe: %s (%s): %s <%s>", v.ID, v.Impact, v.Help, v.HelpURL)
		for _, n := range v.Nodes {
			fmt.Fprintf(&b, "\n\t%s\n\t\t%s\n\t\t%s", strings.Join(n.Target, ", "), n.HTML,
				strings.ReplaceAll(n.Summary, "\n", "\n\t\t"))
		}
		report("%s", b.String())
	}
	return res.Violations
}

// phoneWidth and phoneHeight are the viewport of a small phone, in CSS
// pixels: narrow enough that wide tables scroll.
const phoneWidth, phoneHeight = 360, 740

// auditPage checks a loaded page as a desktop browser shows it (1280 pixels
// wide) and as a phone does: runAxe and a screenshot at each width, saved as
// name.png and name-phone.png. It leaves the desktop viewport in place.
func auditPage(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	runAxe(t, ctx)
	screenshot(t, ctx, name)
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(phoneWidth, phoneHeight, chromedp.EmulateMobile)); err != nil {
		t.Fatalf("emulate a phone: %v", err)
	}
	defer func() {
		if err := chromedp.Do(ctx, chromedp.ResetViewport()); err != nil {
			t.Errorf("reset the viewport: %v", err)
		}
	}()
	t.Logf("at %d×%d (phone):", phoneWidth, phoneHeight)
	runAxe(t, ctx)
	screenshot(t, ctx, name+"-phone")
}

// screenshot saves a PNG of the whole page as name.png in the artifacts
// directory ($ARTIFACTS, or a temporary directory) and returns its path.
func screenshot(t *testing.T, ctx context.Context, name string) string {
	t.Helper()
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Fatalf("screenshot %s: %v", name, err)
	}
	path := filepath.Join(artifactsDir(t), name+".png")
	if err := os.WriteFile(path, png, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("screenshot: %s", path)
	return path
}

// artifactsDir returns $ARTIFACTS, created if needed, or a temporary
// directory when it is unset.
func artifactsDir(t *testing.T) string {
	t.Helper()
	dir := os.Getenv("ARTIFACTS")
	if dir == "" {
		return t.TempDir()
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}

// browserNoise marks lines of Chromium's output that every run prints here:
// complaints about the D-Bus daemon, which test machines do not run, and a
// shell error in Debian's wrapper script.
var browserNoise = []string{"dbus", "unexpected operator"}

// browserLog returns the end of Chromium's output without the noise.
func browserLog(out string) string {
	var keep []string
	for line := range strings.Lines(out) {
		if !slices.ContainsFunc(browserNoise, func(n string) bool { return strings.Contains(line, n) }) {
			keep = append(keep, line)
		}
	}
	if len(keep) > 40 {
		keep = append([]string{"…\n"}, keep[len(keep)-40:]...)
	}
	return strings.Join(keep, "")
}

func firstLine(s string) string {
	line, _, _ := strings.Cut(strings.TrimSpace(s), "\n")
	return line
}

// TestBrowser loads the site's pages in headless Chromium: one server, with
// the full bundled data, for all the subtests.
func TestBrowser(t *testing.T) {
	if testing.Short() {
		t.Skip("imports the full bundled data")
	}
	// Fail or skip before the import, which takes a minute or more under -race.
	browserPath(t)
	axeScript(t)
	t.Parallel() // the import overlaps with the other server tests'
	base := startServer(t, sharedDB(t))

	t.Run("home", func(t *testing.T) {
		ctx := openPage(t, base+"/")
		if title := evaluate[string](t, ctx, `document.title`); !strings.Contains(title, "careerpath") {
			t.Errorf("title = %q, want it to name careerpath", title)
		}
		if h1 := evaluate[string](t, ctx, `document.querySelector("main h1")?.textContent ?? ""`); h1 == "" {
			t.Errorf("no h1 in main")
		}
		auditPage(t, ctx, "home")

		// A click on the site navigation's link to the sources loads them.
		resp, err := chromedp.RunResponse(ctx, chromedp.Click(chromedp.CSS(`header nav a[href="/sources"]`)))
		if err != nil {
			t.Fatalf("click Data sources: %v", err)
		}
		if resp.Status != 200 || !strings.HasSuffix(resp.URL, "/sources") {
			t.Errorf("click Data sources: loaded %s (%d), want /sources (200)", resp.URL, resp.Status)
		}
	})

	t.Run("occupations", func(t *testing.T) {
		// The pages of every occupation are computed once the server
		// listens: wait for them.
		deadline := time.Now().Add(30 * time.Second)
		for code, _, _ := get(t, base+"/careers/registered-nurses"); code != 200 && time.Now().Before(deadline); code, _, _ = get(t, base+"/careers/registered-nurses") {
			time.Sleep(20 * time.Millisecond)
		}
		// And for their programs, so that the page is audited with its finder.
		nurses := base + "/api/v1/careers/registered-nurses/programs?per_page=1"
		for code, _, _ := get(t, nurses); code != 200 && time.Now().Before(deadline); code, _, _ = get(t, nurses) {
			time.Sleep(20 * time.Millisecond)
		}
		for name, path := range map[string]string{
			"careers":    "/careers?q=nurse",
			"occupation": "/careers/registered-nurses",
			"switch":     "/careers/machine-learning-engineer/from?q=accountant",
			"skills":     "/careers/machine-learning-engineer/skills",
		} {
			auditPage(t, openPage(t, base+path), name)
		}
	})

	t.Run("career", func(t *testing.T) {
		ctx := openPage(t, base+"/careers/machine-learning-engineer")
		type card struct {
			Label, Value string
			Source       string // text of the card's source disclosure once opened
		}
		// Open each card's source disclosure as a reader would, by a click
		// on its summary, then read what it says.
		for _, id := range []string{"card-pay", "card-growth", "card-rank"} {
			if _, err := chromedp.Run(ctx, chromedp.Click(chromedp.CSS("#"+id+" details.source summary"))); err != nil {
				t.Fatalf("click the source of %s: %v", id, err)
			}
		}
		cards := evaluate[[]card](t, ctx, `[...document.querySelectorAll("section.stats .card")].map(c => ({
			Label: c.querySelector(".card-label")?.textContent.trim() ?? "",
			Value: c.querySelector(".card-value")?.textContent.trim() ?? "",
			Source: (() => { const d = c.querySelector("details.source"); return d && d.open ? d.innerText.trim() : ""; })(),
		}))`)
		if len(cards) != 3 {
			t.Fatalf("found %d stat cards, want 3", len(cards))
		}
		for _, c := range cards {
			if c.Value == "" || c.Value == "–" {
				t.Errorf("stat card %q shows no figure", c.Label)
			}
			if !strings.Contains(c.Source, "Source") || len(c.Source) < 60 {
				t.Errorf("stat card %q: opened source reads %q, want the dataset, date and method", c.Label, c.Source)
			}
		}
		if !strings.Contains(cards[0].Source, "AI, ML and data salaries survey") || !strings.Contains(cards[1].Source, "Employment Projections 2024–34") {
			t.Errorf("pay and growth cards cite %q and %q, want the salary survey and the BLS projections", cards[0].Source, cards[1].Source)
		}
		if n := evaluate[int](t, ctx, `document.querySelectorAll("svg.chart[role=img] title").length`); n != 1 {
			t.Errorf("pay chart: %d titled SVG charts, want 1", n)
		}
		auditPage(t, ctx, "career-machine-learning-engineer")
	})

	t.Run("finder", func(t *testing.T) {
		ctx := openPage(t, base+"/careers/machine-learning-engineer")
		// Filter to online master's programs, sorted by tuition, as a reader
		// would: tick, choose, submit.
		for _, a := range []chromedp.Action[chromedp.Void]{
			chromedp.Click(chromedp.CSS(`form.filters input[name="award"][value="7"]`)),
			chromedp.Click(chromedp.CSS(`form.filters input[name="delivery"][value="online"]`)),
			chromedp.SetValue(chromedp.CSS(`#f-sort`), "tuition"),
		} {
			if err := chromedp.Do(ctx, a); err != nil {
				t.Fatalf("set filters: %v", err)
			}
		}
		if _, err := chromedp.RunResponse(ctx, chromedp.Click(chromedp.CSS(`form.filters button[type="submit"]`))); err != nil {
			t.Fatalf("apply filters: %v", err)
		}
		url := evaluate[string](t, ctx, `location.href`)
		for _, want := range []string{"award=7", "delivery=online", "sort=tuition"} {
			if !strings.Contains(url, want) {
				t.Errorf("after filtering, the URL %s lacks %s: every filter must live in the URL", url, want)
			}
		}
		shown := evaluate[string](t, ctx, `document.querySelector("#programs-h .count").textContent`)
		_, body, _ := get(t, base+"/api/v1/careers/machine-learning-engineer/programs?award=7&delivery=online&sort=tuition")
		var api struct {
			Total int `json:"total"`
			Items []struct {
				Institution struct {
					TuitionInState *float64 `json:"tuition_in_state"`
				} `json:"institution"`
			} `json:"items"`
		}
		if err := json.Unmarshal([]byte(body), &api); err != nil {
			t.Fatalf("API: %v\n%s", err, body)
		}
		if want := "(" + thousandsTest(api.Total) + ")"; shown != want || api.Total < 2 {
			t.Errorf("page shows %s programs, the API counts %d", shown, api.Total)
		}
		cards := evaluate[int](t, ctx, `document.querySelectorAll(".program-card").length`)
		if cards < 2 {
			t.Fatalf("%d program cards, want at least 2", cards)
		}
		// Tick two programs and open the comparison.
		for _, n := range []int{1, 2} {
			box := fmt.Sprintf(`.program-card:nth-child(%d) input[name="id"]`, n)
			settle(t, ctx, box)
			if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(box))); err != nil {
				t.Fatalf("tick program %d: %v", n, err)
			}
		}
		auditPage(t, ctx, "finder-machine-learning-engineer")
		settle(t, ctx, `.compare-form button[type="submit"]`)
		resp, err := chromedp.RunResponse(ctx, chromedp.Click(chromedp.CSS(`.compare-form button[type="submit"]`)))
		if err != nil {
			t.Fatalf("compare: %v", err)
		}
		if resp.Status != 200 || !strings.Contains(resp.URL, "/programs/compare?") {
			t.Fatalf("compare loaded %s (%d)", resp.URL, resp.Status)
		}
		cols := evaluate[int](t, ctx, `document.querySelectorAll("table.compare thead th").length`)
		if cols != 3 {
			t.Errorf("comparison has %d header cells, want 3 (label + two programs)", cols)
		}
		auditPage(t, ctx, "compare")
	})

	t.Run("sources", func(t *testing.T) {
		ctx := openPage(t, base+"/sources")
		type header struct{ Text, Scope string }
		type table struct {
			Visible    bool
			Caption    string
			Headers    []header
			Rows       int
			RowHeaders int
		}
		got := evaluate[*table](t, ctx, `(() => {
			const t = document.querySelector("table.sources");
			if (!t) return null;
			const box = t.getBoundingClientRect(), style = getComputedStyle(t);
			return {
				Visible: box.width > 0 && box.height > 0 && style.visibility === "visible" && style.display !== "none",
				Caption: t.caption ? t.caption.textContent.trim() : "",
				Headers: [...t.querySelectorAll("thead th")].map(th => ({Text: th.textContent.trim(), Scope: th.getAttribute("scope") ?? ""})),
				Rows: t.querySelectorAll("tbody tr").length,
				RowHeaders: t.querySelectorAll("tbody tr > th[scope=row]:first-child").length,
			};
		})()`)
		if got == nil {
			t.Fatal("no table.sources on /sources")
		}
		if !got.Visible {
			t.Error("the table of datasets is not visible")
		}
		if got.Caption == "" {
			t.Error("the table of datasets has no caption")
		}
		wantHeaders := []header{{"Dataset", "col"}, {"As of", "col"}, {"Licence", "col"}, {"Attribution", "col"}, {"Rows", "col"}}
		if !slices.Equal(got.Headers, wantHeaders) {
			t.Errorf("column headers = %v, want %v", got.Headers, wantHeaders)
		}
		if got.Rows < 10 || got.RowHeaders != got.Rows {
			t.Errorf("%d rows with %d row headers, want one per dataset (at least 10), each with a row header", got.Rows, got.RowHeaders)
		}
		auditPage(t, ctx, "sources")
	})

	t.Run("not-found", func(t *testing.T) {
		ctx, status := loadPage(t, base+"/no/such/page")
		if status != 404 {
			t.Errorf("status = %d, want 404", status)
		}
		auditPage(t, ctx, "not-found")
	})
}

// thousandsTest formats n with thousands separators, as the pages do.
func thousandsTest(n int) string {
	s := strconv.Itoa(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}
