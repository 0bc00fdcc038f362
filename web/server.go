// Package web serves careerpath over HTTP: server-rendered HTML pages, the
// JSON API under /api/v1/, health and metrics.
package web

import (
	"context"
	"errors"
	"fmt"
	"html/template"
	"log/slog"
	"net"
	"net/http"
	"sync"
	"sync/atomic"
	"time"

	careerpath "github.com/careerpath/careerpath"
	"github.com/careerpath/careerpath/experiment/track"
	"github.com/careerpath/careerpath/monitor"
	"github.com/prometheus/client_golang/prometheus"
)

// Services are the domain services the web layer calls.
type Services struct {
	Datasets careerpath.DatasetService
	Guides   careerpath.GuideService
	Programs careerpath.ProgramService
	// Ping checks that storage answers; used by /healthz and /readyz.
	Ping func(context.Context) error
	// Ready, if set, says why this replica should not get traffic yet (or
	// any more): the finder's index still building, the process draining.
	// /readyz answers 503 with its error's message; nil means ready.
	Ready func() error
	// Leader, if set, reports who holds the lease of the singleton jobs;
	// shown on /admin/monitoring.
	Leader func() careerpath.Leadership
	// GuardWatch, if set, returns the rollback guard's watch of a new
	// champion on every replica's figures (nil when none is watched);
	// shown on /admin/monitoring.
	GuardWatch func(context.Context) (*careerpath.GuardWatch, error)

	// Catalogs stores provider catalogs sent to the admin API.
	Catalogs careerpath.CatalogService
	// AdminToken is the bearer token of the admin API; "" disables the
	// admin API (every request gets 403).
	AdminToken string
	// Classifier classifies catalog entries for a career with the serving
	// classifier; nil answers 503.
	Classifier careerpath.Classifier
	// CatalogImported, if set, is called after a catalog is stored, so
	// that the program finder can take in its entries; also after an
	// editor's decision changes a catalog entry (with a nil catalog).
	CatalogImported func(context.Context, *careerpath.Catalog)
	// OverridesChanged, if set, is called after an editor's decision or
	// its undo, so that the finder applies it without waiting for its
	// next poll of the override log.
	OverridesChanged func(context.Context)
	// Monitor observes route latency and serves the admin monitoring
	// page; nil shows monitoring as off. A monitor that is off
	// (--monitoring=false) also turns the per-route Prometheus metrics off.
	Monitor *monitor.Monitor
	// Review is the editors' review queue; Models the model registry the
	// admin pages show and move aliases in. Nil hides their sections.
	Review careerpath.ReviewService
	Models careerpath.ModelRegistry
	// Experiments runs finder experiments; nil runs none and sets no
	// visitor cookie.
	Experiments *track.Tracker
	// Security configures the server's defences (security.go).
	Security Security
	// Metrics is the one Prometheus registry /metrics serves: the
	// collectors are declared where they are measured (web, monitor,
	// experiment/track) and all registered here by NewServer, with the
	// Go runtime's and the process's. Nil is a registry of the server's
	// own, so that several servers (in tests) do not collide.
	Metrics *prometheus.Registry
	// Careers finds careers among the edited guides and the pages of
	// every occupation; nil lists the edited guides only.
	Careers careerpath.CareerSearch
	// Audit keeps the audit log of admin actions; nil keeps none.
	Audit careerpath.AuditService
	// Sessions keeps editors' sessions, so that they outlive a restart
	// and work through every replica; nil keeps them in memory.
	Sessions careerpath.SessionStore
	// ExperimentUnits, if set, counts the visitors exposed to experiments
	// since a time: the traffic the experiments page estimates durations
	// from.
	ExperimentUnits func(ctx context.Context, since time.Time) (int, error)
}

// Server is careerpath's HTTP server.
type Server struct {
	svc     Services
	log     *slog.Logger
	pages   *pages
	metrics *metrics
	handler http.Handler
	// Rendered at start: the home page (see cachedPage) and the guide part
	// of each career page, by slug.
	homePage     *cachedPage
	guideHTML    map[string]template.HTML
	occupations  sync.Map  // slug → template.HTML: generated career pages, rendered on first visit
	defaultPages pageCache // unfiltered career pages, finder included
	srv          *http.Server
	ln           net.Listener
	sessions     *sessions // signed-in editors (admin_ui.go)
	// The defences (security.go): their settings, the sign-in rate
	// limits, and the log of limits reached.
	security    Security
	loginLimits *loginLimiter
	limitLog    *onceEvery
	limited     *prometheus.CounterVec // requests refused by a rate limit, by limit
	mux         *http.ServeMux
	metricsSrv  *http.Server // on Security.MetricsAddr, if set
	metricsLn   net.Listener
	// Whether /readyz has answered 200 (handlers.go: readyz), and the
	// failures of its and /healthz's database pings.
	wasReady  atomic.Bool
	pingFails *careerpath.FailureLog
	// The audit entries of admin writes refused because the database is
	// unreachable, which do not reach it either (audit.go).
	auditFails *careerpath.FailureLog
}

// NewServer returns a server for the services; call Open to start it.
func NewServer(ctx context.Context, svc Services, log *slog.Logger) (*Server, error) {
	p, err := loadPages()
	if err != nil {
		return nil, err
	}
	s := &Server{svc: svc, log: log, pages: p, metrics: newMetrics(svc.Metrics), security: svc.Security.withDefaults(),
		pingFails:  &careerpath.FailureLog{Log: log, Msg: "the database does not answer its health check"},
		auditFails: &careerpath.FailureLog{Log: log, Msg: "audit log: the entries of admin writes refused while the database is unreachable are not recorded"}}
	s.sessions = newSessions(svc.Sessions, s.security.Now, log)
	s.loginLimits, s.limitLog = newLoginLimiter(s.security.Now), newOnceEvery(limitLogEvery)
	s.metrics.reg.MustRegister(svc.Monitor.Collectors()...) // a nil monitor has none
	if svc.Experiments != nil {
		s.metrics.reg.MustRegister(svc.Experiments.Collectors()...)
	}
	if err := s.prepareGuides(ctx); err != nil {
		return nil, err
	}
	s.handler = gzipResponses(s.routes())
	return s, nil
}

// Handler returns the server's root handler, for tests.
func (s *Server) Handler() http.Handler { return s.handler }

// Open listens on addr (port 0 picks a free port) and serves in the
// background.
func (s *Server) Open(addr string) error {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	s.ln = ln
	s.srv = &http.Server{
		Handler:           s.handler,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       120 * time.Second,
		ErrorLog:          slog.NewLogLogger(s.log.Handler(), slog.LevelWarn),
	}
	go func() {
		if err := s.srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			s.log.Error("serve", "err", err)
		}
	}()
	if addr := s.security.MetricsAddr; addr != "" {
		mln, err := net.Listen("tcp", addr)
		if err != nil {
			s.srv.Close()
			return fmt.Errorf("metrics address: %w", err)
		}
		mux := http.NewServeMux()
		mux.Handle("GET /metrics", s.metricsHandler())
		s.metricsSrv = &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second, WriteTimeout: 60 * time.Second,
			ErrorLog: slog.NewLogLogger(s.log.Handler(), slog.LevelWarn)}
		s.metricsLn = mln
		go s.metricsSrv.Serve(mln)
	}
	return nil
}

// MetricsAddr returns the address /metrics is served on apart, or "".
func (s *Server) MetricsAddr() string {
	if s.metricsLn == nil {
		return ""
	}
	return s.metricsLn.Addr().String()
}

// Addr returns the address the server listens on.
func (s *Server) Addr() string { return s.ln.Addr().String() }

// Close stops the server, letting requests in flight finish until ctx ends.
func (s *Server) Close(ctx context.Context) error {
	if s.srv == nil {
		return nil
	}
	if s.metricsSrv != nil {
		s.metricsSrv.Shutdown(ctx)
	}
	return s.srv.Shutdown(ctx)
}
