package careerpath

// Units of a Stat.
const (
	UnitUSD     = "USD"     // US dollars a year
	UnitPercent = "percent" // a percentage: 33.5 means 33.5 %
	UnitJobs    = "jobs"    // a number of jobs
	UnitRank    = "rank"    // a position, 1 the first
)

// Provenance says where a figure comes from and how it was computed, in
// words a reader of the page understands.
type Provenance struct {
	Source      string `json:"source"`       // dataset ID, "bls-oews"
	SourceTitle string `json:"source_title"` // the dataset's title
	AsOf        string `json:"as_of"`        // the dataset's release or reference date
	Method      string `json:"method"`       // how the figure was computed, in plain sentences
}

// Stat is one figure shown on the site, with its provenance. Every figure
// is computed from open data; none is typed in by an editor.
type Stat struct {
	Provenance
	Value float64 `json:"value"`
	Unit  string  `json:"unit"` // UnitUSD, UnitPercent, UnitJobs or UnitRank

	// Percentiles is the distribution behind Value where the figure is a
	// distribution (pay); Value is then its median.
	Percentiles *Percentiles `json:"percentiles,omitempty"`

	// N is the number of answers behind a sampled figure (the salary
	// survey); nil for figures that are not a sample count of ours.
	N *int `json:"n,omitempty"`

	// OutOf is the number of items ranked, for a UnitRank figure.
	OutOf int `json:"out_of,omitempty"`

	// AtLeast is true when Value is a lower bound: the source top-codes
	// the value (OEWS "#"), so the true figure is this or more.
	AtLeast bool `json:"at_least,omitempty"`

	// Derived is true when the figure is not published by the source but
	// computed from one that is, such as a 5-year growth rate derived from
	// a 10-year projection. The page labels it as derived.
	Derived bool `json:"derived,omitempty"`
}

// Percentiles are the 10th, 25th, 50th, 75th and 90th percentiles of a
// distribution of annual pay.
type Percentiles struct {
	P10    float64 `json:"p10"`
	P25    float64 `json:"p25"`
	Median float64 `json:"median"`
	P75    float64 `json:"p75"`
	P90    float64 `json:"p90"`

	// AtLeast lists the percentiles (10, 25, 50, 75, 90) whose value is a
	// lower bound because the source top-codes it.
	AtLeast []int `json:"at_least,omitempty"`
}

// Values returns the percentiles in the order 10, 25, 50, 75, 90.
func (p *Percentiles) Values() [5]float64 {
	return [5]float64{p.P10, p.P25, p.Median, p.P75, p.P90}
}

// IsAtLeast reports whether percentile pct (10, 25, 50, 75 or 90) is a
// lower bound.
func (p *Percentiles) IsAtLeast(pct int) bool {
	for _, q := range p.AtLeast {
		if q == pct {
			return true
		}
	}
	return false
}

// Experience levels of the salary survey, from entry to executive.
const (
	LevelEntry     = "EN"
	LevelMid       = "MI"
	LevelSenior    = "SE"
	LevelExecutive = "EX"
)

// LevelPay is survey pay at one experience level.
type LevelPay struct {
	Level string `json:"level"` // LevelEntry, LevelMid, LevelSenior or LevelExecutive
	Label string `json:"label"` // "Entry level"
	Pay   Stat   `json:"pay"`
}

// Badge is a label a career earns by a published rule, such as "Hot career
// path". Rule states the rule; Reason shows how the career fares against
// it, with its numbers, whether or not it earned the badge.
type Badge struct {
	Label  string `json:"label"`
	On     bool   `json:"on"`
	Rule   string `json:"rule"`
	Reason string `json:"reason"`
}

// Skill is a technology skill of a career, placed in a tier.
type Skill struct {
	Name     string `json:"name"`     // O*NET example, "Python"; or as the editor wrote it
	Category string `json:"category"` // O*NET commodity title, "Object or component oriented development software"

	// Share is the weighted share of the career's occupation blend that
	// lists the skill, from 0 to 1 (see the skills Method).
	Share    float64 `json:"share"`
	Hot      bool    `json:"hot"`       // an O*NET Hot Technology
	InDemand float64 `json:"in_demand"` // weighted share of the blend for which O*NET flags it In Demand, 0 to 1

	// Overall is the share of all occupations O*NET lists technology for
	// that list the skill; Lift is Share over Overall: how much more often
	// O*NET lists it for this career than for jobs in general. Weight is
	// InDemand times the natural logarithm of Lift (0 when Lift ≤ 1), a
	// TF-IDF-like score that ranks the skill within its tier.
	Overall float64 `json:"overall_share"`
	Lift    float64 `json:"lift"`
	Weight  float64 `json:"weight"`

	Tier string `json:"tier"` // one of SkillTiers

	// Editorial is true when an editor placed the skill (SkillOverrides);
	// Reason is then the editor's reason.
	Editorial bool   `json:"editorial,omitempty"`
	Reason    string `json:"reason,omitempty"`
}

// SkillList is a career's technology skills, ordered by tier (must-have
// first) and, within a tier, by how widely the blend lists them.
type SkillList struct {
	Provenance
	// Summary says in one plain sentence how the tiers were computed; the
	// Method gives the thresholds.
	Summary string  `json:"summary"`
	Skills  []Skill `json:"skills"`
}

// Tier returns the skills of one tier, in order.
func (l *SkillList) Tier(tier string) []Skill {
	var out []Skill
	for _, s := range l.Skills {
		if s.Tier == tier {
			out = append(out, s)
		}
	}
	return out
}

// OccupationTasks are tasks of one O*NET occupation.
type OccupationTasks struct {
	Code  string   `json:"code"` // O*NET-SOC code, "15-2051.00"
	Title string   `json:"title"`
	Tasks []string `json:"tasks"`
}

// TaskList is the day-to-day tasks of the highest-weight occupations of a
// career's blend.
type TaskList struct {
	Provenance
	Occupations []OccupationTasks `json:"occupations"`
}

// OccupationValue is a non-numeric figure of one occupation of a career's
// blend, such as its typical entry education.
type OccupationValue struct {
	SOC    string  `json:"soc"`
	Title  string  `json:"title"`
	Weight float64 `json:"weight"`
	Value  string  `json:"value"`           // "Bachelor's degree"
	Level  int     `json:"level,omitempty"` // the job zone, 1 to 5, for a job zone
}

// Fact is a non-numeric figure of a career: the value of its highest-weight
// occupation, with the value of every occupation of the blend beside it.
type Fact struct {
	Provenance
	Value       string            `json:"value"`
	Level       int               `json:"level,omitempty"` // job zone 1 to 5, for a job zone
	Occupations []OccupationValue `json:"occupations"`
}

// CareerFigures are the figures of one career's page. A figure is nil when
// the data does not support it (too few survey answers, no BLS estimate);
// the page then says so instead of showing a number.
type CareerFigures struct {
	Slug string `json:"slug"`

	// Pay is the salary survey's base pay for the career's survey titles.
	Pay *Stat `json:"pay,omitempty"`
	// PayByLevel is survey pay by experience level, for the levels with
	// enough answers.
	PayByLevel []LevelPay `json:"pay_by_level,omitempty"`
	// BaseWages are the OEWS annual wage percentiles of the SOC blend.
	BaseWages *Stat `json:"base_wages,omitempty"`

	Growth     *Stat `json:"growth,omitempty"`      // BLS 2024–34 employment change of the blend
	Growth5y   *Stat `json:"growth_5y,omitempty"`   // derived from Growth
	Openings   *Stat `json:"openings,omitempty"`    // annual openings of the blend
	DemandRank *Stat `json:"demand_rank,omitempty"` // among the careers on the site

	Hot Badge `json:"hot"`

	Skills         *SkillList `json:"skills,omitempty"`
	TopTasks       *TaskList  `json:"top_tasks,omitempty"`
	EntryEducation *Fact      `json:"entry_education,omitempty"`
	JobZone        *Fact      `json:"job_zone,omitempty"`
	// Description is O*NET's description of the occupations: what the
	// job is, for pages no editor has written.
	Description *Fact `json:"description,omitempty"`
}

// SiteFigures are the figures of every career on the site, and the
// site-level figures that describe how well the careers cover the data.
type SiteFigures struct {
	Careers map[string]*CareerFigures `json:"careers"` // by career slug

	// SurveyCoverage is the share of salary-survey answers whose job
	// title counts for some career.
	SurveyCoverage Stat `json:"survey_coverage"`
}
