package postgres

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	careerpath "github.com/careerpath/careerpath"
	"github.com/careerpath/careerpath/experiment"
)

var _ careerpath.ExperimentService = (*DB)(nil)

// querier is the pool or a transaction.
type querier interface {
	Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error)
}

// CreateExperiment stores a new running experiment and its first phase.
func (db *DB) CreateExperiment(ctx context.Context, e *careerpath.Experiment) error {
	if len(e.Phases) != 1 {
		return careerpath.Errorf(careerpath.EINVALID, "arms: a new experiment needs the arms of its first phase.")
	}
	if err := careerpath.ValidateExperiment(e.Key, e.Metric, e.Phases[0].Arms); err != nil {
		return err
	}
	t := now()
	e.Status, e.CreatedAt = careerpath.ExperimentRunning, t
	err := db.inTx(ctx, func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, `INSERT INTO experiments (key, description, metric, status, created_at, created_by) VALUES ($1, $2, $3, $4, $5, $6)
			ON CONFLICT (key) DO NOTHING`, e.Key, e.Description, e.Metric, e.Status, t, e.CreatedBy)
		if err != nil {
			return fmt.Errorf("store experiment: %w", err)
		}
		if tag.RowsAffected() == 0 {
			return careerpath.Errorf(careerpath.ECONFLICT, "key: there is already an experiment %q.", e.Key)
		}
		p, err := insertPhase(ctx, tx, e.Key, 0, e.Phases[0].Arms, e.Phases[0].Plan, t)
		if err != nil {
			return err
		}
		e.Phases[0] = *p
		return notifyTx(ctx, tx, careerpath.ChangeExperiment)
	})
	return err
}

// insertPhase stores phase number n with a fresh salt (NewPhaseSalt; the
// column is also UNIQUE).
func insertPhase(ctx context.Context, tx pgx.Tx, key string, n int, arms []experiment.Arm, plan experiment.Plan, at time.Time) (*careerpath.ExperimentPhase, error) {
	p := &careerpath.ExperimentPhase{Number: n, Salt: careerpath.NewPhaseSalt(key, n), Arms: arms, StartedAt: at, Plan: plan}
	a, _ := json.Marshal(arms)
	pl, _ := json.Marshal(plan)
	if _, err := tx.Exec(ctx, `INSERT INTO experiment_phases (experiment, number, salt, arms, started_at, plan) VALUES ($1, $2, $3, $4, $5, $6)`,
		key, n, p.Salt, string(a), at, string(pl)); err != nil {
		return nil, fmt.Errorf("store experiment phase: %w", err)
	}
	return p, nil
}

// FindExperiments returns every experiment with its phases, by key.
func (db *DB) FindExperiments(ctx context.Context) ([]*careerpath.Experiment, error) {
	es, err := queryExperiments(ctx, db.pool, "")
	return es, storageError(err)
}

// FindExperiment returns one experiment with its phases.
func (db *DB) FindExperiment(ctx context.Context, key string) (*careerpath.Experiment, error) {
	e, err := findExperiment(ctx, db.pool, key)
	return e, storageError(err)
}

func findExperiment(ctx context.Context, q querier, key string) (*careerpath.Experiment, error) {
	es, err := queryExperiments(ctx, q, key)
	if err != nil {
		return nil, err
	}
	if len(es) == 0 {
		return nil, careerpath.Errorf(careerpath.ENOTFOUND, "No experiment %q.", key)
	}
	return es[0], nil
}

// queryExperiments returns the experiment with the key, or all for "".
func queryExperiments(ctx context.Context, q querier, key string) ([]*careerpath.Experiment, error) {
	rows, err := q.Query(ctx, `
		SELECT e.key, e.description, e.metric, e.status, e.created_at, e.created_by,
		       p.number, p.salt, p.arms::text, p.started_at, p.ended_at, p.plan::text
		FROM experiments e JOIN experiment_phases p ON p.experiment = e.key
		WHERE $1 = '' OR e.key = $1
		ORDER BY e.key, p.number`, key)
	if err != nil {
		return nil, fmt.Errorf("find experiments: %w", err)
	}
	defer rows.Close()
	var out []*careerpath.Experiment
	for rows.Next() {
		var e careerpath.Experiment
		var p careerpath.ExperimentPhase
		var arms, plan string
		if err := rows.Scan(&e.Key, &e.Description, &e.Metric, &e.Status, &e.CreatedAt, &e.CreatedBy,
			&p.Number, &p.Salt, &arms, &p.StartedAt, &p.EndedAt, &plan); err != nil {
			return nil, err
		}
		if err := errors.Join(json.Unmarshal([]byte(arms), &p.Arms), json.Unmarshal([]byte(plan), &p.Plan)); err != nil {
			return nil, fmt.Errorf("experiment %s phase %d: %w", e.Key, p.Number, err)
		}
		e.CreatedAt, p.StartedAt = e.CreatedAt.UTC(), p.StartedAt.UTC()
		if p.EndedAt != nil {
			t := p.EndedAt.UTC()
			p.EndedAt = &t
		}
		if len(out) == 0 || out[len(out)-1].Key != e.Key {
			out = append(out, &e)
		}
		last := out[len(out)-1]
		last.Phases = append(last.Phases, p)
	}
	return out, rows.Err()
}

// StartExperimentPhase ends the current phase and starts the next one with
// a new salt.
func (db *DB) StartExperimentPhase(ctx context.Context, key string, arms []experiment.Arm, plan experiment.Plan) (*careerpath.Experiment, error) {
	if err := careerpath.ValidateArms(arms); err != nil {
		return nil, err
	}
	return db.updateRunning(ctx, key, "is stopped: create a new one", func(tx pgx.Tx, e *careerpath.Experiment, t time.Time) error {
		cur := e.Current()
		if _, err := tx.Exec(ctx, `UPDATE experiment_phases SET ended_at = $1 WHERE experiment = $2 AND number = $3`, t, key, cur.Number); err != nil {
			return err
		}
		cur.EndedAt = &t
		p, err := insertPhase(ctx, tx, key, cur.Number+1, arms, plan, t)
		if err != nil {
			return err
		}
		e.Phases = append(e.Phases, *p)
		return nil
	})
}

// StopExperiment ends the current phase and stops the experiment.
func (db *DB) StopExperiment(ctx context.Context, key string) (*careerpath.Experiment, error) {
	return db.updateRunning(ctx, key, "is already stopped", func(tx pgx.Tx, e *careerpath.Experiment, t time.Time) error {
		if _, err := tx.Exec(ctx, `UPDATE experiment_phases SET ended_at = $1 WHERE experiment = $2 AND ended_at IS NULL`, t, key); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `UPDATE experiments SET status = $1 WHERE key = $2`, careerpath.ExperimentStopped, key); err != nil {
			return err
		}
		e.Status, e.Current().EndedAt = careerpath.ExperimentStopped, &t
		return nil
	})
}

// updateRunning runs fn on a running experiment in a transaction that
// holds its row, so that two replicas changing it at once take turns; a
// stopped one is ECONFLICT, the message ending with stopped. The change
// is announced (careerpath.ChangeExperiment) when it commits.
func (db *DB) updateRunning(ctx context.Context, key, stopped string, fn func(pgx.Tx, *careerpath.Experiment, time.Time) error) (*careerpath.Experiment, error) {
	var e *careerpath.Experiment
	err := db.inTx(ctx, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `SELECT 1 FROM experiments WHERE key = $1 FOR UPDATE`, key); err != nil {
			return err
		}
		var err error
		if e, err = findExperiment(ctx, tx, key); err != nil {
			return err
		}
		if e.Status != careerpath.ExperimentRunning {
			return careerpath.Errorf(careerpath.ECONFLICT, "Experiment %q %s.", key, stopped)
		}
		if err := fn(tx, e, now()); err != nil {
			return err
		}
		return notifyTx(ctx, tx, careerpath.ChangeExperiment)
	})
	if err != nil {
		return nil, err
	}
	return e, nil
}

// LogExperiment stores exposures (once per visitor and phase) and events
// in one transaction, sent as one batch.
func (db *DB) LogExperiment(ctx context.Context, exposures []careerpath.ExperimentExposure, events []careerpath.ExperimentEvent) error {
	if len(exposures) == 0 && len(events) == 0 {
		return nil
	}
	return db.inTx(ctx, func(tx pgx.Tx) error {
		var b pgx.Batch
		for _, x := range exposures {
			b.Queue(`INSERT INTO experiment_exposures (experiment, phase, visitor, arm, at) VALUES ($1, $2, $3, $4, $5)
				ON CONFLICT DO NOTHING`, x.Experiment, x.Phase, x.Visitor, x.Arm, x.At.UTC())
		}
		// The key's row decides whether an event is a repeat: inserted, or
		// moved because the last one counted is a window away. The upsert
		// locks the row, so replicas storing the same action at once store
		// it once.
		for _, v := range events {
			b.Queue(`WITH k AS (
					INSERT INTO experiment_event_keys AS k (experiment, phase, visitor, kind, program_id, last_at) VALUES ($1, $2, $3, $5, $6, $7)
					ON CONFLICT (experiment, phase, visitor, kind, program_id) DO UPDATE SET last_at = greatest(k.last_at, excluded.last_at)
					WHERE abs(extract(epoch FROM excluded.last_at - k.last_at)) >= $8
					RETURNING 1)
				INSERT INTO experiment_events (experiment, phase, visitor, arm, kind, program_id, at) SELECT $1, $2, $3, $4, $5, $6, $7 FROM k`,
				v.Experiment, v.Phase, v.Visitor, v.Arm, v.Kind, v.ProgramID, v.At.UTC(), careerpath.EventRepeatWindow.Seconds())
		}
		if err := tx.SendBatch(ctx, &b).Close(); err != nil {
			return fmt.Errorf("store experiment log: %w", err)
		}
		return nil
	})
}

// ExposedArm returns the arm the visitor was exposed to, or "".
func (db *DB) ExposedArm(ctx context.Context, key string, phase int, visitor string) (string, error) {
	var arm string
	err := db.pool.QueryRow(ctx, `SELECT arm FROM experiment_exposures WHERE experiment = $1 AND phase = $2 AND visitor = $3`, key, phase, visitor).Scan(&arm)
	if errors.Is(err, pgx.ErrNoRows) {
		return "", nil
	}
	return arm, storageError(err)
}

// ExperimentCounts counts units, converted units and events per arm of a
// phase; only events of exposed visitors in the arm they were exposed to
// count, as in package sqlite.
func (db *DB) ExperimentCounts(ctx context.Context, key string, phase int) ([]experiment.ArmCounts, error) {
	e, err := db.FindExperiment(ctx, key)
	if err != nil {
		return nil, err
	}
	if phase < 0 || phase >= len(e.Phases) {
		return nil, careerpath.Errorf(careerpath.ENOTFOUND, "Experiment %q has no phase %d.", key, phase)
	}
	p := e.Phases[phase]
	out, idx := p.ZeroCounts()
	rows, err := db.pool.Query(ctx, `
		SELECT x.arm, count(*), count(ev.visitor), coalesce(sum(ev.n), 0)::bigint
		FROM experiment_exposures x
		LEFT JOIN (SELECT visitor, arm, count(*) AS n FROM experiment_events
		           WHERE experiment = $1 AND phase = $2 AND kind = $3 GROUP BY visitor, arm) ev
		       ON ev.visitor = x.visitor AND ev.arm = x.arm
		WHERE x.experiment = $1 AND x.phase = $2
		GROUP BY x.arm`, key, phase, e.Metric)
	if err != nil {
		return nil, storageError(fmt.Errorf("count experiment %s: %w", key, err))
	}
	defer rows.Close()
	for rows.Next() {
		var arm string
		var units, conv, events int64
		if err := rows.Scan(&arm, &units, &conv, &events); err != nil {
			return nil, err
		}
		if i, ok := idx[arm]; ok {
			out[i].Units, out[i].Converted, out[i].Events = uint64(units), uint64(conv), uint64(events)
		}
	}
	return out, storageError(rows.Err())
}

// SaveExperimentReport keeps the day's report of a phase.
func (db *DB) SaveExperimentReport(ctx context.Context, day string, r *experiment.Report) error {
	b, err := json.Marshal(r)
	if err != nil {
		return err
	}
	_, err = db.pool.Exec(ctx, `INSERT INTO experiment_reports (experiment, phase, day, report) VALUES ($1, $2, $3, $4)
		ON CONFLICT (experiment, phase, day) DO UPDATE SET report = excluded.report`, r.Experiment, r.Phase, day, string(b))
	return storageError(err)
}

// LastExperimentReport returns the latest report kept before the day.
func (db *DB) LastExperimentReport(ctx context.Context, key string, phase int, before string) (*experiment.Report, error) {
	var b string
	err := db.pool.QueryRow(ctx, `SELECT report::text FROM experiment_reports WHERE experiment = $1 AND phase = $2 AND day < $3 ORDER BY day DESC LIMIT 1`,
		key, phase, before).Scan(&b)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, nil
	} else if err != nil {
		return nil, storageError(err)
	}
	var r experiment.Report
	if err := json.Unmarshal([]byte(b), &r); err != nil {
		return nil, fmt.Errorf("experiment report %s/%d: %w", key, phase, err)
	}
	return &r, nil
}

// DeleteExperimentLogs deletes exposures and events of phases ended before
// the time; experiments, phases and report snapshots stay.
func (db *DB) DeleteExperimentLogs(ctx context.Context, endedBefore time.Time) (int64, error) {
	var n int64
	err := db.inTx(ctx, func(tx pgx.Tx) error {
		// The de-duplication keys go too, uncounted: they are not logs.
		if _, err := tx.Exec(ctx, `DELETE FROM experiment_event_keys WHERE (experiment, phase) IN (
			SELECT experiment, number FROM experiment_phases WHERE ended_at IS NOT NULL AND ended_at < $1)`, endedBefore.UTC()); err != nil {
			return fmt.Errorf("delete old experiment event keys: %w", err)
		}
		for _, table := range []string{"experiment_exposures", "experiment_events"} {
			// Table names are constants of this function.
			tag, err := tx.Exec(ctx, `DELETE FROM `+table+` WHERE (experiment, phase) IN (
				SELECT experiment, number FROM experiment_phases WHERE ended_at IS NOT NULL AND ended_at < $1)`, endedBefore.UTC())
			if err != nil {
				return fmt.Errorf("delete old %s: %w", table, err)
			}
			n += tag.RowsAffected()
		}
		return nil
	})
	return n, err
}
