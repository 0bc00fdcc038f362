-- The rollback guard's watch, shared by every replica (guardstats.go,
-- registry/guard.go), as in SQLite's migration 017: one row per model
-- version and replica, replaced at each of its checks; the leader judges
-- a new champion on the sum of the rows written since its promotion.

CREATE TABLE guard_stats (
    version    text NOT NULL CHECK (version <> ''),
    replica    text NOT NULL CHECK (replica <> ''),
    calls      integer NOT NULL CHECK (calls >= 0),
    errors     integer NOT NULL CHECK (errors >= 0 AND errors <= calls),
    latency    integer[] NOT NULL,        -- calls per latency bin
    failure    text NOT NULL DEFAULT '',  -- why the version failed to load or warm up there
    updated_at timestamptz NOT NULL,
    PRIMARY KEY (version, replica)
);
CREATE INDEX guard_stats_updated ON guard_stats (updated_at);
