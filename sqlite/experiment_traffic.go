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
	if err := db.read.QueryRowContext(ctx, `SELECT count(DISTINCT visitor) FROM experiment_exposures WHERE at >= ?`,
		since.UTC().Format(time.RFC3339Nano)).Scan(&n); err != nil {
		return 0, fmt.Errorf("experiment traffic: %w", err)
	}
	return n, nil
}
