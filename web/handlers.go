package web

import (
	"context"
	"net/http"
	"strings"
	"time"

	careerpath "github.com/careerpath/careerpath"
)

func (s *Server) sourcesPage(w http.ResponseWriter, r *http.Request) error {
	ds, err := s.svc.Datasets.FindDatasets(r.Context())
	if err != nil {
		return err
	}
	return s.render(w, r, "sources.html", map[string]any{"Title": "Data sources", "Datasets": ds})
}

// sourcesJSON serves GET /api/v1/sources.
func (s *Server) sourcesJSON(w http.ResponseWriter, r *http.Request) error {
	ds, err := s.svc.Datasets.FindDatasets(r.Context())
	if err != nil {
		return err
	}
	if ds == nil {
		ds = []*careerpath.Dataset{}
	}
	return writeJSON(w, http.StatusOK, map[string]any{"datasets": ds})
}

// pingTimeout bounds the database ping of /healthz and /readyz: a
// database that hangs rather than refuses must not make the load
// balancer's check time out (HAProxy's "timeout check" is 2 s).
const pingTimeout = time.Second

// ping pings storage within pingTimeout, logging failures when they begin
// and end rather than at every check.
func (s *Server) ping(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, pingTimeout)
	defer cancel()
	err := s.svc.Ping(ctx)
	if err != nil {
		s.pingFails.Fail(err)
	} else {
		s.pingFails.OK()
	}
	return err
}

// healthz says the process is alive: 200 whenever it can answer, with
// whether the database answers in the body. A database outage is not a
// reason to restart a replica, which would then fail to start and stop
// serving the reads it can.
func (s *Server) healthz(w http.ResponseWriter, r *http.Request) error {
	if err := s.ping(r.Context()); err != nil {
		return writeJSON(w, http.StatusOK, map[string]string{"status": "ok", "database": "unreachable"})
	}
	return writeJSON(w, http.StatusOK, map[string]string{"status": "ok", "database": "ok"})
}

// DegradedHeader is the header of a /readyz 200 that says the replica
// serves degraded: what it cannot do.
const DegradedHeader = "Careerpath-Degraded"

// readyz says whether a load balancer should send this replica traffic:
// 503 with the reason while Services.Ready objects (the finder's index
// building, the process draining) and, until it has once been ready, while
// the database does not answer; 200 otherwise.
//
// Once ready, a replica stays ready while the database does not answer:
// the outage of a database every replica shares is every replica's, and
// taking them all out of rotation would refuse the reads they serve from
// memory (pages, the finder, suggestions) along with the writes they
// cannot make. It answers 200 "degraded" then, with DegradedHeader, and
// its writes answer 503. A replica starting during the outage is not
// ready: it could not load what it serves. The cost: a replica cut off
// from the database alone stays in rotation and refuses its share of the
// writes, which clients retry (its log and /readyz say why).
func (s *Server) readyz(w http.ResponseWriter, r *http.Request) error {
	if s.svc.Ready != nil {
		if err := s.svc.Ready(); err != nil {
			return writeJSON(w, http.StatusServiceUnavailable, map[string]string{"status": "not ready", "reason": err.Error()})
		}
	}
	if err := s.ping(r.Context()); err != nil {
		if !s.wasReady.Load() {
			return writeJSON(w, http.StatusServiceUnavailable, map[string]string{"status": "not ready", "reason": "the database does not answer"})
		}
		w.Header().Set(DegradedHeader, "database unreachable; writes refused")
		return writeJSON(w, http.StatusOK, map[string]string{"status": "degraded",
			"reason": "the database does not answer: reads are served from memory, writes answer 503"})
	}
	s.wasReady.Store(true)
	return writeJSON(w, http.StatusOK, map[string]string{"status": "ready"})
}

// notFound answers what no route serves: 405 with Allow when the path
// is served with other methods, 404 otherwise.
func (s *Server) notFound(w http.ResponseWriter, r *http.Request) error {
	if methods := allowed(s.mux, r); len(methods) > 0 {
		w.Header().Set("Allow", strings.Join(methods, ", "))
		return careerpath.Errorf(eMethod, "%s does not take %s; it takes %s.", r.URL.Path, r.Method, strings.Join(methods, ", "))
	}
	return careerpath.Errorf(careerpath.ENOTFOUND, "No page at %s.", r.URL.Path)
}
