package guides_test

import (
	"context"
	"fmt"
	"os"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	careerpath "github.com/careerpath/careerpath"
	"github.com/careerpath/careerpath/content"
	"github.com/careerpath/careerpath/guides"
	"github.com/careerpath/careerpath/importer/importtest"
	"github.com/careerpath/careerpath/sqlite"
)

func TestSlug(t *testing.T) {
	for title, want := range map[string]string{
		"Registered Nurses":   "registered-nurses",
		"Software Developers": "software-developers",
		"Licensed Practical and Licensed Vocational Nurses": "licensed-practical-and-licensed-vocational-nurses",
		"Computer Occupations, All Other":                   "computer-occupations-all-other",
		"  Nurse Anesthetists ":                             "nurse-anesthetists",
	} {
		if got := guides.Slug(title); got != want {
			t.Errorf("Slug(%q) = %q, want %q", title, got, want)
		}
	}
}

var (
	loadOnce sync.Once
	service  *guides.Service
	loadErr  error
)

// loaded returns the guides over the bundled data, generated careers
// included, loaded once for the package's tests.
func loaded(t *testing.T) *guides.Service {
	if testing.Short() {
		t.Skip("imports the whole bundled release; skipped with -short")
	}
	loadOnce.Do(func() {
		ctx := context.Background()
		dir, err := os.MkdirTemp("", "guides-test-")
		if err != nil {
			loadErr = err
			return
		}
		var path string
		if path, loadErr = importtest.Bundled(dir); loadErr != nil {
			return
		}
		db, err := sqlite.Open(ctx, path) // open until the test binary exits
		if err != nil {
			loadErr = err
			return
		}
		start := time.Now()
		if service, loadErr = guides.Load(ctx, content.Embedded(), db); loadErr != nil {
			return
		}
		took := time.Since(start)
		if _, err := service.FindGuide(ctx, "registered-nurses"); careerpath.ErrorCode(err) != careerpath.EUNAVAILABLE {
			loadErr = fmt.Errorf("FindGuide(registered-nurses) before Generate: %v, want EUNAVAILABLE", err)
			return
		}
		loadErr = service.Generate(ctx)
		fmt.Printf("guides.Load: %v, generated careers %v later; %s\n", took, time.Since(start)-took, service.Generated())
	})
	if loadErr != nil {
		t.Fatal(loadErr)
	}
	return service
}

// TestGeneratedCareers checks the guides over the bundled data: a page
// for every occupation, found by title words and by SOC code.
func TestGeneratedCareers(t *testing.T) {
	s := loaded(t)
	ctx := context.Background()

	g := s.Generated()
	if g.Occupations < 800 || g.Careers+g.Skipped[guides.SkipEdited] != g.Occupations || g.Skipped[guides.SkipEdited] != 1 {
		t.Errorf("Generated = %+v, want over 800 occupations, each generated or skipped, one (data scientists) skipped for its edited guide", g)
	}
	edited, _ := s.FindGuides(ctx, "")
	if len(edited) != 8 {
		t.Errorf("FindGuides = %d guides, want the 8 edited ones", len(edited))
	}
	found, _ := s.SearchCareers(ctx, "nurse", "")
	if len(found) == 0 || found[0].Slug != "registered-nurses" {
		t.Errorf("SearchCareers(nurse) starts with %v, want registered-nurses", slugs(found))
	}
	found, _ = s.SearchCareers(ctx, "", "29-1141")
	if len(found) != 1 || found[0].Slug != "registered-nurses" || !found[0].Generated {
		t.Errorf("SearchCareers(soc 29-1141) = %v, want the generated registered-nurses", slugs(found))
	}
	found, _ = s.SearchCareers(ctx, "", "15-1252")
	if len(found) < 2 || found[0].Generated || found[len(found)-1].Slug != "software-developers" {
		t.Errorf("SearchCareers(soc 15-1252) = %v, want the edited careers with software developers in their blend, then software-developers", slugs(found))
	}
	rn, err := s.FindGuide(ctx, "registered-nurses")
	if err != nil {
		t.Fatal(err)
	}
	if f := rn.Figures; f.BaseWages == nil || f.Growth == nil || f.DemandRank == nil || f.Description == nil || f.TopTasks == nil || f.JobZone == nil || f.Pay != nil {
		t.Errorf("registered-nurses figures = %+v, want OEWS wages, growth, rank, description, tasks and job zone, and no survey pay", f)
	}
	ml, _ := s.FindGuide(ctx, "machine-learning-engineer")
	if r := ml.Figures.DemandRank; r == nil || r.OutOf < 800 || rn.Figures.DemandRank.OutOf != r.OutOf {
		t.Errorf("demand rank: ML engineer %+v, registered nurses %+v; want both among the same 800 and more careers and occupations", r, rn.Figures.DemandRank)
	}
}

func TestSimilarCareers(t *testing.T) {
	s := loaded(t)
	ctx := context.Background()
	ml, err := s.Similar(ctx, "machine-learning-engineer", 10)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.ContainsFunc(ml, func(c careerpath.SimilarCareer) bool { return c.Slug == "software-developers" }) {
		t.Errorf("10 nearest to machine-learning-engineer = %v, want software-developers among them", similarSlugs(ml))
	}
	rn, err := s.Similar(ctx, "registered-nurses", 20)
	if err != nil {
		t.Fatal(err)
	}
	near := similarSlugs(rn)
	if !slices.Contains(near[:10], "licensed-practical-and-licensed-vocational-nurses") && !slices.Contains(near[:10], "nurse-practitioners") {
		t.Errorf("10 nearest to registered-nurses = %v, want licensed practical nurses or nurse practitioners", near[:10])
	}
	if slices.Contains(near, "accountants-and-auditors") {
		t.Errorf("20 nearest to registered-nurses = %v, want no accountants", near)
	}
	t.Logf("machine-learning-engineer: %v", similarSlugs(ml))
	t.Logf("registered-nurses: %v", near[:10])

	sw, err := s.From(ctx, "machine-learning-engineer", "accountants-and-auditors")
	if err != nil {
		t.Fatal(err)
	}
	if len(sw.Gaps) == 0 || sw.Gaps[0].To <= sw.Gaps[0].From || sw.From.PayChange == nil || *sw.From.PayChange <= 0 ||
		!strings.Contains(sw.Programs, "award=7") || sw.Gaps[0].ToAnchor == "" {
		t.Errorf("From(accountants → ML engineer) = %+v, want gaps largest first with anchors, a pay rise and a finder link to short awards", sw)
	}
	t.Logf("accountant → ML engineer: %+v", sw.Gaps)
	if _, err := s.From(ctx, "machine-learning-engineer", "no-such-job"); careerpath.ErrorCode(err) != careerpath.ENOTFOUND {
		t.Errorf("From(no-such-job) = %v, want ENOTFOUND", err)
	}
}

func similarSlugs(cs []careerpath.SimilarCareer) []string {
	var out []string
	for _, c := range cs {
		out = append(out, c.Slug)
	}
	return out
}

func slugs(gs []*careerpath.Guide) []string {
	var out []string
	for _, g := range gs {
		out = append(out, g.Slug)
	}
	return out
}
