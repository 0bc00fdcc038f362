package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	careerpath "github.com/careerpath/careerpath"
)

var _ careerpath.SessionStore = (*DB)(nil)

// CreateSession stores a session by its token's hash.
func (db *DB) CreateSession(ctx context.Context, s *careerpath.Session) error {
	if err := careerpath.ValidSession(s); err != nil {
		return err
	}
	_, err := db.exec(ctx, `INSERT INTO editor_sessions (token_hash, editor, created_at, expires_at) VALUES (?, ?, ?, ?)`,
		s.TokenHash, s.Editor, s.CreatedAt.UTC().Format(time.RFC3339Nano), s.ExpiresAt.UTC().Format(time.RFC3339Nano))
	if err != nil && strings.Contains(err.Error(), "UNIQUE constraint failed") {
		return careerpath.Errorf(careerpath.ECONFLICT, "A session with this token exists already.")
	} else if err != nil {
		return storageError(fmt.Errorf("store session: %w", err))
	}
	return nil
}

// FindSession returns the session with the token hash, or ENOTFOUND.
func (db *DB) FindSession(ctx context.Context, tokenHash string) (*careerpath.Session, error) {
	s := careerpath.Session{TokenHash: tokenHash}
	var created, expires string
	err := db.read.QueryRowContext(ctx, `SELECT editor, created_at, expires_at FROM editor_sessions WHERE token_hash = ?`, tokenHash).
		Scan(&s.Editor, &created, &expires)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, careerpath.Errorf(careerpath.ENOTFOUND, "No such session.")
	} else if err != nil {
		return nil, fmt.Errorf("find session: %w", err)
	}
	s.CreatedAt, _ = time.Parse(time.RFC3339Nano, created)
	s.ExpiresAt, _ = time.Parse(time.RFC3339Nano, expires)
	return &s, nil
}

// DeleteSession deletes the session with the token hash, if any.
func (db *DB) DeleteSession(ctx context.Context, tokenHash string) error {
	if _, err := db.exec(ctx, `DELETE FROM editor_sessions WHERE token_hash = ?`, tokenHash); err != nil {
		return storageError(fmt.Errorf("delete session: %w", err))
	}
	return nil
}

// DeleteExpiredSessions deletes the sessions that expired at or before
// now. RFC 3339 text with fractions of varying length does not sort as
// time does, so julianday compares the instants.
func (db *DB) DeleteExpiredSessions(ctx context.Context, now time.Time) (int, error) {
	res, err := db.exec(ctx, `DELETE FROM editor_sessions WHERE julianday(expires_at) <= julianday(?)`,
		now.UTC().Format(time.RFC3339Nano))
	if err != nil {
		return 0, storageError(fmt.Errorf("delete expired sessions: %w", err))
	}
	n, _ := res.RowsAffected()
	return int(n), nil
}
