-- De-duplication of experiment events by a key in the database, so that
-- replicas sharing it count a visitor's action once (experiments.go,
-- LogExperiment): a click sent by the finder page's script and seen again
-- by the server when the program's page loads reaches two replicas as
-- often as one. One row per visitor, phase, kind and program, with the
-- time of the last event counted; an event closer than
-- careerpath.EventRepeatWindow to it is not stored. Operator state: an
-- import carries it over (stateTables).
CREATE TABLE experiment_event_keys (
    experiment TEXT NOT NULL,
    phase      INTEGER NOT NULL,
    visitor    TEXT NOT NULL,
    kind       TEXT NOT NULL,
    program_id INTEGER NOT NULL,
    last_ms    INTEGER NOT NULL, -- Unix milliseconds of the last event counted
    PRIMARY KEY (experiment, phase, visitor, kind, program_id)
) WITHOUT ROWID;

INSERT INTO experiment_event_keys (experiment, phase, visitor, kind, program_id, last_ms)
    SELECT experiment, phase, visitor, kind, program_id, CAST(round((max(julianday(at)) - 2440587.5) * 86400000) AS INTEGER)
    FROM experiment_events GROUP BY experiment, phase, visitor, kind, program_id;
