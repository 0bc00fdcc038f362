package postgres

import (
	"context"
	"errors"
	"fmt"
	"hash/fnv"
	"log/slog"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"

	careerpath "github.com/careerpath/careerpath"
)

// leaseClass is the first key of the advisory locks that are leases
// ("care"); the second is a hash of the lease's name.
const leaseClass = 0x63617265

// DefaultLease names the lease of careerpath's singleton jobs.
const DefaultLease = "singleton-jobs"

// LockElector is the PostgreSQL Elector for replicas sharing one database:
// the lease is a session-level advisory lock (pg_try_advisory_lock) held
// on a connection of its own, outside the pool. The server drops the lock
// when that session ends, however it ends (the replica dies, the
// connection breaks, an operator runs pg_terminate_backend), and a waiting
// elector takes it at its next try, within Interval. The holder checks its
// connection every Interval and cancels the job when the check fails, so
// two replicas may run the job at once for at most about one Interval
// after a holder loses its session without noticing.
type LockElector struct {
	db       *DB
	id       string
	lease    string
	key      int32
	interval time.Duration
	log      *slog.Logger
	// tick returns the channel of the elector's tries and checks; tests
	// replace it to drive them one at a time.
	tick func() (<-chan time.Time, func())
	// stepped, when set, runs once the try or check a tick started is
	// done: tests wait on it to know the elector is idle again.
	stepped func()

	mu     sync.Mutex
	leader careerpath.Leadership
}

// NewLockElector returns an elector for the lease of the given name
// (DefaultLease for the singleton jobs) on db's server, naming this replica
// id and trying for the lease every interval.
func NewLockElector(db *DB, lease, id string, interval time.Duration, log *slog.Logger) (*LockElector, error) {
	if interval <= 0 {
		return nil, fmt.Errorf("leader election interval %v: must be positive", interval)
	}
	if lease == "" || id == "" {
		return nil, fmt.Errorf("leader election: the lease and the replica need names")
	}
	h := fnv.New32a()
	h.Write([]byte(lease))
	e := &LockElector{db: db, id: id, lease: lease, key: int32(h.Sum32()), interval: interval, log: log}
	e.tick = func() (<-chan time.Time, func()) {
		t := time.NewTicker(e.interval)
		return t.C, t.Stop
	}
	return e, nil
}

// Run implements careerpath.Elector.
func (e *LockElector) Run(ctx context.Context, job func(ctx context.Context)) error {
	tick, stop := e.tick()
	defer stop()
	// A database down fails every try: logged when it begins and ends.
	failures := &careerpath.FailureLog{Log: e.log, Msg: "leader election"}
	ticked := false // whether this try is a tick's (for stepped)
	for {
		conn, since, err := e.acquire(ctx)
		if ticked {
			e.step()
			ticked = false
		}
		switch {
		case err == nil && conn != nil:
			failures.OK("lease", e.lease)
			e.lead(ctx, conn, since, tick, job)
			if ctx.Err() != nil {
				return ctx.Err()
			}
			continue // lost the lease: try again at once, then every interval
		case err != nil && ctx.Err() == nil:
			failures.Fail(err, "lease", e.lease)
		case err == nil:
			failures.OK("lease", e.lease)
		}
		e.observe(ctx)
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-tick:
		}
		ticked = true
	}
}

// step runs the stepped hook, if any.
func (e *LockElector) step() {
	if e.stepped != nil {
		e.stepped()
	}
}

// lockSession connects outside the pool and tries the session advisory
// lock (class, key) without waiting: a nil connection and nil error mean
// another session holds it. Closing the connection releases the lock.
func (db *DB) lockSession(ctx context.Context, class, key int32, app string) (*pgx.Conn, time.Time, error) {
	cfg := db.pool.Config().ConnConfig.Copy()
	cfg.RuntimeParams["application_name"] = app
	conn, err := pgx.ConnectConfig(ctx, cfg)
	if err != nil {
		return nil, time.Time{}, storageError(err)
	}
	var got bool
	var since time.Time
	err = conn.QueryRow(ctx, `SELECT pg_try_advisory_lock($1, $2), now()`, class, key).Scan(&got, &since)
	if err == nil && got {
		return conn, since.UTC(), nil
	}
	conn.Close(context.WithoutCancel(ctx))
	return nil, time.Time{}, storageError(err)
}

// retrainClass is the first key of the lock that serialises retrains
// ("rtrn"; the second is 0).
const retrainClass = 0x7274726e

// LockRetrain takes the retrain lock (lifecycle.RetrainStore): a session
// advisory lock on a connection of its own, so that one retrain runs at a
// time across every replica and process sharing the database, and a
// retrain that dies frees it with its session. Held elsewhere, it is
// ECONFLICT at once.
func (db *DB) LockRetrain() (unlock func(), err error) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	conn, _, err := db.lockSession(ctx, retrainClass, 0, "careerpath-retrain")
	if err != nil {
		return nil, err
	}
	if conn == nil {
		return nil, careerpath.Errorf(careerpath.ECONFLICT, "another retrain of %s is running", db.url)
	}
	return func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		conn.Close(ctx)
		cancel()
	}, nil
}

// acquire tries the lease's lock and, holding it, records this replica
// as the holder: a nil connection and nil error mean another session
// holds it.
func (e *LockElector) acquire(ctx context.Context) (*pgx.Conn, time.Time, error) {
	cctx, cancel := context.WithTimeout(ctx, e.interval+5*time.Second)
	defer cancel()
	conn, since, err := e.db.lockSession(cctx, leaseClass, e.key, "careerpath-leader "+e.id)
	if conn != nil {
		// The record of who holds the lease, for the other replicas'
		// Leader; a failure here does not cost the lease.
		if _, err := conn.Exec(cctx, `INSERT INTO leader_leases (lease, holder, since, pid) VALUES ($1, $2, $3, pg_backend_pid())
			ON CONFLICT (lease) DO UPDATE SET holder = excluded.holder, since = excluded.since, pid = excluded.pid`, e.lease, e.id, since); err != nil {
			e.log.Warn("leader election: record the holder", "lease", e.lease, "err", storageError(err))
		}
	}
	return conn, since, err
}

// lead runs job while the lock's session lives, until ctx is done.
func (e *LockElector) lead(ctx context.Context, conn *pgx.Conn, since time.Time, tick <-chan time.Time, job func(context.Context)) {
	e.set(careerpath.Leadership{Holder: e.id, Since: since, Self: true})
	e.log.Info("leader: took the lease", "replica", e.id, "lease", e.lease)
	jctx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() {
		defer close(done)
		job(jctx)
	}()
	lost := false
	for !lost {
		select {
		case <-ctx.Done():
			lost = true
		case <-tick:
			cctx, c := context.WithTimeout(ctx, e.interval)
			err := e.held(cctx, conn)
			c()
			if err != nil && ctx.Err() == nil {
				e.log.Warn("leader: lost the lease", "replica", e.id, "lease", e.lease, "err", err)
				lost = true
			}
			e.step()
		}
	}
	cancel()
	<-done
	e.set(careerpath.Leadership{})
	// Unlocking is closing: the session's locks go with it.
	cctx, c := context.WithTimeout(context.WithoutCancel(ctx), time.Second)
	conn.Close(cctx)
	c()
	if ctx.Err() != nil {
		e.log.Info("leader: released the lease", "replica", e.id, "lease", e.lease)
	}
}

// held checks that the lock's session still holds the lock.
func (e *LockElector) held(ctx context.Context, conn *pgx.Conn) error {
	var n int
	err := conn.QueryRow(ctx, `SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND pid = pg_backend_pid()
		AND classid = $1::oid AND objid = $2::oid AND objsubid = 2 AND granted`, uint32(leaseClass), uint32(e.key)).Scan(&n)
	if err != nil {
		return storageError(err)
	}
	if n != 1 {
		return errors.New("the session no longer holds the lock")
	}
	return nil
}

// observe records who holds the lease, as the server sees it: the holder
// recorded by a session that holds the lock now.
func (e *LockElector) observe(ctx context.Context) {
	cctx, cancel := context.WithTimeout(ctx, e.interval)
	defer cancel()
	var l careerpath.Leadership
	err := e.db.pool.QueryRow(cctx, `SELECT r.holder, r.since FROM leader_leases r
		WHERE r.lease = $1 AND EXISTS (SELECT 1 FROM pg_locks k WHERE k.locktype = 'advisory' AND k.pid = r.pid
			AND k.classid = $2::oid AND k.objid = $3::oid AND k.objsubid = 2 AND k.granted)`,
		e.lease, uint32(leaseClass), uint32(e.key)).Scan(&l.Holder, &l.Since)
	if err != nil && !errors.Is(err, pgx.ErrNoRows) {
		return // keep what was known
	}
	l.Since = l.Since.UTC()
	e.set(l)
}

func (e *LockElector) set(l careerpath.Leadership) {
	e.mu.Lock()
	e.leader = l
	e.mu.Unlock()
}

// Leader implements careerpath.Elector: this replica when it holds the
// lease; otherwise the holder seen at the last try (at most Interval ago),
// or none when no session holds the lock.
func (e *LockElector) Leader() careerpath.Leadership {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.leader
}

var _ careerpath.Elector = (*LockElector)(nil)
