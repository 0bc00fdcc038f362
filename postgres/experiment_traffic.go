package postgres

import (
	"context"
	"fmt"
	"time"
)

// ExperimentUnitsSince returns how many visitors saw an experiment's
// ranking since the time: the recent traffic a new phase can expect.
func (db *DB) ExperimentUnitsSince(ctx context.Context, since time.Time) (int, error) {
	var n int
	if err := db.pool.QueryRow(ctx, `SELECT count(DISTINCT visitor) FROM experiment_exposures WHERE at >= $1`, since.UTC()).Scan(&n); err != nil {
		return 0, storageError(fmt.Errorf("experiment traffic: %w", err))
	}
	return n, nil
}
