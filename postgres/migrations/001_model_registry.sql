-- The relevance model registry (registry.go): versions with their
-- artifacts, aliases, and an append-only log of every alias move. The
-- same tables as SQLite's migrations 003 and 007, in PostgreSQL's types.
-- JSON columns are json, not jsonb, so that a document reads back as it
-- was written.

CREATE TABLE model_versions (
    seq          bigserial PRIMARY KEY,
    version      text NOT NULL UNIQUE, -- 'v' || seq
    created_at   timestamptz NOT NULL,
    kind         text NOT NULL,
    data_hash    text NOT NULL,
    config       json NOT NULL,
    seed         bigint NOT NULL,
    schema_hash  text NOT NULL,
    code_version text NOT NULL,
    metrics      json NOT NULL,
    artifact     bytea NOT NULL,
    size         integer NOT NULL,
    checksum     text NOT NULL, -- hex SHA-256 of artifact
    reference    json           -- NULL for versions trained before references were kept
);

CREATE TABLE model_aliases (
    alias   text PRIMARY KEY,
    version text NOT NULL REFERENCES model_versions (version)
);

CREATE TABLE model_events (
    id      bigserial PRIMARY KEY,
    at      timestamptz NOT NULL,
    actor   text NOT NULL,
    action  text NOT NULL,
    alias   text NOT NULL,
    from_v  text NOT NULL,
    to_v    text NOT NULL,
    reason  text NOT NULL,
    details json NOT NULL
);

CREATE FUNCTION refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '% is append-only', TG_TABLE_NAME;
END $$;

CREATE TRIGGER model_events_append_only BEFORE UPDATE OR DELETE ON model_events
FOR EACH ROW EXECUTE FUNCTION refuse_change();
