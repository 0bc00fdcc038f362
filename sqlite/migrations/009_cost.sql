-- Graduate tuition of institutions and the ZIP gazetteer that places any US ZIP code.

ALTER TABLE institutions ADD COLUMN grad_tuition_in_state REAL;     -- average full-time graduate tuition 2022-23
ALTER TABLE institutions ADD COLUMN grad_tuition_out_of_state REAL;

CREATE TABLE zip_centroids (
    zip   TEXT PRIMARY KEY, -- 5 digits
    city  TEXT NOT NULL,
    state TEXT NOT NULL,
    lat   REAL NOT NULL,
    lon   REAL NOT NULL
) WITHOUT ROWID;
