package opendata

import (
	"io"
	"strconv"
)

// scorecardSuppressed is how College Scorecard writes a figure withheld
// to protect privacy (too few students): unknown, not zero.
const scorecardSuppressed = "PS"

// ScorecardField is one bachelor's field of study at one institution, from
// the College Scorecard extract fos_bachelors_2023.csv. The file names
// institutions, not UNITIDs, and fields by 4-digit CIP title, not code.
type ScorecardField struct {
	Institution    string // institution name as Scorecard writes it
	Major          string // 4-digit CIP title, "Computer Science"
	MeanDebt       *float64
	MonthlyPayment *float64 // monthly loan payment on MeanDebt
	Earnings1Yr    *float64 // median earnings one year after completion
	Earnings4Yr    *float64 // median earnings four years after completion
}

// ParseScorecardBachelors reads fos_bachelors_2023.csv. Blank and "PS"
// (privacy suppressed) figures are nil; the bundled file has neither. The
// "Projected Salary 10 Yr" column is not read: it is the preparer's
// extrapolation, not a Scorecard figure.
//
// There is no unique key. Distinct institutions share a name (three
// "Bethel University"), so (Institution, Major) repeats for 15 pairs, and
// 13 rows repeat exactly (campuses of one college under one name). A join
// by name to IPEDS must treat a name that matches several institutions as
// ambiguous.
func ParseScorecardBachelors(src Source, r io.Reader) ([]ScorecardField, error) {
	t, err := openTable(src, r, formatCSV, "Institution", "Major", "Avg Debt", "Avg Payment", "Salary 1 Yr", "Salary 4 Yr")
	if err != nil {
		return nil, err
	}
	var out []ScorecardField
	for t.next() {
		f := ScorecardField{
			Institution:    t.required("Institution"),
			Major:          t.required("Major"),
			MeanDebt:       amount(t, "Avg Debt"),
			MonthlyPayment: amount(t, "Avg Payment"),
			Earnings1Yr:    amount(t, "Salary 1 Yr"),
			Earnings4Yr:    amount(t, "Salary 4 Yr"),
		}
		if t.Err() != nil {
			return nil, t.Err()
		}
		out = append(out, f)
	}
	if t.Err() != nil {
		return nil, t.Err()
	}
	return out, nil
}

// ScorecardProgram is one row of the full College Scorecard field-of-study
// schema: one program (4-digit CIP code and credential level) at one
// institution, for the cohorts of one yearly file. Every figure is nil
// where blank (not collected for that cohort) or "PS" (privacy suppressed).
type ScorecardProgram struct {
	UnitID      int    // IPEDS UNITID (written "238476.0")
	OPEID6      string // first 6 digits of the OPEID, as written ("3839")
	Institution string // INSTNM
	Control     string // "Public", "Private, nonprofit", "Private, for-profit"
	Main        bool   // the main campus
	CIP         string // 4-digit CIP code: the file's 301 is "03.01"
	CIPDesc     string // CIP title, as written (with a final period)
	CredLevel   int    // CREDLEV: 1 certificate, 2 associate, 3 bachelor's, 4 post-bacc certificate, 5 master's, 6 doctoral, 7 first professional, 8 graduate certificate
	CredDesc    string // as written: the apostrophe varies between files and one row is blank
	Count1      *int   // IPEDSCOUNT1: completers in the first of the two award years
	Count2      *int   // IPEDSCOUNT2: completers in the second
	// DebtN and DebtMedian are DEBT_ALL_STGP_ANY_N and _MDN: the number of
	// graduates with federal loans and their median debt.
	DebtN      *int
	DebtMedian *float64
	// DebtMonthlyPayment is DEBT_ALL_STGP_ANY_MDN10YRPAY, the monthly
	// payment on DebtMedian over 10 years.
	DebtMonthlyPayment *float64
	// EarnMedian1Yr and EarnMedian2Yr are EARN_MDN_HI_1YR and _2YR, median
	// earnings of graduates one and two years after completion, as the
	// older files measure them (those with the highest credential).
	// EarnMedian2Yr is nil when the column is absent.
	EarnMedian1Yr *float64
	EarnMedian2Yr *float64
	// EarnMedianWNE1Yr, 4Yr and 5Yr are EARN_MDN_1YR, _4YR, _5YR: median
	// earnings of graduates working and not enrolled, as the newer files
	// measure them. Each file fills only some of these.
	EarnMedianWNE1Yr *float64
	EarnMedianWNE4Yr *float64
	EarnMedianWNE5Yr *float64
	// Distance is DISTANCE, whether the program is offered by distance
	// education (0 or 1 in the bundled file); nil where blank.
	Distance *int
	// File is the Scorecard release file the row came from
	// ("FieldOfStudyData1920_2021_PP.csv"), naming its cohort years; ""
	// where the file_name column is absent.
	File string
}

// ScorecardFullColumns is the number of columns of the full field-of-study
// schema in the bundled fixture (including the file_name column added when
// the yearly files were stacked).
const ScorecardFullColumns = 175

// ParseScorecardFull reads the full field-of-study schema
// (fos_full_schema_one_institution.csv). It requires the columns it reads,
// not all 175, so that a release that adds or drops others still loads.
// "PS" and blanks read as nil. The key (UNITID, OPEID6, CIPCODE, CREDLEV,
// DISTANCE, file_name) must be unique; in the bundled file (CIPCODE,
// CREDLEV, file_name) already is, DISTANCE is in the key because newer
// releases split a program by it.
func ParseScorecardFull(src Source, r io.Reader) ([]ScorecardProgram, error) {
	t, err := openTable(src, r, formatCSV, "UNITID", "OPEID6", "INSTNM", "CONTROL", "MAIN", "CIPCODE", "CIPDESC",
		"CREDLEV", "CREDDESC", "IPEDSCOUNT1", "IPEDSCOUNT2", "DEBT_ALL_STGP_ANY_N", "DEBT_ALL_STGP_ANY_MDN",
		"DEBT_ALL_STGP_ANY_MDN10YRPAY", "EARN_MDN_HI_1YR", "EARN_MDN_1YR", "EARN_MDN_4YR", "EARN_MDN_5YR", "DISTANCE")
	if err != nil {
		return nil, err
	}
	var out []ScorecardProgram
	seen := map[string]int{}
	for t.next() {
		p := ScorecardProgram{
			UnitID:             unitID(t, "UNITID"),
			OPEID6:             t.required("OPEID6"),
			Institution:        t.required("INSTNM"),
			Control:            t.required("CONTROL"),
			Main:               t.oneOf("MAIN", "1", "0") == "1",
			CIP:                t.cip("CIPCODE"),
			CIPDesc:            t.required("CIPDESC"),
			CredLevel:          t.int("CREDLEV"),
			CredDesc:           t.str("CREDDESC"),
			Count1:             scorecardCount(t, "IPEDSCOUNT1"),
			Count2:             scorecardCount(t, "IPEDSCOUNT2"),
			DebtN:              scorecardCount(t, "DEBT_ALL_STGP_ANY_N"),
			DebtMedian:         amount(t, "DEBT_ALL_STGP_ANY_MDN"),
			DebtMonthlyPayment: amount(t, "DEBT_ALL_STGP_ANY_MDN10YRPAY"),
			EarnMedian1Yr:      amount(t, "EARN_MDN_HI_1YR"),
			EarnMedianWNE1Yr:   amount(t, "EARN_MDN_1YR"),
			EarnMedianWNE4Yr:   amount(t, "EARN_MDN_4YR"),
			EarnMedianWNE5Yr:   amount(t, "EARN_MDN_5YR"),
			Distance:           t.optInt("DISTANCE"),
		}
		if t.has("EARN_MDN_HI_2YR") {
			p.EarnMedian2Yr = amount(t, "EARN_MDN_HI_2YR")
		}
		if t.has("file_name") {
			p.File = t.str("file_name")
		}
		if t.Err() == nil && len(p.CIP) != len("03.01") {
			t.fail("CIPCODE", "want a 4-digit CIP code such as 1107, got %q", t.str("CIPCODE"))
		}
		if t.Err() == nil && (p.CredLevel < 1 || p.CredLevel > 8) {
			t.fail("CREDLEV", "want a credential level from 1 to 8, got %d", p.CredLevel)
		}
		distance := ""
		if p.Distance != nil {
			distance = strconv.Itoa(*p.Distance)
		}
		t.unique(seen, strconv.Itoa(p.UnitID)+" "+p.OPEID6+" "+p.CIP+" "+strconv.Itoa(p.CredLevel)+" "+distance+" "+p.File, "CIPCODE")
		if t.Err() != nil {
			return nil, t.Err()
		}
		out = append(out, p)
	}
	if t.Err() != nil {
		return nil, t.Err()
	}
	return out, nil
}

// scorecardCount reads a count that may be blank or suppressed (nil).
func scorecardCount(t *table, col string) *int {
	n := t.optInt(col, scorecardSuppressed)
	if n != nil && *n < 0 {
		t.fail(col, "want a count of 0 or more, got %d", *n)
		return nil
	}
	return n
}

// ScorecardMatch is where an import placed a Scorecard row: an IPEDS
// institution and a 4-digit CIP series, or zero values where it matched
// none.
type ScorecardMatch struct {
	UnitID int
	CIP4   string
}
