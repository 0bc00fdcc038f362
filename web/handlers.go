package web

import (
	"net/http"
	"strings"

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

func (s *Server) healthz(w http.ResponseWriter, r *http.Request) error {
	if err := s.svc.Ping(r.Context()); err != nil {
		s.log.Error("health check", "err", err)
		return writeJSON(w, http.StatusServiceUnavailable, map[string]string{"status": "unavailable"})
	}
	return writeJSON(w, http.StatusOK, map[string]string{"status": "ok"})
}

// readyz says whether a load balancer should send this replica traffic:
// 200 when Services.Ready has no objection and storage answers, 503 with
// the reason otherwise. /healthz says only that the process is alive.
func (s *Server) readyz(w http.ResponseWriter, r *http.Request) error {
	if s.svc.Ready != nil {
		if err := s.svc.Ready(); err != nil {
			return writeJSON(w, http.StatusServiceUnavailable, map[string]string{"status": "not ready", "reason": err.Error()})
		}
	}
	if err := s.svc.Ping(r.Context()); err != nil {
		s.log.Error("readiness check", "err", err)
		return writeJSON(w, http.StatusServiceUnavailable, map[string]string{"status": "not ready", "reason": "the database does not answer"})
	}
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
