package experiment

import (
	"fmt"
	"math"
)

// Power is the power sample sizes are planned for: the chance that the
// fixed-horizon test detects an effect of the planned size.
const Power = 0.8

// Estimate is what a phase needs before it starts: the units per arm of
// the fixed-horizon two-proportion z-test (SampleSize, two-sided at
// Alpha, at Power), the units in all, and how long recent traffic takes
// to bring them.
type Estimate struct {
	Baseline    float64 `json:"baseline"`
	MDE         float64 `json:"mde"`
	Alpha       float64 `json:"alpha"`
	Power       float64 `json:"power"`
	UnitsPerArm uint64  `json:"units_per_arm"`
	Units       uint64  `json:"units"` // every arm's, at the arms' weights
	// UnitsPerDay is the recent traffic: units (visitors) a day; 0 when
	// unknown, and then Days is 0.
	UnitsPerDay float64 `json:"units_per_day"`
	Days        float64 `json:"days"`
}

// EstimatePhase returns the estimate for arms with the weights (basis
// points; the rest of the traffic is outside the experiment) at the
// recent traffic unitsPerDay (0 if unknown). The smallest arm sets the
// pace: it must reach UnitsPerArm.
func EstimatePhase(baseline, mde float64, weights []int, unitsPerDay float64) (Estimate, error) {
	e := Estimate{Baseline: baseline, MDE: mde, Alpha: Alpha, Power: Power, UnitsPerDay: unitsPerDay}
	n, err := SampleSize(baseline, mde, Alpha, Power)
	if err != nil {
		return e, err
	}
	e.UnitsPerArm = n
	least, sum := math.MaxInt, 0
	for _, w := range weights {
		least, sum = min(least, w), sum+w
	}
	if len(weights) < 2 || least <= 0 || sum > 10000 {
		return e, fmt.Errorf("experiment: want two or more arms with positive weights summing to at most 10,000 basis points, not %v", weights)
	}
	// Units arrive in proportion to the weights; the whole experiment
	// takes in sum/least times the smallest arm's.
	e.Units = uint64(math.Ceil(float64(n) * float64(sum) / float64(least)))
	if unitsPerDay > 0 {
		e.Days = float64(n) / (unitsPerDay * float64(least) / 10000)
	}
	return e, nil
}
