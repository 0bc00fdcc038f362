package relevance

import careerpath "github.com/careerpath/careerpath"

// Editors' overrides (careerpath.Overrides) take precedence over the
// formula: a relevance an editor set for a program and a career is its
// level for that career; a field of study an editor set for a program is
// its CIP code for every career, through the formula. Both the in-memory
// finder and its SQL reference apply them through these functions.

// OverrideScore returns the score of a program whose level an editor set:
// its computed score when that score is of the level, else the level's
// threshold (StrongAt, RelatedAt; 0 for none). Programs keep their order
// within a level, and the level read back from the score (LevelOf, the
// relevance-outcomes ranking) is the editor's.
func OverrideScore(level string, computed float64) float64 {
	switch level {
	case careerpath.RelevanceStrong:
		return max(computed, StrongAt)
	case careerpath.RelevanceRelated:
		if computed >= RelatedAt && computed < StrongAt {
			return computed
		}
		return RelatedAt
	}
	return 0
}

// ScoreOverridden is ScoreConcentration for program id, with the field of
// study cip at the award level and the concentration conc ("" for none),
// under the overrides; overridden reports whether an override changed
// what the formula alone gives.
func (m *Rule) ScoreOverridden(ov *careerpath.Overrides, id int64, slug, cip, conc string, award int) (level string, score float64, overridden bool) {
	f := ov.Field(id)
	if f != nil {
		cip = f.CIP
	}
	level, score = m.ScoreConcentration(slug, cip, conc, award)
	if o := ov.Relevance(id, slug); o != nil {
		return o.Relevance, OverrideScore(o.Relevance, score), true
	}
	return level, score, f != nil
}

// OverrideField gives p the field of study an editor set for it, if any,
// with careerpath.CIPSourceEditor and confidence 1.
func (m *Rule) OverrideField(ov *careerpath.Overrides, p *careerpath.Program) {
	if f := ov.Field(p.ID); f != nil {
		p.CIP, p.CIPTitle, p.CIPSource, p.CIPConfidence = f.CIP, m.CIPTitle(f.CIP), careerpath.CIPSourceEditor, 1
	}
}

// OfOverridden is OfProgram under the overrides, for a program whose field
// of study OverrideField already set: an editor's relevance replaces the
// level and score, and the editors' decisions come first in the reasons,
// so that a reader sees who decided, when and why.
func (m *Rule) OfOverridden(ov *careerpath.Overrides, slug string, p *careerpath.Program) careerpath.Relevance {
	r := m.OfProgram(slug, p)
	var first []string
	if o := ov.Relevance(p.ID, slug); o != nil {
		r.Level, r.Score = o.Relevance, OverrideScore(o.Relevance, r.Score)
		first = append(first, o.Reason(""))
	}
	if f := ov.Field(p.ID); f != nil {
		first = append(first, f.Reason(m.CIPTitle(f.CIP)))
	}
	if first != nil {
		r.Reasons = append(first, r.Reasons...)
	}
	return r
}
