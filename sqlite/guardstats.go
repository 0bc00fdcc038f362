package sqlite

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	careerpath "github.com/careerpath/careerpath"
)

var _ careerpath.GuardStatsStore = (*DB)(nil)

// guardTime is how guard_stats keeps instants: fixed width, so that text
// compares as time does.
const guardTime = "2006-01-02T15:04:05.000000Z"

// SaveGuardStats stores s in place of the row of its version and replica.
func (db *DB) SaveGuardStats(ctx context.Context, s *careerpath.GuardStats) error {
	if err := careerpath.ValidGuardStats(s); err != nil {
		return err
	}
	lat, _ := json.Marshal(orEmpty(s.Latency))
	_, err := db.exec(ctx, `INSERT INTO guard_stats (version, replica, calls, errors, latency, failure, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (version, replica) DO UPDATE SET calls = excluded.calls, errors = excluded.errors,
			latency = excluded.latency, failure = excluded.failure, updated_at = excluded.updated_at`,
		s.Version, s.Replica, s.Calls, s.Errors, string(lat), s.Failure, s.UpdatedAt.UTC().Format(guardTime))
	if err != nil {
		return storageError(fmt.Errorf("store guard statistics: %w", err))
	}
	return nil
}

// FindGuardStats returns the rows of version updated at or after since.
func (db *DB) FindGuardStats(ctx context.Context, version string, since time.Time) ([]*careerpath.GuardStats, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT replica, calls, errors, latency, failure, updated_at FROM guard_stats
		WHERE version = ? AND updated_at >= ? ORDER BY replica`, version, since.UTC().Format(guardTime))
	if err != nil {
		return nil, fmt.Errorf("find guard statistics: %w", err)
	}
	defer rows.Close()
	out := []*careerpath.GuardStats{}
	for rows.Next() {
		s := careerpath.GuardStats{Version: version}
		var lat, at string
		if err := rows.Scan(&s.Replica, &s.Calls, &s.Errors, &lat, &s.Failure, &at); err != nil {
			return nil, fmt.Errorf("find guard statistics: %w", err)
		}
		if err := json.Unmarshal([]byte(lat), &s.Latency); err != nil {
			return nil, fmt.Errorf("guard statistics of %s on %s: latency %q: %w", version, s.Replica, lat, err)
		}
		s.UpdatedAt, _ = time.Parse(guardTime, at)
		out = append(out, &s)
	}
	return out, rows.Err()
}

// DeleteGuardStats deletes the rows updated before before.
func (db *DB) DeleteGuardStats(ctx context.Context, before time.Time) (int, error) {
	res, err := db.exec(ctx, `DELETE FROM guard_stats WHERE updated_at < ?`, before.UTC().Format(guardTime))
	if err != nil {
		return 0, storageError(fmt.Errorf("delete guard statistics: %w", err))
	}
	n, _ := res.RowsAffected()
	return int(n), nil
}

func orEmpty(s []int) []int {
	if s == nil {
		return []int{}
	}
	return s
}
