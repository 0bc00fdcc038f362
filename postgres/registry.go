package postgres

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	careerpath "github.com/careerpath/careerpath"
)

var _ careerpath.ModelRegistry = (*DB)(nil)

// registryLock is the key of the transaction-scoped advisory lock that
// alias moves take, so that two replicas moving the same alias at once
// are serialised and the second one sees the first one's move (SQLite's
// single writer gives the same for free).
const registryLock = 0x6d6f64656c73 // "models"

// now is the time a store records: UTC, to the microsecond PostgreSQL
// keeps, so that what a caller is given is what it will read back.
func now() time.Time { return time.Now().UTC().Truncate(time.Microsecond) }

// CreateModelVersion stores a new model version and logs its registration.
func (db *DB) CreateModelVersion(ctx context.Context, v *careerpath.ModelVersion, artifact []byte, actor string) error {
	sum := sha256.Sum256(artifact)
	v.Checksum, v.Size = hex.EncodeToString(sum[:]), len(artifact)
	if v.CreatedAt.IsZero() {
		v.CreatedAt = now()
	}
	return db.inTx(ctx, func(tx pgx.Tx) error {
		var seq int64
		err := tx.QueryRow(ctx, `
			WITH s AS (SELECT nextval(pg_get_serial_sequence('model_versions', 'seq')) AS n)
			INSERT INTO model_versions (seq, version, created_at, kind, data_hash, config, seed, schema_hash, code_version, metrics, artifact, size, checksum, reference)
			SELECT n, 'v' || n, $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12 FROM s RETURNING seq`,
			v.CreatedAt, v.Kind, v.DataHash, jsonText(v.Config), v.Seed, v.SchemaHash, v.CodeVersion,
			jsonText(v.Metrics), artifact, v.Size, v.Checksum, nullJSON(v.Reference)).Scan(&seq)
		if err != nil {
			return fmt.Errorf("store model version: %w", err)
		}
		v.Version = fmt.Sprintf("v%d", seq)
		return logEvent(ctx, tx, &careerpath.ModelEvent{Actor: actor, Action: careerpath.EventRegister, To: v.Version,
			Reason: "trained " + v.Kind + ", data " + short(v.DataHash), Details: v.Metrics})
	})
}

const versionColumns = `v.version, v.created_at, v.kind, v.data_hash, v.config::text, v.seed, v.schema_hash, v.code_version, v.metrics::text, v.size, v.checksum, v.reference::text,
	coalesce((SELECT string_agg(alias, ',' ORDER BY alias) FROM model_aliases a WHERE a.version = v.version), '')`

// FindModelVersions returns every version, newest first.
func (db *DB) FindModelVersions(ctx context.Context) ([]*careerpath.ModelVersion, error) {
	rows, err := db.pool.Query(ctx, `SELECT `+versionColumns+` FROM model_versions v ORDER BY v.seq DESC`)
	if err != nil {
		return nil, storageError(fmt.Errorf("find model versions: %w", err))
	}
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (*careerpath.ModelVersion, error) { return scanVersion(r) })
	return out, storageError(err)
}

// FindModelVersion returns one version.
func (db *DB) FindModelVersion(ctx context.Context, version string) (*careerpath.ModelVersion, error) {
	v, err := scanVersion(db.pool.QueryRow(ctx, `SELECT `+versionColumns+` FROM model_versions v WHERE v.version = $1`, version))
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, careerpath.Errorf(careerpath.ENOTFOUND, "No model version %q.", version)
	}
	return v, storageError(err)
}

func scanVersion(s pgx.Row) (*careerpath.ModelVersion, error) {
	var v careerpath.ModelVersion
	var config, metrics, aliases string
	var reference *string
	if err := s.Scan(&v.Version, &v.CreatedAt, &v.Kind, &v.DataHash, &config, &v.Seed, &v.SchemaHash, &v.CodeVersion, &metrics, &v.Size, &v.Checksum, &reference, &aliases); err != nil {
		return nil, err
	}
	if reference != nil {
		v.Reference = json.RawMessage(*reference)
	}
	v.CreatedAt = v.CreatedAt.UTC()
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
	err := db.pool.QueryRow(ctx, `SELECT artifact, checksum FROM model_versions WHERE version = $1`, version).Scan(&artifact, &checksum)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, careerpath.Errorf(careerpath.ENOTFOUND, "No model version %q.", version)
	} else if err != nil {
		return nil, storageError(fmt.Errorf("read model artifact: %w", err))
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

// registryTx runs fn in a transaction holding the registry's lock, and
// announces the alias move (careerpath.ChangeModel) when it commits.
func (db *DB) registryTx(ctx context.Context, fn func(pgx.Tx) error) error {
	return db.inTx(ctx, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock($1)`, int64(registryLock)); err != nil {
			return err
		}
		if err := fn(tx); err != nil {
			return err
		}
		return notifyTx(ctx, tx, careerpath.ChangeModel)
	})
}

func (db *DB) moveAlias(ctx context.Context, alias string, expect *string, version, actor, reason string, details json.RawMessage) (*careerpath.ModelEvent, error) {
	var e *careerpath.ModelEvent
	err := db.registryTx(ctx, func(tx pgx.Tx) error {
		var exists bool
		if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM model_versions WHERE version = $1)`, version).Scan(&exists); err != nil {
			return err
		}
		if !exists {
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
			return careerpath.Errorf(careerpath.ECONFLICT, "The %s is %s already: nothing to change.", alias, version)
		}
		if _, err := tx.Exec(ctx, `INSERT INTO model_aliases (alias, version) VALUES ($1, $2)
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
	err := db.registryTx(ctx, func(tx pgx.Tx) error {
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
		// As in package sqlite: the promotion that made cur the champion
		// tells what it replaced; rollbacks are not followed.
		var prev string
		err = tx.QueryRow(ctx, `SELECT from_v FROM model_events
			WHERE alias = $1 AND to_v = $2 AND action = $3 AND from_v <> to_v ORDER BY id DESC LIMIT 1`,
			careerpath.AliasChampion, cur, careerpath.EventPromote).Scan(&prev)
		if errors.Is(err, pgx.ErrNoRows) || err == nil && prev == "" {
			return careerpath.Errorf(careerpath.ECONFLICT, "Champion %s replaced no earlier version: nothing to roll back to.", cur)
		} else if err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `UPDATE model_aliases SET version = $1 WHERE alias = $2`, prev, careerpath.AliasChampion); err != nil {
			return err
		}
		e = &careerpath.ModelEvent{Actor: actor, Action: careerpath.EventRollback, Alias: careerpath.AliasChampion, From: cur, To: prev, Reason: reason, Details: details}
		return logEvent(ctx, tx, e)
	})
	return e, err
}

// LogModelEvent appends an event that moves no alias.
func (db *DB) LogModelEvent(ctx context.Context, e *careerpath.ModelEvent) error {
	return db.inTx(ctx, func(tx pgx.Tx) error { return logEvent(ctx, tx, e) })
}

// Alias returns the version alias points to.
func (db *DB) Alias(ctx context.Context, alias string) (string, error) {
	var v string
	err := db.pool.QueryRow(ctx, `SELECT version FROM model_aliases WHERE alias = $1`, alias).Scan(&v)
	if errors.Is(err, pgx.ErrNoRows) {
		return "", careerpath.Errorf(careerpath.ENOTFOUND, "No model is %s.", alias)
	}
	return v, storageError(err)
}

// FindModelEvents returns the log, oldest first.
func (db *DB) FindModelEvents(ctx context.Context) ([]*careerpath.ModelEvent, error) {
	rows, err := db.pool.Query(ctx, `SELECT id, at, actor, action, alias, from_v, to_v, reason, details::text FROM model_events ORDER BY id`)
	if err != nil {
		return nil, storageError(fmt.Errorf("find model events: %w", err))
	}
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (*careerpath.ModelEvent, error) {
		var e careerpath.ModelEvent
		var details string
		if err := r.Scan(&e.ID, &e.At, &e.Actor, &e.Action, &e.Alias, &e.From, &e.To, &e.Reason, &details); err != nil {
			return nil, err
		}
		e.At = e.At.UTC()
		if details != "null" && details != "" {
			e.Details = json.RawMessage(details)
		}
		return &e, nil
	})
	return out, storageError(err)
}

func aliasTx(ctx context.Context, tx pgx.Tx, alias string) (string, error) {
	var v string
	err := tx.QueryRow(ctx, `SELECT version FROM model_aliases WHERE alias = $1`, alias).Scan(&v)
	if errors.Is(err, pgx.ErrNoRows) {
		return "", nil
	}
	return v, err
}

func logEvent(ctx context.Context, tx pgx.Tx, e *careerpath.ModelEvent) error {
	if e.At.IsZero() {
		e.At = now()
	}
	err := tx.QueryRow(ctx, `INSERT INTO model_events (at, actor, action, alias, from_v, to_v, reason, details) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
		e.At, e.Actor, e.Action, e.Alias, e.From, e.To, e.Reason, jsonText(e.Details)).Scan(&e.ID)
	if err != nil {
		return fmt.Errorf("log model event: %w", err)
	}
	return nil
}

func jsonText(m json.RawMessage) string {
	if len(m) == 0 {
		return "null"
	}
	return string(m)
}

// nullJSON stores an absent JSON value as NULL, so that "no reference"
// stays distinguishable from a JSON null.
func nullJSON(m json.RawMessage) *string {
	if len(m) == 0 {
		return nil
	}
	s := string(m)
	return &s
}

func short(h string) string {
	if len(h) > 12 {
		return h[:12]
	}
	return h
}
