package content

import (
	"fmt"
	"math"
	"regexp"
	"slices"
	"strings"

	careerpath "github.com/careerpath/careerpath"
)

// Known answers whether codes named in career files exist. The caller backs
// it with the open data (OEWS or projections for SOC codes, CIP 2020 for
// CIP codes, the salary survey for titles). A nil func means that check is
// not made; a server should set them all.
type Known struct {
	// SOC reports whether a 6-digit SOC 2018 code ("15-2051") has figures.
	SOC func(code string) bool
	// CIP reports whether a CIP 2020 code is in use: a family ("11"), a
	// series ("11.07") or a program ("11.0701").
	CIP func(code string) bool
	// SurveyTitle reports whether the salary survey has records with this
	// job title, written exactly so.
	SurveyTitle func(title string) bool
	// Specialization reports whether a specialization slug exists.
	Specialization func(slug string) bool
	// Technology reports whether O*NET lists a technology of this name
	// (compared ignoring case and spacing) for an O*NET occupation under
	// the SOC code. A pinned skill must be listed for one code of the
	// career's blend: a pin places what the data lists, it does not add
	// to it.
	Technology func(soc, name string) bool
}

// weightTolerance is how far the weights of a blend may sum from 1.
const weightTolerance = 1e-6

var (
	socRE = regexp.MustCompile(`^\d{2}-\d{4}$`)
	cipRE = regexp.MustCompile(`^\d{2}(?:\.\d{2}(?:\d{2})?)?$`)
	// figureRE finds pay and growth figures in editorial text. Figures are
	// computed from data and shown with their sources; the text refers to
	// them instead of repeating them.
	figureRE = regexp.MustCompile(`\$\s?\d|\d\s?%|\d\s?percent\b|\b\d+\s?[kK]\b`)
)

// Validate checks careers read by Load against each other and against
// known. It reports every problem found, naming the file and the field, in
// one EINVALID error; nil means no problem.
func Validate(careers []*careerpath.Career, known Known) error {
	var p problems
	slugs := map[string]string{}  // slug → file
	titles := map[string]string{} // lower-cased survey title → file
	for _, c := range careers {
		validateCareer(&p, c, known)
		if c.Slug != "" {
			if other, ok := slugs[c.Slug]; ok {
				p.add(c.File, "slug", "%q is also the slug of %s", c.Slug, other)
			} else {
				slugs[c.Slug] = c.File
			}
		}
		seen := map[string]bool{}
		for i, t := range c.SurveyTitles {
			key := strings.ToLower(strings.TrimSpace(t))
			if key == "" || seen[key] {
				continue // reported by validateCareer
			}
			seen[key] = true
			if other, ok := titles[key]; ok {
				p.add(c.File, fmt.Sprintf("survey_titles[%d]", i), "%q is also a survey title of %s: a title counts for one career only", t, other)
			} else {
				titles[key] = c.File
			}
		}
	}
	return p.err()
}

func validateCareer(p *problems, c *careerpath.Career, known Known) {
	f := c.File
	checkSlug(p, f, c.Slug)
	p.required(f, "title", c.Title)
	p.required(f, "summary", c.Summary)
	checkFigures(p, f, "summary", c.Summary)
	switch {
	case c.Specialization == "":
		p.add(f, "specialization", "required")
	case known.Specialization != nil && !known.Specialization(c.Specialization):
		p.add(f, "specialization", "unknown specialization %q", c.Specialization)
	}
	validateOccupations(p, c, known)
	validateSurveyTitles(p, c, known)
	validateFields(p, c, known)
	validateSkills(p, c, known)
	validateSections(p, c)
}

func validateOccupations(p *problems, c *careerpath.Career, known Known) {
	f := c.File
	if len(c.Occupations) == 0 {
		p.add(f, "occupations", "required: at least one SOC code")
		return
	}
	if len(c.Occupations) > 1 && c.BlendNote == "" {
		p.add(f, "blend_note", "required when the career is a blend of several SOC codes")
	}
	seen := map[string]bool{}
	sum := 0.0
	for i, o := range c.Occupations {
		at := fmt.Sprintf("occupations[%d]", i)
		switch {
		case o.SOC == "":
			p.add(f, at+".soc", "required")
		case !socRE.MatchString(o.SOC):
			p.add(f, at+".soc", "%q is not a SOC code: want 6 digits such as \"15-2051\"", o.SOC)
		case known.SOC != nil && !known.SOC(o.SOC):
			p.add(f, at+".soc", "unknown SOC code %q", o.SOC)
		case seen[o.SOC]:
			p.add(f, at+".soc", "%q appears twice in the blend", o.SOC)
		}
		seen[o.SOC] = true
		checkWeight(p, f, at+".weight", o.Weight)
		p.required(f, at+".note", o.Note)
		sum += o.Weight
	}
	if math.Abs(sum-1) > weightTolerance {
		p.add(f, "occupations", "weights sum to %g, want 1", math.Round(sum*1e9)/1e9)
	}
}

func validateSurveyTitles(p *problems, c *careerpath.Career, known Known) {
	f := c.File
	if len(c.SurveyTitles) == 0 {
		p.add(f, "survey_titles", "required: at least one salary-survey job title")
	}
	seen := map[string]bool{}
	for i, t := range c.SurveyTitles {
		at := fmt.Sprintf("survey_titles[%d]", i)
		key := strings.ToLower(strings.TrimSpace(t))
		switch {
		case key == "":
			p.add(f, at, "empty title")
		case t != strings.TrimSpace(t):
			p.add(f, at, "%q has leading or trailing spaces", t)
		case seen[key]:
			p.add(f, at, "%q is listed twice", t)
		case known.SurveyTitle != nil && !known.SurveyTitle(t):
			p.add(f, at, "no salary-survey records have the title %q", t)
		}
		seen[key] = true
	}
}

func validateFields(p *problems, c *careerpath.Career, known Known) {
	f := c.File
	checkCIP := func(at, code string) bool {
		switch {
		case code == "":
			p.add(f, at, "required")
		case !cipRE.MatchString(code):
			p.add(f, at, "%q is not a CIP code: want \"11\", \"11.07\" or \"11.0701\" (keep the leading zero, quote it)", code)
		case known.CIP != nil && !known.CIP(code):
			p.add(f, at, "unknown CIP code %q", code)
		default:
			return true
		}
		return false
	}
	boosted := map[string]bool{}
	for i, x := range c.Fields {
		at := fmt.Sprintf("fields[%d]", i)
		if checkCIP(at+".cip", x.CIP) {
			if len(x.CIP) != len("11.0701") {
				p.add(f, at+".cip", "%q is a family or series: a weight is given to a 6-digit program code", x.CIP)
			}
			if boosted[x.CIP] {
				p.add(f, at+".cip", "%q is listed twice", x.CIP)
			}
			boosted[x.CIP] = true
		}
		if x.Source != careerpath.FieldEditorial {
			p.add(f, at, "source %q: a career file holds editorial weights only", x.Source)
		}
		checkWeight(p, f, at+".weight", x.Weight)
		p.required(f, at+".note", x.Note)
	}
	excluded := map[string]bool{}
	for i, x := range c.Exclusions {
		at := fmt.Sprintf("exclusions[%d]", i)
		if checkCIP(at+".cip", x.CIP) {
			if excluded[x.CIP] {
				p.add(f, at+".cip", "%q is listed twice", x.CIP)
			}
			excluded[x.CIP] = true
			for _, b := range c.Fields {
				if covers(x.CIP, b.CIP) {
					p.add(f, at+".cip", "%q excludes %q, which fields gives a weight", x.CIP, b.CIP)
				}
			}
		}
		p.required(f, at+".reason", x.Reason)
	}
}

// covers reports whether the CIP code outer (a family, series or program)
// is code or contains it.
func covers(outer, code string) bool {
	return code == outer || strings.HasPrefix(code, outer) && (len(outer) == 2 && len(code) > 2 || len(outer) == 5 && len(code) > 5)
}

func validateSkills(p *problems, c *careerpath.Career, known Known) {
	f := c.File
	seen := map[string]string{} // lower-cased name → where
	for _, tier := range careerpath.SkillTiers() {
		key := strings.ReplaceAll(tier, "-", "_")
		for i, s := range c.SkillOverrides.Tier(tier) {
			at := fmt.Sprintf("skills.%s[%d]", key, i)
			p.required(f, at+".reason", s.Reason)
			name := strings.ToLower(s.Name)
			if name == "" {
				p.add(f, at+".name", "required")
				continue
			}
			if other, ok := seen[name]; ok {
				p.add(f, at+".name", "%q is also placed at %s", s.Name, other)
				continue
			}
			seen[name] = at
			if known.Technology != nil && !slices.ContainsFunc(c.Occupations, func(o careerpath.OccupationWeight) bool { return known.Technology(o.SOC, s.Name) }) {
				p.add(f, at+".name", "O*NET lists no technology %q for any occupation of the blend (%s); pin a technology it lists, or mention this one in the section text", s.Name, socList(c))
			}
		}
	}
}

func socList(c *careerpath.Career) string {
	var socs []string
	for _, o := range c.Occupations {
		socs = append(socs, o.SOC)
	}
	return strings.Join(socs, ", ")
}

func validateSections(p *problems, c *careerpath.Career) {
	f := c.File
	want := careerpath.CareerSections()
	seen := map[string]bool{}
	for _, s := range c.Sections {
		at := "sections." + s.ID
		switch {
		case !slices.Contains(want, s.ID):
			p.add(f, at, "unknown section %q: want one of %s", s.ID, strings.Join(want, ", "))
			continue
		case seen[s.ID]:
			p.add(f, at, "section %q appears twice", s.ID)
			continue
		}
		seen[s.ID] = true
		p.required(f, at+".heading", s.Heading)
		if s.ID == careerpath.SectionSkills {
			validateTiers(p, f, s)
		} else if s.Markdown == "" && len(s.Parts) == 0 {
			p.add(f, at, "empty section")
		}
		checkFigures(p, f, at, s.Markdown)
		for _, part := range s.Parts {
			p.required(f, at+"."+part.ID+".heading", part.Heading)
			checkFigures(p, f, at+"."+part.ID, part.Markdown)
		}
	}
	for _, id := range want {
		if !seen[id] {
			p.add(f, "sections."+id, "missing section: want \"## Heading {#%s}\"", id)
		}
	}
}

// validateTiers checks that the skills section has one part per skill tier.
func validateTiers(p *problems, file string, s careerpath.Section) {
	at := "sections." + s.ID
	tiers := careerpath.SkillTiers()
	seen := map[string]bool{}
	for _, part := range s.Parts {
		switch {
		case !slices.Contains(tiers, part.ID):
			p.add(file, at+"."+part.ID, "unknown skill tier %q: want one of %s", part.ID, strings.Join(tiers, ", "))
		case seen[part.ID]:
			p.add(file, at+"."+part.ID, "skill tier %q appears twice", part.ID)
		case part.Markdown == "":
			p.add(file, at+"."+part.ID, "empty skill tier")
		}
		seen[part.ID] = true
	}
	for _, id := range tiers {
		if !seen[id] {
			p.add(file, at+"."+id, "missing skill tier: want \"### Heading {#%s}\"", id)
		}
	}
}

func checkWeight(p *problems, file, field string, w float64) {
	if !(w > 0 && w <= 1) {
		p.add(file, field, "weight %g is outside (0, 1]", w)
	}
}

// checkFigures reports pay or growth figures written into editorial text.
func checkFigures(p *problems, file, field, text string) {
	if m := figureRE.FindString(text); m != "" {
		p.add(file, field, "states a figure (%q): pay and growth figures come from the data, refer to them instead", strings.TrimSpace(m))
	}
}
