package relevance

import (
	"strings"
	"sync"
	"testing"

	careerpath "github.com/careerpath/careerpath"
	"github.com/careerpath/careerpath/content"
	"github.com/careerpath/careerpath/data"
	"github.com/careerpath/careerpath/opendata"
)

var (
	modelOnce sync.Once
	model     *Rule
	cipCodes  []opendata.CIPCode
	// bundledLinks is the bundled crosswalk.
	bundledLinks []careerpath.CrosswalkLink
	modelErr     error
)

// bundledModel builds the model from the embedded career files and the
// bundled CIP list and crosswalk, as the server does from the database.
func bundledModel(t *testing.T) *Rule {
	t.Helper()
	modelOnce.Do(func() {
		careers, err := content.Load(content.Embedded())
		if err != nil {
			modelErr = err
			return
		}
		f, err := data.FS.Open("cip-2020/CIPCode2020.csv.gz")
		if err != nil {
			modelErr = err
			return
		}
		defer f.Close()
		if cipCodes, err = opendata.ParseCIP(opendata.Source{Dataset: "cip"}, f); err != nil {
			modelErr = err
			return
		}
		g, err := data.FS.Open("cip-soc-2020/cip2020_soc2018_crosswalk.csv")
		if err != nil {
			modelErr = err
			return
		}
		defer g.Close()
		pairs, err := opendata.ParseCrosswalk(opendata.Source{Dataset: "cip-soc"}, g)
		if err != nil {
			modelErr = err
			return
		}
		var links []careerpath.CrosswalkLink
		for _, p := range pairs {
			if p.CIP != "" && p.SOC != "" {
				links = append(links, careerpath.CrosswalkLink{CIP: p.CIP, CIPTitle: p.CIPTitle, SOC: p.SOC, SOCTitle: p.SOCTitle})
			}
		}
		titles := map[string]string{}
		for _, c := range cipCodes {
			titles[c.Code] = c.Title
		}
		bundledLinks = links
		model = New(careers, links, titles)
	})
	if modelErr != nil {
		t.Fatal(modelErr)
	}
	return model
}

const mle = "machine-learning-engineer"

func TestMachineLearningEngineerFacts(t *testing.T) {
	m := bundledModel(t)
	for _, tt := range []struct {
		cip, want string
	}{
		{"11.0701", careerpath.RelevanceStrong}, // Computer Science
		{"11.0102", careerpath.RelevanceStrong}, // Artificial Intelligence
		{"30.7001", careerpath.RelevanceStrong}, // Data Science
		{"27.0501", careerpath.RelevanceRelated},
		{"27.0502", careerpath.RelevanceRelated},
		{"27.0503", careerpath.RelevanceRelated},
		{"27.0599", careerpath.RelevanceRelated},
		{"27.0101", careerpath.RelevanceRelated},
		{"27.0199", careerpath.RelevanceRelated},
		{"14.0901", careerpath.RelevanceRelated},
		{"14.0903", careerpath.RelevanceRelated},
		{"14.0999", careerpath.RelevanceRelated},
		{"14.1001", careerpath.RelevanceRelated}, // Electrical and Electronics Engineering, editorial
		{"14.4201", careerpath.RelevanceRelated}, // Mechatronics, Robotics, and Automation Engineering, editorial
		{"11.1003", careerpath.RelevanceRelated}, // Security and information assurance, editorial
		{"15.0303", careerpath.RelevanceNone},    // Electrical engineering technology: technician training, not raised
		{"42.2708", careerpath.RelevanceNone},    // Psychometrics and Quantitative Psychology
		{"52.0201", careerpath.RelevanceNone},    // Business Administration and Management
		{"51.2706", careerpath.RelevanceNone},    // Medical Informatics
		{"11.0204", careerpath.RelevanceNone},    // Computer Game Programming, excluded
	} {
		if got := m.Of(mle, tt.cip, careerpath.AwardBachelor); got.Level != tt.want {
			t.Errorf("Of(%s, %s, bachelor's) = %s (%g) %q, want %s", mle, tt.cip, got.Level, got.Score, got.Reasons, tt.want)
		}
	}
}

// TestNoPsychologyBusinessHealth checks every CIP code of the families and
// series the issue names, at every award level.
func TestNoPsychologyBusinessHealth(t *testing.T) {
	m := bundledModel(t)
	n := 0
	for _, c := range cipCodes {
		if len(c.Code) != 7 || !(Covers("42", c.Code) || Covers("52.02", c.Code) || Covers("51", c.Code)) {
			continue
		}
		for _, l := range careerpath.AwardLevels {
			n++
			if got := m.Of(mle, c.Code, l.Code); got.Level != careerpath.RelevanceNone {
				t.Errorf("Of(%s, %s %s, %s) = %s, want none", mle, c.Code, c.Title, l.Name, got.Level)
			}
		}
	}
	if n < 100 {
		t.Errorf("checked %d codes × levels, want the whole families", n)
	}
}

func TestAwardRule(t *testing.T) {
	m := bundledModel(t)
	for _, l := range careerpath.AwardLevels {
		got := m.Of(mle, "11.0701", l.Code)
		short := l.Code == careerpath.AwardCertUnder12Weeks || l.Code == careerpath.AwardCertUnder1Year
		if short && got.Level == careerpath.RelevanceStrong {
			t.Errorf("Of(%s, 11.0701, %s) = strong; a certificate under a year cannot be", mle, l.Name)
		}
		if got.Score < 0 || got.Score > 1 {
			t.Errorf("Of(%s, 11.0701, %s) score = %g, want [0, 1]", mle, l.Name, got.Score)
		}
	}
	if got := m.Of(mle, "11.0701", careerpath.AwardMaster); got.Score != 1 || got.Level != careerpath.RelevanceStrong {
		t.Errorf("Of(%s, 11.0701, master's) = %s %g, want strong 1", mle, got.Level, got.Score)
	}
}

func TestReasons(t *testing.T) {
	m := bundledModel(t)
	got := m.Of(mle, "11.0701", careerpath.AwardBachelor)
	want := "Computer Science (CIP 11.0701) prepares for Data Scientists, Software Developers and Computer and Information Research Scientists — NCES/BLS crosswalk."
	if len(got.Reasons) == 0 || got.Reasons[0] != want {
		t.Errorf("reasons = %q, want first %q", got.Reasons, want)
	}
	if got.Confidence != 1 {
		t.Errorf("confidence = %g, want 1 for a known CIP code", got.Confidence)
	}
	if r := m.Of(mle, "42.2708", careerpath.AwardMaster).Reasons; len(r) != 2 || !strings.Contains(r[1], "Excluded by the editors") || !strings.Contains(r[1], "Psychology (CIP 42)") {
		t.Errorf("psychology reasons = %q, want the crosswalk and the exclusion", r)
	}
	if r := m.Of(mle, "11.0103", careerpath.AwardBachelor).Reasons; len(r) != 2 || !strings.Contains(r[1], "weigh this field 0.4") {
		t.Errorf("IT reasons = %q, want the editorial weight", r)
	}
	if r := m.Of(mle, "11.0701", careerpath.AwardCertUnder1Year).Reasons; !strings.Contains(r[len(r)-1], "never strong") {
		t.Errorf("short certificate reasons = %q, want the award rule", r)
	}
	if got := m.Of("no-such-career", "11.0701", careerpath.AwardBachelor); got.Level != careerpath.RelevanceNone {
		t.Errorf("unknown career = %s, want none", got.Level)
	}
}

func TestCovers(t *testing.T) {
	for _, tt := range []struct {
		prefix, code string
		want         bool
	}{
		{"42", "42.2708", true}, {"42", "42", true}, {"4", "42.2708", false}, {"52.02", "52.0201", true},
		{"52.02", "52.0301", false}, {"11.0204", "11.0204", true}, {"11.0204", "11.0205", false}, {"42", "04.2000", false},
	} {
		if got := Covers(tt.prefix, tt.code); got != tt.want {
			t.Errorf("Covers(%q, %q) = %v, want %v", tt.prefix, tt.code, got, tt.want)
		}
	}
}

func TestLevelOf(t *testing.T) {
	for _, tt := range []struct {
		score float64
		want  string
	}{{1, "strong"}, {0.7, "strong"}, {0.6999, "related"}, {0.3, "related"}, {0.2999, "none"}, {0, "none"}} {
		if got := LevelOf(tt.score); got != tt.want {
			t.Errorf("LevelOf(%g) = %s, want %s", tt.score, got, tt.want)
		}
	}
}

// TestEveryCareerHasTiers checks that every bundled career with crosswalk
// fields has strong and related fields at a bachelor's level.
func TestEveryCareerHasTiers(t *testing.T) {
	m := bundledModel(t)
	for _, slug := range m.Careers() {
		n := map[string]int{}
		for _, c := range cipCodes {
			if len(c.Code) == 7 {
				level, _ := m.Score(slug, c.Code, careerpath.AwardBachelor)
				n[level]++
			}
		}
		if n[careerpath.RelevanceStrong] == 0 || n[careerpath.RelevanceRelated] == 0 {
			t.Errorf("%s: %d strong and %d related fields, want both", slug, n[careerpath.RelevanceStrong], n[careerpath.RelevanceRelated])
		}
		t.Logf("%s: %d strong, %d related", slug, n[careerpath.RelevanceStrong], n[careerpath.RelevanceRelated])
	}
}

func TestDataScientistTiers(t *testing.T) {
	m := bundledModel(t)
	const ds = "data-scientist"
	for _, tt := range []struct {
		cip, want, path string
	}{
		{"30.7001", careerpath.RelevanceStrong, "crosswalk"},
		{"27.0501", careerpath.RelevanceStrong, "Editors"},
		{"51.2706", careerpath.RelevanceRelated, "neighbouring occupations"}, // Medical Informatics: research scientists
		{"11.0401", careerpath.RelevanceRelated, "neighbouring occupations"}, // Information Science
		{"52.1304", careerpath.RelevanceRelated, "neighbouring occupations"}, // Actuarial Science: actuaries
		{"27.0103", careerpath.RelevanceRelated, "CIP series"},               // Analysis: Mathematics, General is strong
		{"11.0103", careerpath.RelevanceNone, "Excluded"},                    // Information Technology, excluded
		{"52.0201", careerpath.RelevanceNone, "not linked"},                  // Business Administration
		{"42.2801", careerpath.RelevanceNone, "not linked"},                  // Clinical Psychology
		{"40.0501", careerpath.RelevanceNone, "not linked"},                  // Chemistry: cheminformatics is strong, but is not the series' general field
	} {
		got := m.Of(ds, tt.cip, careerpath.AwardMaster)
		if got.Level != tt.want || !strings.Contains(strings.Join(got.Reasons, " "), tt.path) {
			t.Errorf("Of(%s, %s) = %s %g %q, want %s by %q", ds, tt.cip, got.Level, got.Score, got.Reasons, tt.want, tt.path)
		}
		if got.Level == careerpath.RelevanceRelated && got.Score >= StrongAt {
			t.Errorf("Of(%s, %s) score %g is strong's", ds, tt.cip, got.Score)
		}
	}
}

func TestNeighbours(t *testing.T) {
	bundledModel(t)
	n := Neighbours(bundledLinks)
	got := strings.Join(n["15-2051"], " ")
	for _, want := range []string{"15-2041", "15-2021", "15-2011", "15-1221"} {
		if !strings.Contains(got, want) {
			t.Errorf("neighbours of 15-2051 = %s, want %s among them", got, want)
		}
	}
	for _, s := range n["15-2051"] {
		if s[:2] != "15" {
			t.Errorf("neighbour %s of 15-2051 is in another major group", s)
		}
	}
}

func TestOfConcentration(t *testing.T) {
	m := bundledModel(t)
	for _, tt := range []struct {
		career, cip, conc string
		award             int
		want              string
	}{
		{"data-scientist", "52.0201", "30.7001", careerpath.AwardMaster, careerpath.RelevanceRelated}, // MBA, data science
		{"data-scientist", "52.0201", "", careerpath.AwardMaster, careerpath.RelevanceNone},           // a plain MBA
		{"data-scientist", "52.0201", "52.1401", careerpath.AwardMaster, careerpath.RelevanceNone},    // MBA, marketing
		{"data-scientist", "11.0701", "52.0201", careerpath.AwardMaster, careerpath.RelevanceStrong},  // strong stays strong
		{"data-scientist", "30.7001", "30.7001", careerpath.AwardMaster, careerpath.RelevanceStrong},
		{mle, "52.0201", "30.7001", careerpath.AwardMaster, careerpath.RelevanceNone},         // MBAs are excluded for ML engineers
		{mle, "42.2801", "11.0102", careerpath.AwardMaster, careerpath.RelevanceNone},         // psychology is excluded
		{mle, "14.1901", "11.0102", careerpath.AwardMaster, careerpath.RelevanceRelated},      // mechanical engineering, AI
		{mle, "14.1901", "11.0102", careerpath.AwardCertUnder1Year, careerpath.RelevanceNone}, // AI at 0.6 is not strong
	} {
		got := m.OfConcentration(tt.career, tt.cip, tt.conc, tt.award)
		if got.Level != tt.want {
			t.Errorf("OfConcentration(%s, %s, %s) = %s %g %q, want %s", tt.career, tt.cip, tt.conc, got.Level, got.Score, got.Reasons, tt.want)
		}
		if tt.want == careerpath.RelevanceRelated && !strings.Contains(got.Reasons[len(got.Reasons)-1], "Concentration in") {
			t.Errorf("OfConcentration(%s, %s, %s) reasons %q, want the concentration", tt.career, tt.cip, tt.conc, got.Reasons)
		}
	}
	r := m.OfConcentration("data-scientist", "52.0201", "30.7001", careerpath.AwardMaster)
	if want := "Concentration in Data Science within Business Administration and Management:"; !strings.HasPrefix(r.Reasons[len(r.Reasons)-1], want) {
		t.Errorf("reason %q, want it to start %q", r.Reasons[len(r.Reasons)-1], want)
	}
}

// TestDerivedPathsNeverStrong checks, for every bundled career and CIP
// code, that a field the crosswalk of the blend does not make strong, and
// whose weight no editor set, is related at most.
func TestDerivedPathsNeverStrong(t *testing.T) {
	m := bundledModel(t)
	for _, slug := range m.Careers() {
		k := m.careers[slug]
		for _, c := range cipCodes {
			if len(c.Code) != 7 {
				continue
			}
			if _, ok := k.editorial[c.Code]; ok || k.fields[c.Code].direct >= StrongAt {
				continue
			}
			if level, score := m.Score(slug, c.Code, careerpath.AwardDoctorResearch); level == careerpath.RelevanceStrong {
				t.Errorf("%s: %s %s is strong (%g) through a derived path", slug, c.Code, c.Title, score)
			}
		}
	}
}
