package opendata

import (
	"io"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Completion is the number of students who completed one program (a
// 6-digit CIP code at one award level) at one institution in the IPEDS
// Completions survey (c2024_a.csv), counting first majors only.
type Completion struct {
	UnitID     int    // IPEDS UNITID
	CIP        string // 6-digit CIP 2020 code, leading zero kept: "01.0101"
	AwardLevel int    // IPEDS AWLEVEL, see AwardLevels
	Total      int    // CTOTALT; 0 is a real count (a program with no completers this year)
	Men, Women *int   // CTOTALM, CTOTALW; nil where not reported
}

// CompletionYear is a Completion in a given year, from the multi-year
// extract of technical fields (c2020_2024_a_tech_fields.csv).
type CompletionYear struct {
	Year       int // the IPEDS collection year: 2024 covers July 2023 to June 2024
	UnitID     int
	CIP        string
	AwardLevel int
	Total      int
	Men, Women *int
}

// AwardLevels names the IPEDS AWLEVEL codes the completion files use. A
// code not in this map fails the parse: IPEDS retired codes before (9, 10
// and 11 became 17, 18 and 19), and a silently unknown level would be shown
// as a program of no known length.
var AwardLevels = map[int]string{
	1:  "Certificate of less than 1 year", // before 2020; split into 20 and 21
	2:  "Certificate of 1 to 2 years",
	3:  "Associate's degree",
	4:  "Certificate of 2 to 4 years",
	5:  "Bachelor's degree",
	6:  "Postbaccalaureate certificate",
	7:  "Master's degree",
	8:  "Post-master's certificate",
	17: "Doctor's degree, research/scholarship",
	18: "Doctor's degree, professional practice",
	19: "Doctor's degree, other",
	20: "Certificate of less than 12 weeks",
	21: "Certificate of 12 weeks to 1 year",
}

// cipGrandTotal is the CIPCODE of the IPEDS grand-total row (all programs
// of an institution and award level).
const cipGrandTotal = "99"

// ParseCompletions reads IPEDS Completions (c2024_a.csv): one row per
// institution, 6-digit CIP code and award level, so a repeated
// (UNITID, CIPCODE, AWLEVEL) fails the parse.
//
// The full IPEDS release also carries CIPCODE 99 rows, the institution's
// grand total; they are skipped, because summing a field's rows would count
// those completers twice. The bundled file has none: it is already cut to
// 6-digit programs. Any other code that is not a 6-digit CIP code fails.
func ParseCompletions(src Source, r io.Reader) ([]Completion, error) {
	t, err := openTable(src, r, formatCSV, "UNITID", "CIPCODE", "AWLEVEL", "CTOTALT", "CTOTALM", "CTOTALW")
	if err != nil {
		return nil, err
	}
	var out []Completion
	seen := map[string]int{}
	for t.next() {
		c, ok := completion(t, seen, "")
		if t.Err() != nil {
			return nil, t.Err()
		}
		if ok {
			out = append(out, Completion{UnitID: c.UnitID, CIP: c.CIP, AwardLevel: c.AwardLevel, Total: c.Total, Men: c.Men, Women: c.Women})
		}
	}
	if t.Err() != nil {
		return nil, t.Err()
	}
	return out, nil
}

// ParseCompletionTrends reads the multi-year completions extract
// (c2020_2024_a_tech_fields.csv), the same columns as ParseCompletions
// plus YEAR, with the same rules; the unique key is (YEAR, UNITID, CIPCODE,
// AWLEVEL).
func ParseCompletionTrends(src Source, r io.Reader) ([]CompletionYear, error) {
	t, err := openTable(src, r, formatCSV, "YEAR", "UNITID", "CIPCODE", "AWLEVEL", "CTOTALT", "CTOTALM", "CTOTALW")
	if err != nil {
		return nil, err
	}
	var out []CompletionYear
	seen := map[string]int{}
	for t.next() {
		year := t.int("YEAR")
		if t.Err() == nil && (year < 1980 || year > 2100) {
			t.fail("YEAR", "want a year such as 2024, got %d", year)
		}
		c, ok := completion(t, seen, strconv.Itoa(year))
		if t.Err() != nil {
			return nil, t.Err()
		}
		if ok {
			c.Year = year
			out = append(out, c)
		}
	}
	if t.Err() != nil {
		return nil, t.Err()
	}
	return out, nil
}

// completion reads the columns both completion files share. It reports
// false for a grand-total row, which the caller skips. keyPrefix
// distinguishes years in the multi-year file.
func completion(t *table, seen map[string]int, keyPrefix string) (CompletionYear, bool) {
	var c CompletionYear
	c.UnitID = unitID(t, "UNITID")
	cip := t.cip("CIPCODE")
	if cip == cipGrandTotal {
		return c, false
	}
	if t.Err() == nil && len(cip) != len("11.0701") {
		t.fail("CIPCODE", "want a 6-digit CIP code such as 11.0701, got %q", t.str("CIPCODE"))
	}
	c.CIP = cip
	c.AwardLevel = t.int("AWLEVEL")
	if _, ok := AwardLevels[c.AwardLevel]; !ok && t.Err() == nil {
		t.fail("AWLEVEL", "want an IPEDS award level (2 to 8, 17 to 21), got %d", c.AwardLevel)
	}
	c.Total = count(t, "CTOTALT")
	c.Men = optCount(t, "CTOTALM")
	c.Women = optCount(t, "CTOTALW")
	t.unique(seen, keyPrefix+" "+strconv.Itoa(c.UnitID)+" "+c.CIP+" "+strconv.Itoa(c.AwardLevel), "CIPCODE")
	return c, true
}

// Institution is one entry of the IPEDS institution directory (hd2024.csv).
type Institution struct {
	UnitID int    // IPEDS UNITID
	Name   string // INSTNM; not unique: 72 names belong to several institutions
	Alias  string // IALIAS, other names as the institution wrote them; often blank
	City   string
	State  string // STABBR, postal code, including territories ("PR", "GU")
	ZIP    string // "35762" or "35294-0110"
	Web    string // WEBADDR as reported, often without a scheme ("www.aamu.edu/")
	// Control is 1 public, 2 private nonprofit, 3 private for-profit, and 0
	// where IPEDS reports none (-3: the institution has left the survey).
	Control int
	// Sector combines control and level: 1 to 9 as in IPEDS, 0 an
	// administrative unit (a system office, not a school), 99 unknown.
	Sector int
	// Level is ICLEVEL: 1 four or more years, 2 two years, 3 less than two
	// years, 0 not reported.
	Level int
	// HighestDegree is HLOFFER: 1 to 9 from an award of less than one
	// year to a doctor's degree (5 bachelor's, 7 master's), 0 not
	// reported.
	HighestDegree int
	// Latitude and Longitude locate the institution; nil where blank.
	Latitude, Longitude *float64
	// Closed is true where IPEDS reports that the institution closed,
	// merged or combined with another during or before the collection
	// year (CYACTIVE other than 1, a CLOSEDAT date or a DEATHYR). Such an
	// institution still has completions for the year but admits no one.
	Closed bool
	// ClosedOn is CLOSEDAT as an ISO date ("2024-07-31"); "" where there
	// is none, which includes some closed institutions.
	ClosedOn string
	// MergedInto is NEWID, the UNITID of the institution this one was
	// merged into; 0 if none.
	MergedInto int
	// OPEID is the 8-digit Office of Postsecondary Education ID used by
	// federal student aid (and Scorecard: its first 6 digits are OPEID6);
	// "" where the institution has none. Campuses may share one.
	OPEID string
}

// ParseInstitutions reads the IPEDS directory (hd2024.csv, which starts
// with a byte-order mark). UNITID is unique. IPEDS writes -1, -2 and -3 for
// "not applicable" and "not reported"; those read as 0 or "" here.
func ParseInstitutions(src Source, r io.Reader) ([]Institution, error) {
	t, err := openTable(src, r, formatCSV, "UNITID", "INSTNM", "IALIAS", "CITY", "STABBR", "ZIP", "WEBADDR",
		"CONTROL", "SECTOR", "ICLEVEL", "HLOFFER", "LATITUDE", "LONGITUD", "CYACTIVE", "CLOSEDAT", "DEATHYR", "NEWID", "OPEID")
	if err != nil {
		return nil, err
	}
	var out []Institution
	seen := map[string]int{}
	for t.next() {
		in := Institution{
			UnitID:        unitID(t, "UNITID"),
			Name:          t.required("INSTNM"),
			Alias:         ipedsText(t, "IALIAS"),
			City:          t.required("CITY"),
			State:         t.required("STABBR"),
			ZIP:           t.required("ZIP"),
			Web:           ipedsText(t, "WEBADDR"),
			Control:       ipedsCode(t, "CONTROL"),
			Sector:        ipedsCode(t, "SECTOR"),
			Level:         ipedsCode(t, "ICLEVEL"),
			HighestDegree: ipedsCode(t, "HLOFFER"),
			Latitude:      coordinate(t, "LATITUDE", 90),
			Longitude:     coordinate(t, "LONGITUD", 180),
			MergedInto:    ipedsCode(t, "NEWID"),
			OPEID:         ipedsText(t, "OPEID"),
		}
		if in.Control > 3 {
			t.fail("CONTROL", "want 1, 2, 3 or a negative IPEDS code, got %d", in.Control)
		}
		active := t.int("CYACTIVE")
		in.ClosedOn = closedOn(t, "CLOSEDAT")
		in.Closed = active != 1 || in.ClosedOn != "" || ipedsCode(t, "DEATHYR") > 0
		t.unique(seen, strconv.Itoa(in.UnitID), "UNITID")
		if t.Err() != nil {
			return nil, t.Err()
		}
		out = append(out, in)
	}
	if t.Err() != nil {
		return nil, t.Err()
	}
	return out, nil
}

// Tuition is the published undergraduate tuition and required fees of one
// institution for a full academic year (tuition_fees_2023_24.csv).
type Tuition struct {
	UnitID     int
	Name       string
	InState    *float64 // dollars; nil where not reported
	OutOfState *float64 // dollars; nil where not reported
}

// ParseTuition reads tuition_fees_2023_24.csv, one row per UnitID (a
// repeated UnitID fails the parse). About 2,600 of the 6,050 institutions
// report no tuition (mostly schools that charge by program, not by year):
// their amounts are nil, not 0.
func ParseTuition(src Source, r io.Reader) ([]Tuition, error) {
	const (
		in  = "TUITION_FEES_INSTATE2023"
		out = "TUITION_FEES_2023_OUTSTATE"
	)
	t, err := openTable(src, r, formatCSV, "UnitID", "Institution Name", in, out)
	if err != nil {
		return nil, err
	}
	var rows []Tuition
	seen := map[string]int{}
	for t.next() {
		row := Tuition{
			UnitID:     unitID(t, "UnitID"),
			Name:       t.required("Institution Name"),
			InState:    amount(t, in),
			OutOfState: amount(t, out),
		}
		t.unique(seen, strconv.Itoa(row.UnitID), "UnitID")
		if t.Err() != nil {
			return nil, t.Err()
		}
		rows = append(rows, row)
	}
	if t.Err() != nil {
		return nil, t.Err()
	}
	return rows, nil
}

// DistanceEnrollment is the fall enrolment of one institution, with how
// many students study at a distance, for several years
// (distance_enrollment_2020_2024.csv). It describes the institution, not
// any one program.
type DistanceEnrollment struct {
	UnitID int
	Name   string
	Years  []DistanceYear // oldest first
}

// DistanceYear is one year of DistanceEnrollment. Counts are nil where
// blank; the file leaves distance counts blank for about a third of the
// institutions, most of which likely have no distance students, but the
// file does not say so, so blank stays unknown.
type DistanceYear struct {
	Year      int
	Total     *int // all students enrolled
	Exclusive *int // students enrolled exclusively in distance education
	Some      *int // students in some, but not all, distance courses
}

// ParseDistanceEnrollment reads distance_enrollment_2020_2024.csv, one row
// per UnitID (a repeated UnitID fails the parse). The years come from the
// header: each TOTAL_ENROLL_<year> column needs DE_ENROLL_<year> and
// SDE_ENROLL_<year>. The file names the latest year's SDE column
// SDE_ENROLL_TOTAL; it is accepted as that year's only when it directly
// follows DE_ENROLL_<year>, as it does in the file, since its name alone
// does not say which year it is.
func ParseDistanceEnrollment(src Source, r io.Reader) ([]DistanceEnrollment, error) {
	t, err := openTable(src, r, formatCSV, "UnitID", "INSTITUTION")
	if err != nil {
		return nil, err
	}
	cols, err := distanceColumns(t)
	if err != nil {
		return nil, err
	}
	var out []DistanceEnrollment
	seen := map[string]int{}
	for t.next() {
		d := DistanceEnrollment{
			UnitID: unitID(t, "UnitID"),
			Name:   t.required("INSTITUTION"),
			Years:  make([]DistanceYear, len(cols)),
		}
		for i, c := range cols {
			d.Years[i] = DistanceYear{Year: c.year, Total: optCount(t, c.total), Exclusive: optCount(t, c.exclusive), Some: optCount(t, c.some)}
		}
		t.unique(seen, strconv.Itoa(d.UnitID), "UnitID")
		if t.Err() != nil {
			return nil, t.Err()
		}
		out = append(out, d)
	}
	if t.Err() != nil {
		return nil, t.Err()
	}
	return out, nil
}

type distanceCols struct {
	year                   int
	total, exclusive, some string
}

// distanceColumns finds each year's three columns in the header, oldest
// year first.
func distanceColumns(t *table) ([]distanceCols, error) {
	const totalPrefix = "TOTAL_ENROLL_"
	var cols []distanceCols
	for _, h := range t.header {
		suffix, ok := strings.CutPrefix(h, totalPrefix)
		if !ok {
			continue
		}
		year, err := strconv.Atoi(suffix)
		if err != nil || len(suffix) != 4 {
			return nil, t.src.errorf(1, t.index[h]+1, h, "want a column name such as %s2024", totalPrefix)
		}
		c := distanceCols{year: year, total: h, exclusive: "DE_ENROLL_" + suffix, some: "SDE_ENROLL_" + suffix}
		if !t.has(c.exclusive) {
			return nil, t.src.errorf(1, 0, c.exclusive, "missing column %q in header", c.exclusive)
		}
		if !t.has(c.some) {
			next := t.index[c.exclusive] + 1
			if next >= len(t.header) || t.header[next] != "SDE_ENROLL_TOTAL" {
				return nil, t.src.errorf(1, 0, c.some, "missing column %q in header", c.some)
			}
			c.some = "SDE_ENROLL_TOTAL"
		}
		cols = append(cols, c)
	}
	if len(cols) == 0 {
		return nil, t.src.errorf(1, 0, totalPrefix+"<year>", "missing column %q in header (have %s)", totalPrefix+"<year>", strings.Join(t.header, ", "))
	}
	slices.SortFunc(cols, func(a, b distanceCols) int { return a.year - b.year })
	for i := 1; i < len(cols); i++ {
		if cols[i].year == cols[i-1].year {
			return nil, t.src.errorf(1, t.index[cols[i].total]+1, cols[i].total, "year %d appears twice", cols[i].year)
		}
	}
	return cols, nil
}

// unitID reads an IPEDS UNITID, a positive 6-digit number (Scorecard writes
// it as "238476.0", which int accepts).
func unitID(t *table, col string) int {
	id := t.int(col)
	if t.Err() == nil && (id < 100000 || id > 999999) {
		t.fail(col, "want a 6-digit IPEDS UNITID, got %d", id)
	}
	return id
}

// count reads a required number of students, which cannot be negative.
func count(t *table, col string) int {
	n := t.int(col)
	if n < 0 {
		t.fail(col, "want a count of 0 or more, got %d", n)
	}
	return n
}

// optCount is count for a column that may be blank (nil).
func optCount(t *table, col string) *int {
	n := t.optInt(col)
	if n != nil && *n < 0 {
		t.fail(col, "want a count of 0 or more, got %d", *n)
		return nil
	}
	return n
}

// amount reads a dollar amount that may be blank (nil) or privacy
// suppressed ("PS", nil); it cannot be negative.
func amount(t *table, col string) *float64 {
	f := t.optFloat(col, "PS")
	if f != nil && *f < 0 {
		t.fail(col, "want an amount of 0 or more, got %v", *f)
		return nil
	}
	return f
}

// ipedsCode reads an IPEDS coded value, where negative codes mean "not
// applicable" (-2) or "not reported" (-1, -3): those read as 0.
func ipedsCode(t *table, col string) int {
	n := t.int(col)
	if n < 0 {
		return 0
	}
	return n
}

// ipedsText reads a text column, where IPEDS writes "-1", "-2" or "-3" for
// "not applicable" or "not reported": those read as "".
func ipedsText(t *table, col string) string {
	s := t.str(col)
	switch s {
	case "-1", "-2", "-3":
		return ""
	}
	return s
}

// coordinate reads a latitude (limit 90) or longitude (limit 180), nil
// where blank.
func coordinate(t *table, col string, limit float64) *float64 {
	f := t.optFloat(col)
	if f != nil && (*f < -limit || *f > limit) {
		t.fail(col, "want degrees between %v and %v, got %v", -limit, limit, *f)
		return nil
	}
	return f
}

// closedOn reads an IPEDS date (MM/DD/YYYY) as an ISO date, "" for the
// IPEDS "not applicable" codes.
func closedOn(t *table, col string) string {
	s := ipedsText(t, col)
	if s == "" {
		return ""
	}
	d, err := time.Parse("01/02/2006", s)
	if err != nil {
		t.fail(col, "want a date such as 07/31/2024, got %q", s)
		return ""
	}
	return d.Format(time.DateOnly)
}

// SplitAliases splits an IALIAS value into its names: institutions
// separate them with commas, semicolons or bars ("Carnegie Mellon; CMU",
// "MIT, M.I.T."). Blank names are dropped.
func SplitAliases(alias string) []string {
	var out []string
	for _, a := range strings.FieldsFunc(alias, func(r rune) bool { return r == ',' || r == ';' || r == '|' }) {
		if a = strings.TrimSpace(a); a != "" {
			out = append(out, a)
		}
	}
	return out
}
