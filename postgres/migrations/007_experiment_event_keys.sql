-- De-duplication of experiment events by a key in the database, as in
-- SQLite's migration 016: replicas count a visitor's action once. One row
-- per visitor, phase, kind and program with the time of the last event
-- counted; an event closer than careerpath.EventRepeatWindow to it is not
-- stored (experiments.go, LogExperiment: the upsert on this key decides,
-- so two replicas writing the same action at once store it once).
CREATE TABLE experiment_event_keys (
    experiment text NOT NULL,
    phase      integer NOT NULL,
    visitor    text NOT NULL,
    kind       text NOT NULL,
    program_id bigint NOT NULL,
    last_at    timestamptz NOT NULL, -- the last event counted
    PRIMARY KEY (experiment, phase, visitor, kind, program_id)
);

INSERT INTO experiment_event_keys (experiment, phase, visitor, kind, program_id, last_at)
    SELECT experiment, phase, visitor, kind, program_id, max(at)
    FROM experiment_events GROUP BY experiment, phase, visitor, kind, program_id;
