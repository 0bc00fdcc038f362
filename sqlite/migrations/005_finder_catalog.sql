-- Catalog programs join the finder (sqlite/finder.go): a program's
-- duration is unknown for a catalog degree not recognised and no duration
-- given, so finder_programs.duration becomes nullable, and so do
-- completers, which catalogs do not report. The table is
-- derived: dropping it and the stamp makes the next NewFinder refill it.

DROP TABLE finder_programs;
CREATE TABLE finder_programs (
    id         INTEGER PRIMARY KEY, -- programs.id, or CatalogProgramIDBase + catalog_entries.id
    unitid     INTEGER NOT NULL,    -- 0 for catalog programs
    award      INTEGER NOT NULL,    -- 0 for a catalog degree not recognised
    duration   REAL,             -- the catalog's duration, else typical years of the award level; NULL unknown
    online     INTEGER NOT NULL, -- the institution's online share reaches the threshold; a catalog's online or hybrid
    state      TEXT NOT NULL,    -- a catalog's region
    country    TEXT NOT NULL,
    control    INTEGER NOT NULL,
    tuition    REAL,             -- in-state undergraduate tuition and fees; a catalog's tuition in USD
    earnings   REAL,             -- median earnings 1 year after
    completers INTEGER,          -- NULL for catalog programs (unknown)
    lat        REAL,
    lon        REAL,
    name       TEXT NOT NULL,
    inst_name  TEXT NOT NULL
);
CREATE INDEX finder_programs_state ON finder_programs (state, award);
CREATE INDEX finder_programs_award ON finder_programs (award);
CREATE INDEX finder_programs_lat ON finder_programs (lat);
CREATE INDEX finder_programs_tuition ON finder_programs (tuition);
CREATE INDEX finder_programs_earnings ON finder_programs (earnings);
CREATE INDEX finder_programs_completers ON finder_programs (completers);
CREATE INDEX finder_programs_name ON finder_programs (name, inst_name);
DELETE FROM finder_meta;
