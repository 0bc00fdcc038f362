package careerpath

// Career is one career guide: what the job is called, which official
// occupations stand for it in the statistics, which salary-survey titles
// count as it, which fields of study prepare for it, and the editorial text.
//
// Careers are written by editors as Markdown files with YAML front matter
// (see package content). Figures (pay, growth, demand) are never part of a
// Career: they are computed from open data for its Occupations and
// SurveyTitles, and shown with their sources.
type Career struct {
	Slug           string `json:"slug"`           // "machine-learning-engineer"; also the file name
	Title          string `json:"title"`          // "Machine Learning Engineer"
	Specialization string `json:"specialization"` // slug of its Specialization, "ai-data"

	// Summary is one or two plain-text sentences for listings, cards and
	// the page description. The TL;DR on the page is the SectionTLDR section.
	Summary string `json:"summary"`

	// Occupations is the SOC blend that stands for the career in BLS
	// figures. Weights are in (0, 1] and sum to 1. A career with no SOC
	// code of its own is a disclosed blend of several; BlendNote says why.
	Occupations []OccupationWeight `json:"occupations"`
	BlendNote   string             `json:"blend_note,omitempty"`

	// SurveyTitles are the salary-survey job titles, exactly as the survey
	// writes them, whose records count as this career. A title belongs to
	// at most one career.
	SurveyTitles []string `json:"survey_titles"`

	// Fields are field-of-study weights. The file carries only editorial
	// ones (Source FieldEditorial); the crosswalk-derived ones are computed
	// from the CIP–SOC crosswalk by the code that builds the program index,
	// where an editorial weight takes precedence over a derived one for the
	// same CIP code.
	Fields []FieldWeight `json:"fields,omitempty"`

	// Exclusions are fields of study that never count as preparation for
	// the career, whatever the crosswalk or the model says.
	Exclusions []FieldExclusion `json:"exclusions,omitempty"`

	// SkillOverrides are editorial placements of skills in tiers; they take
	// precedence over the tiers computed from O*NET.
	SkillOverrides SkillOverrides `json:"skill_overrides"`

	// Sections are the editorial sections, in the order of the file.
	Sections []Section `json:"sections"`

	// Generated is true for a career generated from an occupation's data
	// alone, with no editorial text: no editor has written its guide.
	Generated bool `json:"generated"`

	// File is the path of the file the career was read from, for messages.
	File string `json:"-"`
}

// OccupationWeight is one SOC 2018 occupation in a career's blend.
type OccupationWeight struct {
	SOC    string  `json:"soc"`    // 6-digit SOC 2018 code, "15-2051"
	Weight float64 `json:"weight"` // in (0, 1]
	Note   string  `json:"note"`   // why this occupation, and why this weight
}

// Sources of a FieldWeight.
const (
	FieldCrosswalk = "crosswalk" // derived from the NCES/BLS CIP–SOC crosswalk
	FieldEditorial = "editorial" // set by an editor in the career file
)

// FieldWeight says how strongly a field of study (CIP 2020 code) prepares
// for a career, from 0 (not at all) to 1 (directly).
type FieldWeight struct {
	CIP    string  `json:"cip"`    // "11", "11.07" or "11.0701"
	Weight float64 `json:"weight"` // in (0, 1]
	Source string  `json:"source"` // FieldCrosswalk or FieldEditorial
	Note   string  `json:"note"`   // why; shown to readers as a match reason
}

// FieldExclusion removes a field of study (a family "42", a series "52.02"
// or a program "42.2708", with everything under it) from a career's
// preparation.
type FieldExclusion struct {
	CIP    string `json:"cip"`
	Reason string `json:"reason"`
}

// Skill tiers, best first, as used in SkillOverrides and in the IDs of the
// skills section's parts.
const (
	TierMustHave   = "must-have"
	TierImportant  = "important"
	TierNiceToHave = "nice-to-have"
	TierSkip       = "skip"
)

// SkillTiers lists the skill tiers in the order they are shown.
func SkillTiers() []string {
	return []string{TierMustHave, TierImportant, TierNiceToHave, TierSkip}
}

// SkillOverrides are an editor's placements of named skills in tiers.
type SkillOverrides struct {
	MustHave   []SkillNote `json:"must_have,omitempty"`
	Important  []SkillNote `json:"important,omitempty"`
	NiceToHave []SkillNote `json:"nice_to_have,omitempty"`
	Skip       []SkillNote `json:"skip,omitempty"`
}

// Tier returns the overrides of one tier (one of SkillTiers), nil for an
// unknown tier.
func (o SkillOverrides) Tier(tier string) []SkillNote {
	switch tier {
	case TierMustHave:
		return o.MustHave
	case TierImportant:
		return o.Important
	case TierNiceToHave:
		return o.NiceToHave
	case TierSkip:
		return o.Skip
	}
	return nil
}

// SkillNote is one skill placed in a tier, with the editor's reason. Name is
// the O*NET technology-skill example where one exists ("Structured query
// language SQL", "PyTorch") so it can be matched against O*NET; otherwise it
// is a skill O*NET does not list, added to the tier as written.
type SkillNote struct {
	Name   string `json:"name"`
	Reason string `json:"reason"`
}

// IDs of a career's editorial sections.
const (
	SectionTLDR     = "tldr"
	SectionWhat     = "what-the-job-is"
	SectionMoney    = "money"
	SectionSkills   = "skills"
	SectionDayToDay = "day-to-day"
	SectionBreakIn  = "how-to-break-in"
)

// CareerSections lists the IDs of the sections every career has, in the
// order they are shown.
func CareerSections() []string {
	return []string{SectionTLDR, SectionWhat, SectionMoney, SectionSkills, SectionDayToDay, SectionBreakIn}
}

// Section is a part of a career guide: a heading and a Markdown body. The
// body is kept as Markdown; rendering belongs to the web layer. Parts are
// sub-sections with IDs of their own (the skills section has one per skill
// tier); Markdown is the text before the first part.
type Section struct {
	ID       string    `json:"id"`
	Heading  string    `json:"heading"`
	Markdown string    `json:"markdown"`
	Parts    []Section `json:"parts,omitempty"`
}

// Section returns the career's section with the given ID, nil if it has none.
func (c *Career) Section(id string) *Section {
	for i := range c.Sections {
		if c.Sections[i].ID == id {
			return &c.Sections[i]
		}
	}
	return nil
}

// Part returns the part of s with the given ID, nil if it has none.
func (s *Section) Part(id string) *Section {
	for i := range s.Parts {
		if s.Parts[i].ID == id {
			return &s.Parts[i]
		}
	}
	return nil
}

// Specialization groups careers ("AI & Data").
type Specialization struct {
	Slug     string `json:"slug"`     // "ai-data"
	Title    string `json:"title"`    // "AI & Data"
	Summary  string `json:"summary"`  // one plain-text sentence
	Markdown string `json:"markdown"` // the description, as Markdown
	File     string `json:"-"`        // file it was read from, for messages
}
