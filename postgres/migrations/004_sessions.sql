-- Editors' sessions (session.go), as in SQLite's migration 015: only a
-- hash of the cookie's token is stored.

CREATE TABLE editor_sessions (
    token_hash text PRIMARY KEY CHECK (length(token_hash) = 64),
    editor     text NOT NULL CHECK (editor <> ''),
    created_at timestamptz NOT NULL,
    expires_at timestamptz NOT NULL
);
CREATE INDEX editor_sessions_expires ON editor_sessions (expires_at);
