package sqlite

import (
	"context"
	"fmt"
	"time"
)

// ExperimentUnitsSince returns how many visitors saw an experiment's
// ranking since the time: the recent traffic a new phase can expect.
func (db *DB) ExperimentUnitsSince(ctx context.Context, since time.Time) (int, error) {
	var n int
	// Compared as instants, not as text: RFC 3339 with a trimmed fraction
	// ("07.5Z") sorts before the whole second ("07Z").
	if err := db.read.QueryRowContext(ctx, `SELECT count(DISTINCT visitor) FROM experiment_exposures WHERE julianday(at) >= julianday(?)`,
		since.UTC().Format(time.RFC3339Nano)).Scan(&n); err != nil {
		return 0, fmt.Errorf("experiment traffic: %w", err)
	}
	return n, nil
}
