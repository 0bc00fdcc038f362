//go:build !race

package search_test

// propertyFilters is how many random filters TestIndexMatchesSQL compares.
const propertyFilters = 200
