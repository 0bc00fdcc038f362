package web_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	careerpath "github.com/careerpath/careerpath"
	"github.com/careerpath/careerpath/sqlite"
	"github.com/careerpath/careerpath/web"
)

// clock is a settable time for the server's session expiry.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time          { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) advance(d time.Duration) { c.mu.Lock(); c.t = c.t.Add(d); c.mu.Unlock() }

// storedEnv is an editorEnv whose sessions are kept in its database, and
// a second server over the same database: the process after a restart,
// or another replica.
func storedEnv(t *testing.T) (first, second *editorEnv, clk *clock) {
	t.Helper()
	clk = &clock{t: time.Date(2026, 3, 4, 9, 0, 0, 0, time.UTC)}
	var svc web.Services
	first = newEditorEnv(t, func(e *editorEnv, s *web.Services) {
		s.Sessions, s.Security.Now = e.db, clk.now
		svc = *s
	})
	// The second server reads sessions through a connection of its own
	// to the database file, as a restarted process would.
	reopened, err := sqlite.Open(context.Background(), first.db.Path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { reopened.Close() })
	svc.Sessions = reopened
	srv, err := web.NewServer(context.Background(), svc, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	return first, &editorEnv{h: srv.Handler(), db: reopened}, clk
}

func hashOf(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

func signedOut(t *testing.T, e *editorEnv, when string) {
	t.Helper()
	if r := e.do("GET", "/admin/review", nil); r.code != http.StatusSeeOther {
		t.Errorf("%s: GET /admin/review = %d, want 303 to the sign-in page", when, r.code)
	}
}

// TestAdminSessionOutlivesRestart: a session kept in the database works
// through a new server on the same database (a restart, or another
// replica) with the same CSRF token, and signing out through one ends it
// for both. The database holds the token's hash, never the token.
func TestAdminSessionOutlivesRestart(t *testing.T) {
	first, second, _ := storedEnv(t)
	c := first.signIn(t, "Ana Editor")
	csrf := first.csrf(t)

	ctx := context.Background()
	stored, err := first.db.FindSession(ctx, hashOf(c.Value))
	if err != nil || stored.Editor != "Ana Editor" {
		t.Fatalf("session in the database: %+v, %v; want Ana Editor's, by the token's hash", stored, err)
	}
	if _, err := first.db.FindSession(ctx, c.Value); careerpath.ErrorCode(err) != careerpath.ENOTFOUND {
		t.Errorf("the database finds a session by the plain token (%v): it must keep only the hash", err)
	}

	signedOut(t, second, "the second server without the cookie")
	second.cookies = first.cookies
	if got := second.csrf(t); got != csrf {
		t.Errorf("CSRF token through the second server %q, want the first's %q", got, csrf)
	}
	if r := second.do("POST", "/admin/logout", url.Values{"csrf": {csrf}}); r.code != http.StatusSeeOther {
		t.Fatalf("sign out through the second server = %d %s, want 303", r.code, r.body)
	}
	signedOut(t, first, "the first server after signing out through the second")
	if _, err := first.db.FindSession(ctx, hashOf(c.Value)); careerpath.ErrorCode(err) != careerpath.ENOTFOUND {
		t.Errorf("session after signing out: %v, want it deleted", err)
	}
}

// TestAdminSessionExpiry: an expired session signs nobody in and is
// deleted, through whichever server sees it first or at the next sign-in.
func TestAdminSessionExpiry(t *testing.T) {
	first, second, clk := storedEnv(t)
	old := first.signIn(t, "Ana Editor")
	clk.advance(time.Hour)
	other := first.signIn(t, "Ben Editor")
	clk.advance(11*time.Hour + time.Minute) // Ana's 12 hours are over, Ben's not

	ctx := context.Background()
	second.cookies = []*http.Cookie{old}
	signedOut(t, second, "an expired session")
	if _, err := first.db.FindSession(ctx, hashOf(old.Value)); careerpath.ErrorCode(err) != careerpath.ENOTFOUND {
		t.Errorf("expired session after its use: %v, want it deleted", err)
	}
	second.cookies = []*http.Cookie{other}
	if r := second.do("GET", "/admin/review", nil); r.code != http.StatusOK {
		t.Errorf("a live session = %d, want 200", r.code)
	}

	// Ben's session expires unseen; the next sign-in deletes it.
	clk.advance(2 * time.Hour)
	first.signIn(t, "Cy Editor")
	if _, err := first.db.FindSession(ctx, hashOf(other.Value)); careerpath.ErrorCode(err) != careerpath.ENOTFOUND {
		t.Errorf("session expired before a sign-in: %v, want it deleted", err)
	}
}

// downSessions is a session store that does not answer while down is set.
type downSessions struct {
	careerpath.SessionStore
	down *atomic.Bool
}

var errUnreachable = careerpath.Errorf(careerpath.EUNAVAILABLE, "The database is unreachable: nothing was saved. Try again shortly.")

func (s downSessions) FindSession(ctx context.Context, hash string) (*careerpath.Session, error) {
	if s.down.Load() {
		return nil, errUnreachable
	}
	return s.SessionStore.FindSession(ctx, hash)
}

func (s downSessions) DeleteExpiredSessions(ctx context.Context, now time.Time) (int, error) {
	if s.down.Load() {
		return 0, errUnreachable
	}
	return s.SessionStore.DeleteExpiredSessions(ctx, now)
}

// TestAdminSessionUnreachable: while the session store does not answer,
// a signed-in editor gets 503 with the reason, not the sign-in page (the
// session has not ended), and signing in answers 503; once it answers
// again the session works.
func TestAdminSessionUnreachable(t *testing.T) {
	var down atomic.Bool
	e := newEditorEnv(t, func(e *editorEnv, s *web.Services) { s.Sessions = downSessions{e.db, &down} })
	e.signIn(t, "Ana Editor")
	down.Store(true)
	if r := e.do("GET", "/admin/review", nil); r.code != http.StatusServiceUnavailable || !strings.Contains(r.body, "database is unreachable") {
		t.Errorf("GET /admin/review signed in, the store down = %d %.200s, want 503 saying the database is unreachable", r.code, r.body)
	}
	out := &editorEnv{h: e.h}
	if r := out.do("POST", "/admin/login", url.Values{"name": {"Ben"}, "token": {adminToken}}); r.code != http.StatusServiceUnavailable {
		t.Errorf("sign-in with the store down = %d, want 503", r.code)
	}
	down.Store(false)
	if r := e.do("GET", "/admin/review", nil); r.code != http.StatusOK {
		t.Errorf("GET /admin/review signed in, the store back = %d, want 200", r.code)
	}
}
