-- The relevance model registry: versions with their artifacts, aliases,
-- and an append-only log of every alias move. This is operator state, not
-- open data: an import carries it over into the new database.

CREATE TABLE model_versions (
    seq          INTEGER PRIMARY KEY AUTOINCREMENT,
    version      TEXT NOT NULL UNIQUE, -- "v" || seq
    created_at   TEXT NOT NULL,
    kind         TEXT NOT NULL,
    data_hash    TEXT NOT NULL,
    config       TEXT NOT NULL, -- JSON
    seed         INTEGER NOT NULL,
    schema_hash  TEXT NOT NULL,
    code_version TEXT NOT NULL,
    metrics      TEXT NOT NULL, -- JSON
    artifact     BLOB NOT NULL,
    size         INTEGER NOT NULL,
    checksum     TEXT NOT NULL  -- hex SHA-256 of artifact
);

CREATE TABLE model_aliases (
    alias   TEXT PRIMARY KEY,
    version TEXT NOT NULL REFERENCES model_versions (version)
);

CREATE TABLE model_events (
    id      INTEGER PRIMARY KEY AUTOINCREMENT,
    at      TEXT NOT NULL,
    actor   TEXT NOT NULL,
    action  TEXT NOT NULL,
    alias   TEXT NOT NULL,
    from_v  TEXT NOT NULL,
    to_v    TEXT NOT NULL,
    reason  TEXT NOT NULL,
    details TEXT NOT NULL -- JSON
);

CREATE TRIGGER model_events_append_only_update BEFORE UPDATE ON model_events
BEGIN SELECT RAISE(ABORT, 'model_events is append-only'); END;
CREATE TRIGGER model_events_append_only_delete BEFORE DELETE ON model_events
BEGIN SELECT RAISE(ABORT, 'model_events is append-only'); END;
