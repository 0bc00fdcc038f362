-- Who holds each lease of leader election (leader.go). The lease itself is
-- a session-level advisory lock; this row only names its holder for the
-- other replicas' admin pages. A row whose pid no longer holds the lock
-- (pg_locks) describes a holder that is gone.

CREATE TABLE leader_leases (
    lease  text PRIMARY KEY,
    holder text NOT NULL,        -- the replica's ID
    since  timestamptz NOT NULL, -- when it took the lock
    pid    integer NOT NULL      -- the backend of the session holding the lock
);
