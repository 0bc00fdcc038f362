package sqlite

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	careerpath "github.com/careerpath/careerpath"
)

var _ careerpath.ModelRegistry = (*DB)(nil)

// CreateModelVersion stores a new model version and logs its registration.
func (db *DB) CreateModelVersion(ctx context.Context, v *careerpath.ModelVersion, artifact []byte, actor string) error {
	sum := sha256.Sum256(artifact)
	v.Checksum, v.Size = hex.EncodeToString(sum[:]), len(artifact)
	if v.CreatedAt.IsZero() {
		v.CreatedAt = time.Now().UTC()
	}
	return db.inTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `
			INSERT INTO model_versions (version, created_at, kind, data_hash, config, seed, schema_hash, code_version, metrics, artifact, size, checksum, reference)
			VALUES ('', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			v.CreatedAt.Format(time.RFC3339Nano), v.Kind, v.DataHash, jsonText(v.Config), v.Seed, v.SchemaHash, v.CodeVersion,
			jsonText(v.Metrics), artifact, v.Size, v.Checksum, nullJSON(v.Reference))
		if err != nil {
			return fmt.Errorf("store model version: %w", err)
		}
		seq, err := res.LastInsertId()
		if err != nil {
			return err
		}
		v.Version = fmt.Sprintf("v%d", seq)
		if _, err := tx.ExecContext(ctx, `UPDATE model_versions SET version = ? WHERE seq = ?`, v.Version, seq); err != nil {
			return err
		}
		return logEvent(ctx, tx, &careerpath.ModelEvent{Actor: actor, Action: careerpath.EventRegister, To: v.Version,
			Reason: "trained " + v.Kind + ", data " + short(v.DataHash), Details: v.Metrics})
	})
}

const versionColumns = `v.version, v.created_at, v.kind, v.data_hash, v.config, v.seed, v.schema_hash, v.code_version, v.metrics, v.size, v.checksum, v.reference,
	IFNULL((SELECT group_concat(alias, ',') FROM model_aliases a WHERE a.version = v.version), '')`

// FindModelVersions returns every version, newest first.
func (db *DB) FindModelVersions(ctx context.Context) ([]*careerpath.ModelVersion, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT `+versionColumns+` FROM model_versions v ORDER BY v.seq DESC`)
	if err != nil {
		return nil, fmt.Errorf("find model versions: %w", err)
	}
	defer rows.Close()
	var out []*careerpath.ModelVersion
	for rows.Next() {
		v, err := scanVersion(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

// FindModelVersion returns one version.
func (db *DB) FindModelVersion(ctx context.Context, version string) (*careerpath.ModelVersion, error) {
	v, err := scanVersion(db.read.QueryRowContext(ctx, `SELECT `+versionColumns+` FROM model_versions v WHERE v.version = ?`, version))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, careerpath.Errorf(careerpath.ENOTFOUND, "No model version %q.", version)
	}
	return v, err
}

type scanner interface{ Scan(...any) error }

func scanVersion(s scanner) (*careerpath.ModelVersion, error) {
	var v careerpath.ModelVersion
	var created, config, metrics, aliases string
	var reference sql.NullString
	if err := s.Scan(&v.Version, &created, &v.Kind, &v.DataHash, &config, &v.Seed, &v.SchemaHash, &v.CodeVersion, &metrics, &v.Size, &v.Checksum, &reference, &aliases); err != nil {
		return nil, err
	}
	if reference.Valid {
		v.Reference = json.RawMessage(reference.String)
	}
	v.CreatedAt, _ = time.Parse(time.RFC3339Nano, created)
	v.Config, v.Metrics = json.RawMessage(config), json.RawMessage(metrics)
	if aliases != "" {
		v.Aliases = strings.Split(aliases, ",")
	}
	return &v, nil
}

// ModelArtifact returns a version's artifact after checking its checksum.
func (db *DB) ModelArtifact(ctx context.Context, version string) ([]byte, error) {
	var artifact []byte
	var checksum string
	err := db.read.QueryRowContext(ctx, `SELECT artifact, checksum FROM model_versions WHERE version = ?`, version).Scan(&artifact, &checksum)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, careerpath.Errorf(careerpath.ENOTFOUND, "No model version %q.", version)
	} else if err != nil {
		return nil, fmt.Errorf("read model artifact: %w", err)
	}
	sum := sha256.Sum256(artifact)
	if hex.EncodeToString(sum[:]) != checksum {
		return nil, careerpath.Errorf(careerpath.EINVALID, "Model %s: artifact does not match its checksum.", version)
	}
	return artifact, nil
}

// SetAlias points alias at version and logs the move, in one transaction.
func (db *DB) SetAlias(ctx context.Context, alias, version, actor, reason string, details json.RawMessage) (*careerpath.ModelEvent, error) {
	return db.moveAlias(ctx, alias, nil, version, actor, reason, details)
}

// MoveAlias points alias at to only if it points at from now, and logs
// the move, in one transaction.
func (db *DB) MoveAlias(ctx context.Context, alias, from, to, actor, reason string, details json.RawMessage) (*careerpath.ModelEvent, error) {
	return db.moveAlias(ctx, alias, &from, to, actor, reason, details)
}

// moveAlias is SetAlias, checking first that the alias points at
// *expect when expect is not nil.
func (db *DB) moveAlias(ctx context.Context, alias string, expect *string, version, actor, reason string, details json.RawMessage) (*careerpath.ModelEvent, error) {
	var e *careerpath.ModelEvent
	err := db.inTx(ctx, func(tx *sql.Tx) error {
		var exists int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM model_versions WHERE version = ?`, version).Scan(&exists); err != nil {
			return err
		}
		if exists == 0 {
			return careerpath.Errorf(careerpath.ENOTFOUND, "No model version %q.", version)
		}
		from, err := aliasTx(ctx, tx, alias)
		if err != nil {
			return err
		}
		if expect != nil && from != *expect {
			return careerpath.Errorf(careerpath.ECONFLICT, "The %s is %s now, not %s: it moved meanwhile.", alias, orNone(from), orNone(*expect))
		}
		if from == version {
			// Logged, such a move would make the version its own
			// predecessor, and a rollback would go nowhere.
			return careerpath.Errorf(careerpath.ECONFLICT, "The %s is %s already: nothing to change.", alias, version)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO model_aliases (alias, version) VALUES (?, ?)
			ON CONFLICT (alias) DO UPDATE SET version = excluded.version`, alias, version); err != nil {
			return err
		}
		e = &careerpath.ModelEvent{Actor: actor, Action: careerpath.EventPromote, Alias: alias, From: from, To: version, Reason: reason, Details: details}
		return logEvent(ctx, tx, e)
	})
	return e, err
}

func orNone(v string) string {
	if v == "" {
		return "(none)"
	}
	return v
}

// Rollback points the champion at the version it pointed to before the
// promotion that put the current champion in place.
func (db *DB) Rollback(ctx context.Context, actor, reason string) (*careerpath.ModelEvent, error) {
	return db.rollback(ctx, nil, actor, reason, nil)
}

// RollbackFrom is Rollback only while version is the champion, with
// details in the event.
func (db *DB) RollbackFrom(ctx context.Context, version, actor, reason string, details json.RawMessage) (*careerpath.ModelEvent, error) {
	return db.rollback(ctx, &version, actor, reason, details)
}

func (db *DB) rollback(ctx context.Context, expect *string, actor, reason string, details json.RawMessage) (*careerpath.ModelEvent, error) {
	var e *careerpath.ModelEvent
	err := db.inTx(ctx, func(tx *sql.Tx) error {
		cur, err := aliasTx(ctx, tx, careerpath.AliasChampion)
		if err != nil {
			return err
		}
		if cur == "" {
			return careerpath.Errorf(careerpath.ECONFLICT, "There is no champion to roll back.")
		}
		if expect != nil && cur != *expect {
			return careerpath.Errorf(careerpath.ECONFLICT, "The champion is %s now, not %s: it moved meanwhile.", cur, *expect)
		}
		// The promotion that made cur the champion tells what it replaced.
		// Rollbacks are not followed, so rolling back twice walks further
		// back in history instead of undoing the first rollback. Moves
		// from a version to itself (logged before they were refused)
		// replaced nothing and are skipped, so that the real predecessor
		// is reached.
		var prev string
		err = tx.QueryRowContext(ctx, `SELECT from_v FROM model_events
			WHERE alias = ? AND to_v = ? AND action = ? AND from_v <> to_v ORDER BY id DESC LIMIT 1`,
			careerpath.AliasChampion, cur, careerpath.EventPromote).Scan(&prev)
		if errors.Is(err, sql.ErrNoRows) || prev == "" {
			return careerpath.Errorf(careerpath.ECONFLICT, "Champion %s replaced no earlier version: nothing to roll back to.", cur)
		} else if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE model_aliases SET version = ? WHERE alias = ?`, prev, careerpath.AliasChampion); err != nil {
			return err
		}
		e = &careerpath.ModelEvent{Actor: actor, Action: careerpath.EventRollback, Alias: careerpath.AliasChampion, From: cur, To: prev, Reason: reason, Details: details}
		return logEvent(ctx, tx, e)
	})
	return e, err
}

// LogModelEvent appends an event that moves no alias.
func (db *DB) LogModelEvent(ctx context.Context, e *careerpath.ModelEvent) error {
	return db.inTx(ctx, func(tx *sql.Tx) error { return logEvent(ctx, tx, e) })
}

// Alias returns the version alias points to.
func (db *DB) Alias(ctx context.Context, alias string) (string, error) {
	var v string
	err := db.read.QueryRowContext(ctx, `SELECT version FROM model_aliases WHERE alias = ?`, alias).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return "", careerpath.Errorf(careerpath.ENOTFOUND, "No model is %s.", alias)
	}
	return v, err
}

// LockRetrain takes the database's retrain lock, so that two retrains
// (scheduled in servers, or run by hand) never run at once: ECONFLICT if
// another holds it. It is a lock on a file beside the database, which the
// kernel releases when its process dies, so a killed retrain never leaves
// it stale.
func (db *DB) LockRetrain() (unlock func(), err error) {
	f, err := lockFile(db.Path+".retrain.lock", "retrain")
	if err != nil {
		return nil, err
	}
	return func() { f.Close() }, nil
}

// FindModelEvents returns the log, oldest first.
func (db *DB) FindModelEvents(ctx context.Context) ([]*careerpath.ModelEvent, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT id, at, actor, action, alias, from_v, to_v, reason, details FROM model_events ORDER BY id`)
	if err != nil {
		return nil, fmt.Errorf("find model events: %w", err)
	}
	defer rows.Close()
	var out []*careerpath.ModelEvent
	for rows.Next() {
		var e careerpath.ModelEvent
		var at, details string
		if err := rows.Scan(&e.ID, &at, &e.Actor, &e.Action, &e.Alias, &e.From, &e.To, &e.Reason, &details); err != nil {
			return nil, err
		}
		e.At, _ = time.Parse(time.RFC3339Nano, at)
		if details != "null" && details != "" {
			e.Details = json.RawMessage(details)
		}
		out = append(out, &e)
	}
	return out, rows.Err()
}

func aliasTx(ctx context.Context, tx *sql.Tx, alias string) (string, error) {
	var v string
	err := tx.QueryRowContext(ctx, `SELECT version FROM model_aliases WHERE alias = ?`, alias).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	return v, err
}

func logEvent(ctx context.Context, tx *sql.Tx, e *careerpath.ModelEvent) error {
	if e.At.IsZero() {
		e.At = time.Now().UTC()
	}
	res, err := tx.ExecContext(ctx, `INSERT INTO model_events (at, actor, action, alias, from_v, to_v, reason, details) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
		e.At.Format(time.RFC3339Nano), e.Actor, e.Action, e.Alias, e.From, e.To, e.Reason, jsonText(e.Details))
	if err != nil {
		return fmt.Errorf("log model event: %w", err)
	}
	e.ID, err = res.LastInsertId()
	return err
}

// inTx runs fn in a transaction on the writer connection.
func (db *DB) inTx(ctx context.Context, fn func(*sql.Tx) error) error {
	tx, err := db.begin(ctx)
	if err != nil {
		return err
	}
	if err := fn(tx); err != nil {
		tx.Rollback()
		return storageError(err)
	}
	return storageError(tx.Commit())
}

func jsonText(m json.RawMessage) string {
	if len(m) == 0 {
		return "null"
	}
	return string(m)
}

// nullJSON stores an absent JSON value as NULL, so that "no reference"
// stays distinguishable from a JSON null.
func nullJSON(m json.RawMessage) any {
	if len(m) == 0 {
		return nil
	}
	return string(m)
}

func short(h string) string {
	if len(h) > 12 {
		return h[:12]
	}
	return h
}
