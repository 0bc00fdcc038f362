-- The rollback guard's watch, shared by every process on the database
-- (guardstats.go in the root package, registry/guard.go): one row per
-- model version and replica with the calls it answered, their errors and
-- a histogram of their latency per entry, replaced at each of its checks.
-- The leader judges a new champion on the sum of the rows written since
-- its promotion, and deletes old rows. Operator state: an import carries
-- it over (stateTables), so that a watch under way survives it.
CREATE TABLE guard_stats (
    version    TEXT NOT NULL CHECK (version <> ''),
    replica    TEXT NOT NULL CHECK (replica <> ''),
    calls      INTEGER NOT NULL CHECK (calls >= 0),
    errors     INTEGER NOT NULL CHECK (errors >= 0 AND errors <= calls),
    latency    TEXT NOT NULL,            -- JSON array: calls per latency bin
    failure    TEXT NOT NULL DEFAULT '', -- why the version failed to load or warm up there
    updated_at TEXT NOT NULL,            -- fixed-width UTC, to the microsecond (sorts as time does)
    PRIMARY KEY (version, replica)
);
CREATE INDEX guard_stats_updated ON guard_stats (updated_at);
