-- Provider catalogs imported by an operator (careerpath catalog import, or
-- POST /api/v1/admin/catalogs). Unlike the open-data tables these are not
-- derived from the bundled release: a rebuild of the open data carries them
-- over (see Builder.CopyCatalogs).

CREATE TABLE catalogs (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL UNIQUE, -- becomes the Source of its programs
    source_file TEXT NOT NULL,        -- the file name given at import; "-" for stdin
    imported_at TEXT NOT NULL,        -- RFC 3339, UTC
    imported_by TEXT NOT NULL,
    entries     INTEGER NOT NULL,
    with_cip    INTEGER NOT NULL,     -- entries that came with a CIP code
    without_cip INTEGER NOT NULL      -- entries left for the relevance model
);

-- One row per entry of a catalog. Optional values the provider left out
-- are '' for text and NULL for numbers.
CREATE TABLE catalog_entries (
    id             INTEGER PRIMARY KEY,
    catalog_id     INTEGER NOT NULL REFERENCES catalogs (id) ON DELETE CASCADE,
    line           INTEGER NOT NULL, -- where the entry starts in the imported file
    institution    TEXT NOT NULL,
    program        TEXT NOT NULL,
    degree         TEXT NOT NULL,
    award          INTEGER NOT NULL, -- IPEDS award level read from degree; 0 unknown
    format         TEXT NOT NULL CHECK (format IN ('', 'online', 'on-campus', 'hybrid')),
    city           TEXT NOT NULL,
    region         TEXT NOT NULL,
    country        TEXT NOT NULL,    -- ISO 3166-1 alpha-2 or ''
    duration_years REAL,
    tuition        REAL,
    currency       TEXT NOT NULL,    -- ISO 4217, set whenever tuition is
    url            TEXT NOT NULL,
    description    TEXT NOT NULL,
    cip            TEXT,             -- 6-digit CIP 2020; NULL until the model gives one
    cip_source     TEXT CHECK (cip_source IN ('catalog', 'model')),
    confidence     REAL,             -- 1 for a catalog code, the model's probability for a predicted one
    status         TEXT NOT NULL CHECK (status IN ('active', 'pending_model', 'held_for_review')),
    CHECK ((cip IS NULL) = (cip_source IS NULL)),
    CHECK (status <> 'active' OR cip IS NOT NULL)
);
CREATE INDEX catalog_entries_catalog ON catalog_entries (catalog_id);
CREATE INDEX catalog_entries_status ON catalog_entries (status);
