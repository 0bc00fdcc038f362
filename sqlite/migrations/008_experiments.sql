-- A/B experiments on the finder's ranking: experiments, their phases (each
-- with its own salt: a weight change never re-uses one), what visitors were
-- exposed to and what they did, and daily report snapshots for the
-- sequential test's running minimum. Operator state: an import carries it
-- over into the new database (stateTables).

CREATE TABLE experiments (
    key         TEXT PRIMARY KEY,
    description TEXT NOT NULL,
    metric      TEXT NOT NULL CHECK (metric IN ('click', 'shortlist', 'compare')),
    status      TEXT NOT NULL CHECK (status IN ('running', 'stopped')),
    created_at  TEXT NOT NULL,
    created_by  TEXT NOT NULL
);

CREATE TABLE experiment_phases (
    experiment TEXT NOT NULL REFERENCES experiments (key),
    number     INTEGER NOT NULL,
    salt       TEXT NOT NULL UNIQUE,
    arms       TEXT NOT NULL, -- JSON [{"name", "weight"}], the first the control
    started_at TEXT NOT NULL,
    ended_at   TEXT,          -- NULL while current
    plan       TEXT NOT NULL, -- JSON experiment.Plan
    PRIMARY KEY (experiment, number)
);

CREATE TABLE experiment_exposures (
    experiment TEXT NOT NULL,
    phase      INTEGER NOT NULL,
    visitor    TEXT NOT NULL,
    arm        TEXT NOT NULL,
    at         TEXT NOT NULL,
    PRIMARY KEY (experiment, phase, visitor),
    FOREIGN KEY (experiment, phase) REFERENCES experiment_phases (experiment, number)
) WITHOUT ROWID;

CREATE TABLE experiment_events (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    experiment TEXT NOT NULL,
    phase      INTEGER NOT NULL,
    visitor    TEXT NOT NULL,
    arm        TEXT NOT NULL,
    kind       TEXT NOT NULL CHECK (kind IN ('click', 'shortlist', 'compare')),
    program_id INTEGER NOT NULL,
    at         TEXT NOT NULL,
    FOREIGN KEY (experiment, phase) REFERENCES experiment_phases (experiment, number)
);
CREATE INDEX experiment_events_phase ON experiment_events (experiment, phase, kind, visitor);

CREATE TABLE experiment_reports (
    experiment TEXT NOT NULL,
    phase      INTEGER NOT NULL,
    day        TEXT NOT NULL, -- YYYY-MM-DD, UTC
    report     TEXT NOT NULL, -- JSON experiment.Report
    PRIMARY KEY (experiment, phase, day),
    FOREIGN KEY (experiment, phase) REFERENCES experiment_phases (experiment, number)
);
