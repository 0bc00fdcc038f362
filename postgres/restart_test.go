package postgres

import (
	"bytes"
	"context"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	careerpath "github.com/careerpath/careerpath"
	"github.com/careerpath/careerpath/experiment"
)

// tempServer is a PostgreSQL server of a test's own (scripts/pg-temp),
// which the test may stop and start.
type tempServer struct {
	dir, url string
}

// startTempServer starts a server for t alone, or skips: these tests run
// when PostgreSQL's are asked for (CAREERPATH_TEST_POSTGRES, or CI, where
// they must not skip).
func startTempServer(t *testing.T) *tempServer {
	t.Helper()
	if os.Getenv("CAREERPATH_TEST_POSTGRES") == "" && os.Getenv("CI") == "" {
		t.Skip("CAREERPATH_TEST_POSTGRES is not set")
	}
	if bins, _ := filepath.Glob("/usr/lib/postgresql/*/bin/initdb"); len(bins) == 0 {
		if os.Getenv("CI") != "" {
			t.Fatal("no PostgreSQL server under /usr/lib/postgresql (.ci/run installs postgresql-15)")
		}
		t.Skip("no PostgreSQL server under /usr/lib/postgresql: apt-get install postgresql-15")
	}
	// Not t.TempDir: as root the server runs as nobody, who may not
	// enter it (pg-temp creates the directory; stop removes it).
	dir, err := os.MkdirTemp("", "careerpath-pg-restart-")
	if err != nil {
		t.Fatal(err)
	}
	s := &tempServer{dir: dir}
	t.Cleanup(func() { os.RemoveAll(dir) })
	out, err := s.run("start")
	if err != nil {
		t.Fatalf("scripts/pg-temp start: %v\n%s", err, out)
	}
	s.url = strings.TrimSpace(out)
	t.Cleanup(func() {
		if out, err := s.run("stop"); err != nil {
			t.Errorf("scripts/pg-temp stop: %v\n%s", err, out)
		}
	})
	return s
}

func (s *tempServer) run(cmd string) (string, error) {
	c := exec.Command("../scripts/pg-temp", cmd, s.dir)
	var stderr bytes.Buffer
	c.Stderr = &stderr
	out, err := c.Output()
	if err != nil {
		return string(out) + stderr.String(), err
	}
	return string(out), nil
}

// down stops the server, keeping its files; up starts it again.
func (s *tempServer) down(t *testing.T) {
	t.Helper()
	if out, err := s.run("down"); err != nil {
		t.Fatalf("scripts/pg-temp down: %v\n%s", err, out)
	}
}

func (s *tempServer) up(t *testing.T) {
	t.Helper()
	if out, err := s.run("up"); err != nil {
		t.Fatalf("scripts/pg-temp up: %v\n%s", err, out)
	}
}

// syncBuffer is a log's buffer that goroutines write at once.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.String()
}

// TestServerRestart stops the database server under two replicas' pools,
// listener and electors and starts it again. While it is down, writes
// fail at once with EUNAVAILABLE and the message that nothing was saved,
// and the leader stops leading at its next check. Once it is back, without
// reopening anything: the pools write again, the listener reconnects and
// says it may have missed changes (careerpath.ChangeAny: its readers catch
// up) and then hears new ones, one replica takes the lease, and nothing
// written during the outage is there. The listener logs the outage
// once when it begins and once when it ends, not at every retry.
func TestServerRestart(t *testing.T) {
	pg := startTempServer(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	dbA, err := Open(ctx, pg.url)
	if err != nil {
		t.Fatal(err)
	}
	defer dbA.Close()
	dbB, err := Open(ctx, pg.url)
	if err != nil {
		t.Fatal(err)
	}
	defer dbB.Close()
	var logs syncBuffer
	dbB.SetLogger(slog.New(slog.NewTextHandler(&logs, nil)))
	defer func(d time.Duration) { listenRetry = d }(listenRetry)
	listenRetry = 10 * time.Millisecond

	kinds := make(chan string, 64)
	listening := make(chan error)
	go func() { listening <- dbB.Listen(ctx, func(k string) { kinds <- k }) }()
	listenerPID(t, dbA)
	a := newTestElector(t, dbA, "replica-a")
	wait(t, a.started, "a did not take the free lease")
	b := newTestElector(t, dbB, "replica-b")
	b.step(t)

	pg.down(t)
	t0 := time.Now()
	err = dbA.CreateSession(ctx, &careerpath.Session{TokenHash: strings.Repeat("a", 64), Editor: "ana", CreatedAt: time.Now().UTC(), ExpiresAt: time.Now().UTC().Add(time.Hour)})
	if careerpath.ErrorCode(err) != careerpath.EUNAVAILABLE || careerpath.ErrorMessage(err) != Unreachable {
		t.Fatalf("a write with the server down = %v, want EUNAVAILABLE %q", err, Unreachable)
	}
	t.Logf("a write with the server down failed after %v", time.Since(t0).Round(time.Microsecond))
	if _, err := dbB.FindSession(ctx, "x"); careerpath.ErrorCode(err) != careerpath.EUNAVAILABLE {
		t.Errorf("a read with the server down = %v, want EUNAVAILABLE", err)
	}
	a.tick <- time.Now() // its check
	wait(t, a.stopped, "the leader's job went on after its session died with the server")
	a.step(t)
	b.step(t)
	if a.Leader().Self || b.Leader().Self {
		t.Errorf("with the server down a leads %v, b %v; want neither", a.Leader().Self, b.Leader().Self)
	}
	time.Sleep(100 * time.Millisecond) // an outage: the listener retries every 10 ms meanwhile

	pg.up(t)
	up := time.Now()
	for {
		err := dbA.CreateSession(ctx, &careerpath.Session{TokenHash: strings.Repeat("b", 64), Editor: "ana", CreatedAt: time.Now().UTC(), ExpiresAt: time.Now().UTC().Add(time.Hour)})
		if err == nil {
			break
		}
		if time.Since(up) > 10*time.Second {
			t.Fatalf("the pool does not write 10 s after the server is back: %v", err)
		}
		time.Sleep(10 * time.Millisecond) // waiting for a condition
	}
	pool := time.Since(up)
	next(t, kinds, careerpath.ChangeAny)
	listen := time.Since(up)
	deadline := time.After(10 * time.Second)
	leader := ""
	for leader == "" {
		select {
		case a.tick <- time.Now():
		case b.tick <- time.Now():
		case <-a.started:
			leader = "replica-a"
		case <-b.started:
			leader = "replica-b"
		case <-deadline:
			t.Fatal("no replica took the lease 10 s after the server was back")
		}
	}
	lease := time.Since(up)
	t.Logf("after the server was back: the pool wrote after %v, the listener reconnected after %v, %s led after %v",
		pool.Round(time.Millisecond), listen.Round(time.Millisecond), leader, lease.Round(time.Millisecond))

	if _, err := dbB.FindSession(ctx, strings.Repeat("a", 64)); careerpath.ErrorCode(err) != careerpath.ENOTFOUND {
		t.Errorf("the session written during the outage: %v, want ENOTFOUND", err)
	}
	e := &careerpath.Experiment{Key: "after-restart", Metric: careerpath.EventClick, Phases: []careerpath.ExperimentPhase{{
		Arms: []experiment.Arm{{Name: careerpath.SortRelevance, Weight: 5000}, {Name: careerpath.SortOutcomes, Weight: 5000}}}}}
	if err := dbA.CreateExperiment(ctx, e); err != nil {
		t.Fatal(err)
	}
	next(t, kinds, careerpath.ChangeExperiment)

	if n := strings.Count(logs.String(), "level=WARN"); n != 1 {
		t.Errorf("the listener logged its failure %d times, want once:\n%s", n, logs.String())
	}
	if n := strings.Count(logs.String(), "listening again"); n != 1 {
		t.Errorf("the listener logged its return %d times, want once:\n%s", n, logs.String())
	}
	cancel()
	<-listening
}
