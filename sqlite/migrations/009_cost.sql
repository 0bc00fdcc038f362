-- Graduate tuition of institutions, the in-state figure of the finder,
-- and the ZIP gazetteer that places any US ZIP code.

ALTER TABLE institutions ADD COLUMN grad_tuition_in_state REAL;     -- average full-time graduate tuition 2022-23
ALTER TABLE institutions ADD COLUMN grad_tuition_out_of_state REAL;

-- finder_programs.tuition is now the figure a student from another state
-- pays (graduate or undergraduate by award level); tuition_in the figure
-- of a resident of the institution's state, which the finder uses for
-- public institutions of the student's state.
ALTER TABLE finder_programs ADD COLUMN tuition_in REAL;

CREATE TABLE zip_centroids (
    zip   TEXT PRIMARY KEY, -- 5 digits
    city  TEXT NOT NULL,
    state TEXT NOT NULL,
    lat   REAL NOT NULL,
    lon   REAL NOT NULL
) WITHOUT ROWID;

-- The finder tables are derived: dropping the stamp refills them.
DELETE FROM finder_meta WHERE key = 'stamp';
