-- Editors' sessions (session.go in the root package): kept in the database
-- so that a restart keeps editors signed in and every replica sees them.
-- Only a hash of the cookie's token is stored. Operator state: an import
-- carries it over (stateTables).
CREATE TABLE editor_sessions (
    token_hash TEXT PRIMARY KEY CHECK (length(token_hash) = 64),
    editor     TEXT NOT NULL CHECK (editor <> ''),
    created_at TEXT NOT NULL, -- RFC 3339, UTC
    expires_at TEXT NOT NULL  -- RFC 3339, UTC
);
CREATE INDEX editor_sessions_expires ON editor_sessions (expires_at);
