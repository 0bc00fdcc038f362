package web

import (
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"
)

// BenchmarkSecure is the per-request cost of the site-wide defences
// (secure: headers, deadline, parameter bound, cross-origin guard, API
// rate limit) and of a route's guard, around a handler that does
// nothing, against the bare handler. Compare with a finder request's
// time (BenchmarkFinderMonitoring in cmd/careerpath reports it):
//
//	go test ./web -run '^$' -bench Secure
func BenchmarkSecure(b *testing.B) {
	noop := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusOK) })
	req := httptest.NewRequest("GET", "/api/v1/careers/x/programs?award=5&state=CA", nil)
	s := &Server{log: slog.New(slog.DiscardHandler), metrics: newMetrics(nil), security: Security{APIRate: 1e9, APIBurst: 1 << 30}.withDefaults()}
	s.loginLimits, s.limitLog = newLoginLimiter(s.security.Now), newOnceEvery(limitLogEvery)
	guarded := s.handle(s.guard("GET /api/v1/careers/{slug}/programs", func(w http.ResponseWriter, r *http.Request) error {
		w.WriteHeader(http.StatusOK)
		return nil
	}))
	for name, h := range map[string]http.Handler{"off": noop, "on": s.secure(guarded)} {
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			w := httptest.NewRecorder()
			for b.Loop() {
				h.ServeHTTP(w, req)
			}
		})
	}
}
