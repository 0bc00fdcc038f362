package figures

import (
	"fmt"
	"sort"
	"strings"

	careerpath "github.com/careerpath/careerpath"
	"github.com/careerpath/careerpath/opendata"
)

// Thresholds of the computed skill tiers, on the weighted shares of the
// blend (see BlendSkills).
const (
	// MustHaveInDemand: a must-have skill is one O*NET flags In Demand
	// (often named in this occupation's job postings) for at least half
	// of the blend.
	MustHaveInDemand = 0.5
	// ListedShare: a Hot Technology listed for at least half of the blend
	// is important; any skill listed for at least half of it is at least
	// nice-to-have.
	ListedShare = 0.5
)

// BlendSkills aggregates the technology skills of a career's occupations.
// Each SOC code of the blend is represented by its main O*NET occupation
// (see mainCode): a SOC code can also hold specialties that are different
// jobs (15-2051 holds Business Intelligence Analysts and Clinical Data
// Managers besides Data Scientists), whose tools (Epic Systems, MEDITECH)
// would otherwise leak into the career. A skill's Share is the sum of the
// weights of the blend's occupations that list it, with the weights
// re-scaled to sum to 1 over the occupations O*NET lists technology for;
// InDemand is the same sum over the occupations for which O*NET flags it
// In Demand. Hot is O*NET's Hot Technology flag, which is the same for
// every occupation. Skills come out ordered by Share, then Hot, then
// InDemand, then name, with tiers set by Tier.
func BlendSkills(occupations []careerpath.OccupationWeight, rows []TechnologySkill) []careerpath.Skill {
	var codes []string
	for _, r := range rows {
		codes = append(codes, r.Code)
	}
	weight := map[string]float64{} // O*NET code → weight of its SOC code
	var wsum float64
	for _, o := range occupations {
		if code := mainCode(o.SOC, codes); code != "" {
			weight[code] += o.Weight
			wsum += o.Weight
		}
	}
	type key struct{ example, code string }
	seen := map[key]bool{}
	skills := map[string]*careerpath.Skill{}
	for _, r := range rows {
		w, ok := weight[r.Code]
		if !ok || seen[key{r.Example, r.Code}] {
			continue
		}
		seen[key{r.Example, r.Code}] = true
		s := skills[r.Example]
		if s == nil {
			s = &careerpath.Skill{Name: r.Example, Category: r.Category}
			skills[r.Example] = s
		}
		s.Share += w / wsum
		s.Hot = s.Hot || r.Hot
		if r.InDemand {
			s.InDemand += w / wsum
		}
	}
	out := make([]careerpath.Skill, 0, len(skills))
	for _, s := range skills {
		s.Tier = Tier(*s)
		out = append(out, *s)
	}
	sortSkills(out)
	return out
}

// Tier places a skill from its O*NET figures: must-have if In Demand (often
// named in the occupation's job postings) for at least half of the blend;
// important if In Demand for some of it, or a Hot Technology (often named
// in job postings generally) listed for at least half of it; nice-to-have
// if a Hot Technology, or listed for at least half of the blend; skip
// otherwise: listed only for a minor part of the blend and neither In
// Demand nor Hot.
func Tier(s careerpath.Skill) string {
	switch {
	case s.InDemand >= MustHaveInDemand:
		return careerpath.TierMustHave
	case s.InDemand > 0, s.Hot && s.Share >= ListedShare:
		return careerpath.TierImportant
	case s.Hot, s.Share >= ListedShare:
		return careerpath.TierNiceToHave
	}
	return careerpath.TierSkip
}

func sortSkills(s []careerpath.Skill) {
	sort.SliceStable(s, func(i, j int) bool {
		a, b := s[i], s[j]
		switch {
		case a.Share != b.Share:
			return a.Share > b.Share
		case a.Hot != b.Hot:
			return a.Hot
		case a.InDemand != b.InDemand:
			return a.InDemand > b.InDemand
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
		index[skillKey(s.Name)] = i
	}
	out := append([]careerpath.Skill(nil), skills...)
	for _, tier := range careerpath.SkillTiers() {
		for _, n := range o.Tier(tier) {
			i, ok := index[skillKey(n.Name)]
			if !ok {
				out = append(out, careerpath.Skill{Name: n.Name})
				i = len(out) - 1
				index[skillKey(n.Name)] = i
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

func skillKey(name string) string { return strings.Join(strings.Fields(strings.ToLower(name)), " ") }

func (d *data) skills(c *careerpath.Career) *careerpath.SkillList {
	socs := map[string]bool{}
	for _, o := range c.Occupations {
		socs[o.SOC] = true
	}
	var rows []TechnologySkill
	for _, r := range d.tech {
		if socs[r.SOC] {
			rows = append(rows, r)
		}
	}
	skills := ApplyOverrides(BlendSkills(c.Occupations, rows), c.SkillOverrides)
	if len(skills) == 0 {
		return nil
	}
	method := fmt.Sprintf("Technology that O*NET lists for %s, each code represented by its main O*NET occupation (the code ending in .00), "+
		"with each skill's share of the blend the total weight of the occupations that list it. "+
		"A skill is must-have when O*NET flags it In Demand (often named in the occupation's job postings) for at least %s of the blend; "+
		"important when it is In Demand for less, or is a Hot Technology (often named in job postings generally) listed for at least %s of the blend; "+
		"nice-to-have when it is a Hot Technology or is listed for at least %s of the blend; skip otherwise. "+
		"Skills an editor placed are shown where the editor put them, with the editor's reason.",
		blendNote(c, d.socTitle), weightPct(MustHaveInDemand), weightPct(ListedShare), weightPct(ListedShare))
	return &careerpath.SkillList{Provenance: d.provenance(opendata.DatasetONET, method), Skills: skills}
}
