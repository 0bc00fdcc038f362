package web_test

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/careerpath/careerpath/web"
)

// TestExperimentPlanEstimate: the experiments page states the key rule and
// explains each field before submit, and estimates sample size and
// duration from the form's values and recent traffic.
func TestExperimentPlanEstimate(t *testing.T) {
	var since time.Time
	h, _ := experimentServer(t, func(svc *web.Services) {
		svc.ExperimentUnits = func(_ context.Context, s time.Time) (int, error) { since = s; return 7000, nil }
	})
	r := do(h, "GET", "/admin/experiments", adminToken, "")
	for _, want := range []string{`title="1 to 63 lower-case letters, digits and dashes, starting with a letter or digit"`,
		`id="key-help"`, `id="baseline-help"`, `id="mde-help"`, `id="weight-help"`, `id="metric-help"`, "α = 0.05, power 80 %",
		"7,000 visitors saw an experiment's ranking in the last 7 days"} {
		if !strings.Contains(r.body, want) {
			t.Errorf("experiments page lacks %q", want)
		}
	}
	if d := time.Since(since); d < 7*24*time.Hour || d > 7*24*time.Hour+time.Minute {
		t.Errorf("traffic counted since %v ago, want 7 days", d)
	}
	// 3,841 per arm (TestSampleSizeReference), half of 1,000 visitors a
	// day each: 7.7 days.
	r = do(h, "GET", "/admin/experiments?baseline=0.10&mde=0.02&weight=5000", adminToken, "")
	if r.code != http.StatusOK || !strings.Contains(r.body, "<strong>3,841 visitors per arm</strong>, 7,682 in all") || !strings.Contains(r.body, "about <strong>7.7 days</strong> at 1000 visitors a day") {
		t.Errorf("estimate = %d, want 3,841 per arm and 7.7 days", r.code)
	}
	r = do(h, "GET", "/admin/experiments?baseline=0.10&mde=abc", adminToken, "")
	if !strings.Contains(r.body, "Minimum detectable effect: want a number, not &#34;abc&#34;.") {
		t.Errorf("a bad effect is not named")
	}
	r = do(h, "GET", "/admin/experiments?baseline=0.99&mde=0.02", adminToken, "")
	if !strings.Contains(r.body, `role="alert"`) {
		t.Errorf("an impossible rate is not refused")
	}
}
