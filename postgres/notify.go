package postgres

import (
	"context"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	careerpath "github.com/careerpath/careerpath"
)

// ChangeChannel is the LISTEN/NOTIFY channel on which every write that
// replicas must see at once announces itself; the payload is the schema of
// the operator state and the kind of change ("public:model"), so that a
// listener hears only its own deployment's changes when several share a
// database in schemas of their own (notifications are per database).
const ChangeChannel = "careerpath_changes"

// listenRetry is how long Listen waits before reconnecting after its
// connection broke; tests shorten it.
var listenRetry = time.Second

var _ careerpath.ChangeListener = (*DB)(nil)

// notifyTx announces a change of the kind when tx commits (PostgreSQL
// delivers notifications on commit, and drops them on rollback, so a
// listener never hears of a change that did not happen).
func notifyTx(ctx context.Context, tx pgx.Tx, kind string) error {
	_, err := tx.Exec(ctx, `SELECT pg_notify($1, current_schema() || ':' || $2)`, ChangeChannel, kind)
	return err
}

// Listen implements careerpath.ChangeListener with LISTEN on a connection
// of its own, outside the pool, on ChangeChannel. When the connection
// breaks (the server restarts, the session is terminated) it tries to
// reconnect every listenRetry until it can, and then calls fn with
// careerpath.ChangeAny: the notifications sent meanwhile are lost, so
// every reader catches up by reading once. The pollers stay the fallback
// meanwhile. It logs on db's logger (SetLogger) when listening breaks and
// when it listens again, once each however long the outage lasts.
func (db *DB) Listen(ctx context.Context, fn func(kind string)) error {
	failures := &careerpath.FailureLog{Log: db.log, Msg: "change notification: listening failed; polling only until it reconnects",
		Recovered: "change notification: listening again; every reader catches up"}
	missed := false
	for {
		err := db.listen(ctx, func() {
			failures.OK("database", db.url)
			if missed {
				fn(careerpath.ChangeAny)
			}
			missed = true
		}, fn)
		if ctx.Err() != nil {
			return ctx.Err()
		}
		failures.Fail(storageError(err), "database", db.url)
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(listenRetry):
		}
	}
}

// listen connects, listens, calls listening once it does, then fn with
// every notification until the connection fails or ctx is done.
func (db *DB) listen(ctx context.Context, listening func(), fn func(kind string)) error {
	cfg := db.pool.Config().ConnConfig.Copy()
	cfg.RuntimeParams["application_name"] = "careerpath-listener"
	cctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	conn, err := pgx.ConnectConfig(cctx, cfg)
	var schema string
	if err == nil {
		err = conn.QueryRow(cctx, `SELECT current_schema()`).Scan(&schema)
	}
	if err == nil {
		_, err = conn.Exec(cctx, `LISTEN `+pgx.Identifier{ChangeChannel}.Sanitize())
	}
	cancel()
	if conn != nil {
		defer func() {
			c, cancel := context.WithTimeout(context.WithoutCancel(ctx), time.Second)
			conn.Close(c)
			cancel()
		}()
	}
	if err != nil {
		return err
	}
	listening()
	for {
		n, err := conn.WaitForNotification(ctx)
		if err != nil {
			return err
		}
		if kind, ok := strings.CutPrefix(n.Payload, schema+":"); ok {
			fn(kind)
		}
	}
}
