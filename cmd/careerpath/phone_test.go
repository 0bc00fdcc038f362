package main

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// The phone of issue 11: 390×844 CSS pixels.
const phone11Width, phone11Height = 390, 844

// axeWCAG22 runs axe-core's WCAG 2.0, 2.1 and 2.2 A and AA rules and its
// best practices, target size (2.5.8) included.
const axeWCAG22 = `{resultTypes: ["violations"], runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]}}`

// smallTargets lists the visible controls smaller than 24×24 CSS pixels
// (WCAG 2.2 target size), and form fields whose text is under 16 px (iOS
// zooms into those). Links inside running text are exempt, as WCAG
// exempts inline targets.
const smallTargets = `(() => {
	const out = [];
	for (const el of document.querySelectorAll("input:not([type=hidden]), select, button, summary, textarea, a")) {
		const r = el.getBoundingClientRect(), st = getComputedStyle(el);
		if (r.width === 0 || r.height === 0 || st.visibility === "hidden") continue;
		if (el.tagName === "A" && st.display === "inline" && !el.closest("nav.pages, .card-actions, .shortlist-top, header.site")) continue;
		const name = el.tagName.toLowerCase() + (el.name ? "[name=" + el.name + "]" : "") + " " + (el.textContent || el.value || "").trim().slice(0, 30);
		if (r.width < 24 || r.height < 24) out.push(name + ": " + Math.round(r.width) + "×" + Math.round(r.height));
		if (/^(INPUT|SELECT|TEXTAREA)$/.test(el.tagName) && parseFloat(st.fontSize) < 16) out.push(name + ": font " + st.fontSize);
	}
	return out;
})()`

// TestBrowserPhone opens the finder as a phone does: every control is big
// enough to tap, the filters fold behind "Filters (n)" so that results come
// first, and after Apply the first result is on the first screen. Axe runs
// with the WCAG 2.2 rules on the finder, a program page and the comparison.
func TestBrowserPhone(t *testing.T) {
	if testing.Short() {
		t.Skip("imports the full bundled data")
	}
	browserPath(t)
	axeScript(t)
	t.Parallel()
	base := startServer(t, sharedDB(t))
	phone := func(t *testing.T, ctx context.Context) {
		t.Helper()
		if err := chromedp.Do(ctx, chromedp.EmulateViewport(phone11Width, phone11Height, chromedp.EmulateMobile)); err != nil {
			t.Fatalf("emulate a phone: %v", err)
		}
	}

	ctx := openPage(t, base+"/careers/machine-learning-engineer?resident=GA")
	phone(t, ctx)
	if _, err := chromedp.Run(ctx, chromedp.Reload()); err != nil {
		t.Fatal(err)
	}
	for _, s := range evaluate[[]string](t, ctx, smallTargets) {
		t.Errorf("at %d×%d: %s", phone11Width, phone11Height, s)
	}
	if shown := evaluate[bool](t, ctx, `document.querySelector("header .shortlist-link").offsetParent !== null`); shown {
		t.Error("the header shows the shortlist link with an empty shortlist")
	}
	// The filters are folded: a card comes right after the control.
	folded := evaluate[bool](t, ctx, `!document.getElementById("filters").open`)
	label := evaluate[string](t, ctx, `document.querySelector("#filters > summary").textContent.trim()`)
	if !folded || !strings.HasPrefix(label, "Filters (") {
		t.Errorf("filters open %v, control %q; want them folded behind \"Filters (n)\"", !folded, label)
	}
	gap := evaluate[float64](t, ctx, `document.querySelector(".program-card").getBoundingClientRect().top - document.querySelector("#filters").getBoundingClientRect().bottom`)
	if gap > 200 {
		t.Errorf("the first card is %.0f px below the filters control, want it right after", gap)
	}

	// Open the filters, choose master's, apply.
	for _, a := range []chromedp.Action[chromedp.Void]{
		chromedp.Click(chromedp.CSS("#filters > summary")),
		chromedp.Click(chromedp.CSS(`#filters input[name="award"][value="7"]`)),
	} {
		if err := chromedp.Do(ctx, a); err != nil {
			t.Fatalf("set a filter: %v", err)
		}
	}
	for _, s := range evaluate[[]string](t, ctx, smallTargets) {
		t.Errorf("filters open, at %d×%d: %s", phone11Width, phone11Height, s)
	}
	if _, err := chromedp.RunResponse(ctx, chromedp.Click(chromedp.CSS(`form.filters button[type="submit"]`))); err != nil {
		t.Fatalf("apply: %v", err)
	}
	type box struct {
		Top, Bottom, Height float64
		URL                 string
	}
	b := evaluate[box](t, ctx, `(() => { const r = document.querySelector(".program-card").getBoundingClientRect();
		return {Top: r.top, Bottom: r.bottom, Height: innerHeight, URL: location.href}; })()`)
	if !strings.Contains(b.URL, "award=7") || !strings.HasSuffix(b.URL, "#results") {
		t.Errorf("after Apply the URL is %s, want award=7 and #results", b.URL)
	}
	if b.Top < 0 || b.Top > b.Height-100 {
		t.Errorf("after Apply the first result starts at %.0f px of a %.0f px screen, want it on the first screen", b.Top, b.Height)
	}
	screenshot(t, ctx, "phone-finder-applied")
	runAxeWith(t, ctx, axeWCAG22)

	// The shortlist survives a reload, its count is in the header, and an
	// entry says its award level.
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(".program-card .shortlist-add"))); err != nil {
		t.Fatalf("add to the shortlist: %v", err)
	}
	if _, err := chromedp.Run(ctx, chromedp.Reload()); err != nil {
		t.Fatal(err)
	}
	type shortlist struct{ Header, Entry string }
	sl := evaluate[shortlist](t, ctx, `({Header: document.querySelector("header .shortlist-link:not([hidden])")?.textContent.trim() ?? "",
		Entry: document.querySelector("#shortlist li")?.textContent ?? ""})`)
	if sl.Header != "Shortlist (1)" || !strings.Contains(sl.Entry, "Master's") {
		t.Errorf("after a reload: header %q, shortlist entry %q; want \"Shortlist (1)\" and the award level", sl.Header, sl.Entry)
	}
	// With two on it, the shortlist's compare link keeps the career and the
	// student's state, as the compare button does.
	evaluate[bool](t, ctx, `(document.querySelectorAll(".program-card .shortlist-add")[1].click(), true)`)
	cmp := evaluate[string](t, ctx, `[...document.querySelectorAll("#shortlist a")].find(a => a.textContent === "Compare the shortlist")?.getAttribute("href") ?? ""`)
	if !strings.Contains(cmp, "career=machine-learning-engineer") || !strings.Contains(cmp, "resident=GA") || strings.Count(cmp, "id=") != 2 {
		t.Errorf("shortlist compare link %q, want both programs, career=machine-learning-engineer and resident=GA", cmp)
	}

	// A program page and the comparison, at the same size.
	id := evaluate[string](t, ctx, `document.querySelector(".program-card").dataset.id`)
	id2 := evaluate[string](t, ctx, `document.querySelectorAll(".program-card")[1].dataset.id`)
	for _, page := range []string{"/programs/" + id + "?resident=GA", fmt.Sprintf("/programs/compare?id=%s&id=%s&resident=GA", id, id2), "/"} {
		ctx := openPage(t, base+page)
		phone(t, ctx)
		if _, err := chromedp.Run(ctx, chromedp.Reload()); err != nil {
			t.Fatal(err)
		}
		for _, s := range evaluate[[]string](t, ctx, smallTargets) {
			t.Errorf("%s at %d×%d: %s", page, phone11Width, phone11Height, s)
		}
		if page == "/" {
			cut := evaluate[bool](t, ctx, `(() => { const th = [...document.querySelectorAll("table.careers th")].find(th => th.textContent.includes("Demand rank"));
				const r = th.getBoundingClientRect(); return r.right > document.documentElement.clientWidth; })()`)
			if cut {
				t.Errorf("the home table cuts off Demand rank at %d px", phone11Width)
			}
		}
		runAxeWith(t, ctx, axeWCAG22)
		screenshot(t, ctx, "phone"+strings.NewReplacer("/", "-", "?", "-", "&", "-", "=", "-").Replace(page))
	}
}
