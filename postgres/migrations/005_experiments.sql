-- A/B experiments on the finder's ranking (experiments.go), as in SQLite's
-- migration 008: experiments, their phases (each with its own salt),
-- exposures (one per visitor and phase: the primary key de-duplicates
-- them across replicas), events, and daily report snapshots.

CREATE TABLE experiments (
    key         text PRIMARY KEY,
    description text NOT NULL,
    metric      text NOT NULL CHECK (metric IN ('click', 'shortlist', 'compare')),
    status      text NOT NULL CHECK (status IN ('running', 'stopped')),
    created_at  timestamptz NOT NULL,
    created_by  text NOT NULL
);

CREATE TABLE experiment_phases (
    experiment text NOT NULL REFERENCES experiments (key),
    number     integer NOT NULL,
    salt       text NOT NULL UNIQUE,
    arms       json NOT NULL, -- [{"name", "weight"}], the first the control
    started_at timestamptz NOT NULL,
    ended_at   timestamptz,   -- NULL while current
    plan       json NOT NULL, -- experiment.Plan
    PRIMARY KEY (experiment, number)
);

CREATE TABLE experiment_exposures (
    experiment text NOT NULL,
    phase      integer NOT NULL,
    visitor    text NOT NULL,
    arm        text NOT NULL,
    at         timestamptz NOT NULL,
    PRIMARY KEY (experiment, phase, visitor),
    FOREIGN KEY (experiment, phase) REFERENCES experiment_phases (experiment, number)
);

CREATE TABLE experiment_events (
    id         bigserial PRIMARY KEY,
    experiment text NOT NULL,
    phase      integer NOT NULL,
    visitor    text NOT NULL,
    arm        text NOT NULL,
    kind       text NOT NULL CHECK (kind IN ('click', 'shortlist', 'compare')),
    program_id bigint NOT NULL,
    at         timestamptz NOT NULL,
    FOREIGN KEY (experiment, phase) REFERENCES experiment_phases (experiment, number)
);
CREATE INDEX experiment_events_phase ON experiment_events (experiment, phase, kind, visitor);

CREATE TABLE experiment_reports (
    experiment text NOT NULL,
    phase      integer NOT NULL,
    day        text NOT NULL, -- YYYY-MM-DD, UTC
    report     json NOT NULL, -- experiment.Report
    PRIMARY KEY (experiment, phase, day),
    FOREIGN KEY (experiment, phase) REFERENCES experiment_phases (experiment, number)
);
