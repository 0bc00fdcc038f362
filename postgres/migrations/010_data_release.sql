-- The release of the open data that serves. Each import loads the open
-- data into a schema of its own, "<this schema>_data_<release>", numbered
-- by data_release_seq, and in the transaction that commits it points
-- data_release at that schema and drops the one it replaces (see
-- Builder.Commit). Operator state stays in this schema, untouched by an
-- import. One row, or none before the first import.
CREATE SEQUENCE data_release_seq;

CREATE TABLE data_release (
    current      boolean PRIMARY KEY DEFAULT true CHECK (current),
    release      bigint NOT NULL,
    schema_name  text NOT NULL,
    installed_at timestamptz NOT NULL
);
