package guides_test

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	careerpath "github.com/careerpath/careerpath"
	"github.com/careerpath/careerpath/content"
	"github.com/careerpath/careerpath/data"
	"github.com/careerpath/careerpath/guides"
	"github.com/careerpath/careerpath/importer"
	"github.com/careerpath/careerpath/sqlite"
)

type noProgress struct{}

func (noProgress) Start(string, int64)  {}
func (noProgress) Advance(int64)        {}
func (noProgress) Done(importer.Result) {}

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

// TestGeneratedCareers loads the guides over the bundled data: a page for
// every occupation, found by title words and by SOC code.
func TestGeneratedCareers(t *testing.T) {
	if testing.Short() {
		t.Skip("imports the whole bundled release; skipped with -short")
	}
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "careerpath.db")
	if _, err := importer.Run(ctx, importer.Options{Data: data.FS, DBPath: path, Progress: noProgress{}}); err != nil {
		t.Fatal(err)
	}
	db, err := sqlite.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	start := time.Now()
	s, err := guides.Load(ctx, content.Embedded(), db)
	if err != nil {
		t.Fatal(err)
	}
	loaded := time.Since(start)
	if _, err := s.FindGuide(ctx, "registered-nurses"); careerpath.ErrorCode(err) != careerpath.EUNAVAILABLE {
		t.Errorf("FindGuide(registered-nurses) before Generate: %v, want EUNAVAILABLE", err)
	}
	if err := s.Generate(ctx); err != nil {
		t.Fatal(err)
	}
	t.Logf("guides.Load: %v, generated careers %v later; %s", loaded, time.Since(start)-loaded, s.Generated())

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

func slugs(gs []*careerpath.Guide) []string {
	var out []string
	for _, g := range gs {
		out = append(out, g.Slug)
	}
	return out
}
