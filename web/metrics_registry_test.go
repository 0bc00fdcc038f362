package web_test

import (
	"context"
	"io"
	"log/slog"
	"net/http/httptest"
	"testing"

	"github.com/careerpath/careerpath/monitor"
	"github.com/careerpath/careerpath/web"
	"github.com/prometheus/client_golang/prometheus"
)

// TestMetricsRegistry: the server registers its own collectors, the
// monitor's and the runtime's in the registry it is given.
func TestMetricsRegistry(t *testing.T) {
	t.Parallel()
	db := cipDB(t)
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	reg := prometheus.NewRegistry()
	srv, err := web.NewServer(context.Background(), web.Services{
		Datasets: db, Guides: oneCareer{}, Programs: oneProgram{}, Ping: db.Ping, Catalogs: db,
		Monitor: monitor.New(db, monitor.Config{}, log), Metrics: reg,
	}, log)
	if err != nil {
		t.Fatal(err)
	}
	srv.Handler().ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("GET", "/healthz", nil))
	fams, err := reg.Gather()
	if err != nil {
		t.Fatal(err)
	}
	names := map[string]bool{}
	for _, f := range fams {
		names[f.GetName()] = true
	}
	for _, want := range []string{"careerpath_http_requests_total", "go_goroutines"} {
		if !names[want] {
			t.Errorf("registry lacks %s; has %v", want, names)
		}
	}
	// The monitor's vectors are gathered once observed; registering one
	// of their names again is refused if they are in the registry.
	again := prometheus.NewCounter(prometheus.CounterOpts{Name: "careerpath_catalog_imports_total", Help: "again"})
	if err := reg.Register(again); err == nil {
		t.Error("the monitor's collectors are not in the registry")
	}
}
