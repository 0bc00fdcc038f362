//go:build race

package search_test

// propertyFilters is how many random filters TestIndexMatchesSQL compares.
// Under the race detector each SQL query of the reference is tens of times
// slower and the index is read by one goroutine per query, so fewer filters
// keep the run within minutes; the full 200 run without -race.
const propertyFilters = 30
