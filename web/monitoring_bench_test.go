package web

import (
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/careerpath/careerpath/monitor"
)

// BenchmarkInstrument is the per-request cost of the instrumentation
// alone, around a handler that does nothing: Prometheus request count and
// latency, and the monitor's latency histogram (on), against the bare
// handler (off). Compare with a finder request's time
// (BenchmarkFinderMonitoring in cmd/careerpath):
//
//	go test ./web -run '^$' -bench Instrument
func BenchmarkInstrument(b *testing.B) {
	noop := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusOK) })
	req := httptest.NewRequest("GET", "/api/v1/careers/x/programs", nil)
	for _, on := range []bool{true, false} {
		s := &Server{svc: Services{Monitor: monitor.New(nil, monitor.Config{Off: !on}, slog.New(slog.DiscardHandler))}, metrics: newMetrics(nil)}
		h := s.instrument("GET /api/v1/careers/{slug}/programs", noop)
		b.Run(map[bool]string{true: "on", false: "off"}[on], func(b *testing.B) {
			b.ReportAllocs()
			w := httptest.NewRecorder()
			for b.Loop() {
				h.ServeHTTP(w, req)
			}
		})
	}
}
