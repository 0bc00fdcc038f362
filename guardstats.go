package careerpath

import (
	"context"
	"time"
)

// GuardStats is one replica's calls answered by a model version, as the
// rollback guard (package registry) keeps them in the database: every
// replica writes its own row, so that the leader judges a new champion on
// the traffic of the whole fleet, and a leader that takes over mid-watch
// sees what was observed before it led.
type GuardStats struct {
	Version string `json:"version"`
	Replica string `json:"replica"` // the writing replica's ID
	Calls   int    `json:"calls"`
	Errors  int    `json:"errors"`
	// Latency counts the calls by their latency per entry, in the
	// guard's bins (bin i holds latencies up to 1 µs × 1.2^i); trailing
	// empty bins may be left off.
	Latency []int `json:"latency"`
	// Failure is why the version failed to load or warm up on this
	// replica; empty if it did not.
	Failure   string    `json:"failure,omitempty"`
	UpdatedAt time.Time `json:"updated_at"`
}

// GuardStatsStore keeps the rollback guard's watch, shared by every
// replica of a database.
type GuardStatsStore interface {
	// SaveGuardStats stores s in place of the row of its version and
	// replica, if any.
	SaveGuardStats(ctx context.Context, s *GuardStats) error
	// FindGuardStats returns the rows of version updated at or after
	// since, by replica.
	FindGuardStats(ctx context.Context, version string, since time.Time) ([]*GuardStats, error)
	// DeleteGuardStats deletes the rows updated before before and returns
	// how many it deleted.
	DeleteGuardStats(ctx context.Context, before time.Time) (int, error)
}

// maxGuardBins bounds a row's latency histogram (the guard uses 120).
const maxGuardBins = 1000

// ValidGuardStats checks a row before it is stored.
func ValidGuardStats(s *GuardStats) error {
	switch {
	case s.Version == "":
		return Errorf(EINVALID, "Guard statistics need a model version.")
	case s.Replica == "":
		return Errorf(EINVALID, "Guard statistics need a replica.")
	case s.Calls < 0 || s.Errors < 0 || s.Errors > s.Calls:
		return Errorf(EINVALID, "Guard statistics of %s: %d errors in %d calls (want 0 ≤ errors ≤ calls).", s.Version, s.Errors, s.Calls)
	case len(s.Latency) > maxGuardBins:
		return Errorf(EINVALID, "Guard statistics of %s: %d latency bins, at most %d.", s.Version, len(s.Latency), maxGuardBins)
	case s.UpdatedAt.IsZero():
		return Errorf(EINVALID, "Guard statistics of %s need the time they were taken.", s.Version)
	}
	for i, n := range s.Latency {
		if n < 0 {
			return Errorf(EINVALID, "Guard statistics of %s: latency bin %d counts %d (want ≥ 0).", s.Version, i, n)
		}
	}
	return nil
}

// GuardWatch is the rollback guard's watch of a new champion, on the
// figures of every replica, as the admin pages show it.
type GuardWatch struct {
	Version      string    `json:"version"`
	Replaced     string    `json:"replaced"` // what a rollback goes back to
	Since        time.Time `json:"since"`    // the promotion
	Until        time.Time `json:"until"`    // the end of the window
	Calls        int       `json:"calls"`
	Errors       int       `json:"errors"`
	MinCalls     int       `json:"min_calls"` // judged from this many calls
	ErrorRate    float64   `json:"error_rate"`
	MaxErrorRate float64   `json:"max_error_rate"`
	P99us        float64   `json:"p99_us"`
	BoundP99us   float64   `json:"bound_p99_us"`
	Replicas     []string  `json:"replicas"` // whose figures these are
	// Breaches are the thresholds the figures breach now: the leader
	// rolls back at its next check.
	Breaches []string `json:"breaches"`
}
