package web_test

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"

	careerpath "github.com/careerpath/careerpath"
	"github.com/careerpath/careerpath/web"
)

// TestReadyThroughOutage: /readyz is 503 while the database does not
// answer until the replica has once been ready, then 200 "degraded"
// (with the header) through an outage, and 503 while draining whatever
// the database does; /healthz is 200 throughout, saying whether the
// database answers.
func TestReadyThroughOutage(t *testing.T) {
	t.Parallel()
	db := cipDB(t)
	var down atomic.Bool
	var draining atomic.Bool
	down.Store(true)
	srv, err := web.NewServer(context.Background(), web.Services{
		Datasets: db, Guides: noGuides{}, Programs: oneProgram{},
		Ping: func(ctx context.Context) error {
			if down.Load() {
				return careerpath.Errorf(careerpath.EUNAVAILABLE, "The database is unreachable.")
			}
			return db.Ping(ctx)
		},
		Ready: func() error {
			if draining.Load() {
				return errors.New("shutting down")
			}
			return nil
		},
	}, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	get := func(path string) (int, string, http.Header) {
		rec := httptest.NewRecorder()
		srv.Handler().ServeHTTP(rec, httptest.NewRequest("GET", path, nil))
		b, _ := io.ReadAll(rec.Result().Body)
		return rec.Code, string(b), rec.Result().Header
	}
	for _, step := range []struct {
		what               string
		down, draining     bool
		ready              int
		readyBody, healthz string
		degraded           bool
	}{
		{"starting, database down", true, false, 503, `"not ready"`, `"unreachable"`, false},
		{"database up", false, false, 200, `"ready"`, `"database":"ok"`, false},
		{"database down after ready", true, false, 200, `"degraded"`, `"unreachable"`, true},
		{"database back", false, false, 200, `"ready"`, `"database":"ok"`, false},
		{"draining, database down", true, true, 503, "shutting down", `"unreachable"`, false},
	} {
		down.Store(step.down)
		draining.Store(step.draining)
		code, body, h := get("/readyz")
		if code != step.ready || !strings.Contains(body, step.readyBody) {
			t.Errorf("%s: GET /readyz = %d %s, want %d %s", step.what, code, body, step.ready, step.readyBody)
		}
		if got := h.Get(web.DegradedHeader) != ""; got != step.degraded {
			t.Errorf("%s: /readyz header %s = %q, want it set %v", step.what, web.DegradedHeader, h.Get(web.DegradedHeader), step.degraded)
		}
		if code, body, _ := get("/healthz"); code != 200 || !strings.Contains(body, step.healthz) {
			t.Errorf("%s: GET /healthz = %d %s, want 200 %s", step.what, code, body, step.healthz)
		}
	}
}
