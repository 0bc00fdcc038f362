-- Drift monitoring (monitoring.go): closed windows of live
-- classifications and the drift of each imported catalog, as in SQLite's
-- migration 007. catalog_drift has no foreign key to catalogs: catalogs
-- are not stored here yet.

CREATE TABLE drift_windows (
    id         bigserial PRIMARY KEY,
    model      text NOT NULL,
    started_at timestamptz NOT NULL,
    ended_at   timestamptz NOT NULL,
    n          integer NOT NULL,
    status     text NOT NULL CHECK (status IN ('ok', 'warn', 'alert')),
    firing     boolean NOT NULL,
    report     json NOT NULL
);
CREATE INDEX drift_windows_model ON drift_windows (model, id);

CREATE TABLE catalog_drift (
    catalog_id bigint PRIMARY KEY,
    model      text NOT NULL,
    status     text NOT NULL,
    n          integer NOT NULL,
    summary    json NOT NULL, -- careerpath.CatalogDrift without its report
    report     json NOT NULL
);
