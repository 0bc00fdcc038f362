package figures

import (
	"context"
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
	"testing"

	careerpath "github.com/careerpath/careerpath"
	"github.com/careerpath/careerpath/opendata"
)

func near(a, b float64) bool { return math.Abs(a-b) < 1e-9*math.Max(1, math.Abs(b)) }

func TestPercentile(t *testing.T) {
	tests := []struct {
		values []float64
		p      float64
		want   float64
	}{
		// Values checked against numpy.percentile(values, p).
		{[]float64{1, 2, 3, 4}, 50, 2.5},
		{[]float64{1, 2, 3, 4}, 25, 1.75},
		{[]float64{1, 2, 3, 4}, 90, 3.7},
		{[]float64{1, 2, 3, 4}, 0, 1},
		{[]float64{1, 2, 3, 4}, 100, 4},
		{[]float64{10, 20, 30, 40, 50}, 10, 14},
		{[]float64{10, 20, 30, 40, 50}, 50, 30},
		{[]float64{10, 20, 30, 40, 50}, 75, 40},
		{[]float64{7}, 90, 7},
		{[]float64{100, 100, 200}, 50, 100},
	}
	for _, tt := range tests {
		if got := Percentile(tt.values, tt.p); !near(got, tt.want) {
			t.Errorf("Percentile(%v, %v) = %v, want %v", tt.values, tt.p, got, tt.want)
		}
	}
	if got := Percentile(nil, 50); !math.IsNaN(got) {
		t.Errorf("Percentile(nil, 50) = %v, want NaN", got)
	}
}

func TestDistributionSorts(t *testing.T) {
	got := Distribution([]float64{50, 10, 40, 20, 30})
	want := careerpath.Percentiles{P10: 14, P25: 20, Median: 30, P75: 40, P90: 46}
	if got.Values() != want.Values() {
		t.Errorf("Distribution = %v, want %v", got.Values(), want.Values())
	}
}

func TestLatestFullYear(t *testing.T) {
	records := []Salary{{Year: 2023}, {Year: 2024}, {Year: 2025}}
	if got, err := LatestFullYear("2025-01-19 snapshot", records); err != nil || got != 2024 {
		t.Errorf("LatestFullYear(2025-01-19) = %d, %v; want 2024", got, err)
	}
	if got, err := LatestFullYear("snapshot of 2024-12-31", records); err != nil || got != 2023 {
		t.Errorf("LatestFullYear(2024-12-31) = %d, %v; want 2023", got, err)
	}
	if _, err := LatestFullYear("2025-01-19 snapshot", []Salary{{Year: 2025}}); err == nil {
		t.Error("LatestFullYear with no answers for 2024: no error")
	}
	if _, err := LatestFullYear("weekly snapshot", records); err == nil {
		t.Error("LatestFullYear without a date: no error")
	}
}

func TestPayThreshold(t *testing.T) {
	var rs []Salary
	for i := 1; i <= MinAnswers; i++ {
		rs = append(rs, Salary{USD: float64(i)})
	}
	if p, n := Pay(rs[:MinAnswers-1]); p != nil || n != MinAnswers-1 {
		t.Errorf("Pay(%d answers) = %v, %d; want nil", MinAnswers-1, p, n)
	}
	p, n := Pay(rs)
	if p == nil || n != MinAnswers {
		t.Fatalf("Pay(%d answers) = %v, %d; want a figure", MinAnswers, p, n)
	}
	if want := 15.5; p.Median != want {
		t.Errorf("Pay(1..30).Median = %v, want %v", p.Median, want)
	}
}

func wages(v ...float64) *OEWS {
	o := &OEWS{}
	for i, x := range v {
		o.Annual[i] = Wage{Value: x, Known: !math.IsNaN(x)}
		if x == opendata.OEWSAnnualCeiling {
			o.Annual[i].TopCoded = true
		}
	}
	return o
}

func TestBlendWages(t *testing.T) {
	a := wages(100, 200, 300, 400, 500)
	b := wages(200, math.NaN(), 400, 500, opendata.OEWSAnnualCeiling)
	// C has no OEWS row: A and B share its weight in proportion, 0.5/0.8
	// and 0.3/0.8.
	got := BlendWages([]float64{0.5, 0.3, 0.2}, []*OEWS{a, b, nil})
	want := [5]float64{
		(0.5*100 + 0.3*200) / 0.8, // 137.5
		200,                       // B has no estimate: A alone
		(0.5*300 + 0.3*400) / 0.8, // 337.5
		(0.5*400 + 0.3*500) / 0.8, // 437.5
		(0.5*500 + 0.3*239200) / 0.8,
	}
	for i, v := range got.Values() {
		if !near(v, want[i]) {
			t.Errorf("BlendWages percentile %d = %v, want %v", oewsPercentiles[i], v, want[i])
		}
	}
	if !slices.Equal(got.AtLeast, []int{90}) {
		t.Errorf("BlendWages AtLeast = %v, want [90] (B's 90th percentile is top-coded)", got.AtLeast)
	}
	if got := BlendWages([]float64{0.5, 0.5}, []*OEWS{wages(math.NaN(), 2, 3, 4, 5), wages(math.NaN(), 2, 3, 4, 5)}); got != nil {
		t.Errorf("BlendWages with no 10th percentile = %v, want nil", got)
	}
	if got := BlendWages([]float64{1}, []*OEWS{nil}); got != nil {
		t.Errorf("BlendWages with no estimate = %v, want nil", got)
	}
}

func TestBlendGrowth(t *testing.T) {
	p1 := &Projection{Emp2024: 100, Emp2034: 120, Openings: 10}
	p2 := &Projection{Emp2024: 50, Emp2034: 45, Openings: 4}
	tests := []struct {
		weights        []float64
		ps             []*Projection
		growth, openin float64
	}{
		// (0.6·120 + 0.4·45) / (0.6·100 + 0.4·50) − 1 = 90/80 − 1
		{[]float64{0.6, 0.4}, []*Projection{p1, p2}, 12.5, 0.6*10 + 0.4*4},
		// The third occupation has no projection: weights 0.5 and 0.3
		// remain; growth is a ratio, openings are re-scaled by 0.8.
		{[]float64{0.5, 0.3, 0.2}, []*Projection{p1, p2, nil}, 100 * ((0.5*120+0.3*45)/(0.5*100+0.3*50) - 1), (0.5*10 + 0.3*4) / 0.8},
		{[]float64{1}, []*Projection{p1}, 20, 10},
	}
	for _, tt := range tests {
		g, o, ok := BlendGrowth(tt.weights, tt.ps)
		if !ok || !near(g, tt.growth) || !near(o, tt.openin) {
			t.Errorf("BlendGrowth(%v) = %v, %v, %v; want %v, %v, true", tt.weights, g, o, ok, tt.growth, tt.openin)
		}
	}
	if _, _, ok := BlendGrowth([]float64{1}, []*Projection{nil}); ok {
		t.Error("BlendGrowth with no projection: ok")
	}
}

func TestFiveYear(t *testing.T) {
	for _, tt := range []struct{ g10, want float64 }{{21, 10}, {44, 20}, {-19, -10}, {0, 0}} {
		if got := FiveYear(tt.g10); !near(got, tt.want) {
			t.Errorf("FiveYear(%v) = %v, want %v", tt.g10, got, tt.want)
		}
	}
}

func TestRankDemand(t *testing.T) {
	in := []Demand{
		{Slug: "a", Openings: 100, Growth: 5},
		{Slug: "b", Openings: 50, Growth: 20},
		{Slug: "c", Openings: 10, Growth: 10},
		{Slug: "d", Openings: 50, Growth: 1},
	}
	// By openings: a 1st, b and d 2nd, c 4th. By growth: b, c, a, d.
	// Averages: b 1.5, a 2, c 3, d 3; c and d tie, d has more openings.
	want := []Ranked{
		{Slug: "b", Rank: 1, ByOpenings: 2, ByGrowth: 1, Score: 1.5},
		{Slug: "a", Rank: 2, ByOpenings: 1, ByGrowth: 3, Score: 2},
		{Slug: "d", Rank: 3, ByOpenings: 2, ByGrowth: 4, Score: 3},
		{Slug: "c", Rank: 4, ByOpenings: 4, ByGrowth: 2, Score: 3},
	}
	if got := RankDemand(in); !slices.Equal(got, want) {
		t.Errorf("RankDemand =\n%v\nwant\n%v", got, want)
	}
	if got := RankDemand(nil); len(got) != 0 {
		t.Errorf("RankDemand(nil) = %v, want none", got)
	}
}

func TestNewReference(t *testing.T) {
	// Twenty occupations: growth 1..20 %, wages 10,000..200,000 in the
	// reverse order, so no occupation is both fast-growing and well paid
	// except where the two top groups overlap.
	var occs []Occupation
	for i := 1; i <= 20; i++ {
		occs = append(occs, Occupation{SOC: fmt.Sprint(i), Growth: float64(i), Median: float64(21-i) * 10000})
	}
	occs = append(occs, Occupation{SOC: "both", Growth: 30, Median: 300000})
	r := NewReference(occs)
	// 21 occupations: the top tenth is the first ⌈2.1⌉ = 3 (30, 20, 19),
	// the top quarter the first ⌈5.25⌉ = 6 (300,000, 200,000 … 160,000).
	if r.Occupations != 21 || r.GrowthCut != 19 || r.WageCut != 160000 || r.Both != 1 {
		t.Errorf("NewReference = %+v, want 21 occupations, growth cut 19, wage cut 160,000, 1 meeting both", r)
	}
	if r := NewReference(nil); r != (Reference{}) {
		t.Errorf("NewReference(nil) = %+v, want zero", r)
	}
}

func TestHotBadge(t *testing.T) {
	ref := Reference{Occupations: 800, GrowthCut: 6.2, WageCut: 99000, Both: 30}
	stat := func(v float64) *careerpath.Stat { return &careerpath.Stat{Value: v} }
	tests := []struct {
		growth, wage *careerpath.Stat
		want         bool
	}{
		{stat(6.2), stat(99000), true}, // both exactly at the cut
		{stat(33.5), stat(112590), true},
		{stat(6.1), stat(200000), false},
		{stat(50), stat(98999), false},
		{nil, stat(200000), false},
		{stat(50), nil, false},
	}
	for _, tt := range tests {
		b := HotBadge(ref, tt.growth, tt.wage)
		if b.On != tt.want {
			t.Errorf("HotBadge(growth %v, wage %v).On = %v, want %v (%s)", tt.growth, tt.wage, b.On, tt.want, b.Reason)
		}
		for _, want := range []string{"6.2%", "$99,000", "top tenth of the 800 occupations", "30 of the 800 occupations meet both"} {
			if !strings.Contains(b.Rule, want) {
				t.Errorf("HotBadge rule %q does not state %q", b.Rule, want)
			}
		}
	}
}

func TestTiers(t *testing.T) {
	skills := []careerpath.Skill{{Name: "Excel", InDemand: 1, Lift: 1.1, Hot: true}} // everyone's tool
	for i := range MustHaveMax + 1 {
		skills = append(skills, careerpath.Skill{Name: fmt.Sprint("must", i), Share: 1, InDemand: 0.6, Lift: 10})
	}
	skills = append(skills,
		careerpath.Skill{Name: "half", Share: 1, InDemand: 0.5, Lift: 10},  // in demand for half, not most
		careerpath.Skill{Name: "hot", Share: 0.5, Lift: 4, Hot: true},      // a Hot Technology listed for half
		careerpath.Skill{Name: "minorhot", Share: 0.4, Lift: 4, Hot: true}, // listed for a minor part
		careerpath.Skill{Name: "listed", Share: 0.5, Lift: 4},              // neither flag, listed for half
		careerpath.Skill{Name: "minor", Share: 0.4, Lift: 4},               // neither flag, listed for a minor part
	)
	for i := range ImportantMax {
		skills = append(skills, careerpath.Skill{Name: fmt.Sprint("demand", i), Share: 0.2, InDemand: 0.1, Lift: 10})
	}
	Tiers(skills)
	want := map[string]string{
		"Excel": careerpath.TierSkip, "must0": careerpath.TierMustHave, "must5": careerpath.TierMustHave,
		"must6": careerpath.TierImportant, // over MustHaveMax
		"half":  careerpath.TierImportant, "hot": careerpath.TierImportant, "minorhot": careerpath.TierNiceToHave,
		"listed": careerpath.TierNiceToHave, "minor": careerpath.TierSkip,
		"demand6": careerpath.TierImportant, "demand7": careerpath.TierNiceToHave, // over ImportantMax
	}
	for _, s := range skills {
		if w, ok := want[s.Name]; ok && s.Tier != w {
			t.Errorf("Tiers: %s (%+v) is %s, want %s", s.Name, s, s.Tier, w)
		}
	}
}

func TestPrevalence(t *testing.T) {
	rows := []TechnologySkill{
		{Code: "11-1111.00", SOC: "11-1111", Example: "Python"},
		{Code: "11-1111.00", SOC: "11-1111", Example: "Excel"},
		{Code: "11-1111.01", SOC: "11-1111", Example: "MEDITECH"}, // a specialty of a code with a main occupation: left out
		{Code: "22-2222.00", SOC: "22-2222", Example: "Excel"},
		{Code: "22-2222.00", SOC: "22-2222", Example: "excel"}, // the same name twice
		{Code: "33-3333.01", SOC: "33-3333", Example: "Excel"}, // no main occupation: specialties in equal parts
		{Code: "33-3333.02", SOC: "33-3333", Example: "CSS"},
	}
	p := NewPrevalence(rows)
	if p.Occupations != 3 {
		t.Errorf("Occupations = %d, want 3", p.Occupations)
	}
	want := map[string]float64{"python": 1.0 / 3, "excel": 2.5 / 3, "css": 0.5 / 3}
	if len(p.Share) != len(want) {
		t.Errorf("Share = %v, want %v", p.Share, want)
	}
	for k, w := range want {
		if !near(p.Share[k], w) {
			t.Errorf("Share[%s] = %v, want %v", k, p.Share[k], w)
		}
	}
}

func TestBlendSkills(t *testing.T) {
	occ := []careerpath.OccupationWeight{{SOC: "11-1111", Weight: 0.6}, {SOC: "22-2222", Weight: 0.3}, {SOC: "33-3333", Weight: 0.1}}
	rows := []TechnologySkill{
		{Code: "11-1111.00", SOC: "11-1111", Example: "Python", Hot: true, InDemand: true},
		{Code: "11-1111.00", SOC: "11-1111", Example: "Python", Hot: true, InDemand: true}, // listed twice
		{Code: "11-1111.01", SOC: "11-1111", Example: "MEDITECH", Hot: true},               // a specialty: not the main occupation
		{Code: "22-2222.00", SOC: "22-2222", Example: "Python", Hot: true, Category: "Languages"},
		{Code: "22-2222.00", SOC: "22-2222", Example: "Excel", Hot: true},
		{Code: "22-2222.00", SOC: "22-2222", Example: "Bar"},
		{Code: "11-1111.00", SOC: "11-1111", Example: "Alpha"},
		// 33-3333 has no technology listed: the others' weights are
		// re-scaled, 0.6/0.9 and 0.3/0.9.
	}
	prev := Prevalence{Occupations: 100, Share: map[string]float64{"python": 0.1, "alpha": 0.01, "excel": 0.9, "bar": 0.05, "meditech": 0.01}}
	got := BlendSkills(occ, rows, prev)
	want := []careerpath.Skill{
		{Name: "Python", Category: "Languages", Share: 1, Hot: true, InDemand: 0.6 / 0.9, Lift: 10, Weight: 0.6 / 0.9 * math.Log(10), Tier: careerpath.TierMustHave},
		{Name: "Alpha", Share: 0.6 / 0.9, Lift: 0.6 / 0.9 / 0.01, Tier: careerpath.TierNiceToHave},
		{Name: "Bar", Share: 0.3 / 0.9, Lift: 0.3 / 0.9 / 0.05, Tier: careerpath.TierSkip},
		{Name: "Excel", Share: 0.3 / 0.9, Hot: true, Lift: 0.3 / 0.9 / 0.9, Tier: careerpath.TierSkip},
	}
	if len(got) != len(want) {
		t.Fatalf("BlendSkills = %v, want %v", got, want)
	}
	for i := range want {
		g, w := got[i], want[i]
		if g.Name != w.Name || g.Category != w.Category || !near(g.Share, w.Share) || g.Hot != w.Hot || !near(g.InDemand, w.InDemand) || !near(g.Lift, w.Lift) || !near(g.Weight, w.Weight) || g.Tier != w.Tier {
			t.Errorf("BlendSkills[%d] = %+v, want %+v", i, g, w)
		}
	}
}

func TestApplyOverrides(t *testing.T) {
	skills := []careerpath.Skill{
		{Name: "Python", Share: 1, Tier: careerpath.TierMustHave},
		{Name: "Structured query language SQL", Share: 1, Tier: careerpath.TierImportant},
		{Name: "The MathWorks MATLAB", Share: 0.5, Tier: careerpath.TierMustHave},
		{Name: "Bar", Share: 0.1, Tier: careerpath.TierSkip},
	}
	o := careerpath.SkillOverrides{
		MustHave: []careerpath.SkillNote{{Name: "structured  query language SQL", Reason: "data"}, {Name: "dbt", Reason: "models"}},
		Skip:     []careerpath.SkillNote{{Name: "The MathWorks MATLAB", Reason: "rare"}},
	}
	got := ApplyOverrides(skills, o)
	var names []string
	for _, s := range got {
		names = append(names, fmt.Sprintf("%s:%s:%v", s.Name, s.Tier, s.Editorial))
	}
	want := []string{
		"Python:must-have:false",
		"Structured query language SQL:must-have:true",
		"dbt:must-have:true",
		"The MathWorks MATLAB:skip:true",
		"Bar:skip:false",
	}
	if !slices.Equal(names, want) {
		t.Errorf("ApplyOverrides =\n%v\nwant\n%v", names, want)
	}
	if got[1].Reason != "data" {
		t.Errorf("ApplyOverrides: SQL reason = %q, want the editor's", got[1].Reason)
	}
}

func TestTopTasks(t *testing.T) {
	tasks := []Task{
		{Code: "1.00", ID: 5, Text: "five", Type: "Core"},
		{Code: "1.00", ID: 1, Text: "one", Type: "Supplemental"},
		{Code: "1.00", ID: 3, Text: "three", Type: "Core"},
		{Code: "2.00", ID: 9, Text: "nine"},
		{Code: "2.00", ID: 7, Text: "seven"},
	}
	tests := []struct {
		code string
		n    int
		want []string
	}{
		{"1.00", 5, []string{"three", "five"}}, // Core only, by ID
		{"2.00", 5, []string{"seven", "nine"}}, // unrated, by ID
		{"2.00", 1, []string{"seven"}},
		{"3.00", 5, nil},
	}
	for _, tt := range tests {
		if got := TopTasks(tt.code, tasks, tt.n); !slices.Equal(got, tt.want) {
			t.Errorf("TopTasks(%s, %d) = %q, want %q", tt.code, tt.n, got, tt.want)
		}
	}
}

func TestMainCode(t *testing.T) {
	codes := []string{"15-2051.01", "15-2051.00", "15-2051.02", "11-1011.03", "11-1011.02"}
	for _, tt := range []struct{ soc, want string }{{"15-2051", "15-2051.00"}, {"11-1011", "11-1011.02"}, {"99-9999", ""}} {
		if got := mainCode(tt.soc, codes); got != tt.want {
			t.Errorf("mainCode(%s) = %q, want %q", tt.soc, got, tt.want)
		}
	}
}

// records is a Source of records held in memory, for tests of Compute's
// arithmetic on hand-made data.
type records struct {
	salaries    []Salary
	oews        []OEWS
	projections []Projection
	tech        []TechnologySkill
	tasks       []Task
	zones       []JobZone
}

func (r *records) FindDatasets(context.Context) ([]*careerpath.Dataset, error) {
	var out []*careerpath.Dataset
	for _, d := range opendata.Datasets() {
		out = append(out, &d)
	}
	return out, nil
}
func (r *records) SalaryRecords(context.Context, []string) ([]Salary, error) { return r.salaries, nil }
func (r *records) OEWS(context.Context, []string) ([]OEWS, error)            { return r.oews, nil }
func (r *records) Projections(context.Context, []string) ([]Projection, error) {
	return r.projections, nil
}
func (r *records) TechnologySkills(context.Context, []string) ([]TechnologySkill, error) {
	return r.tech, nil
}
func (r *records) Tasks(context.Context, []string) ([]Task, error)       { return r.tasks, nil }
func (r *records) JobZones(context.Context, []string) ([]JobZone, error) { return r.zones, nil }
func (r *records) TechnologyPrevalence(context.Context) (Prevalence, error) {
	return NewPrevalence(r.tech), nil
}
func (r *records) Descriptions(context.Context) ([]Description, error) {
	return []Description{{Code: "15-1111.00", SOC: "15-1111", Title: "Widget Scientists", Text: "Study widgets."}}, nil
}

func TestCompute(t *testing.T) {
	src := &records{
		oews: []OEWS{
			{SOC: AllOccupations, Group: "total", Annual: wages(1, 2, 50000, 4, 5).Annual},
			{SOC: "15-1111", Group: "detailed", Annual: wages(60000, 80000, 100000, 150000, opendata.OEWSAnnualCeiling).Annual},
			{SOC: "15-2222", Group: "detailed", Annual: wages(50000, 70000, 90000, 120000, 200000).Annual},
		},
		projections: []Projection{
			{SOC: AllOccupations, Type: "Summary", Emp2024: 1000, Emp2034: 1030, ChangePct: 3},
			{SOC: "15-1111", Type: "Line item", Title: "Widget scientists", Emp2024: 100, Emp2034: 150, ChangePct: 50, Openings: 10, Education: "Master's degree"},
			{SOC: "15-2222", Type: "Line item", Title: "Gadget developers", Emp2024: 300, Emp2034: 330, ChangePct: 10, Openings: 30, Education: "Bachelor's degree"},
		},
		tech: []TechnologySkill{
			{Code: "15-1111.00", SOC: "15-1111", Example: "Python", Hot: true, InDemand: true},
			{Code: "15-2222.00", SOC: "15-2222", Example: "Python", Hot: true},
			// Six more occupations list technology, Python not: its lift
			// is 1 / (2/8) = 4.
			{Code: "41-0001.00", SOC: "41-0001", Example: "Excel"}, {Code: "41-0002.00", SOC: "41-0002", Example: "Excel"},
			{Code: "41-0003.00", SOC: "41-0003", Example: "Excel"}, {Code: "41-0004.00", SOC: "41-0004", Example: "Excel"},
			{Code: "41-0005.00", SOC: "41-0005", Example: "Excel"}, {Code: "41-0006.00", SOC: "41-0006", Example: "Excel"},
		},
		tasks: []Task{
			{Code: "15-1111.00", SOC: "15-1111", Title: "Widget Scientists", ID: 2, Text: "Train widgets.", Type: "Core"},
			{Code: "15-1111.01", SOC: "15-1111", Title: "Widget Analysts", ID: 1, Text: "Count widgets.", Type: "Core"},
		},
		zones: []JobZone{
			{Code: "15-1111.00", SOC: "15-1111", Title: "Widget Scientists", Zone: 5, Name: "Job Zone Five"},
			{Code: "15-2222.00", SOC: "15-2222", Title: "Gadget Developers", Zone: 4, Name: "Job Zone Four"},
		},
	}
	// 40 answers in scope for "Machine Learning Engineer", 1,000 to 40,000
	// dollars: the first 30 at entry level, the last 10 senior.
	for i := 1; i <= 40; i++ {
		level := careerpath.LevelEntry
		if i > 30 {
			level = careerpath.LevelSenior
		}
		src.salaries = append(src.salaries, Salary{Year: 2024, Experience: level, Employment: "FT", CompanyLocation: "US", Title: "Machine Learning Engineer", USD: float64(1000 * i)})
	}
	for i := 0; i < 10; i++ {
		src.salaries = append(src.salaries, Salary{Year: 2024, Employment: "FT", CompanyLocation: "US", Title: "Engineer", USD: 1})
	}
	src.salaries = append(src.salaries,
		Salary{Year: 2025, Employment: "FT", CompanyLocation: "US", Title: "Machine Learning Engineer", USD: 1e6},
		Salary{Year: 2024, Employment: "PT", CompanyLocation: "US", Title: "Machine Learning Engineer", USD: 1e6},
		Salary{Year: 2024, Employment: "FT", CompanyLocation: "CA", Title: "Machine Learning Engineer", USD: 1e6},
	)
	careers := []*careerpath.Career{
		{Slug: "ml", SurveyTitles: []string{"ml  engineer"}, Occupations: []careerpath.OccupationWeight{{SOC: "15-1111", Weight: 0.75}, {SOC: "15-2222", Weight: 0.25}}},
		{Slug: "gadgets", SurveyTitles: []string{"Gadget Developer"}, Occupations: []careerpath.OccupationWeight{{SOC: "15-2222", Weight: 1}}},
	}
	site, err := Compute(context.Background(), src, careers)
	if err != nil {
		t.Fatal(err)
	}
	ml := site.Careers["ml"]

	// Pay: the 40 answers; 20,500 is the mean of the 20th and 21st.
	if ml.Pay == nil || ml.Pay.Value != 20500 || *ml.Pay.N != 40 || ml.Pay.Source != opendata.DatasetSalaries {
		t.Errorf("ml pay = %+v, want median 20500, n 40", ml.Pay)
	}
	if len(ml.PayByLevel) != 1 || ml.PayByLevel[0].Level != careerpath.LevelEntry || ml.PayByLevel[0].Pay.Value != 15500 {
		t.Errorf("ml pay by level = %+v, want entry level only (senior has 10 answers), median 15,500", ml.PayByLevel)
	}
	if !strings.Contains(ml.Pay.Method, "2024") || !strings.Contains(ml.Pay.Method, "2025-01-19") {
		t.Errorf("ml pay method does not state the year and its rule: %q", ml.Pay.Method)
	}
	if site.Careers["gadgets"].Pay != nil {
		t.Errorf("gadgets pay = %+v, want nil (no answers)", site.Careers["gadgets"].Pay)
	}

	// Base wages: 0.75·100,000 + 0.25·90,000.
	if w := ml.BaseWages; w == nil || w.Value != 97500 || w.AtLeast || !w.Percentiles.IsAtLeast(90) || w.Percentiles.P90 != 0.75*239200+0.25*200000 {
		t.Errorf("ml base wages = %+v, want median 97,500 and the 90th percentile at least 229,400", w)
	}

	// Growth: (0.75·150 + 0.25·330) / (0.75·100 + 0.25·300) − 1 = 195/150 − 1.
	if g := ml.Growth; g == nil || !near(g.Value, 30) {
		t.Errorf("ml growth = %+v, want 30%%", g)
	}
	if g := ml.Growth5y; g == nil || !near(g.Value, 100*(math.Sqrt(1.3)-1)) || !g.Derived {
		t.Errorf("ml 5-year growth = %+v, want derived %v", g, 100*(math.Sqrt(1.3)-1))
	}
	if o := ml.Openings; o == nil || o.Value != 15000 || o.Unit != careerpath.UnitJobs {
		t.Errorf("ml openings = %+v, want 0.75·10,000 + 0.25·30,000 = 15,000 jobs", o)
	}

	// Rank: ml grows 30% with 15,000 openings, gadgets 10% with 30,000.
	// The population is the two careers and the occupation 15-1111 (growth
	// 50%, 10,000 openings), which no career stands for alone: every one
	// averages 2, and the ties go to more openings.
	if r := site.Careers["gadgets"].DemandRank; r == nil || r.Value != 1 || r.OutOf != 3 {
		t.Errorf("gadgets rank = %+v, want 1 of 3", r)
	}
	if r := ml.DemandRank; r == nil || r.Value != 2 {
		t.Errorf("ml rank = %+v, want 2", r)
	}

	// Hot: of the two occupations the top tenth and top quarter are the
	// first one, growth 50% and median 100,000; ml grows 30%.
	if ml.Hot.On || !strings.Contains(ml.Hot.Rule, "at least 50.0%") || !strings.Contains(ml.Hot.Rule, "at least $100,000") {
		t.Errorf("ml hot = %+v, want off, with cuts 50%% and $100,000", ml.Hot)
	}

	if s := ml.Skills; s == nil || len(s.Skills) != 1 || s.Skills[0].Tier != careerpath.TierMustHave || !near(s.Skills[0].InDemand, 0.75) || !near(s.Skills[0].Lift, 4) {
		t.Errorf("ml skills = %+v, want Python must-have, in demand for 0.75, lift 4", s)
	}
	if tl := ml.TopTasks; tl == nil || len(tl.Occupations) != 1 || !slices.Equal(tl.Occupations[0].Tasks, []string{"Train widgets."}) {
		t.Errorf("ml tasks = %+v, want the main occupation's only", tl)
	}
	if e := ml.EntryEducation; e == nil || e.Value != "Master's degree" || len(e.Occupations) != 2 {
		t.Errorf("ml entry education = %+v, want Master's degree with both occupations", e)
	}
	if d := ml.Description; d == nil || d.Value != "Study widgets." {
		t.Errorf("ml description = %+v, want the main occupation's", d)
	}
	if z := ml.JobZone; z == nil || z.Level != 5 || z.Value != "Job Zone Five" {
		t.Errorf("ml job zone = %+v, want 5", z)
	}

	// Coverage: 40 of the 50 answers in scope count for a career.
	if c := site.SurveyCoverage; c.Value != 80 || *c.N != 50 {
		t.Errorf("survey coverage = %v of %v, want 80%% of 50", c.Value, *c.N)
	}
}

func TestComputeTitleClash(t *testing.T) {
	src := &records{salaries: []Salary{{Year: 2024}}}
	careers := []*careerpath.Career{
		{Slug: "a", SurveyTitles: []string{"ML Engineer"}, Occupations: []careerpath.OccupationWeight{{SOC: "15-1111", Weight: 1}}},
		{Slug: "b", SurveyTitles: []string{"Machine Learning Engineer"}, Occupations: []careerpath.OccupationWeight{{SOC: "15-1111", Weight: 1}}},
	}
	_, err := Compute(context.Background(), src, careers)
	var e *careerpath.Error
	if !errors.As(err, &e) || e.Code != careerpath.EINVALID {
		t.Errorf("Compute with a title in two careers: err = %v, want EINVALID", err)
	}
}
