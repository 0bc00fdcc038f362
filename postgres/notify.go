package postgres

import (
	"context"
	"log/slog"
	"time"

	"github.com/jackc/pgx/v5"

	careerpath "github.com/careerpath/careerpath"
)

// ChangeChannel is the LISTEN/NOTIFY channel on which every write that
// replicas must see at once announces itself; the payload is the kind of
// change (careerpath.ChangeModel, …). Notifications are per database: two
// deployments in two schemas of one database would wake each other, which
// costs them a needless re-read and nothing else.
const ChangeChannel = "careerpath_changes"

// listenRetry is how long Listen waits before reconnecting after its
// connection broke; tests shorten it.
var listenRetry = time.Second

var _ careerpath.ChangeListener = (*DB)(nil)

// notifyTx announces a change of the kind when tx commits (PostgreSQL
// delivers notifications on commit, and drops them on rollback, so a
// listener never hears of a change that did not happen).
func notifyTx(ctx context.Context, tx pgx.Tx, kind string) error {
	_, err := tx.Exec(ctx, `SELECT pg_notify($1, $2)`, ChangeChannel, kind)
	return err
}

// Listen implements careerpath.ChangeListener with LISTEN on a connection
// of its own, outside the pool. When the connection breaks (the server
// restarts, the session is terminated), it logs the error on slog's
// default logger, reconnects every second until it can, and then calls fn
// with careerpath.ChangeAny. The pollers stay the fallback meanwhile.
func (db *DB) Listen(ctx context.Context, fn func(kind string)) error {
	missed := false
	for {
		err := db.listen(ctx, func() {
			if missed {
				fn(careerpath.ChangeAny)
			}
			missed = true
		}, fn)
		if ctx.Err() != nil {
			return ctx.Err()
		}
		slog.Default().Warn("change notification: listening failed; polling only until it reconnects", "database", db.url, "err", storageError(err))
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
		fn(n.Payload)
	}
}
