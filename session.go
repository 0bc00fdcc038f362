package careerpath

import (
	"context"
	"strings"
	"time"
)

// Session is a signed-in editor, as the database keeps it. The store
// never sees the cookie's token, only its hash (SessionTokenHash in
// package web), so that a copy of the database signs nobody in.
type Session struct {
	TokenHash string    `json:"-"` // hex SHA-256 of the session token
	Editor    string    `json:"editor"`
	CreatedAt time.Time `json:"created_at"`
	ExpiresAt time.Time `json:"expires_at"`
}

// SessionStore keeps editors' sessions, so that they outlive a restart
// and every replica sees them.
type SessionStore interface {
	// CreateSession stores s: ECONFLICT if a session has its hash.
	CreateSession(ctx context.Context, s *Session) error
	// FindSession returns the session with the token hash, expired or
	// not (the caller compares ExpiresAt with its clock), or ENOTFOUND.
	FindSession(ctx context.Context, tokenHash string) (*Session, error)
	// DeleteSession ends a session; deleting one that is gone is no error.
	DeleteSession(ctx context.Context, tokenHash string) error
	// DeleteExpiredSessions deletes the sessions that expired at or
	// before now and returns how many it deleted.
	DeleteExpiredSessions(ctx context.Context, now time.Time) (int, error)
}

// ValidSession checks a session before it is stored: a hex SHA-256 token
// hash, an editor and an expiry after its creation.
func ValidSession(s *Session) error {
	switch {
	case len(s.TokenHash) != 64 || strings.Trim(s.TokenHash, "0123456789abcdef") != "":
		return Errorf(EINVALID, "A session's token hash is 64 lower-case hex digits.")
	case s.Editor == "":
		return Errorf(EINVALID, "A session needs an editor.")
	case !s.ExpiresAt.After(s.CreatedAt):
		return Errorf(EINVALID, "A session must expire after it is created.")
	}
	return nil
}
