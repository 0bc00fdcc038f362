package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	careerpath "github.com/careerpath/careerpath"
	"github.com/careerpath/careerpath/experiment"
)

var _ careerpath.ExperimentService = (*DB)(nil)

// CreateExperiment stores a new running experiment and its first phase.
func (db *DB) CreateExperiment(ctx context.Context, e *careerpath.Experiment) error {
	if len(e.Phases) != 1 {
		return careerpath.Errorf(careerpath.EINVALID, "arms: a new experiment needs the arms of its first phase.")
	}
	if err := careerpath.ValidateExperiment(e.Key, e.Metric, e.Phases[0].Arms); err != nil {
		return err
	}
	now := time.Now().UTC()
	e.Status, e.CreatedAt = careerpath.ExperimentRunning, now
	return db.inTx(ctx, func(tx *sql.Tx) error {
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM experiments WHERE key = ?`, e.Key).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return careerpath.Errorf(careerpath.ECONFLICT, "key: there is already an experiment %q.", e.Key)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO experiments (key, description, metric, status, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?)`,
			e.Key, e.Description, e.Metric, e.Status, now.Format(time.RFC3339Nano), e.CreatedBy); err != nil {
			return fmt.Errorf("store experiment: %w", err)
		}
		p, err := insertPhase(ctx, tx, e.Key, 0, e.Phases[0].Arms, e.Phases[0].Plan, now)
		if err != nil {
			return err
		}
		e.Phases[0] = *p
		return nil
	})
}

// insertPhase stores phase number n with a fresh salt (NewPhaseSalt; the
// column is also UNIQUE).
func insertPhase(ctx context.Context, tx *sql.Tx, key string, n int, arms []experiment.Arm, plan experiment.Plan, at time.Time) (*careerpath.ExperimentPhase, error) {
	p := &careerpath.ExperimentPhase{Number: n, Salt: careerpath.NewPhaseSalt(key, n), Arms: arms, StartedAt: at, Plan: plan}
	a, _ := json.Marshal(arms)
	pl, _ := json.Marshal(plan)
	if _, err := tx.ExecContext(ctx, `INSERT INTO experiment_phases (experiment, number, salt, arms, started_at, plan) VALUES (?, ?, ?, ?, ?, ?)`,
		key, n, p.Salt, string(a), at.Format(time.RFC3339Nano), string(pl)); err != nil {
		return nil, fmt.Errorf("store experiment phase: %w", err)
	}
	return p, nil
}

// FindExperiments returns every experiment with its phases, by key.
func (db *DB) FindExperiments(ctx context.Context) ([]*careerpath.Experiment, error) {
	return queryExperiments(ctx, db.read, "")
}

// FindExperiment returns one experiment with its phases.
func (db *DB) FindExperiment(ctx context.Context, key string) (*careerpath.Experiment, error) {
	return findExperiment(ctx, db.read, key)
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
	rows, err := q.QueryContext(ctx, `
		SELECT e.key, e.description, e.metric, e.status, e.created_at, e.created_by,
		       p.number, p.salt, p.arms, p.started_at, IFNULL(p.ended_at, ''), p.plan
		FROM experiments e JOIN experiment_phases p ON p.experiment = e.key
		WHERE ? = '' OR e.key = ?
		ORDER BY e.key, p.number`, key, key)
	if err != nil {
		return nil, fmt.Errorf("find experiments: %w", err)
	}
	defer rows.Close()
	var out []*careerpath.Experiment
	for rows.Next() {
		var e careerpath.Experiment
		var p careerpath.ExperimentPhase
		var created, started, ended, arms, plan string
		if err := rows.Scan(&e.Key, &e.Description, &e.Metric, &e.Status, &created, &e.CreatedBy,
			&p.Number, &p.Salt, &arms, &started, &ended, &plan); err != nil {
			return nil, err
		}
		if err := errors.Join(json.Unmarshal([]byte(arms), &p.Arms), json.Unmarshal([]byte(plan), &p.Plan)); err != nil {
			return nil, fmt.Errorf("experiment %s phase %d: %w", e.Key, p.Number, err)
		}
		e.CreatedAt, _ = time.Parse(time.RFC3339Nano, created)
		p.StartedAt, _ = time.Parse(time.RFC3339Nano, started)
		if ended != "" {
			t, _ := time.Parse(time.RFC3339Nano, ended)
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
	return db.updateRunning(ctx, key, "is stopped: create a new one", func(tx *sql.Tx, e *careerpath.Experiment, now time.Time) error {
		cur := e.Current()
		if _, err := tx.ExecContext(ctx, `UPDATE experiment_phases SET ended_at = ? WHERE experiment = ? AND number = ?`,
			now.Format(time.RFC3339Nano), key, cur.Number); err != nil {
			return err
		}
		cur.EndedAt = &now
		p, err := insertPhase(ctx, tx, key, cur.Number+1, arms, plan, now)
		if err != nil {
			return err
		}
		e.Phases = append(e.Phases, *p)
		return nil
	})
}

// StopExperiment ends the current phase and stops the experiment.
func (db *DB) StopExperiment(ctx context.Context, key string) (*careerpath.Experiment, error) {
	return db.updateRunning(ctx, key, "is already stopped", func(tx *sql.Tx, e *careerpath.Experiment, now time.Time) error {
		if _, err := tx.ExecContext(ctx, `UPDATE experiment_phases SET ended_at = ? WHERE experiment = ? AND ended_at IS NULL`,
			now.Format(time.RFC3339Nano), key); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE experiments SET status = ? WHERE key = ?`, careerpath.ExperimentStopped, key); err != nil {
			return err
		}
		e.Status, e.Current().EndedAt = careerpath.ExperimentStopped, &now
		return nil
	})
}

// updateRunning runs fn on a running experiment in a transaction; a
// stopped one is ECONFLICT, the message ending with stopped.
func (db *DB) updateRunning(ctx context.Context, key, stopped string, fn func(*sql.Tx, *careerpath.Experiment, time.Time) error) (*careerpath.Experiment, error) {
	var e *careerpath.Experiment
	err := db.inTx(ctx, func(tx *sql.Tx) error {
		var err error
		if e, err = findExperiment(ctx, tx, key); err != nil {
			return err
		}
		if e.Status != careerpath.ExperimentRunning {
			return careerpath.Errorf(careerpath.ECONFLICT, "Experiment %q %s.", key, stopped)
		}
		return fn(tx, e, time.Now().UTC())
	})
	if err != nil {
		return nil, err
	}
	return e, nil
}

// LogExperiment stores exposures (once per visitor and phase) and events
// in one transaction.
func (db *DB) LogExperiment(ctx context.Context, exposures []careerpath.ExperimentExposure, events []careerpath.ExperimentEvent) error {
	if len(exposures) == 0 && len(events) == 0 {
		return nil
	}
	return db.inTx(ctx, func(tx *sql.Tx) error {
		if len(exposures) > 0 {
			st, err := tx.PrepareContext(ctx, `INSERT OR IGNORE INTO experiment_exposures (experiment, phase, visitor, arm, at) VALUES (?, ?, ?, ?, ?)`)
			if err != nil {
				return err
			}
			defer st.Close()
			for _, x := range exposures {
				if _, err := st.ExecContext(ctx, x.Experiment, x.Phase, x.Visitor, x.Arm, x.At.UTC().Format(time.RFC3339Nano)); err != nil {
					return fmt.Errorf("store exposure: %w", err)
				}
			}
		}
		if len(events) > 0 {
			// The key's row decides whether the event is a repeat: inserted,
			// or moved because the last one counted is a window away.
			key, err := tx.PrepareContext(ctx, `INSERT INTO experiment_event_keys (experiment, phase, visitor, kind, program_id, last_ms)
				VALUES (?, ?, ?, ?, ?, ?)
				ON CONFLICT DO UPDATE SET last_ms = max(last_ms, excluded.last_ms) WHERE abs(excluded.last_ms - last_ms) >= ?`)
			if err != nil {
				return err
			}
			defer key.Close()
			st, err := tx.PrepareContext(ctx, `INSERT INTO experiment_events (experiment, phase, visitor, arm, kind, program_id, at) VALUES (?, ?, ?, ?, ?, ?, ?)`)
			if err != nil {
				return err
			}
			defer st.Close()
			for _, v := range events {
				res, err := key.ExecContext(ctx, v.Experiment, v.Phase, v.Visitor, v.Kind, v.ProgramID, v.At.UnixMilli(), careerpath.EventRepeatWindow.Milliseconds())
				if err != nil {
					return fmt.Errorf("store event: %w", err)
				}
				if n, _ := res.RowsAffected(); n == 0 {
					continue // a repeat
				}
				if _, err := st.ExecContext(ctx, v.Experiment, v.Phase, v.Visitor, v.Arm, v.Kind, v.ProgramID, v.At.UTC().Format(time.RFC3339Nano)); err != nil {
					return fmt.Errorf("store event: %w", err)
				}
			}
		}
		return nil
	})
}

// ExposedArm returns the arm the visitor was exposed to, or "".
func (db *DB) ExposedArm(ctx context.Context, key string, phase int, visitor string) (string, error) {
	var arm string
	err := db.read.QueryRowContext(ctx, `SELECT arm FROM experiment_exposures WHERE experiment = ? AND phase = ? AND visitor = ?`, key, phase, visitor).Scan(&arm)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	return arm, err
}

// ExperimentCounts counts units, converted units and events per arm of a
// phase. Only events of exposed visitors in the arm they were exposed to
// count, so that a unit converts at most once and in its own arm.
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
	rows, err := db.read.QueryContext(ctx, `
		SELECT x.arm, count(*),
		       count(ev.visitor),
		       IFNULL(sum(ev.n), 0)
		FROM experiment_exposures x
		LEFT JOIN (SELECT visitor, arm, count(*) AS n FROM experiment_events
		           WHERE experiment = ? AND phase = ? AND kind = ? GROUP BY visitor, arm) ev
		       ON ev.visitor = x.visitor AND ev.arm = x.arm
		WHERE x.experiment = ? AND x.phase = ?
		GROUP BY x.arm`, key, phase, e.Metric, key, phase)
	if err != nil {
		return nil, fmt.Errorf("count experiment %s: %w", key, err)
	}
	defer rows.Close()
	for rows.Next() {
		var arm string
		var units, conv, events uint64
		if err := rows.Scan(&arm, &units, &conv, &events); err != nil {
			return nil, err
		}
		if i, ok := idx[arm]; ok {
			out[i].Units, out[i].Converted, out[i].Events = units, conv, events
		}
	}
	return out, rows.Err()
}

// SaveExperimentReport keeps the day's report of a phase.
func (db *DB) SaveExperimentReport(ctx context.Context, day string, r *experiment.Report) error {
	b, err := json.Marshal(r)
	if err != nil {
		return err
	}
	_, err = db.exec(ctx, `INSERT OR REPLACE INTO experiment_reports (experiment, phase, day, report) VALUES (?, ?, ?, ?)`,
		r.Experiment, r.Phase, day, string(b))
	return err
}

// LastExperimentReport returns the latest report kept before the day.
func (db *DB) LastExperimentReport(ctx context.Context, key string, phase int, before string) (*experiment.Report, error) {
	var b string
	err := db.read.QueryRowContext(ctx, `SELECT report FROM experiment_reports WHERE experiment = ? AND phase = ? AND day < ? ORDER BY day DESC LIMIT 1`,
		key, phase, before).Scan(&b)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, err
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
	err := db.inTx(ctx, func(tx *sql.Tx) error {
		// The de-duplication keys go too, uncounted: they are not logs.
		if _, err := tx.ExecContext(ctx, `DELETE FROM experiment_event_keys WHERE (experiment, phase) IN (
			SELECT experiment, number FROM experiment_phases WHERE ended_at IS NOT NULL AND ended_at < ?)`,
			endedBefore.UTC().Format(time.RFC3339Nano)); err != nil {
			return fmt.Errorf("delete old experiment event keys: %w", err)
		}
		for _, table := range []string{"experiment_exposures", "experiment_events"} {
			res, err := tx.ExecContext(ctx, `DELETE FROM `+table+` WHERE (experiment, phase) IN (
				SELECT experiment, number FROM experiment_phases WHERE ended_at IS NOT NULL AND ended_at < ?)`,
				endedBefore.UTC().Format(time.RFC3339Nano))
			if err != nil {
				return fmt.Errorf("delete old %s: %w", strings.ReplaceAll(table, "_", " "), err)
			}
			k, _ := res.RowsAffected()
			n += k
		}
		return nil
	})
	return n, err
}
