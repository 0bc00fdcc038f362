package careerpath

import (
	"fmt"
	"slices"
	"strings"
)

// Tuition levels: which of an institution's figures a program's tuition
// is, or a provider catalog's own figure.
const (
	TuitionUndergraduate = "undergraduate" // the institution's undergraduate tuition and fees
	TuitionGraduate      = "graduate"      // the institution's average graduate tuition
	TuitionCatalog       = "catalog"       // the program's own, as its provider states it
)

// Residency of a tuition figure.
const (
	ResidencyInState    = "in-state"
	ResidencyOutOfState = "out-of-state"
)

// Years of the institutions' tuition files.
const (
	UndergraduateTuitionYear = "2023-24"
	GraduateTuitionYear      = "2022-23"
)

// IsGraduate reports whether an award level is a graduate award:
// postbaccalaureate and post-master's certificates, master's degrees and
// doctorates. Their tuition is the institution's graduate figure.
func IsGraduate(award int) bool {
	switch award {
	case AwardPostbacCert, AwardMaster, AwardPostMasterCert, AwardDoctorResearch, AwardDoctorProfession, AwardDoctorOther:
		return true
	}
	return false
}

// TuitionQuote is the yearly tuition a program costs one student, with
// what the figure is: which level of the institution's tuition, which
// residency, which year. Amount is nil where the figure is not reported;
// no quote ever falls back to another level's or residency's figure.
type TuitionQuote struct {
	Amount    *float64 `json:"amount"`
	Level     string   `json:"level"`               // TuitionUndergraduate, TuitionGraduate or TuitionCatalog
	Residency string   `json:"residency,omitempty"` // ResidencyInState or ResidencyOutOfState; "" for a catalog's figure
	Year      string   `json:"year,omitempty"`
	// Resident is the state the residency was decided for, "" when the
	// student gave none (the figure is then what a student from another
	// state pays).
	Resident string `json:"resident,omitempty"`
}

// Label says in words what the quote is: "institution's average graduate
// tuition, out-of-state, 2022-23".
func (q TuitionQuote) Label() string {
	switch q.Level {
	case TuitionCatalog:
		return "the program's tuition, as its provider states it"
	case TuitionGraduate:
		return "institution's average graduate tuition, " + q.Residency + ", " + q.Year
	}
	return "institution's undergraduate tuition and fees, " + q.Residency + ", " + q.Year
}

// Why says why the quote has its residency, for a page beside the figure.
func (q TuitionQuote) Why() string {
	switch {
	case q.Level == TuitionCatalog:
		return ""
	case q.Resident == "":
		return "what a student from another state pays; choose your state for in-state figures"
	case q.Residency == ResidencyInState:
		return "public institution in your state (" + q.Resident + ")"
	}
	return "you live in " + q.Resident + ": out-of-state or private"
}

// InStateFor reports whether a student resident in the state (a postal
// code, "" for none given) pays an institution's in-state tuition: only
// at a public institution of that state.
func InStateFor(in *Institution, resident string) bool {
	return resident != "" && in.Control == ControlPublic && in.State == resident
}

// TuitionFor returns the yearly tuition of the program for a student
// resident in the state (a postal code, "" for none given): a catalog's
// own figure in US dollars where its provider states one; otherwise the
// institution's graduate tuition for a graduate award (IsGraduate) and
// undergraduate tuition and fees for the others, in-state where
// InStateFor, out-of-state elsewhere.
func (p *Program) TuitionFor(resident string) TuitionQuote {
	if p.Institution.UnitID == 0 {
		q := TuitionQuote{Level: TuitionCatalog, Resident: resident}
		if t, ok := p.TuitionUSD(); ok {
			q.Amount = &t
		}
		return q
	}
	in := &p.Institution
	q := TuitionQuote{Level: TuitionUndergraduate, Residency: ResidencyOutOfState, Year: UndergraduateTuitionYear, Resident: resident}
	inState := InStateFor(in, resident)
	if inState {
		q.Residency = ResidencyInState
	}
	switch {
	case IsGraduate(p.Award.Code):
		q.Level, q.Year = TuitionGraduate, GraduateTuitionYear
		q.Amount = in.GradTuitionOutOfState
		if inState {
			q.Amount = in.GradTuitionInState
		}
	default:
		q.Amount = in.TuitionOutOfState
		if inState {
			q.Amount = in.TuitionInState
		}
	}
	return q
}

// TotalCost is an estimate of a program's whole tuition: the yearly
// figure of a TuitionQuote times the program's length in years
// (Program.Duration: its own where a catalog gives it, else its award
// level's typical length).
type TotalCost struct {
	Amount *float64 `json:"amount"` // nil where the tuition or the length is not known
	Years  float64  `json:"years"`
	// Typical is true when Years is the award level's typical length, not
	// the program's own.
	Typical bool `json:"typical"`
}

// TotalCostFor returns the estimated total cost of the program for a
// student resident in the state.
func (p *Program) TotalCostFor(resident string) TotalCost {
	years, ok := p.Duration()
	c := TotalCost{Years: years, Typical: p.DurationYears == nil}
	if q := p.TuitionFor(resident); ok && q.Amount != nil {
		v := *q.Amount * years
		c.Amount = &v
	}
	return c
}

// Method says how the estimate was made, for a page beside it.
func (c TotalCost) Method() string {
	kind := "the program's stated length"
	if c.Typical {
		kind = "the typical length of the award"
	}
	return fmt.Sprintf("estimate: yearly tuition × %s years (%s); fees, living costs and aid not included", trimZero(c.Years), kind)
}

func trimZero(v float64) string {
	return strings.TrimSuffix(strings.TrimRight(fmt.Sprintf("%.1f", v), "0"), ".")
}

// ValidResident returns the postal code of a "your state" choice: a
// postal code or a state's name, in any case; "" for "" and an EINVALID
// error naming the parameter for anything else.
func ValidResident(s string) (string, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return "", nil
	}
	if code, ok := USStateCode(s); ok {
		return code, nil
	}
	up := strings.ToUpper(s)
	for _, code := range usStates {
		if code == up {
			return code, nil
		}
	}
	return "", Errorf(EINVALID, "resident: %q is not a US state (give a postal code such as TX).", s)
}

// UnknownZIPError is the EINVALID error of a ZIP code that no service
// can place: not in the ZIP gazetteer and no institution's.
func UnknownZIPError(zip string) error {
	return Errorf(EINVALID, "zip: ZIP code %q is not in the ZIP code list (US Census 2000-era ZIP codes) nor any institution's, so it cannot be placed; check the code, try a neighbouring one, or give coordinates (lat and lon).", zip)
}

// ProgramCost is what a program costs one student: the yearly tuition
// and the estimated total.
type ProgramCost struct {
	Tuition TuitionQuote `json:"tuition"`
	Total   TotalCost    `json:"total"`
}

// CostFor returns the cost of the program for a student resident in the
// state ("" for none given).
func (p *Program) CostFor(resident string) *ProgramCost {
	return &ProgramCost{Tuition: p.TuitionFor(resident), Total: p.TotalCostFor(resident)}
}

// USState is a state, the District of Columbia or a territory, for a
// "your state" choice.
type USState struct {
	Code, Name string
}

// USStates returns every state, the District of Columbia and the
// territories that IPEDS covers, by name.
func USStates() []USState {
	seen := map[string]bool{}
	var out []USState
	for name, code := range usStates {
		if seen[code] || strings.HasPrefix(name, "u") && code == "VI" {
			continue // one name per code: "virgin islands"
		}
		seen[code] = true
		words := strings.Fields(name)
		for i, w := range words {
			if w != "of" {
				words[i] = strings.ToUpper(w[:1]) + w[1:]
			}
		}
		out = append(out, USState{Code: code, Name: strings.Join(words, " ")})
	}
	slices.SortFunc(out, func(a, b USState) int { return strings.Compare(a.Name, b.Name) })
	return out
}

// Brief is Label in a few words, for a card: "graduate average,
// out-of-state, 2022-23", with "other state" where the student chose none.
func (q TuitionQuote) Brief() string {
	switch q.Level {
	case TuitionCatalog:
		return "provider's figure"
	case TuitionGraduate:
		return "graduate average, " + q.residencyBrief() + ", " + q.Year
	}
	return "undergraduate, " + q.residencyBrief() + ", " + q.Year
}

func (q TuitionQuote) residencyBrief() string {
	if q.Resident == "" {
		return "out-of-state (no state chosen)"
	}
	return q.Residency
}

// Brief is Method in a few words, for a card.
func (c TotalCost) Brief() string {
	if c.Typical {
		return "estimate: " + trimZero(c.Years) + " typical years × tuition"
	}
	return "estimate: " + trimZero(c.Years) + " years × tuition"
}
