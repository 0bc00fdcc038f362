package careerpath

import "strings"

// Control is who runs an institution, as IPEDS classifies it.
type Control int

// IPEDS CONTROL codes.
const (
	ControlUnknown   Control = 0
	ControlPublic    Control = 1
	ControlNonprofit Control = 2
	ControlForProfit Control = 3
)

// String returns the control as a reader would say it.
func (c Control) String() string {
	switch c {
	case ControlPublic:
		return "Public"
	case ControlNonprofit:
		return "Private nonprofit"
	case ControlForProfit:
		return "Private for-profit"
	}
	return "Unknown"
}

// Institution is a college or university.
type Institution struct {
	UnitID  int    `json:"unitid"` // IPEDS UNITID; 0 for institutions outside IPEDS
	Name    string `json:"name"`
	City    string `json:"city"`
	State   string `json:"state"`
	ZIP     string `json:"zip"`
	Country string `json:"country"` // ISO 3166-1 alpha-2
	Web     string `json:"web"`
	// Aliases are other names the institution goes by (IPEDS IALIAS).
	Aliases   []string `json:"aliases,omitempty"`
	Control   Control  `json:"control"`
	Latitude  *float64 `json:"latitude,omitempty"`
	Longitude *float64 `json:"longitude,omitempty"`

	// Undergraduate tuition and fees for a full-time year (institution
	// level, not per program); nil where not reported.
	TuitionInState    *float64 `json:"tuition_in_state,omitempty"`
	TuitionOutOfState *float64 `json:"tuition_out_of_state,omitempty"`
	TuitionYear       string   `json:"tuition_year,omitempty"`

	// The institution's average tuition for full-time graduate students
	// (IPEDS 2022-23, tuition only, fees apart); nil where not reported.
	GradTuitionInState    *float64 `json:"grad_tuition_in_state,omitempty"`
	GradTuitionOutOfState *float64 `json:"grad_tuition_out_of_state,omitempty"`

	// OnlineShare is the share of all students enrolled exclusively in
	// distance education (fall 2024): an institution-level signal of online
	// availability, not a fact about any one program.
	OnlineShare        *float64 `json:"online_share,omitempty"`
	Enrollment         *int     `json:"enrollment,omitempty"`
	DistanceEnrollment *int     `json:"distance_enrollment,omitempty"`
}

// Award levels, as IPEDS AWLEVEL codes, and AwardUnknown for a catalog
// program whose degree names no level the catalog parser recognises.
const (
	AwardUnknown          = 0
	AwardCertUnder12Weeks = 20
	AwardCertUnder1Year   = 21
	AwardCert1To2Years    = 2
	AwardAssociate        = 3
	AwardCert2To4Years    = 4
	AwardBachelor         = 5
	AwardPostbacCert      = 6
	AwardMaster           = 7
	AwardPostMasterCert   = 8
	AwardDoctorResearch   = 17
	AwardDoctorProfession = 18
	AwardDoctorOther      = 19
)

// AwardLevel describes an IPEDS award level for readers.
type AwardLevel struct {
	Code int    `json:"code"`
	Name string `json:"name"` // "Bachelor's"
	// TypicalYears is the usual full-time length of a program at this
	// level, from its definition: a typical figure, not a program's own.
	TypicalYears float64 `json:"typical_years"`
	// Order sorts levels from shortest to most advanced.
	Order int `json:"-"`
}

// AwardLevels lists every IPEDS award level in order of advancement.
var AwardLevels = []AwardLevel{
	{AwardCertUnder12Weeks, "Certificate (< 12 weeks)", 0.2, 1},
	{AwardCertUnder1Year, "Certificate (< 1 year)", 0.5, 2},
	{AwardCert1To2Years, "Certificate (1–2 years)", 1.5, 3},
	{AwardAssociate, "Associate's", 2, 4},
	{AwardCert2To4Years, "Certificate (2–4 years)", 3, 5},
	{AwardBachelor, "Bachelor's", 4, 6},
	{AwardPostbacCert, "Postbaccalaureate certificate", 1, 7},
	{AwardMaster, "Master's", 2, 8},
	{AwardPostMasterCert, "Post-master's certificate", 1, 9},
	{AwardDoctorResearch, "Doctorate (research)", 5, 10},
	{AwardDoctorProfession, "Doctorate (professional practice)", 4, 11},
	{AwardDoctorOther, "Doctorate (other)", 4, 12},
}

// FindAwardLevel returns the award level with the IPEDS code, and false if
// there is none.
func FindAwardLevel(code int) (AwardLevel, bool) {
	for _, l := range AwardLevels {
		if l.Code == code {
			return l, true
		}
	}
	return AwardLevel{}, false
}

// Program is an institution's offering of a field of study at an award
// level.
type Program struct {
	ID          int64       `json:"id"`
	Institution Institution `json:"institution"`
	Name        string      `json:"name"` // the CIP title where no better name is known
	CIP         string      `json:"cip"`  // 6-digit CIP 2020 code, "11.0701"
	CIPTitle    string      `json:"cip_title"`
	Award       AwardLevel  `json:"award"`

	// Completers in the latest IPEDS year, and per year where the trend
	// file covers the field (index 0 is 2020).
	Completers      int    `json:"completers"`
	CompletersTrend []*int `json:"completers_trend,omitempty"`

	// Outcomes from the College Scorecard for the institution's bachelor's
	// graduates in the program's 4-digit CIP series, where institution and
	// field matched; nil where unknown or suppressed. Earnings are medians;
	// debt is the average the Scorecard file gives.
	Earnings1Yr *float64 `json:"earnings_1yr,omitempty"`
	Earnings4Yr *float64 `json:"earnings_4yr,omitempty"`
	MeanDebt    *float64 `json:"mean_debt,omitempty"`

	// Facts only a provider catalog gives about one program; zero where
	// unknown, as for every IPEDS program.
	Format          string   `json:"format,omitempty"`           // FormatOnline, FormatOnCampus or FormatHybrid
	DurationYears   *float64 `json:"duration_years,omitempty"`   // the program's own length, not the award level's typical one
	Tuition         *float64 `json:"tuition,omitempty"`          // as the catalog states it, in TuitionCurrency
	TuitionCurrency string   `json:"tuition_currency,omitempty"` // ISO 4217
	URL             string   `json:"url,omitempty"`
	// CIPSource is where a catalog program's CIP code came from
	// (CIPSourceCatalog or CIPSourceModel), "" for IPEDS programs;
	// CIPConfidence is how sure the code is: 1 for a code the catalog
	// gave, the classifier's probability for a predicted one, 0 (not
	// used) for IPEDS programs.
	CIPSource     string  `json:"cip_source,omitempty"`
	CIPConfidence float64 `json:"cip_confidence,omitempty"`
	// ConcentrationCIP is the field of study of the concentration a
	// catalog program's name gives after its head ("MBA with a
	// concentration in Data Science": 30.7001), as the relevance model
	// read it; "" for none. It can make the program related, never strong
	// (relevance.Rule.OfConcentration).
	ConcentrationCIP string `json:"concentration_cip,omitempty"`

	Source string `json:"source"` // "ipeds" or a provider catalog's name
}

// Duration returns the program's length in years for the finder's filter,
// facet and sort: its own length where a provider catalog gives one, else
// the typical length of its award level; false where neither is known (a
// catalog degree the parser did not recognise, without a duration).
func (p *Program) Duration() (float64, bool) {
	if p.DurationYears != nil {
		return *p.DurationYears, true
	}
	if l, ok := FindAwardLevel(p.Award.Code); ok {
		return l.TypicalYears, true
	}
	return 0, false
}

// Online reports how the finder's delivery filter counts a catalog
// program: a provider's "online" or "hybrid" is online (the program can be
// followed mostly at a distance), "on-campus" and no format are campus.
// IPEDS programs have no format and use their institution's online
// signal (IsOnline) instead.
func (p *Program) Online() bool { return p.Format == FormatOnline || p.Format == FormatHybrid }

// TuitionUSD returns a catalog program's stated tuition where it is in US
// dollars. Only such tuition takes part in the finder's tuition filter,
// facet and sort, beside the IPEDS in-state figures: amounts in other
// currencies are shown as stated but not converted, so they count as not
// reported rather than compared at a made-up rate.
func (p *Program) TuitionUSD() (float64, bool) {
	if p.Tuition != nil && p.TuitionCurrency == "USD" {
		return *p.Tuition, true
	}
	return 0, false
}

// ZIP5 returns the 5-digit ZIP code of a US ZIP or ZIP+4 ("35294-0110"),
// "" if s is not one.
func ZIP5(s string) string {
	s = strings.TrimSpace(s)
	if len(s) < 5 {
		return ""
	}
	for _, c := range s[:5] {
		if c < '0' || c > '9' {
			return ""
		}
	}
	if len(s) > 5 && s[5] != '-' && s[5] != ' ' {
		return ""
	}
	return s[:5]
}
