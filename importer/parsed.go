package importer

import (
	"github.com/careerpath/careerpath/opendata"
)

// parsed holds the records that the program derivation joins.
type parsed struct {
	cip            []opendata.CIPCode
	institutions   []opendata.Institution
	tuition        []opendata.Tuition
	gradTuition    []opendata.GraduateTuition
	distance       []opendata.DistanceEnrollment
	completions    []opendata.Completion
	trends         []opendata.CompletionYear
	scorecard      []opendata.ScorecardField
	scorecardMatch []opendata.ScorecardMatch // where each Scorecard row was placed
	programStats   ProgramStats
}

// ProgramStats are the figures of the program derivation.
type ProgramStats struct {
	Programs int
	// Bachelor's programs with Scorecard outcomes, of all bachelor's
	// programs; Scorecard rows that matched a program, of all rows.
	BachelorsWithOutcomes, Bachelors int
	ScorecardMatched, ScorecardRows  int
}
