package postgres

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	careerpath "github.com/careerpath/careerpath"
)

var _ careerpath.SessionStore = (*DB)(nil)

// CreateSession stores a session by its token's hash.
func (db *DB) CreateSession(ctx context.Context, s *careerpath.Session) error {
	if err := careerpath.ValidSession(s); err != nil {
		return err
	}
	_, err := db.pool.Exec(ctx, `INSERT INTO editor_sessions (token_hash, editor, created_at, expires_at) VALUES ($1, $2, $3, $4)`,
		s.TokenHash, s.Editor, s.CreatedAt.UTC(), s.ExpiresAt.UTC())
	if err := storageError(err); careerpath.ErrorCode(err) == careerpath.ECONFLICT {
		return careerpath.Errorf(careerpath.ECONFLICT, "A session with this token exists already.")
	} else if err != nil {
		return fmt.Errorf("store session: %w", err)
	}
	return nil
}

// FindSession returns the session with the token hash, or ENOTFOUND.
func (db *DB) FindSession(ctx context.Context, tokenHash string) (*careerpath.Session, error) {
	s := careerpath.Session{TokenHash: tokenHash}
	err := db.pool.QueryRow(ctx, `SELECT editor, created_at, expires_at FROM editor_sessions WHERE token_hash = $1`, tokenHash).
		Scan(&s.Editor, &s.CreatedAt, &s.ExpiresAt)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, careerpath.Errorf(careerpath.ENOTFOUND, "No such session.")
	} else if err != nil {
		return nil, storageError(fmt.Errorf("find session: %w", err))
	}
	s.CreatedAt, s.ExpiresAt = s.CreatedAt.UTC(), s.ExpiresAt.UTC()
	return &s, nil
}

// DeleteSession deletes the session with the token hash, if any.
func (db *DB) DeleteSession(ctx context.Context, tokenHash string) error {
	if _, err := db.pool.Exec(ctx, `DELETE FROM editor_sessions WHERE token_hash = $1`, tokenHash); err != nil {
		return storageError(fmt.Errorf("delete session: %w", err))
	}
	return nil
}

// DeleteExpiredSessions deletes the sessions that expired at or before now.
func (db *DB) DeleteExpiredSessions(ctx context.Context, now time.Time) (int, error) {
	tag, err := db.pool.Exec(ctx, `DELETE FROM editor_sessions WHERE expires_at <= $1`, now.UTC())
	if err != nil {
		return 0, storageError(fmt.Errorf("delete expired sessions: %w", err))
	}
	return int(tag.RowsAffected()), nil
}
