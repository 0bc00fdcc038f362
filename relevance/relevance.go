// Package relevance says how well a program with a known field of study
// (a 6-digit CIP 2020 code) prepares for a career, with reasons a person
// can read. Model.Of is the one function every program with a CIP code goes
// through: IPEDS programs, provider catalogs, and programs whose CIP code a
// model predicted.
//
// # Formula
//
// For a career with the SOC blend {(s, w_s)} (weights summing to 1) and a
// program with CIP code c and award level a:
//
//  1. Exclusions. If the career file excludes c, its series (the first
//     five characters, "52.02") or its family ("42"), the program is none,
//     with score 0, whatever follows.
//  2. Crosswalk weight. w(c) = Σ w_s over the blend occupations s that the
//     NCES/BLS CIP–SOC crosswalk lists for c. A field that prepares for
//     every occupation of the blend weighs 1; one that prepares for an
//     occupation holding 40% of the blend weighs 0.4.
//  3. Editorial weight. If the career file gives c a weight, it replaces
//     w(c): editors can raise a field the crosswalk misses and lower one it
//     overstates, and say why.
//  4. Award level. score = round(w × f(a), 4 decimals) with f = 0.5 for
//     certificates under 12 weeks, 0.6 for certificates under a year, 0.8
//     for certificates of 1–2 years, 0.9 for associate's degrees and
//     certificates of 2–4 years, and 1 for everything from a bachelor's
//     up. A certificate of under a year is too short to be strong
//     preparation on its own: f ≤ 0.6 keeps it below the strong threshold.
//  5. Level. strong if score ≥ StrongAt (0.7), related if score ≥
//     RelatedAt (0.3), none below.
//
// With these thresholds a field strong for a career prepares for most of
// its blend (or was raised by an editor) and a related field prepares for
// at least one major occupation of it.
package relevance

import (
	"fmt"
	"math"
	"sort"
	"strings"

	careerpath "github.com/careerpath/careerpath"
)

// Thresholds of the relevance levels, on the score.
const (
	StrongAt  = 0.7
	RelatedAt = 0.3
)

// AwardFactor returns the factor the score of a program at the IPEDS
// award level is multiplied by (step 4 of the formula).
func AwardFactor(award int) float64 {
	switch award {
	case careerpath.AwardCertUnder12Weeks:
		return 0.5
	case careerpath.AwardCertUnder1Year:
		return 0.6
	case careerpath.AwardCert1To2Years:
		return 0.8
	case careerpath.AwardAssociate, careerpath.AwardCert2To4Years:
		return 0.9
	}
	return 1
}

// LevelOf returns the relevance level of a score.
func LevelOf(score float64) string {
	switch {
	case score >= StrongAt:
		return careerpath.RelevanceStrong
	case score >= RelatedAt:
		return careerpath.RelevanceRelated
	}
	return careerpath.RelevanceNone
}

// Model holds what relevance is computed from: the careers and the
// crosswalk. It is immutable and safe for concurrent use.
type Model struct {
	careers   map[string]*career
	slugs     []string
	cipTitles map[string]string // CIP code → title without the final period
}

type career struct {
	c *careerpath.Career
	// fields: CIP → crosswalk weight and the blend occupations behind it.
	fields     map[string]derived
	editorial  map[string]careerpath.FieldWeight
	exclusions []careerpath.FieldExclusion
	blendNames string // "Data Scientists, Software Developers and …"
}

type derived struct {
	weight float64
	socs   []string // titles of the blend occupations, in blend order
}

// New builds the model for the careers from the CIP–SOC crosswalk and the
// titles of CIP codes (families, series and programs).
func New(careers []*careerpath.Career, crosswalk []careerpath.CrosswalkLink, cipTitles map[string]string) *Model {
	m := &Model{careers: map[string]*career{}, cipTitles: map[string]string{}}
	for code, t := range cipTitles {
		m.cipTitles[code] = cleanTitle(t)
	}
	bySOC := map[string][]careerpath.CrosswalkLink{}
	socTitle := map[string]string{}
	for _, l := range crosswalk {
		bySOC[l.SOC] = append(bySOC[l.SOC], l)
		socTitle[l.SOC] = l.SOCTitle
		if _, ok := m.cipTitles[l.CIP]; !ok {
			m.cipTitles[l.CIP] = cleanTitle(l.CIPTitle)
		}
	}
	for _, c := range careers {
		k := &career{c: c, fields: map[string]derived{}, editorial: map[string]careerpath.FieldWeight{}, exclusions: c.Exclusions}
		var names []string
		for _, o := range c.Occupations {
			name := socTitle[o.SOC]
			if name == "" {
				name = o.SOC
			}
			names = append(names, name)
			for _, l := range bySOC[o.SOC] {
				d := k.fields[l.CIP]
				d.weight += o.Weight
				d.socs = append(d.socs, name)
				k.fields[l.CIP] = d
			}
		}
		k.blendNames = joinAnd(names)
		for _, f := range c.Fields {
			k.editorial[f.CIP] = f
		}
		m.careers[c.Slug] = k
		m.slugs = append(m.slugs, c.Slug)
	}
	sort.Strings(m.slugs)
	return m
}

// Careers returns the slugs of the careers the model knows, sorted.
func (m *Model) Careers() []string { return m.slugs }

// Has reports whether the model knows the career.
func (m *Model) Has(slug string) bool { _, ok := m.careers[slug]; return ok }

// CIPTitle returns the title of a CIP code, "" if unknown.
func (m *Model) CIPTitle(code string) string { return m.cipTitles[code] }

// Of returns the relevance to the career of a program in the field of
// study cip at the IPEDS award level, with its reasons; Confidence is 1.
// An unknown career is none, with a reason saying so.
func (m *Model) Of(slug, cip string, award int) careerpath.Relevance {
	level, score, _ := m.score(slug, cip, award)
	return careerpath.Relevance{Level: level, Score: score, Confidence: 1, Reasons: m.reasons(slug, cip, award)}
}

// OfProgram returns the relevance of a program to the career: Of for its
// CIP code and award level, with the confidence of the code. A code the
// relevance model predicted from a catalog program's name
// (careerpath.CIPSourceModel) keeps its level and score, but carries the
// model's probability as Confidence and a first reason saying so, so that
// a reader can weigh it.
func (m *Model) OfProgram(slug string, p *careerpath.Program) careerpath.Relevance {
	r := m.Of(slug, p.CIP, p.Award.Code)
	if p.CIPSource != "" {
		r.Confidence = p.CIPConfidence
	}
	if p.CIPSource == careerpath.CIPSourceModel {
		title := m.cipTitles[p.CIP]
		if title == "" {
			title = "Field of study"
		}
		r.Reasons = append([]string{fmt.Sprintf("Field of study predicted from the program name: %s (CIP %s), confidence %.2f.", title, p.CIP, p.CIPConfidence)}, r.Reasons...)
	}
	return r
}

// Score returns the level and score Of would, without building the
// reasons: the finder calls it for every program at build time.
func (m *Model) Score(slug, cip string, award int) (level string, score float64) {
	level, score, _ = m.score(slug, cip, award)
	return level, score
}

func (m *Model) score(slug, cip string, award int) (string, float64, *careerpath.FieldExclusion) {
	k := m.careers[slug]
	if k == nil {
		return careerpath.RelevanceNone, 0, nil
	}
	if x := k.excluded(cip); x != nil {
		return careerpath.RelevanceNone, 0, x
	}
	w := k.fields[cip].weight
	if e, ok := k.editorial[cip]; ok {
		w = e.Weight
	}
	score := math.Round(min(w, 1)*AwardFactor(award)*10000) / 10000
	return LevelOf(score), score, nil
}

func (k *career) excluded(cip string) *careerpath.FieldExclusion {
	for i, x := range k.exclusions {
		if Covers(x.CIP, cip) {
			return &k.exclusions[i]
		}
	}
	return nil
}

// Covers reports whether the CIP code prefix (a family "42", a series
// "52.02" or a program "42.2708") covers the code.
func Covers(prefix, code string) bool {
	return code == prefix || strings.HasPrefix(code, prefix) && (len(prefix) == 2 && code[2] == '.' || len(prefix) == 5)
}

func (m *Model) reasons(slug, cip string, award int) []string {
	k := m.careers[slug]
	if k == nil {
		return []string{fmt.Sprintf("There is no career %q.", slug)}
	}
	title := m.cipTitles[cip]
	if title == "" {
		title = "Field of study"
	}
	var out []string
	d := k.fields[cip]
	if len(d.socs) > 0 {
		out = append(out, fmt.Sprintf("%s (CIP %s) prepares for %s — NCES/BLS crosswalk.", title, cip, joinAnd(d.socs)))
	} else {
		out = append(out, fmt.Sprintf("%s (CIP %s) is not linked to %s in the NCES/BLS crosswalk.", title, cip, k.blendNames))
	}
	if x := k.excluded(cip); x != nil {
		what := "CIP " + x.CIP
		if t := m.cipTitles[x.CIP]; t != "" {
			what = t + " (CIP " + x.CIP + ")"
		}
		return append(out, fmt.Sprintf("Excluded by the editors of %s: %s — %s", k.c.Title, what, x.Reason))
	}
	if e, ok := k.editorial[cip]; ok {
		out = append(out, fmt.Sprintf("Editors of %s weigh this field %g: %s", k.c.Title, e.Weight, e.Note))
	}
	if f := AwardFactor(award); f < 1 {
		name := "This award level"
		if l, ok := careerpath.FindAwardLevel(award); ok {
			name = l.Name
		}
		msg := fmt.Sprintf("%s: counts at %g%% of the field's weight, as a shorter program.", name, f*100)
		if award == careerpath.AwardCertUnder12Weeks || award == careerpath.AwardCertUnder1Year {
			msg = fmt.Sprintf("%s: counts at %g%% of the field's weight; a certificate of under a year is never strong preparation on its own.", name, f*100)
		}
		out = append(out, msg)
	}
	return out
}

// cleanTitle drops the final period CIP titles carry and doubled spaces,
// and puts the capitals of family titles ("PSYCHOLOGY.") in title case.
func cleanTitle(t string) string {
	words := strings.Fields(strings.TrimSuffix(strings.TrimSpace(t), "."))
	if t != strings.ToUpper(t) {
		return strings.Join(words, " ")
	}
	for i, w := range words {
		w = strings.ToLower(w)
		switch {
		case i > 0 && (w == "and" || w == "of" || w == "or" || w == "the" || w == "in" || w == "for" || w == "to"):
		default:
			w = strings.ToUpper(w[:1]) + w[1:]
		}
		words[i] = w
	}
	return strings.Join(words, " ")
}

// joinAnd joins names as a reader would: "a, b and c".
func joinAnd(names []string) string {
	switch len(names) {
	case 0:
		return ""
	case 1:
		return names[0]
	}
	return strings.Join(names[:len(names)-1], ", ") + " and " + names[len(names)-1]
}

// CareerTitle returns the title of a career the model knows, "" if none.
func (m *Model) CareerTitle(slug string) string {
	if k, ok := m.careers[slug]; ok {
		return k.c.Title
	}
	return ""
}
