package classify

import (
	"strings"
	"testing"
	"unicode"

	careerpath "github.com/careerpath/careerpath"
)

// TestEvalThresholds holds the figures issue 17 asks for (strong recall ≥
// 0.95, none shown ≤ 2 %, macro-F1 ≥ 0.90; issue 5 asked 0.90, 5 %, 0.80) on every
// bundled evaluation set (ML Engineer's, and the Data Scientist, Data
// Analyst and AI Engineer sets written for the project), so that a
// regression fails CI. Run with -v to see the reports:
//
//	go test ./classify -run TestEvalThresholds -v
func TestEvalThresholds(t *testing.T) {
	if raceEnabled {
		t.Skip("trains the full model; run without -race")
	}
	m, _ := trained(t)
	sets, err := DevSets()
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("training: %+v, temperature %v", m.Meta().Metrics, m.Meta().Temperature)
	var n, unread int
	for _, set := range sets {
		t.Run(set.Career, func(t *testing.T) {
			if len(set.Entries) < 40 {
				t.Errorf("%s has %d entries, want at least 40", set.Name, len(set.Entries))
			}
			rep := Evaluate(shared.rel, set.Career, m, set.Entries, MinConfidence)
			t.Logf("%s\n%s", set.Name, rep)
			n, unread = n+rep.N, unread+rep.NoPrediction
			if r := rep.Class(careerpath.RelevanceStrong).Recall; r < 0.95 {
				t.Errorf("recall of strong = %.3f, want ≥ 0.95", r)
			}
			if rep.NoneShown > 0.02 {
				t.Errorf("share of none classified strong or related = %.3f, want ≤ 0.02", rep.NoneShown)
			}
			if rep.MacroF1 < 0.90 {
				t.Errorf("macro-F1 = %.3f, want ≥ 0.90", rep.MacroF1)
			}
		})
	}
	// Names as catalogs write them: under 1 % get no prediction.
	if share := float64(unread) / float64(n); share >= 0.01 {
		t.Errorf("%d of %d entries (%.1f%%) got no prediction, want under 1%%", unread, n, share*100)
	}
	t.Logf("no prediction: %d of %d entries", unread, n)
}

// incumbent are the five programs the incumbent page lists under Machine
// Learning Engineer (../shared/seed, quoted in the eval README): all none.
var incumbent = []Entry{
	{Institution: "Walden University", Program: "PsyD in Behavioral Health Leadership", Degree: "Doctor of Psychology (PsyD)"},
	{Institution: "University of Idaho", Program: "MS in Psychology – Human Factors", Degree: "Master's in Psychology"},
	{Institution: "University of Sydney", Program: "University of Sydney Business School MBA", Degree: "MBA"},
	{Institution: "University of Hong Kong", Program: "University of Hong Kong (HKU) Business School MBA", Degree: "MBA"},
	{Institution: "University of Pennsylvania", Program: "Wharton MBA", Degree: "MBA"},
}

func TestIncumbentProgramsNone(t *testing.T) {
	if raceEnabled {
		t.Skip("trains the full model; run without -race")
	}
	m, _ := trained(t)
	for _, e := range incumbent {
		r, res := Assess(shared.rel, evalCareer, m, e, MinConfidence)
		top, _ := res.Top()
		if r.Level != careerpath.RelevanceNone {
			t.Errorf("Assess(%q) = %s (%s %s, %.2f), want none", e.Program, r.Level, top.CIP, top.Title, top.Probability)
		}
	}
}

// squash compares names ignoring case, spacing and punctuation, so that
// "M.S. in X" and "MS in X" count as the same name.
func squash(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// TestTrainingNotFromEval keeps the evaluation set out of the training
// file: no training name equals an evaluation or incumbent name, even
// with punctuation and spacing ignored.
func TestTrainingNotFromEval(t *testing.T) {
	lines, err := DefaultCatalog()
	if err != nil {
		t.Fatal(err)
	}
	if len(lines) < 400 {
		t.Errorf("training file has %d lines, want at least 400", len(lines))
	}
	sets, err := DevSets()
	if err != nil {
		t.Fatal(err)
	}
	held := map[string]string{}
	for _, set := range sets {
		for _, e := range set.Entries {
			held[squash(e.Program)] = e.Program
		}
	}
	for _, e := range readEval(t) {
		held[squash(e.Program)] = e.Program
	}
	for _, e := range incumbent {
		held[squash(e.Program)] = e.Program
	}
	for i, l := range lines {
		if p, ok := held[squash(l.Program)]; ok {
			t.Errorf("training line %d %q is the evaluation program %q", i+1, l.Program, p)
		}
	}
}

// TestConcentrationRelated checks issue 17's rule end to end: a program
// whose named concentration is in a strong field is related, never strong,
// with the reason; a plain MBA stays none.
func TestConcentrationRelated(t *testing.T) {
	if raceEnabled {
		t.Skip("trains the full model; run without -race")
	}
	m, _ := trained(t)
	for _, tt := range []struct {
		career, program, want string
	}{
		{"data-scientist", "MBA with a concentration in Data Science", careerpath.RelevanceRelated},
		{"data-scientist", "Master of Science in Business Administration: Business Analytics Option", careerpath.RelevanceRelated},
		{"data-scientist", "MBA", careerpath.RelevanceNone},
		{"data-scientist", "MBA – Marketing Concentration", careerpath.RelevanceNone},
		{"data-scientist", "MS in Statistics – Data Science Track", careerpath.RelevanceStrong},
		{evalCareer, "MBA with a concentration in Data Science", careerpath.RelevanceNone}, // ML engineers' editors exclude MBAs
	} {
		r, res := Assess(shared.rel, tt.career, m, Entry{Program: tt.program, Degree: "Master's"}, MinConfidence)
		top, _ := res.Top()
		if r.Level != tt.want {
			t.Errorf("Assess(%s, %q) = %s (%s %.2f, concentration %+v) %q, want %s", tt.career, tt.program, r.Level, top.CIP, top.Probability, res.Concentration, r.Reasons, tt.want)
			continue
		}
		if tt.want == careerpath.RelevanceRelated && !strings.Contains(strings.Join(r.Reasons, " "), "Concentration in ") {
			t.Errorf("Assess(%s, %q) reasons %q, want the concentration", tt.career, tt.program, r.Reasons)
		}
	}
}
