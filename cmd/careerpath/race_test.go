//go:build race

package main

// raceEnabled skips the end-to-end tests that import the full open data
// for a server of their own under the race detector, where an import
// takes minutes; their race-prone parts run in lighter tests too.
const raceEnabled = true
