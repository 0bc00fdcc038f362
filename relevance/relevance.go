// Package relevance says how well a program with a known field of study
// (a 6-digit CIP 2020 code) prepares for a career, with reasons a person
// can read. Rule.Of is the one function every program with a CIP code goes
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
//  2. Crosswalk weight. d(c) = Σ w_s over the blend occupations s that the
//     NCES/BLS CIP–SOC crosswalk lists for c. A field that prepares for
//     every occupation of the blend weighs 1; one that prepares for an
//     occupation holding 40% of the blend weighs 0.4.
//  3. Neighbouring occupations. The neighbours N(s) of a blend occupation
//     s are the occupations of the same SOC major group ("15", computer
//     and mathematical) whose crosswalk fields overlap s's: |F(s) ∩ F(o)|
//     / min(|F(s)|, |F(o)|) ≥ NeighbourOverlap (0.5), both with at least
//     3 fields. Data Scientists (15-2051) neighbour Statisticians,
//     Mathematicians, Actuaries and Computer and Information Research
//     Scientists. n(c) = Σ w_s × (1 if c → s, NeighbourWeight (0.5) if c
//     → some o in N(s), else 0).
//  4. CIP series. If the general field of c's 4-digit series (the one
//     ending in 01 or 00: "27.0101 Mathematics, General" for "27.0103
//     Analysis") is strong for the career by steps 2 or 5, p(c) =
//     SeriesWeight (0.5): a specialisation of a strong discipline.
//  5. Derived weight. w(c) = d(c) when d(c) ≥ StrongAt; otherwise
//     max(d(c), min(max(n(c), p(c)), RelatedCap)). RelatedCap (0.6) is
//     below StrongAt: steps 3 and 4 make a field related at most, never
//     strong.
//  6. Editorial weight. If the career file gives c a weight, it replaces
//     w(c): editors can raise a field the crosswalk misses and lower one it
//     overstates, and say why.
//  7. Award level. score = round(w × f(a), 4 decimals) with f = 0.5 for
//     certificates under 12 weeks, 0.6 for certificates under a year, 0.8
//     for certificates of 1–2 years, 0.9 for associate's degrees and
//     certificates of 2–4 years, and 1 for everything from a bachelor's
//     up. A certificate of under a year is too short to be strong
//     preparation on its own: f ≤ 0.6 keeps it below the strong threshold.
//  8. Level. strong if score ≥ StrongAt (0.7), related if score ≥
//     RelatedAt (0.3), none below.
//
// A catalog program may name a concentration in another field k ("MBA
// with a concentration in Data Science"; see OfConcentration):
//
//  9. Concentration. If the program's own field c is not strong and not
//     excluded, and k is strong for the career at the award level, score
//     = max(score(c), min(score(k), RelatedCap)): the program is related,
//     below the programs in k itself, never strong. A plain MBA names no
//     concentration and stays as steps 1–8 leave it.
//
// With these thresholds a field strong for a career prepares for most of
// its blend (or was raised by an editor); a related field prepares for at
// least one major occupation of it, for a neighbouring occupation of most
// of it, or is a specialisation of a strong discipline. The reasons say
// which path made a field related.
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

// Parameters of the derived paths to related (steps 3 to 5 of the
// formula).
const (
	// NeighbourOverlap is the share of the smaller crosswalk field set two
	// occupations of one SOC major group must share to be neighbours.
	NeighbourOverlap = 0.5
	// NeighbourWeight is what a blend occupation's weight counts for when
	// the field prepares for one of its neighbours instead of for it.
	NeighbourWeight = 0.5
	// SeriesWeight is the weight of a field whose series' general field
	// is strong for the career.
	SeriesWeight = 0.5
	// RelatedCap bounds what the derived paths give, below StrongAt.
	RelatedCap = 0.6
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

// Rule, the crosswalk rule, holds what relevance is computed from: the careers and the
// crosswalk. It is immutable and safe for concurrent use.
type Rule struct {
	careers   map[string]*career
	slugs     []string
	cipTitles map[string]string // CIP code → title without the final period
}

type career struct {
	c *careerpath.Career
	// fields: CIP → derived weight and the paths behind it.
	fields     map[string]derived
	editorial  map[string]careerpath.FieldWeight
	exclusions []careerpath.FieldExclusion
	blendNames string // "Data Scientists, Software Developers and …"
}

// derived is the crosswalk side of a field's weight (steps 2 to 5).
type derived struct {
	weight float64
	direct float64  // d(c), step 2
	socs   []string // titles of the blend occupations it prepares for, in blend order
	// via are the neighbouring occupations that made it related, when
	// they did: "Statisticians (neighbour of Data Scientists)".
	via []neighbourPath
	// series is the strong general field of its series, when that made it
	// related.
	series string
}

type neighbourPath struct {
	blend, neighbour string // occupation titles
	overlap          float64
}

// neighbour is an occupation near a blend occupation (step 3).
type neighbour struct {
	soc     string
	overlap float64
}

// Neighbours returns the neighbouring occupations of each occupation of
// the crosswalk (step 3 of the formula), most overlapping first: those of
// the same SOC major group whose crosswalk fields overlap its own by at
// least NeighbourOverlap of the smaller set, both sets of 3 fields or
// more.
func Neighbours(crosswalk []careerpath.CrosswalkLink) map[string][]string {
	fieldsOf := fieldSets(crosswalk)
	out := map[string][]string{}
	for s := range fieldsOf {
		for _, n := range neighboursOf(s, fieldsOf) {
			out[s] = append(out[s], n.soc)
		}
	}
	return out
}

func fieldSets(crosswalk []careerpath.CrosswalkLink) map[string]map[string]bool {
	out := map[string]map[string]bool{}
	for _, l := range crosswalk {
		if out[l.SOC] == nil {
			out[l.SOC] = map[string]bool{}
		}
		out[l.SOC][l.CIP] = true
	}
	return out
}

func neighboursOf(s string, fieldsOf map[string]map[string]bool) []neighbour {
	fs := fieldsOf[s]
	if len(fs) < 3 || len(s) < 2 {
		return nil
	}
	var out []neighbour
	for o, os := range fieldsOf {
		if o == s || len(os) < 3 || len(o) < 2 || o[:2] != s[:2] {
			continue
		}
		shared := 0
		for c := range fs {
			if os[c] {
				shared++
			}
		}
		if ov := float64(shared) / float64(min(len(fs), len(os))); ov >= NeighbourOverlap {
			out = append(out, neighbour{o, ov})
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].overlap != out[j].overlap {
			return out[i].overlap > out[j].overlap
		}
		return out[i].soc < out[j].soc
	})
	return out
}

// New builds the model for the careers from the CIP–SOC crosswalk and the
// titles of CIP codes (families, series and programs).
func New(careers []*careerpath.Career, crosswalk []careerpath.CrosswalkLink, cipTitles map[string]string) *Rule {
	m := &Rule{careers: map[string]*career{}, cipTitles: map[string]string{}}
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
	fieldsOf := fieldSets(crosswalk)
	for _, c := range careers {
		k := &career{c: c, fields: map[string]derived{}, editorial: map[string]careerpath.FieldWeight{}, exclusions: c.Exclusions}
		for _, f := range c.Fields {
			k.editorial[f.CIP] = f
		}
		var names []string
		direct := map[string]float64{}
		near := map[string]float64{}
		for _, o := range c.Occupations {
			name := titleOr(socTitle, o.SOC)
			names = append(names, name)
			reached := map[string]bool{}
			for _, l := range bySOC[o.SOC] {
				d := k.fields[l.CIP]
				d.socs = append(d.socs, name)
				k.fields[l.CIP] = d
				direct[l.CIP] += o.Weight
				near[l.CIP] += o.Weight
				reached[l.CIP] = true
			}
			for _, n := range neighboursOf(o.SOC, fieldsOf) {
				for _, l := range bySOC[n.soc] {
					if reached[l.CIP] {
						continue
					}
					reached[l.CIP] = true
					near[l.CIP] += o.Weight * NeighbourWeight
					d := k.fields[l.CIP]
					d.via = append(d.via, neighbourPath{blend: name, neighbour: titleOr(socTitle, n.soc), overlap: n.overlap})
					k.fields[l.CIP] = d
				}
			}
		}
		strong := func(cip string) bool {
			if cip == "" || k.excluded(cip) != nil {
				return false
			}
			if e, ok := k.editorial[cip]; ok {
				return e.Weight >= StrongAt
			}
			return direct[cip] >= StrongAt
		}
		// Every field in the crosswalk, and every field of a series whose
		// general field is strong, gets its derived weight.
		for code := range m.cipTitles {
			if len(code) == 7 && code != generalOf(code, m.cipTitles) && strong(generalOf(code, m.cipTitles)) {
				d := k.fields[code]
				d.series = generalOf(code, m.cipTitles)
				k.fields[code] = d
			}
		}
		for cip, d := range k.fields {
			w := direct[cip]
			if w < StrongAt {
				alt := near[cip]
				if d.series != "" {
					alt = max(alt, SeriesWeight)
				}
				w = max(w, min(alt, RelatedCap))
			}
			d.weight, d.direct = w, direct[cip]
			k.fields[cip] = d
		}
		k.blendNames = joinAnd(names)
		m.careers[c.Slug] = k
		m.slugs = append(m.slugs, c.Slug)
	}
	sort.Strings(m.slugs)
	return m
}

// generalOf returns the general field of a 6-digit code's series: the
// series' code ending in 01, else in 00; "" if it has neither.
func generalOf(code string, titles map[string]string) string {
	if len(code) != 7 {
		return ""
	}
	for _, end := range []string{"01", "00"} {
		if g := code[:5] + end; titles[g] != "" {
			return g
		}
	}
	return ""
}

func titleOr(titles map[string]string, code string) string {
	if t := titles[code]; t != "" {
		return t
	}
	return code
}

// Careers returns the slugs of the careers the model knows, sorted.
func (m *Rule) Careers() []string { return m.slugs }

// Has reports whether the model knows the career.
func (m *Rule) Has(slug string) bool { _, ok := m.careers[slug]; return ok }

// CIPTitle returns the title of a CIP code, "" if unknown.
func (m *Rule) CIPTitle(code string) string { return m.cipTitles[code] }

// Of returns the relevance to the career of a program in the field of
// study cip at the IPEDS award level, with its reasons; Confidence is 1.
// An unknown career is none, with a reason saying so.
func (m *Rule) Of(slug, cip string, award int) careerpath.Relevance {
	level, score, _ := m.score(slug, cip, award)
	return careerpath.Relevance{Level: level, Score: score, Confidence: 1, Reasons: m.reasons(slug, cip, award)}
}

// OfProgram returns the relevance of a program to the career: Of for its
// CIP code and award level, with the confidence of the code, and with the
// concentration its name gives (Program.ConcentrationCIP, step 9 of the
// formula). A code the classifier predicted from a catalog program's
// name (careerpath.CIPSourceModel) keeps its level and score, but carries
// the model's probability as Confidence and a first reason saying so, so
// that a reader can weigh it.
func (m *Rule) OfProgram(slug string, p *careerpath.Program) careerpath.Relevance {
	r := m.OfConcentration(slug, p.CIP, p.ConcentrationCIP, p.Award.Code)
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

// OfConcentration returns the relevance of a program in the field cip
// whose name gives a concentration in the field conc ("" for none; step 9
// of the formula), with a reason naming both when the concentration
// raised it.
func (m *Rule) OfConcentration(slug, cip, conc string, award int) careerpath.Relevance {
	r := m.Of(slug, cip, award)
	lifted, ok := m.concentrationScore(slug, cip, conc, award, r.Score)
	if !ok {
		return r
	}
	r.Score, r.Level = lifted, LevelOf(lifted)
	r.Reasons = append(r.Reasons, fmt.Sprintf("Concentration in %s within %s: %s (CIP %s) is strong for %s, so the program is related, below programs in the field itself.",
		shortTitle(titleOr(m.cipTitles, conc)), shortTitle(titleOr(m.cipTitles, cip)), titleOr(m.cipTitles, conc), conc, m.careers[slug].c.Title))
	return r
}

// ScoreConcentration returns the level and score OfConcentration would,
// without building the reasons: the finder calls it for every class of
// programs at build time.
func (m *Rule) ScoreConcentration(slug, cip, conc string, award int) (level string, score float64) {
	level, score, _ = m.score(slug, cip, award)
	if lifted, ok := m.concentrationScore(slug, cip, conc, award, score); ok {
		return LevelOf(lifted), lifted
	}
	return level, score
}

// concentrationScore returns the score step 9 gives a program in the
// field cip, scored own by steps 1–8, with a concentration in conc, and
// whether the concentration raised it.
func (m *Rule) concentrationScore(slug, cip, conc string, award int, own float64) (float64, bool) {
	if conc == "" || conc == cip || LevelOf(own) == careerpath.RelevanceStrong {
		return own, false
	}
	k := m.careers[slug]
	if k == nil || k.excluded(cip) != nil {
		return own, false
	}
	level, score, _ := m.score(slug, conc, award)
	if level != careerpath.RelevanceStrong {
		return own, false
	}
	lifted := max(own, min(score, RelatedCap))
	return lifted, lifted > own
}

// shortTitle drops the ", General" of a CIP title: "Data Science".
func shortTitle(t string) string { return strings.TrimSuffix(t, ", General") }

// Score returns the level and score Of would, without building the
// reasons: the finder calls it for every program at build time.
func (m *Rule) Score(slug, cip string, award int) (level string, score float64) {
	level, score, _ = m.score(slug, cip, award)
	return level, score
}

func (m *Rule) score(slug, cip string, award int) (string, float64, *careerpath.FieldExclusion) {
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

func (m *Rule) reasons(slug, cip string, award int) []string {
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
	} else if d.weight > d.direct {
		out = append(out, m.derivedReasons(k, d)...)
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

// derivedReasons say which path raised a field above its crosswalk
// weight: neighbouring occupations, the field's series, or both.
func (m *Rule) derivedReasons(k *career, d derived) []string {
	var out []string
	if len(d.via) > 0 {
		var ps []string
		seen := map[string]bool{}
		for _, p := range d.via {
			if seen[p.neighbour] || len(ps) == 3 {
				continue
			}
			seen[p.neighbour] = true
			ps = append(ps, fmt.Sprintf("%s (a neighbour of %s: %.0f%% of the smaller set of crosswalk fields shared)", p.neighbour, p.blend, p.overlap*100))
		}
		out = append(out, fmt.Sprintf("Related through neighbouring occupations in the crosswalk: it prepares for %s; a neighbour's field is related at most.", joinAnd(ps)))
	}
	if d.series != "" {
		out = append(out, fmt.Sprintf("Related through its CIP series: %s (CIP %s), the general field of the series, is strong for %s; a specialisation of it is related at most.", titleOr(m.cipTitles, d.series), d.series, k.c.Title))
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
func (m *Rule) CareerTitle(slug string) string {
	if k, ok := m.careers[slug]; ok {
		return k.c.Title
	}
	return ""
}
