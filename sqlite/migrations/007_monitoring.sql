-- Monitoring of the relevance model (package monitor): the reference
-- histograms of each model version, computed at training time; closed
-- drift windows of live classifications; and the drift of each imported
-- catalog. Operator state: an import carries them over (stateTables).

-- JSON of monitor.Reference; NULL for versions trained before it existed.
ALTER TABLE model_versions ADD COLUMN reference TEXT;

CREATE TABLE drift_windows (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    model      TEXT NOT NULL,    -- model version
    started_at TEXT NOT NULL,    -- RFC 3339, UTC
    ended_at   TEXT NOT NULL,
    n          INTEGER NOT NULL, -- classifications in the window
    status     TEXT NOT NULL CHECK (status IN ('ok', 'warn', 'alert')),
    firing     INTEGER NOT NULL, -- 1 when a sustained-drift alert is on after it
    report     TEXT NOT NULL     -- JSON of monitor.WindowReport
);
CREATE INDEX drift_windows_model ON drift_windows (model, id);

CREATE TABLE catalog_drift (
    catalog_id INTEGER PRIMARY KEY REFERENCES catalogs (id) ON DELETE CASCADE,
    model      TEXT NOT NULL,
    status     TEXT NOT NULL,
    n          INTEGER NOT NULL,
    summary    TEXT NOT NULL, -- JSON of careerpath.CatalogDrift without its report
    report     TEXT NOT NULL  -- JSON of the full comparison
);
