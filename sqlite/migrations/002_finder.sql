-- The program finder's tables, derived from programs and institutions and
-- the career files by Finder (sqlite/finder.go) when the server starts,
-- and rebuilt whenever their stamp no longer matches the data and the
-- relevance model. Nothing here is edited by hand.

-- One row per program with every value the finder filters, counts or
-- sorts on, denormalised so that a query reads one table.
CREATE TABLE finder_programs (
    id         INTEGER PRIMARY KEY, -- programs.id
    unitid     INTEGER NOT NULL,
    award      INTEGER NOT NULL,
    duration   REAL NOT NULL,    -- typical years of the award level
    online     INTEGER NOT NULL, -- 1 where the institution's online share reaches the threshold
    state      TEXT NOT NULL,
    country    TEXT NOT NULL,
    control    INTEGER NOT NULL,
    tuition    REAL,             -- in-state undergraduate tuition and fees
    earnings   REAL,             -- median earnings 1 year after
    completers INTEGER NOT NULL,
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

-- Relevance of each (CIP, award level) pair to each career, from package
-- relevance; only strong (2) and related (1) pairs are stored.
CREATE TABLE finder_class_relevance (
    career TEXT NOT NULL,
    cip    TEXT NOT NULL,
    award  INTEGER NOT NULL,
    level  INTEGER NOT NULL,
    score  REAL NOT NULL,
    PRIMARY KEY (career, cip, award)
);

-- The strong and related programs of each career.
CREATE TABLE finder_relevance (
    career     TEXT NOT NULL,
    program_id INTEGER NOT NULL,
    level      INTEGER NOT NULL,
    score      REAL NOT NULL,
    PRIMARY KEY (career, program_id)
) WITHOUT ROWID;
CREATE INDEX finder_relevance_score ON finder_relevance (career, score DESC, program_id);

-- The words of each program's name and institution name, tokenised by
-- careerpath.Tokenize (rowid = program id); unicode61 only splits them on
-- the spaces between.
CREATE VIRTUAL TABLE finder_text USING fts5 (words, content = '', tokenize = 'unicode61 remove_diacritics 0');

CREATE TABLE finder_meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
