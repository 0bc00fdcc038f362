package figures

import (
	"fmt"
	"math"
	"sort"
	"strings"

	careerpath "github.com/careerpath/careerpath"
	"github.com/careerpath/careerpath/opendata"
)

// kindCount counts the rows of a skill (by SkillKey) under each commodity
// title: O*NET files a technology under a kind per occupation (pandas is
// "Analytical or scientific software" for one and "Data base user
// interface and query software" for another).
type kindCount map[string]map[string]int

func (c kindCount) add(skill, kind string) {
	if kind == "" {
		return
	}
	if c[skill] == nil {
		c[skill] = map[string]int{}
	}
	c[skill][kind]++
}

// most returns the kind the skill has most often, the first by name on a
// tie; "" if none.
func (c kindCount) most(skill string) string {
	best, n := "", 0
	for k, m := range c[skill] {
		if m > n || m == n && k < best {
			best, n = k, m
		}
	}
	return best
}

// Thresholds of the computed skill tiers (see Tiers).
const (
	// MinLift: a technology O*NET lists for the career's occupations less
	// than three times as often as for occupations in general (Microsoft
	// Excel, web browsers) is everyone's tool, not this career's: skip.
	MinLift = 3
	// MustHaveMax: the must-have tier holds at most the six
	// highest-weight technologies O*NET flags In Demand (often named in
	// the occupation's job postings) for most (more than half) of the
	// blend. A guide that calls fifteen tools must-have ranks none.
	MustHaveMax = 6
	// ImportantMax: the important tier holds at most the next ten by
	// weight of those In Demand for some of the blend or Hot Technologies
	// listed for at least ListedShare of it.
	ImportantMax = 10
	// ListedShare: a Hot Technology listed for at least half of the blend
	// can be important; any skill listed for at least half of it is at
	// least nice-to-have.
	ListedShare = 0.5
)

// Prevalence is how widely O*NET lists each technology across all
// occupations: the reference a career's technologies are compared with.
type Prevalence struct {
	// Occupations is how many SOC codes O*NET lists technology for.
	Occupations int
	// Share is, by skill name (see SkillKey), the share of those SOC codes
	// that list it, each represented as in BlendSkills.
	Share map[string]float64
}

// NewPrevalence computes the prevalence of technologies over every SOC
// code of rows, each represented as in BlendSkills: by its main O*NET
// occupation, or by its specialties in equal parts.
func NewPrevalence(rows []TechnologySkill) Prevalence {
	bySOC := map[string][]TechnologySkill{}
	for _, r := range rows {
		bySOC[r.SOC] = append(bySOC[r.SOC], r)
	}
	p := Prevalence{Share: map[string]float64{}}
	for soc, rs := range bySOC {
		for code, w := range representatives(soc, rs) {
			seen := map[string]bool{}
			for _, r := range rs {
				if k := SkillKey(r.Example); r.Code == code && !seen[k] {
					seen[k] = true
					p.Share[k] += w
				}
			}
		}
		p.Occupations++
	}
	for k := range p.Share {
		p.Share[k] /= float64(p.Occupations)
	}
	return p
}

// representatives returns the O*NET codes that stand for a SOC code, with
// their weights summing to 1: the code ending in ".00" (the occupation
// itself, not a specialty such as Business Intelligence Analysts under
// 15-2051, whose tools would otherwise leak into the career) where O*NET
// lists technology for it, and otherwise every specialty in equal parts.
// A SOC code such as 15-1299 "Computer Occupations, All Other" has no
// ".00" list, and taking one specialty (Web Administrators) for it would
// make a web administrator's tools (CSS, HTML) the whole code's.
func representatives(soc string, rows []TechnologySkill) map[string]float64 {
	codes := map[string]bool{}
	for _, r := range rows {
		if r.SOC == soc {
			codes[r.Code] = true
		}
	}
	if codes[soc+".00"] {
		return map[string]float64{soc + ".00": 1}
	}
	out := map[string]float64{}
	for c := range codes {
		out[c] = 1 / float64(len(codes))
	}
	return out
}

// BlendSkills aggregates the technology skills of a career's occupations.
// Each SOC code of the blend is represented by its main O*NET occupation,
// or by its specialties in equal parts where it has none (see
// representatives). A skill's Share is the sum of the weights of the
// blend's occupations that list it, with the weights re-scaled to sum to 1
// over the occupations O*NET lists technology for; InDemand is the same
// sum over the occupations for which O*NET flags it In Demand. Hot is
// O*NET's Hot Technology flag, the same for every occupation. Lift and
// Weight compare the skill with all occupations (see careerpath.Skill).
// Skills come out ordered by Weight, then by Share times the logarithm of
// Lift, then name, with tiers set by Tiers.
func BlendSkills(occupations []careerpath.OccupationWeight, rows []TechnologySkill, prev Prevalence) []careerpath.Skill {
	weight := map[string]float64{} // O*NET code → weight in the blend
	var wsum float64
	for _, o := range occupations {
		for code, w := range representatives(o.SOC, rows) {
			weight[code] += o.Weight * w
			wsum += o.Weight * w
		}
	}
	type key struct{ name, code string }
	seen := map[key]bool{}
	skills := map[string]*careerpath.Skill{}
	kinds := kindCount{}
	for _, r := range rows {
		k := SkillKey(r.Example)
		kinds.add(k, r.Category)
		w, ok := weight[r.Code]
		if !ok || seen[key{k, r.Code}] {
			continue
		}
		seen[key{k, r.Code}] = true
		s := skills[k]
		if s == nil {
			s = &careerpath.Skill{Name: r.Example, Category: r.Category}
			skills[k] = s
		}
		s.Share += w / wsum
		s.Hot = s.Hot || r.Hot
		if r.InDemand {
			s.InDemand += w / wsum
		}
	}
	out := make([]careerpath.Skill, 0, len(skills))
	for k, s := range skills {
		s.Category = kinds.most(k)
		s.Overall = prev.Share[k]
		if s.Overall > 0 {
			s.Lift = s.Share / s.Overall
		}
		if s.Lift > 1 {
			s.Weight = s.InDemand * math.Log(s.Lift)
		}
		out = append(out, *s)
	}
	sortSkills(out)
	Tiers(out)
	return out
}

// Tiers places skills, ordered by weight (as BlendSkills orders them),
// in tiers. A skill with a Lift under MinLift is skip: everyone's tool.
// Of the others, the MustHaveMax highest-weight ones In Demand for more
// than half of the blend are must-have; the ImportantMax next ones In
// Demand for some of the blend, or Hot Technologies listed for at least
// ListedShare of it, are important; the rest of those, and any other Hot
// Technology or skill listed for at least ListedShare of the blend, are
// nice-to-have; the others skip.
func Tiers(skills []careerpath.Skill) {
	var must, important int
	for i := range skills {
		s := &skills[i]
		switch {
		case s.Lift < MinLift:
			s.Tier = careerpath.TierSkip
		case s.InDemand > MustHaveInDemand && must < MustHaveMax:
			s.Tier = careerpath.TierMustHave
			must++
		case (s.InDemand > 0 || s.Hot && s.Share >= ListedShare) && important < ImportantMax:
			s.Tier = careerpath.TierImportant
			important++
		case s.InDemand > 0, s.Hot, s.Share >= ListedShare:
			s.Tier = careerpath.TierNiceToHave
		default:
			s.Tier = careerpath.TierSkip
		}
	}
}

// MustHaveInDemand is the share of the blend a must-have technology must
// be In Demand for more than: most of it.
const MustHaveInDemand = 0.5

func sortSkills(s []careerpath.Skill) {
	sort.SliceStable(s, func(i, j int) bool {
		a, b := s[i], s[j]
		switch {
		case a.Weight != b.Weight:
			return a.Weight > b.Weight
		case a.Share*math.Log(max(a.Lift, 1)) != b.Share*math.Log(max(b.Lift, 1)):
			return a.Share*math.Log(max(a.Lift, 1)) > b.Share*math.Log(max(b.Lift, 1))
		case a.Share != b.Share:
			return a.Share > b.Share
		case a.Hot != b.Hot:
			return a.Hot
		}
		return a.Name < b.Name
	})
}

// ApplyOverrides places the skills an editor named in the tier the editor
// chose, with the editor's reason; a name matches an O*NET example ignoring
// case and spacing. Named skills O*NET does not list are added with a Share
// of 0. The result is ordered by tier, then as BlendSkills orders.
func ApplyOverrides(skills []careerpath.Skill, o careerpath.SkillOverrides) []careerpath.Skill {
	index := map[string]int{}
	for i, s := range skills {
		index[SkillKey(s.Name)] = i
	}
	out := append([]careerpath.Skill(nil), skills...)
	for _, tier := range careerpath.SkillTiers() {
		for _, n := range o.Tier(tier) {
			i, ok := index[SkillKey(n.Name)]
			if !ok {
				out = append(out, careerpath.Skill{Name: n.Name})
				i = len(out) - 1
				index[SkillKey(n.Name)] = i
			}
			out[i].Tier, out[i].Editorial, out[i].Reason = tier, true, n.Reason
		}
	}
	sortSkills(out)
	rank := map[string]int{}
	for i, t := range careerpath.SkillTiers() {
		rank[t] = i
	}
	sort.SliceStable(out, func(i, j int) bool { return rank[out[i].Tier] < rank[out[j].Tier] })
	return out
}

// SkillKey is the form in which skill names are compared: lower case,
// single spaces.
func SkillKey(name string) string { return strings.Join(strings.Fields(strings.ToLower(name)), " ") }

// SkillsSummary is the one-sentence account of the skill tiers shown
// above them.
const SkillsSummary = "Technologies come first when job postings for this career's occupations often ask for them " +
	"and O*NET lists them for these occupations far more often than for jobs in general; " +
	"tools nearly every office job uses, such as spreadsheets, are left out."

func (d *data) skills(c *careerpath.Career) *careerpath.SkillList {
	skills := ApplyOverrides(BlendSkills(c.Occupations, blendRows(c, d.techBySOC), d.prevalence), c.SkillOverrides)
	if len(skills) == 0 {
		return nil
	}
	method := fmt.Sprintf("Technology that O*NET lists for %s, each code represented by its main O*NET occupation (the code ending in .00), "+
		"or by all its specialties in equal parts where it has none. A technology's share of the blend is the total weight of the occupations that list it; "+
		"its lift is that share over the share of all %d occupations O*NET lists technology for that list it, and its weight is "+
		"the share of the blend for which O*NET flags it In Demand (often named in the occupation's job postings) times the natural logarithm of its lift, like TF-IDF. "+
		"A technology with a lift under %d is skip, whatever its flags. Of the others, by weight: the %d first In Demand for more than %s of the blend are must-have; "+
		"the %d next In Demand for some of it, or Hot Technologies (often named in job postings generally) listed for at least %s of it, are important; "+
		"the rest of those, and any Hot Technology or technology listed for at least %s of the blend, are nice-to-have; the others skip. "+
		"Skills an editor placed are shown where the editor put them, with the editor's reason.",
		blendNote(c, d.socTitle), d.prevalence.Occupations, MinLift, MustHaveMax, weightPct(MustHaveInDemand), ImportantMax, weightPct(ListedShare), weightPct(ListedShare))
	return &careerpath.SkillList{Provenance: d.provenance(opendata.DatasetONET, method), Summary: SkillsSummary, Skills: skills}
}
