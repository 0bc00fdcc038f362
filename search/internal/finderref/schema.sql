-- The reference finder's tables (finder.go), derived from programs,
-- institutions and active catalog entries of the test's database and
-- from the career files, and rebuilt whenever their stamp no longer
-- matches them. They were migrations 002, 005 and 009 of package sqlite
-- until migration 013 dropped them from production databases.

-- One row per program with every value the finder filters, counts or
-- sorts on, denormalised so that a query reads one table.
CREATE TABLE IF NOT EXISTS finder_programs (
    id         INTEGER PRIMARY KEY, -- programs.id, or CatalogProgramIDBase + catalog_entries.id
    unitid     INTEGER NOT NULL,    -- 0 for catalog programs
    award      INTEGER NOT NULL,    -- 0 for a catalog degree not recognised
    duration   REAL,             -- the catalog's duration, else typical years of the award level; NULL unknown
    online     INTEGER NOT NULL, -- the institution's online share reaches the threshold; a catalog's online or hybrid
    state      TEXT NOT NULL,    -- a catalog's region
    country    TEXT NOT NULL,
    control    INTEGER NOT NULL,
    tuition    REAL,             -- what a student from another state pays (graduate or undergraduate by award level); a catalog's tuition in USD
    tuition_in REAL,             -- what a resident of the institution's state pays
    earnings   REAL,             -- median earnings 1 year after
    completers INTEGER,          -- NULL for catalog programs (unknown)
    lat        REAL,
    lon        REAL,
    name       TEXT NOT NULL,
    inst_name  TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS finder_programs_state ON finder_programs (state, award);
CREATE INDEX IF NOT EXISTS finder_programs_award ON finder_programs (award);
CREATE INDEX IF NOT EXISTS finder_programs_lat ON finder_programs (lat);
CREATE INDEX IF NOT EXISTS finder_programs_tuition ON finder_programs (tuition);
CREATE INDEX IF NOT EXISTS finder_programs_earnings ON finder_programs (earnings);
CREATE INDEX IF NOT EXISTS finder_programs_completers ON finder_programs (completers);
CREATE INDEX IF NOT EXISTS finder_programs_name ON finder_programs (name, inst_name);

-- Relevance of each (CIP, award level) pair to each career, from package
-- relevance; only strong (2) and related (1) pairs are stored.
CREATE TABLE IF NOT EXISTS finder_class_relevance (
    career TEXT NOT NULL,
    cip    TEXT NOT NULL,
    award  INTEGER NOT NULL,
    level  INTEGER NOT NULL,
    score  REAL NOT NULL,
    PRIMARY KEY (career, cip, award)
);

-- The strong and related programs of each career.
CREATE TABLE IF NOT EXISTS finder_relevance (
    career     TEXT NOT NULL,
    program_id INTEGER NOT NULL,
    level      INTEGER NOT NULL,
    score      REAL NOT NULL,
    PRIMARY KEY (career, program_id)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS finder_relevance_score ON finder_relevance (career, score DESC, program_id);

-- The words of each program's name and institution name, tokenised by
-- careerpath.Tokenize (rowid = program id); unicode61 only splits them on
-- the spaces between.
CREATE VIRTUAL TABLE IF NOT EXISTS finder_text USING fts5 (words, content = '', tokenize = 'unicode61 remove_diacritics 0');

CREATE TABLE IF NOT EXISTS finder_meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
