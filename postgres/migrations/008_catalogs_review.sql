-- Provider catalogs, the editors' review queue, their labels and the
-- finder's overrides (catalog.go, review.go, override.go), as in SQLite's
-- migrations 004, 006, 012 and 014. Operator state: it lives in this
-- schema, which an open-data import does not touch, so it has no foreign
-- key into a release's schema; CIP codes are checked against the release
-- that serves when they are written.

CREATE TABLE catalogs (
    id          bigserial PRIMARY KEY,
    name        text NOT NULL UNIQUE, -- becomes the Source of its programs
    source_file text NOT NULL,        -- the file name given at import; "-" for stdin
    imported_at timestamptz NOT NULL,
    imported_by text NOT NULL,
    entries     integer NOT NULL,
    with_cip    integer NOT NULL,     -- entries that came with a CIP code
    without_cip integer NOT NULL      -- entries left for the classifier
);

-- Optional values the provider left out are '' for text and NULL for
-- numbers.
CREATE TABLE catalog_entries (
    id                bigserial PRIMARY KEY,
    catalog_id        bigint NOT NULL REFERENCES catalogs (id) ON DELETE CASCADE,
    line              integer NOT NULL,
    institution       text NOT NULL,
    program           text NOT NULL,
    degree            text NOT NULL,
    award             integer NOT NULL, -- IPEDS award level read from degree; 0 unknown
    format            text NOT NULL CHECK (format IN ('', 'online', 'on-campus', 'hybrid')),
    city              text NOT NULL,
    region            text NOT NULL,
    country           text NOT NULL,
    duration_years    double precision,
    tuition           double precision,
    currency          text NOT NULL,
    url               text NOT NULL,
    description       text NOT NULL,
    cip               text,             -- 6-digit CIP 2020; NULL until the model or an editor gives one
    cip_source        text CHECK (cip_source IN ('catalog', 'model', 'editor')),
    confidence        double precision, -- 1 for a catalog or editor code, the model's probability for a predicted one
    status            text NOT NULL CHECK (status IN ('active', 'pending_model', 'held_for_review')),
    concentration_cip text,             -- the concentration's field, as the model read it; NULL for none
    CHECK ((cip IS NULL) = (cip_source IS NULL)),
    CHECK (status <> 'active' OR cip IS NOT NULL)
);
CREATE INDEX catalog_entries_catalog ON catalog_entries (catalog_id);
CREATE INDEX catalog_entries_status ON catalog_entries (status);

-- The review queue: a catalog entry held for low confidence (kind 'held',
-- made in the transaction that holds the entry) or a program an editor
-- flagged for a career. The text is copied, so that the item reads the
-- same whatever happens to the program.
CREATE TABLE review_items (
    id               bigserial PRIMARY KEY,
    kind             text NOT NULL CHECK (kind IN ('held', 'flagged')),
    status           text NOT NULL CHECK (status IN ('open', 'decided')),
    catalog_entry_id bigint REFERENCES catalog_entries (id) ON DELETE CASCADE, -- NULL for an IPEDS program
    program_id       text NOT NULL, -- the finder's program id; '' for an entry not in the finder (held)
    career           text NOT NULL, -- '' for all careers (held)
    institution      text NOT NULL,
    program          text NOT NULL,
    degree           text NOT NULL,
    format           text NOT NULL,
    city             text NOT NULL,
    country          text NOT NULL,
    description      text NOT NULL,
    cip              text NOT NULL, -- what the model or the finder said; '' none usable
    confidence       double precision,
    model            text NOT NULL,
    reason           text NOT NULL,
    created_by       text NOT NULL,
    created_at       timestamptz NOT NULL,
    CHECK (kind <> 'held' OR catalog_entry_id IS NOT NULL)
);
CREATE INDEX review_items_status ON review_items (status, id);
-- At most one open item per held entry, and per flagged program and career.
CREATE UNIQUE INDEX review_items_open_held ON review_items (catalog_entry_id) WHERE kind = 'held' AND status = 'open';
CREATE UNIQUE INDEX review_items_open_flagged ON review_items (program_id, career) WHERE kind = 'flagged' AND status = 'open';

-- Editors' decisions: append-only, attributed, self-contained.
CREATE TABLE review_labels (
    id          bigserial PRIMARY KEY,
    review_id   bigint, -- the item it decided; NULL for a label made directly
    institution text NOT NULL,
    program     text NOT NULL,
    degree      text NOT NULL,
    format      text NOT NULL,
    city        text NOT NULL,
    country     text NOT NULL,
    description text NOT NULL,
    cip         text NOT NULL, -- '' when only the relevance was set
    career      text NOT NULL, -- '' when only the field of study was set
    relevance   text NOT NULL CHECK (relevance IN ('', 'strong', 'related', 'none')),
    editor      text NOT NULL CHECK (editor <> ''),
    note        text NOT NULL,
    created_at  timestamptz NOT NULL,
    CHECK (cip <> '' OR relevance <> ''),
    CHECK ((relevance = '') = (career = ''))
);
-- One decision per item, whatever the code above the database does.
CREATE UNIQUE INDEX review_labels_review ON review_labels (review_id) WHERE review_id IS NOT NULL;

CREATE TRIGGER review_labels_append_only BEFORE UPDATE OR DELETE ON review_labels
FOR EACH ROW EXECUTE FUNCTION refuse_change();

-- The finder's overrides: an append-only log of changes, each with a
-- version (its id) that every replica reads in order.
CREATE TABLE finder_overrides (
    version    bigserial PRIMARY KEY,
    program_id bigint NOT NULL,
    career     text NOT NULL, -- '' for a field of study (every career)
    relevance  text NOT NULL CHECK (relevance IN ('', 'strong', 'related', 'none')),
    cip        text NOT NULL, -- '' for a relevance
    label_id   bigint NOT NULL,
    review_id  bigint NOT NULL,
    undo       boolean NOT NULL,
    editor     text NOT NULL CHECK (editor <> ''),
    note       text NOT NULL,
    created_at timestamptz NOT NULL,
    CHECK (undo OR (career = '') = (relevance = '') AND (career = '') = (cip <> ''))
);
CREATE INDEX finder_overrides_label ON finder_overrides (label_id);
CREATE INDEX finder_overrides_key ON finder_overrides (program_id, career, version);

CREATE TRIGGER finder_overrides_append_only BEFORE UPDATE OR DELETE ON finder_overrides
FOR EACH ROW EXECUTE FUNCTION refuse_change();

-- catalog_drift (migration 002) now has catalogs to refer to.
DELETE FROM catalog_drift;
ALTER TABLE catalog_drift ADD FOREIGN KEY (catalog_id) REFERENCES catalogs (id) ON DELETE CASCADE;
