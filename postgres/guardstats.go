package postgres

import (
	"context"
	"fmt"
	"time"

	careerpath "github.com/careerpath/careerpath"
)

var _ careerpath.GuardStatsStore = (*DB)(nil)

// SaveGuardStats stores s in place of the row of its version and replica.
func (db *DB) SaveGuardStats(ctx context.Context, s *careerpath.GuardStats) error {
	if err := careerpath.ValidGuardStats(s); err != nil {
		return err
	}
	lat := make([]int32, len(s.Latency))
	for i, n := range s.Latency {
		lat[i] = int32(min(n, 1<<31-1))
	}
	_, err := db.pool.Exec(ctx, `INSERT INTO guard_stats (version, replica, calls, errors, latency, failure, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7)
		ON CONFLICT (version, replica) DO UPDATE SET calls = excluded.calls, errors = excluded.errors,
			latency = excluded.latency, failure = excluded.failure, updated_at = excluded.updated_at`,
		s.Version, s.Replica, s.Calls, s.Errors, lat, s.Failure, s.UpdatedAt.UTC())
	if err != nil {
		return storageError(fmt.Errorf("store guard statistics: %w", err))
	}
	return nil
}

// FindGuardStats returns the rows of version updated at or after since.
func (db *DB) FindGuardStats(ctx context.Context, version string, since time.Time) ([]*careerpath.GuardStats, error) {
	rows, err := db.pool.Query(ctx, `SELECT replica, calls, errors, latency, failure, updated_at FROM guard_stats
		WHERE version = $1 AND updated_at >= $2 ORDER BY replica`, version, since.UTC())
	if err != nil {
		return nil, storageError(fmt.Errorf("find guard statistics: %w", err))
	}
	defer rows.Close()
	out := []*careerpath.GuardStats{}
	for rows.Next() {
		s := careerpath.GuardStats{Version: version}
		var lat []int32
		if err := rows.Scan(&s.Replica, &s.Calls, &s.Errors, &lat, &s.Failure, &s.UpdatedAt); err != nil {
			return nil, storageError(fmt.Errorf("find guard statistics: %w", err))
		}
		s.Latency = make([]int, len(lat))
		for i, n := range lat {
			s.Latency[i] = int(n)
		}
		s.UpdatedAt = s.UpdatedAt.UTC()
		out = append(out, &s)
	}
	if err := rows.Err(); err != nil {
		return nil, storageError(fmt.Errorf("find guard statistics: %w", err))
	}
	return out, nil
}

// DeleteGuardStats deletes the rows updated before before.
func (db *DB) DeleteGuardStats(ctx context.Context, before time.Time) (int, error) {
	tag, err := db.pool.Exec(ctx, `DELETE FROM guard_stats WHERE updated_at < $1`, before.UTC())
	if err != nil {
		return 0, storageError(fmt.Errorf("delete guard statistics: %w", err))
	}
	return int(tag.RowsAffected()), nil
}
