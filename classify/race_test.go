//go:build race

package classify

// raceEnabled skips the tests that train the full model: training runs on
// one goroutine, so the race detector has nothing to find there, and it
// would take minutes.
const raceEnabled = true
