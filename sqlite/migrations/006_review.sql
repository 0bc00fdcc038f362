-- The editors' review queue and the labels it produces (review.go). Like
-- the registry, this is operator state, not open data: an import carries
-- it over (stateTables in builder.go).

-- An editor's decision sets a catalog entry's field of study: a third
-- source of CIP codes. SQLite cannot alter a CHECK constraint, so the
-- table is rebuilt with the same columns, ids and indexes.
CREATE TABLE catalog_entries_new (
    id             INTEGER PRIMARY KEY,
    catalog_id     INTEGER NOT NULL REFERENCES catalogs (id) ON DELETE CASCADE,
    line           INTEGER NOT NULL,
    institution    TEXT NOT NULL,
    program        TEXT NOT NULL,
    degree         TEXT NOT NULL,
    award          INTEGER NOT NULL,
    format         TEXT NOT NULL CHECK (format IN ('', 'online', 'on-campus', 'hybrid')),
    city           TEXT NOT NULL,
    region         TEXT NOT NULL,
    country        TEXT NOT NULL,
    duration_years REAL,
    tuition        REAL,
    currency       TEXT NOT NULL,
    url            TEXT NOT NULL,
    description    TEXT NOT NULL,
    cip            TEXT,             -- 6-digit CIP 2020; NULL until the model or an editor gives one
    cip_source     TEXT CHECK (cip_source IN ('catalog', 'model', 'editor')),
    confidence     REAL,             -- 1 for a catalog or editor code, the model's probability for a predicted one
    status         TEXT NOT NULL CHECK (status IN ('active', 'pending_model', 'held_for_review')),
    CHECK ((cip IS NULL) = (cip_source IS NULL)),
    CHECK (status <> 'active' OR cip IS NOT NULL)
);
INSERT INTO catalog_entries_new SELECT id, catalog_id, line, institution, program, degree, award, format, city, region, country,
    duration_years, tuition, currency, url, description, cip, cip_source, confidence, status FROM catalog_entries;
DROP TABLE catalog_entries;
ALTER TABLE catalog_entries_new RENAME TO catalog_entries;
CREATE INDEX catalog_entries_catalog ON catalog_entries (catalog_id);
CREATE INDEX catalog_entries_status ON catalog_entries (status);

-- One row per item of the queue: a catalog entry held for low confidence
-- (kind 'held', made in the transaction that holds the entry) or a program
-- an editor flagged for a career (kind 'flagged'). The entry's text is
-- copied so that the item reads the same whatever happens to the program.
-- Items of a catalog entry go with it when its catalog is replaced or
-- deleted; their labels stay (review_labels keeps its own copy).
CREATE TABLE review_items (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    kind             TEXT NOT NULL CHECK (kind IN ('held', 'flagged')),
    status           TEXT NOT NULL CHECK (status IN ('open', 'decided')),
    catalog_entry_id INTEGER REFERENCES catalog_entries (id) ON DELETE CASCADE, -- NULL for an IPEDS program
    program_id       TEXT NOT NULL,  -- the finder's program id; '' for an entry not in the finder (held)
    career           TEXT NOT NULL,  -- '' for all careers (held)
    institution      TEXT NOT NULL,
    program          TEXT NOT NULL,
    degree           TEXT NOT NULL,
    format           TEXT NOT NULL,
    city             TEXT NOT NULL,
    country          TEXT NOT NULL,
    description      TEXT NOT NULL,
    cip              TEXT NOT NULL,  -- what the model or the finder said; '' none usable
    confidence       REAL,
    model            TEXT NOT NULL,  -- model version that said it; '' unknown
    reason           TEXT NOT NULL,
    created_by       TEXT NOT NULL,
    created_at       TEXT NOT NULL,  -- RFC 3339, UTC
    CHECK (kind <> 'held' OR catalog_entry_id IS NOT NULL)
);
CREATE INDEX review_items_status ON review_items (status, id);
-- At most one open item per held entry, and per flagged program and career.
CREATE UNIQUE INDEX review_items_open_held ON review_items (catalog_entry_id) WHERE kind = 'held' AND status = 'open';
CREATE UNIQUE INDEX review_items_open_flagged ON review_items (program_id, career) WHERE kind = 'flagged' AND status = 'open';

-- Entries held before this migration join the queue.
INSERT INTO review_items (kind, status, catalog_entry_id, program_id, career, institution, program, degree, format, city, country,
        description, cip, confidence, model, reason, created_by, created_at)
    SELECT 'held', 'open', id, '', '', institution, program, degree, format, city, country, description, coalesce(cip, ''), CASE WHEN cip IS NOT NULL THEN confidence END, '',
        'Held for review by the relevance model.', 'model', strftime('%Y-%m-%dT%H:%M:%SZ', 'now')
    FROM catalog_entries WHERE status = 'held_for_review' ORDER BY id;

-- Editors' decisions: append-only, attributed, self-contained (the text
-- is copied), so that retraining reads them whatever became of the item.
-- review_id is not a foreign key for the same reason.
CREATE TABLE review_labels (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    review_id   INTEGER,             -- the item it decided; NULL for a label made directly
    institution TEXT NOT NULL,
    program     TEXT NOT NULL,
    degree      TEXT NOT NULL,
    format      TEXT NOT NULL,
    city        TEXT NOT NULL,
    country     TEXT NOT NULL,
    description TEXT NOT NULL,
    cip         TEXT NOT NULL,       -- '' when only the relevance was set
    career      TEXT NOT NULL,       -- '' when only the field of study was set
    relevance   TEXT NOT NULL CHECK (relevance IN ('', 'strong', 'related', 'none')),
    editor      TEXT NOT NULL CHECK (editor <> ''),
    note        TEXT NOT NULL,
    created_at  TEXT NOT NULL,       -- RFC 3339, UTC
    CHECK (cip <> '' OR relevance <> ''),
    CHECK ((relevance = '') = (career = ''))
);
-- One decision per item, whatever the code above the database does.
CREATE UNIQUE INDEX review_labels_review ON review_labels (review_id) WHERE review_id IS NOT NULL;

CREATE TRIGGER review_labels_append_only_update BEFORE UPDATE ON review_labels
BEGIN SELECT RAISE(ABORT, 'review_labels is append-only'); END;
CREATE TRIGGER review_labels_append_only_delete BEFORE DELETE ON review_labels
BEGIN SELECT RAISE(ABORT, 'review_labels is append-only'); END;
