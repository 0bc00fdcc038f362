package opendata

import (
	"io"
	"strconv"
)

// O*NET files name the occupation code column the same way everywhere.
const onetCodeCol = "O*NET-SOC Code"

// ONETOccupation is one O*NET-SOC occupation (occupation_data.txt).
type ONETOccupation struct {
	Code        string // O*NET-SOC code, "15-2051.00"
	SOC         string // the 6-digit SOC 2018 code it belongs to, "15-2051"
	Title       string
	Description string
}

// JobZone is the job zone (1 to 5: how much preparation an occupation
// needs) of one O*NET occupation (job_zones.txt).
type JobZone struct {
	Code string // "15-2051.00"
	SOC  string // "15-2051"
	Zone int    // 1 to 5, see JobZoneLevel
}

// JobZoneLevel describes what one job zone means (job_zone_reference.txt).
type JobZoneLevel struct {
	Zone       int    // 1 to 5
	Name       string // "Job Zone Four: Considerable Preparation Needed"
	Experience string
	Education  string
	Training   string // the "Job Training" column
	Examples   string // example occupations, as one sentence
}

// Task is one task statement of an O*NET occupation (task_statements.txt).
type Task struct {
	Code string // "15-2051.00"
	SOC  string // "15-2051"
	ID   int    // O*NET task ID, unique across all occupations
	Text string
	// Type is "Core" or "Supplemental", or "" where O*NET has not rated it
	// (tasks written by analysts for new occupations).
	Type string
	// Incumbents is the number of job incumbents who answered for the
	// task; nil where no survey was done (analyst-written tasks).
	Incumbents *float64
}

// TechnologySkill is one example of software or technology used in an O*NET
// occupation (technology_skills.txt), with its UNSPSC commodity class.
type TechnologySkill struct {
	Code           string // "15-2051.00"
	SOC            string // "15-2051"
	Example        string // "Python"
	CommodityCode  int    // UNSPSC code, 43232202
	CommodityTitle string // "Document management software"
	Hot            bool   // O*NET "Hot Technology": often named in job postings
	InDemand       bool   // O*NET "In Demand": often named in this occupation's postings
}

// Rating is the importance and level of one skill or knowledge element for
// one O*NET occupation (skills_importance_level.tsv and
// knowledge_importance_level.tsv).
type Rating struct {
	Code        string   // "15-2051.00"
	SOC         string   // "15-2051"
	ElementID   string   // O*NET content model ID, "2.A.1.a"
	ElementName string   // "Reading Comprehension"
	Importance  *float64 // 1 to 5; nil if not published
	Level       *float64 // 0 to 7; nil if not published
	// NotRelevant is O*NET's "Level Not Relevant": the element is so
	// unimportant (importance 1) that its level means nothing.
	NotRelevant bool
	// Suppress is O*NET's recommendation not to show the level, because
	// its estimate is too imprecise. The value is still in Level: whether
	// to hide it is the caller's decision. A blank in the file (no
	// recommendation made, as for expert-rated knowledge) reads as false.
	Suppress bool
}

// ParseONETOccupations reads occupation_data.txt. A code that is not an
// O*NET-SOC code or appears twice fails the parse.
func ParseONETOccupations(src Source, r io.Reader) ([]ONETOccupation, error) {
	t, err := openTable(src, r, formatTSV, onetCodeCol, "Title", "Description")
	if err != nil {
		return nil, err
	}
	var out []ONETOccupation
	seen := map[string]int{}
	for t.next() {
		var o ONETOccupation
		o.Code, o.SOC = onetCode(t)
		o.Title = t.required("Title")
		o.Description = t.required("Description")
		t.unique(seen, o.Code, onetCodeCol)
		if t.Err() != nil {
			break
		}
		out = append(out, o)
	}
	return orNone(out, t.Err())
}

// ParseJobZones reads job_zones.txt: one zone per occupation code, so a
// repeated code fails the parse, as does a zone outside 1 to 5.
func ParseJobZones(src Source, r io.Reader) ([]JobZone, error) {
	t, err := openTable(src, r, formatTSV, onetCodeCol, "Job Zone")
	if err != nil {
		return nil, err
	}
	var out []JobZone
	seen := map[string]int{}
	for t.next() {
		var z JobZone
		z.Code, z.SOC = onetCode(t)
		z.Zone = jobZone(t)
		t.unique(seen, z.Code, onetCodeCol)
		if t.Err() != nil {
			break
		}
		out = append(out, z)
	}
	return orNone(out, t.Err())
}

// ParseJobZoneReference reads job_zone_reference.txt, the description of
// each of the five job zones. A repeated zone fails the parse.
func ParseJobZoneReference(src Source, r io.Reader) ([]JobZoneLevel, error) {
	t, err := openTable(src, r, formatTSV, "Job Zone", "Name", "Experience", "Education", "Job Training", "Examples")
	if err != nil {
		return nil, err
	}
	var out []JobZoneLevel
	seen := map[string]int{}
	for t.next() {
		l := JobZoneLevel{
			Zone:       jobZone(t),
			Name:       t.required("Name"),
			Experience: t.required("Experience"),
			Education:  t.required("Education"),
			Training:   t.required("Job Training"),
			Examples:   t.required("Examples"),
		}
		t.unique(seen, strconv.Itoa(l.Zone), "Job Zone")
		if t.Err() != nil {
			break
		}
		out = append(out, l)
	}
	return orNone(out, t.Err())
}

// ParseTasks reads task_statements.txt (gzipped or not). O*NET gives every
// task statement its own ID, even where two occupations share the wording,
// so a repeated Task ID fails the parse; the importer may key tasks on it.
func ParseTasks(src Source, r io.Reader) ([]Task, error) {
	t, err := openTable(src, r, formatTSV, onetCodeCol, "Task ID", "Task", "Task Type", "Incumbents Responding")
	if err != nil {
		return nil, err
	}
	var out []Task
	seen := map[string]int{}
	for t.next() {
		var k Task
		k.Code, k.SOC = onetCode(t)
		k.ID = t.int("Task ID")
		k.Text = t.required("Task")
		k.Type = t.oneOf("Task Type", "Core", "Supplemental", "")
		k.Incumbents = t.optFloat("Incumbents Responding", "n/a")
		if k.Incumbents != nil && *k.Incumbents < 0 {
			t.fail("Incumbents Responding", "want a count, got %v", *k.Incumbents)
		}
		t.unique(seen, strconv.Itoa(k.ID), "Task ID")
		if t.Err() != nil {
			break
		}
		out = append(out, k)
	}
	return orNone(out, t.Err())
}

// ParseTechnologySkills reads technology_skills.txt (gzipped or not). An
// example is listed once per occupation, so a repeated (code, example) pair
// fails the parse.
func ParseTechnologySkills(src Source, r io.Reader) ([]TechnologySkill, error) {
	t, err := openTable(src, r, formatTSV, onetCodeCol, "Example", "Commodity Code", "Commodity Title", "Hot Technology", "In Demand")
	if err != nil {
		return nil, err
	}
	var out []TechnologySkill
	seen := map[string]int{}
	for t.next() {
		var s TechnologySkill
		s.Code, s.SOC = onetCode(t)
		s.Example = t.required("Example")
		s.CommodityCode = t.int("Commodity Code")
		s.CommodityTitle = t.required("Commodity Title")
		s.Hot = t.flag("Hot Technology")
		s.InDemand = t.flag("In Demand")
		t.unique(seen, s.Code+"\t"+s.Example, "Example")
		if t.Err() != nil {
			break
		}
		out = append(out, s)
	}
	return orNone(out, t.Err())
}

// Rating columns, shared by the skills and the knowledge file.
const (
	ratingImportanceCol = "Importance (IM 1-5)"
	ratingLevelCol      = "Level (LV 0-7)"
	ratingSuppressCol   = "Recommend Suppress (LV)"
)

// ParseRatings reads skills_importance_level.tsv or
// knowledge_importance_level.tsv (gzipped or not), which share one format.
// Each occupation rates each element once, so a repeated (code, element)
// pair fails the parse; so does a rating outside its scale.
func ParseRatings(src Source, r io.Reader) ([]Rating, error) {
	t, err := openTable(src, r, formatTSV, onetCodeCol, "Element ID", "Element Name", ratingImportanceCol, ratingLevelCol, "Level Not Relevant", ratingSuppressCol)
	if err != nil {
		return nil, err
	}
	var out []Rating
	seen := map[string]int{}
	for t.next() {
		var g Rating
		g.Code, g.SOC = onetCode(t)
		g.ElementID = t.required("Element ID")
		g.ElementName = t.required("Element Name")
		g.Importance = scaled(t, ratingImportanceCol, 1, 5)
		g.Level = scaled(t, ratingLevelCol, 0, 7)
		g.NotRelevant = t.flag("Level Not Relevant")
		g.Suppress = t.oneOf(ratingSuppressCol, "Y", "N", "") == "Y"
		t.unique(seen, g.Code+"\t"+g.ElementID, "Element ID")
		if t.Err() != nil {
			break
		}
		out = append(out, g)
	}
	return orNone(out, t.Err())
}

// scaled returns col as a rating on the scale lo to hi, nil if blank or
// "n/a" (how O*NET marks a rating it does not publish).
func scaled(t *table, col string, lo, hi float64) *float64 {
	v := t.optFloat(col, "n/a")
	if v != nil && (*v < lo || *v > hi) {
		t.fail(col, "want a rating from %v to %v, got %v", lo, hi, *v)
	}
	return v
}

// jobZone returns the "Job Zone" column, which must be 1 to 5.
func jobZone(t *table) int {
	z := t.int("Job Zone")
	if t.Err() == nil && (z < 1 || z > 5) {
		t.fail("Job Zone", "want a job zone from 1 to 5, got %d", z)
	}
	return z
}

// onetCode returns the O*NET-SOC code of the current record and the SOC
// code it belongs to, recording an error if it is not of the form
// "15-2051.00".
func onetCode(t *table) (code, soc string) {
	code = t.required(onetCodeCol)
	if code == "" {
		return "", ""
	}
	if !isONETCode(code) {
		t.fail(onetCodeCol, "want an O*NET-SOC code such as 15-2051.00, got %q", code)
		return code, ""
	}
	return code, code[:7]
}

// isONETCode reports whether s looks like an O*NET-SOC code ("15-2051.00"):
// a 6-digit SOC code and a 2-digit suffix.
func isONETCode(s string) bool {
	return len(s) == 10 && IsSOC(s[:7]) && s[7] == '.' &&
		'0' <= s[8] && s[8] <= '9' && '0' <= s[9] && s[9] <= '9'
}

// ONET is the parsed O*NET release.
type ONET struct {
	Occupations   []ONETOccupation
	JobZones      []JobZone
	JobZoneLevels []JobZoneLevel
	Tasks         []Task
	Technology    []TechnologySkill
	Skills        []Rating
	Knowledge     []Rating
}

// Rows returns the number of records in the release.
func (o ONET) Rows() int {
	return len(o.Occupations) + len(o.JobZones) + len(o.JobZoneLevels) + len(o.Tasks) + len(o.Technology) + len(o.Skills) + len(o.Knowledge)
}
