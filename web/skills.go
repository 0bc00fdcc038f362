package web

import (
	"fmt"
	"math"
	"net/http"

	careerpath "github.com/careerpath/careerpath"
)

// skillWhy says in plain words why O*NET's figures put a technology where
// it is: "asked for in job postings for most of these occupations; listed
// 27 times as often as for jobs in general".
func skillWhy(s careerpath.Skill) string {
	var demand string
	switch {
	case s.InDemand >= 0.999:
		demand = "asked for in job postings for all of these occupations"
	case s.InDemand > 0.5:
		demand = "asked for in job postings for most of these occupations"
	case s.InDemand > 0:
		demand = "asked for in job postings for some of these occupations"
	case s.Hot:
		demand = "often asked for in job postings in general"
	default:
		demand = "listed by O*NET, not flagged as asked for in job postings"
	}
	switch {
	case s.Lift == 0:
		return demand
	case s.Lift < 1.5:
		return demand + "; about as common in other jobs"
	}
	return fmt.Sprintf("%s; listed %s times as often as for jobs in general", demand, times(s.Lift))
}

// times formats a ratio for skillWhy: "2.5", "27", "640".
func times(v float64) string {
	if v < 10 {
		return fmt.Sprintf("%.1f", v)
	}
	return fmt.Sprint(math.Round(v))
}

// skillKind is the technologies of one kind (O*NET's commodity title)
// within a tier.
type skillKind struct {
	Kind   string
	Skills []careerpath.Skill
}

// skillKinds groups the skills of a tier by kind, the kinds in the order
// of their first (highest-ranked) skill; skills without a kind (an editor's
// pick O*NET does not list) come under "Other".
func skillKinds(skills []careerpath.Skill) []skillKind {
	var out []skillKind
	at := map[string]int{}
	for _, s := range skills {
		k := s.Category
		if k == "" {
			k = "Other"
		}
		i, ok := at[k]
		if !ok {
			i = len(out)
			at[k] = i
			out = append(out, skillKind{Kind: k})
		}
		out[i].Skills = append(out[i].Skills, s)
	}
	return out
}

// careerSkillsPage serves every technology O*NET lists for a career, by
// tier and kind.
func (s *Server) careerSkillsPage(w http.ResponseWriter, r *http.Request) error {
	g, err := s.svc.Guides.FindGuide(r.Context(), r.PathValue("slug"))
	if err != nil {
		return err
	}
	type tier struct {
		ID, Title string
		Kinds     []skillKind
		N         int
	}
	var tiers []tier
	if l := g.Figures.Skills; l != nil {
		for _, t := range careerpath.SkillTiers() {
			sk := l.Tier(t)
			tiers = append(tiers, tier{ID: t, Title: tierTitle[t], Kinds: skillKinds(sk), N: len(sk)})
		}
	}
	return s.render(w, r, "career_skills.html", map[string]any{
		"Title": "Technologies for " + g.Title, "Description": "Every technology O*NET lists for " + g.Title + ", by tier and kind.",
		"G": g, "Tiers": tiers,
	})
}

// tierTitle is the heading of each tier on the technologies page.
var tierTitle = map[string]string{
	careerpath.TierMustHave:   "Must-have",
	careerpath.TierImportant:  "Important",
	careerpath.TierNiceToHave: "Nice to have",
	careerpath.TierSkip:       "Skip for now",
}
