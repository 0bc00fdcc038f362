-- The audit log of admin actions (audit.go), as in SQLite's migration
-- 012: rows are only added, except that failed sign-ins are counted in
-- one row per address and hour, and rows past the retention are deleted.

CREATE TABLE audit_log (
    id      bigserial PRIMARY KEY,
    at      timestamptz NOT NULL, -- the hour for failed sign-ins
    last_at timestamptz NOT NULL, -- the last attempt counted in the row
    actor   text NOT NULL,
    action  text NOT NULL,
    target  text NOT NULL,
    detail  text NOT NULL,
    address text NOT NULL,
    result  text NOT NULL,
    count   integer NOT NULL DEFAULT 1 CHECK (count >= 1)
);
CREATE INDEX audit_log_at ON audit_log (at);
CREATE UNIQUE INDEX audit_log_sign_in_failures ON audit_log (action, address, at) WHERE action = 'sign_in_failed';

CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF OLD.action <> 'sign_in_failed' OR NEW.at <> OLD.at OR NEW.actor <> OLD.actor OR NEW.action <> OLD.action
        OR NEW.target <> OLD.target OR NEW.detail <> OLD.detail OR NEW.address <> OLD.address OR NEW.result <> OLD.result THEN
        RAISE EXCEPTION 'audit_log is append-only';
    END IF;
    RETURN NEW;
END $$;

CREATE TRIGGER audit_log_append_only BEFORE UPDATE ON audit_log
FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
