package opendata

import (
	"fmt"
	"io"
)

// ZIPCentroid is the approximate centre of a US ZIP code
// (us_zip_centroids.csv), rounded by the publisher to about a kilometre.
type ZIPCentroid struct {
	ZIP      string // 5 digits, leading zeros kept: "01433"
	City     string
	State    string // postal code
	Lat, Lon float64
}

// RejectedRow is a row a parser left out, with where it was and why: the
// file is usable without it, and repairing it would be a guess.
type RejectedRow struct {
	Line   int
	Key    string // the row's key, such as its ZIP code
	Reason string
}

// ReasonSwappedCoordinates is the reason of a ZIP centroid whose latitude
// and longitude are swapped with the sign lost: about 900 rows of the
// bundled file (see data/README.md), such as "01433,…,71.62,42.53".
const ReasonSwappedCoordinates = "latitude and longitude swapped with the sign lost (a longitude east of Greenwich for a state in the western hemisphere)"

// easternStates are the US postal codes whose ZIP codes lie east of
// Greenwich (Guam, the Northern Mariana Islands, Palau, Micronesia, the
// Marshall Islands): only there is a positive longitude right.
var easternStates = map[string]bool{"GU": true, "MP": true, "PW": true, "FM": true, "MH": true}

// ParseZIPCentroids reads us_zip_centroids.csv, one row per ZIP code (a
// repeated code fails the parse, as does a code that is not 5 digits or a
// coordinate that is not a number within range). A row with a positive
// longitude in a state of the western hemisphere has its latitude and
// longitude swapped with the sign lost: it is not repaired but returned
// among the rejected rows with its line, so that the import counts it.
func ParseZIPCentroids(src Source, r io.Reader) ([]ZIPCentroid, []RejectedRow, error) {
	t, err := openTable(src, r, formatCSV, "code", "city", "state", "lat", "lon")
	if err != nil {
		return nil, nil, err
	}
	var rows []ZIPCentroid
	var rejected []RejectedRow
	seen := map[string]int{}
	for t.next() {
		z := ZIPCentroid{ZIP: t.required("code"), City: t.str("city"), State: t.required("state")}
		if t.Err() == nil && !fiveDigits(z.ZIP) {
			t.fail("code", "want a 5-digit ZIP code such as 01433, got %q", z.ZIP)
		}
		z.Lat, z.Lon = t.float("lat"), t.float("lon")
		// A swapped row's "latitude" is a longitude and may exceed 90, so
		// the swap is recognised before the ranges are checked.
		if t.Err() == nil && z.Lon > 0 && !easternStates[z.State] {
			t.unique(seen, z.ZIP, "code")
			if t.Err() != nil {
				return nil, nil, t.Err()
			}
			rejected = append(rejected, RejectedRow{Line: t.line, Key: z.ZIP, Reason: ReasonSwappedCoordinates})
			continue
		}
		if t.Err() == nil && (z.Lat < -90 || z.Lat > 90) {
			t.fail("lat", "want degrees between -90 and 90, got %v", z.Lat)
		}
		if t.Err() == nil && (z.Lon < -180 || z.Lon > 180) {
			t.fail("lon", "want degrees between -180 and 180, got %v", z.Lon)
		}
		t.unique(seen, z.ZIP, "code")
		if t.Err() != nil {
			return nil, nil, t.Err()
		}
		rows = append(rows, z)
	}
	if t.Err() != nil {
		return nil, nil, t.Err()
	}
	return rows, rejected, nil
}

func fiveDigits(s string) bool {
	if len(s) != 5 {
		return false
	}
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// String returns the rejected row as "line 1432 (01433): reason".
func (r RejectedRow) String() string { return fmt.Sprintf("line %d (%s): %s", r.Line, r.Key, r.Reason) }
