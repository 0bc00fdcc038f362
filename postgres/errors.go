package postgres

import (
	"context"
	"errors"

	"github.com/jackc/pgx/v5/pgconn"

	careerpath "github.com/careerpath/careerpath"
)

// Unreachable is the message of an operation that failed because the
// database server could not be reached, or went away: a write's
// transaction did not commit (PostgreSQL rolls back what a broken session
// left open), reads served from memory go on.
const Unreachable = "The database is unreachable: nothing was saved. Try again shortly."

// storageError translates an error of the server or the connection into
// the domain's codes, so that the layers above never see PostgreSQL's:
// a broken constraint is ECONFLICT or EINVALID, a full disk ENOSPACE, a
// statement timeout, an unreachable server or one shutting down
// EUNAVAILABLE (retrying later may succeed). Errors that already carry a
// code, and other errors, are returned as they are.
func storageError(err error) error {
	if err == nil || careerpath.ErrorCode(err) != careerpath.EINTERNAL {
		return err
	}
	wrap := func(code, msg string) error { return &careerpath.Error{Code: code, Message: msg, Err: err} }
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) {
		switch {
		case pgErr.Code == "23505": // unique_violation
			return wrap(careerpath.ECONFLICT, "It exists already.")
		case pgErr.Code == "23503", pgErr.Code == "23514", pgErr.Code == "23502", pgErr.Code[:2] == "22":
			// foreign key, check, not null; data exceptions (a value out of range)
			return wrap(careerpath.EINVALID, "The database refused the value: "+pgErr.Message+".")
		case pgErr.Code == "53100": // disk_full
			return wrap(careerpath.ENOSPACE, "The database server's disk is full: nothing was stored. Free space on it, then try again.")
		case pgErr.Code == "57014": // query_canceled: the statement timeout
			return wrap(careerpath.EUNAVAILABLE, "The database took too long to answer: try again.")
		case pgErr.Code[:2] == "08", pgErr.Code[:2] == "53", pgErr.Code == "57P01", pgErr.Code == "57P02", pgErr.Code == "57P03":
			// connection exceptions, insufficient resources, the server shutting down or starting
			return wrap(careerpath.EUNAVAILABLE, Unreachable)
		case pgErr.Code == "28P01", pgErr.Code == "28000", pgErr.Code == "3D000":
			return wrap(careerpath.EUNAVAILABLE, "The database refused the connection: check the user, password and database name of the URL.")
		}
		return err
	}
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return err
	}
	var connErr *pgconn.ConnectError
	if errors.As(err, &connErr) || pgconn.SafeToRetry(err) || pgconn.Timeout(err) {
		return wrap(careerpath.EUNAVAILABLE, Unreachable)
	}
	return err
}
