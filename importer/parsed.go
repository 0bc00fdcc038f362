package importer

// parsed holds the records that the program derivation joins.
type parsed struct {
	programStats ProgramStats
}

// ProgramStats are the figures of the program derivation.
type ProgramStats struct {
	Programs int
	// Bachelor's programs with Scorecard outcomes, of all bachelor's
	// programs; Scorecard rows that matched a program, of all rows.
	BachelorsWithOutcomes, Bachelors int
	ScorecardMatched, ScorecardRows  int
}
