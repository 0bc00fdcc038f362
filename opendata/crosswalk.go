package opendata

import "io"

// CrosswalkPair is one row of the NCES/BLS CIP 2020 to SOC 2018 crosswalk:
// a program that prepares for an occupation.
//
// The crosswalk also lists programs that prepare for no occupation (SOC
// "99-9999", title "NO MATCH" in the file) and occupations that no program
// prepares for (CIP "99.9999", "NO MATCH"). Those rows are kept, with the
// missing side blank: SOC and SOCTitle "" for a program without
// occupation, CIP and CIPTitle "" for an occupation without program. The
// file's placeholder codes are never returned, so they cannot be joined
// by mistake.
type CrosswalkPair struct {
	CIP      string // normalised 6-digit CIP code, "11.0701"; "" for no program
	CIPTitle string // "Computer Science."
	SOC      string // 6-digit SOC 2018 code, "15-2051"; "" for no occupation
	SOCTitle string
}

// The placeholder codes of the crosswalk for "no match".
const (
	crosswalkNoCIP = "99.9999"
	crosswalkNoSOC = "99-9999"
)

// ParseCrosswalk reads cip2020_soc2018_crosswalk.csv. A repeated (CIP, SOC)
// pair, a malformed code or a row matching nothing to nothing fails the
// parse.
func ParseCrosswalk(src Source, r io.Reader) ([]CrosswalkPair, error) {
	t, err := openTable(src, r, formatCSV, "CIP2020Code", "CIP2020Title", "SOC2018Code", "SOC2018Title")
	if err != nil {
		return nil, err
	}
	var out []CrosswalkPair
	seen := map[string]int{}
	for t.next() {
		var p CrosswalkPair
		noCIP := t.str("CIP2020Code") == crosswalkNoCIP
		noSOC := t.str("SOC2018Code") == crosswalkNoSOC
		if noCIP && noSOC {
			t.fail("SOC2018Code", "row matches no program to no occupation")
		}
		if !noCIP {
			p.CIP = t.cip("CIP2020Code")
			p.CIPTitle = t.required("CIP2020Title")
			if t.Err() == nil && len(p.CIP) != 7 {
				t.fail("CIP2020Code", "want a 6-digit CIP code such as 11.0701, got %q", t.str("CIP2020Code"))
			}
		}
		if !noSOC {
			p.SOC = t.required("SOC2018Code")
			p.SOCTitle = t.required("SOC2018Title")
			if p.SOC != "" && !IsSOC(p.SOC) {
				t.fail("SOC2018Code", "want a SOC code such as 15-2051, got %q", p.SOC)
			}
		}
		t.unique(seen, p.CIP+" "+p.SOC, "SOC2018Code")
		if t.Err() != nil {
			break
		}
		out = append(out, p)
	}
	return orNone(out, t.Err())
}
