package web

import (
	"net/http"
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// metrics are the server's Prometheus metrics and the registry they (and
// those of the other packages) are registered in: see Services.Metrics.
type metrics struct {
	reg      *prometheus.Registry
	requests *prometheus.CounterVec
	latency  *prometheus.HistogramVec
	// classified counts catalog entries classified through the API, by
	// model version and relevance level: traffic per model, and the mix
	// of answers a drift would move.
	classified *prometheus.CounterVec
}

func newMetrics(reg *prometheus.Registry) *metrics {
	if reg == nil {
		reg = prometheus.NewRegistry()
	}
	m := &metrics{
		reg: reg,
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "careerpath_http_requests_total",
			Help: "HTTP requests by route pattern and status code.",
		}, []string{"route", "code"}),
		latency: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "careerpath_http_request_duration_seconds",
			Help:    "Time to serve HTTP requests, by route pattern.",
			Buckets: []float64{.0005, .001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5},
		}, []string{"route"}),
		classified: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "careerpath_classified_entries_total",
			Help: "Catalog entries classified through the API, by model version and relevance level.",
		}, []string{"model", "relevance"}),
	}
	m.reg.MustRegister(m.requests, m.latency, m.classified,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return m
}

func (m *metrics) handler() http.Handler {
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{})
}

// instrument counts and times requests to h under the route pattern, which
// keeps label cardinality bounded whatever paths clients send; the
// monitor's fixed-bin histogram of the route gets the same duration, for
// the admin page's percentiles. With monitoring off the handler runs bare.
func (s *Server) instrument(route string, h http.Handler) http.Handler {
	if s.svc.Monitor != nil && !s.svc.Monitor.Enabled() {
		return h
	}
	latency := s.metrics.latency.WithLabelValues(route)
	percentiles := s.svc.Monitor.Route(route)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		sw := &statusWriter{ResponseWriter: w, status: http.StatusOK}
		h.ServeHTTP(sw, r)
		d := time.Since(start)
		latency.Observe(d.Seconds())
		if percentiles != nil {
			percentiles.Observe(d)
		}
		s.metrics.requests.WithLabelValues(route, strconv.Itoa(sw.status)).Inc()
	})
}

type statusWriter struct {
	http.ResponseWriter
	status      int
	wroteHeader bool
}

func (w *statusWriter) WriteHeader(code int) {
	if !w.wroteHeader {
		w.status, w.wroteHeader = code, true
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	w.wroteHeader = true
	return w.ResponseWriter.Write(b)
}

// Unwrap lets http.ResponseController reach the underlying writer.
func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }
