-- Editors' decisions as the program finder applies them (override.go):
-- an append-only log of changes, each with a version (its id) that every
-- replica polls for. A row sets the relevance of a program for a career
-- (career <> '') or the field of study of a program (career = ''), or,
-- with undo = 1, withdraws what its label set for the same program and
-- career. Operator state: an import carries it over (stateTables).
CREATE TABLE finder_overrides (
    version    INTEGER PRIMARY KEY AUTOINCREMENT,
    program_id INTEGER NOT NULL,  -- the finder's program id
    career     TEXT NOT NULL,     -- '' for a field of study (every career)
    relevance  TEXT NOT NULL CHECK (relevance IN ('', 'strong', 'related', 'none')),
    cip        TEXT NOT NULL,     -- '' for a relevance
    label_id   INTEGER NOT NULL,  -- the decision (review_labels.id)
    review_id  INTEGER NOT NULL,
    undo       INTEGER NOT NULL CHECK (undo IN (0, 1)),
    editor     TEXT NOT NULL CHECK (editor <> ''),
    note       TEXT NOT NULL,
    created_at TEXT NOT NULL,     -- RFC 3339, UTC
    CHECK (undo = 1 OR (career = '') = (relevance = '') AND (career = '') = (cip <> ''))
);
CREATE INDEX finder_overrides_label ON finder_overrides (label_id);
CREATE INDEX finder_overrides_key ON finder_overrides (program_id, career, version);

CREATE TRIGGER finder_overrides_append_only_update BEFORE UPDATE ON finder_overrides
BEGIN SELECT RAISE(ABORT, 'finder_overrides is append-only'); END;
CREATE TRIGGER finder_overrides_append_only_delete BEFORE DELETE ON finder_overrides
BEGIN SELECT RAISE(ABORT, 'finder_overrides is append-only'); END;

-- The audit log of admin actions (audit.go): who, when, what, from which
-- address, with what result. Rows are only added, except that failed
-- sign-ins are counted in one row per address and hour (count and
-- last_at grow), and rows older than the retention are deleted.
CREATE TABLE audit_log (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    at         TEXT NOT NULL,     -- RFC 3339, UTC; the hour for failed sign-ins
    last_at    TEXT NOT NULL,     -- the last attempt counted in the row
    actor      TEXT NOT NULL,     -- editor name; '' when unknown (not signed in)
    action     TEXT NOT NULL,
    target     TEXT NOT NULL,
    detail     TEXT NOT NULL,
    address    TEXT NOT NULL,     -- the client's IP address
    result     TEXT NOT NULL,     -- 'ok', or why it failed
    count      INTEGER NOT NULL DEFAULT 1 CHECK (count >= 1)
);
CREATE INDEX audit_log_at ON audit_log (at);
CREATE UNIQUE INDEX audit_log_sign_in_failures ON audit_log (action, address, at) WHERE action = 'sign_in_failed';

CREATE TRIGGER audit_log_append_only_update BEFORE UPDATE ON audit_log
WHEN OLD.action <> 'sign_in_failed' OR NEW.at <> OLD.at OR NEW.actor <> OLD.actor OR NEW.action <> OLD.action
    OR NEW.target <> OLD.target OR NEW.detail <> OLD.detail OR NEW.address <> OLD.address OR NEW.result <> OLD.result
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
