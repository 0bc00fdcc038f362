package importer

import (
	"sort"
	"strings"
	"unicode"

	careerpath "github.com/careerpath/careerpath"
	"github.com/careerpath/careerpath/opendata"
)

// trendYears are the years of the IPEDS trend file, oldest first.
var trendYears = []int{2020, 2021, 2022, 2023, 2024}

// derivePrograms joins IPEDS completions with the institution directory,
// the CIP titles, the completions trend and Scorecard outcomes: one program
// per institution × 6-digit CIP × award level. Completions that cannot be
// placed (unknown institution, CIP code or award level) are rejected with
// the reason. A program's Institution carries only the UNITID: the
// institution itself is stored once, apart.
func derivePrograms(p *parsed, res *Result) []careerpath.Program {
	titles := map[string]string{}
	for _, c := range p.cip {
		titles[c.Code] = strings.TrimSuffix(c.Title, ".")
	}
	insts := map[int]bool{}
	for _, in := range p.institutions {
		insts[in.UnitID] = true
	}
	type key struct {
		unit  int
		cip   string
		award int
	}
	trend := map[key][]*int{}
	for _, c := range p.trends {
		k := key{c.UnitID, c.CIP, c.AwardLevel}
		t := trend[k]
		if t == nil {
			t = make([]*int, len(trendYears))
			trend[k] = t
		}
		if i := c.Year - trendYears[0]; i >= 0 && i < len(t) {
			n := c.Total
			t[i] = &n
		}
	}
	outcomes := matchScorecard(p, titles)

	rows := make([]careerpath.Program, 0, len(p.completions))
	for _, c := range p.completions {
		if !insts[c.UnitID] {
			res.reject("institution not in the IPEDS 2024 directory")
			continue
		}
		title, ok := titles[c.CIP]
		if !ok && len(c.CIP) == 7 && titles[c.CIP[:5]] != "" {
			// Codes added to CIP 2020 after its release (49.0109 Remote
			// Aircraft Pilot) are named after their series, with the code.
			title, ok = titles[c.CIP[:5]]+" ("+c.CIP+")", true
		}
		if !ok {
			res.reject("CIP code not in CIP 2020")
			continue
		}
		award, ok := careerpath.FindAwardLevel(c.AwardLevel)
		if !ok {
			res.reject("unknown award level")
			continue
		}
		pr := careerpath.Program{
			Institution: careerpath.Institution{UnitID: c.UnitID},
			Name:        title, CIP: c.CIP, CIPTitle: title, Award: award,
			Completers: c.Total, CompletersTrend: trend[key{c.UnitID, c.CIP, c.AwardLevel}],
			Source: "ipeds",
		}
		if c.AwardLevel == careerpath.AwardBachelor && len(c.CIP) >= 5 {
			if o, ok := outcomes[outcomeKey{c.UnitID, c.CIP[:5]}]; ok {
				pr.Earnings1Yr, pr.Earnings4Yr, pr.MeanDebt = o.Earnings1Yr, o.Earnings4Yr, o.MeanDebt
				o.used = true
			}
		}
		rows = append(rows, pr)
	}
	sort.Slice(rows, func(i, j int) bool {
		a, b := rows[i], rows[j]
		if a.Institution.UnitID != b.Institution.UnitID {
			return a.Institution.UnitID < b.Institution.UnitID
		}
		if a.CIP != b.CIP {
			return a.CIP < b.CIP
		}
		return a.Award.Code < b.Award.Code
	})
	st := &p.programStats
	st.Programs = len(rows)
	for i := range rows {
		rows[i].ID = int64(i + 1)
		if rows[i].Award.Code == careerpath.AwardBachelor {
			st.Bachelors++
			if rows[i].Earnings1Yr != nil || rows[i].Earnings4Yr != nil || rows[i].MeanDebt != nil {
				st.BachelorsWithOutcomes++
			}
		}
	}
	st.ScorecardRows = len(p.scorecard)
	for _, o := range outcomes {
		if o.used {
			st.ScorecardMatched += o.rows
		}
	}
	return rows
}

type outcomeKey struct {
	unit int
	cip4 string
}

// outcome is a Scorecard row matched to an institution and a CIP series.
type outcome struct {
	Earnings1Yr, Earnings4Yr, MeanDebt *float64
	rows                               int  // Scorecard rows with this key
	used                               bool // some program took it
}

// matchScorecard places Scorecard field-of-study rows, which name the
// institution and the 4-digit CIP title but give no codes. An institution
// name shared by several IPEDS institutions is ambiguous and left
// unmatched rather than guessed. It also records each row's match on the
// parsed rows for storage.
func matchScorecard(p *parsed, titles map[string]string) map[outcomeKey]*outcome {
	byName := map[string][]int{}
	for _, in := range p.institutions {
		n := normName(in.Name)
		byName[n] = append(byName[n], in.UnitID)
	}
	series := map[string]string{}
	for code, title := range titles {
		if len(code) == 5 { // "11.07"
			series[normName(title)] = code
		}
	}
	out := map[outcomeKey]*outcome{}
	p.scorecardMatch = make([]opendata.ScorecardMatch, len(p.scorecard))
	for i, s := range p.scorecard {
		units := byName[normName(s.Institution)]
		cip4, ok := series[normName(s.Major)]
		if len(units) != 1 || !ok {
			continue
		}
		k := outcomeKey{units[0], cip4}
		p.scorecardMatch[i] = opendata.ScorecardMatch{UnitID: units[0], CIP4: cip4}
		if o, dup := out[k]; dup {
			o.rows++
			continue
		}
		out[k] = &outcome{Earnings1Yr: s.Earnings1Yr, Earnings4Yr: s.Earnings4Yr, MeanDebt: s.MeanDebt, rows: 1}
	}
	return out
}

// normName folds a name for matching: lower case, "&" as "and", letters and
// digits only, single spaces.
func normName(s string) string {
	s = strings.ToLower(strings.ReplaceAll(s, "&", " and "))
	var b strings.Builder
	space := false
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			if space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			b.WriteRune(r)
			space = false
		} else {
			space = true
		}
	}
	return b.String()
}

// institutionRows merges tuition and distance enrolment into the directory.
func institutionRows(p *parsed, tuition, distance *Result) []careerpath.Institution {
	tu := map[int]opendata.Tuition{}
	for _, t := range p.tuition {
		tu[t.UnitID] = t
	}
	de := map[int]opendata.DistanceEnrollment{}
	for _, d := range p.distance {
		de[d.UnitID] = d
	}
	known := map[int]bool{}
	out := make([]careerpath.Institution, 0, len(p.institutions))
	for _, in := range p.institutions {
		known[in.UnitID] = true
		inst := careerpath.Institution{
			UnitID: in.UnitID, Name: in.Name, City: in.City, State: in.State, ZIP: in.ZIP, Country: "US",
			Web: in.Web, Aliases: opendata.SplitAliases(in.Alias), Control: careerpath.Control(in.Control), Latitude: in.Latitude, Longitude: in.Longitude,
		}
		if t, ok := tu[in.UnitID]; ok {
			inst.TuitionInState, inst.TuitionOutOfState, inst.TuitionYear = t.InState, t.OutOfState, "2023-24"
		}
		if d, ok := de[in.UnitID]; ok {
			for _, y := range d.Years {
				if y.Year != 2024 {
					continue
				}
				inst.Enrollment, inst.DistanceEnrollment = y.Total, y.Exclusive
				if y.Total != nil && y.Exclusive != nil && *y.Total > 0 {
					share := float64(*y.Exclusive) / float64(*y.Total)
					inst.OnlineShare = &share
				}
			}
		}
		out = append(out, inst)
	}
	for _, t := range p.tuition {
		if !known[t.UnitID] {
			tuition.reject("institution not in the IPEDS 2024 directory")
		}
	}
	for _, d := range p.distance {
		if !known[d.UnitID] {
			distance.reject("institution not in the IPEDS 2024 directory")
		}
	}
	tuition.Stored = len(p.tuition) - tuition.Rejected()
	distance.Stored = len(p.distance) - distance.Rejected()
	return out
}
