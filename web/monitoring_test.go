package web_test

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	careerpath "github.com/careerpath/careerpath"
	"github.com/careerpath/careerpath/classify"
	"github.com/careerpath/careerpath/monitor"
	"github.com/careerpath/careerpath/web"
)

// fieldModel reads every name as computer science at 0.8, except names
// without a Latin letter, which it cannot read at all.
type fieldModel struct{}

func (*fieldModel) Version() string { return "field" }
func (*fieldModel) Predict(e classify.Entry) classify.Result {
	if !strings.ContainsAny(strings.ToLower(e.Program), "abcdefghijklmnopqrstuvwxyz") {
		return classify.Result{}
	}
	return classify.Result{Readable: 1, Predictions: []classify.Prediction{{CIP: "11.0701", Title: "Computer Science", Probability: 0.8}}}
}

// monitoredServer is a server over a fresh database whose model version
// v1 has a reference, observed by a monitor.
func monitoredServer(t *testing.T) (http.Handler, *monitor.Monitor, classify.Model) {
	t.Helper()
	ctx := context.Background()
	db := cipDB(t)
	model := &fieldModel{}
	sample := make([]classify.Entry, 200)
	for i := range sample {
		sample[i] = classify.Entry{Program: "MSc Computer Science" + strings.Repeat(" x", i%9)}
	}
	ref, err := monitor.BuildReference(model, sample, "test")
	if err != nil {
		t.Fatal(err)
	}
	v := &careerpath.ModelVersion{Kind: "test", Config: json.RawMessage(`{}`), Metrics: json.RawMessage(`{}`)}
	v.Reference, _ = json.Marshal(ref)
	if err := db.CreateModelVersion(ctx, v, []byte("artifact"), "test"); err != nil {
		t.Fatal(err)
	}
	mon := monitor.New(db, monitor.Config{}, slog.New(slog.DiscardHandler))
	current := func() (classify.Model, string) { return model, v.Version }
	srv, err := web.NewServer(ctx, web.Services{
		Datasets: db, Guides: noGuides{}, Ping: db.Ping, AdminToken: adminToken, Monitor: mon,
		Catalogs: &monitor.Catalogs{CatalogService: db, Monitor: mon, Current: current},
		Leader: func() careerpath.Leadership {
			return careerpath.Leadership{Holder: "replica-7", Since: time.Date(2026, 3, 1, 9, 30, 0, 0, time.UTC)}
		},
		GuardWatch: func(context.Context) (*careerpath.GuardWatch, error) {
			promoted := time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC)
			return &careerpath.GuardWatch{Version: "v3", Replaced: "v2", Since: promoted, Until: promoted.Add(10 * time.Minute),
				Calls: 120, Errors: 6, MinCalls: 50, ErrorRate: 0.05, MaxErrorRate: 0.01, P99us: 480, BoundP99us: 1000,
				Replicas: []string{"replica-1", "replica-7"}, Breaches: []string{"error rate 0.050 over 120 calls > 0.010"}}, nil
		},
	}, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	return srv.Handler(), mon, mon.Wrap(model, v.Version)
}

func getAuth(h http.Handler, target, auth string) response {
	req := httptest.NewRequest(http.MethodGet, target, nil)
	if auth != "" {
		req.Header.Set("Authorization", auth)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return response{rec.Code, rec.Header(), rec.Body.String()}
}

func TestMonitoringRequiresToken(t *testing.T) {
	h, _, _ := monitoredServer(t)
	for _, target := range []string{"/api/v1/admin/monitoring", "/admin/monitoring"} {
		// A browser without a credential is sent to sign in; an API
		// client is told 401.
		anonymous := http.StatusUnauthorized
		if !strings.HasPrefix(target, "/api/") {
			anonymous = http.StatusSeeOther
		}
		for _, c := range []struct {
			auth string
			want int
		}{{"", anonymous}, {"Bearer wrong-token", http.StatusForbidden}, {"Bearer " + adminToken, http.StatusOK}} {
			if r := getAuth(h, target, c.auth); r.code != c.want {
				t.Errorf("GET %s with %q = %d, want %d", target, c.auth, r.code, c.want)
			}
		}
	}
}

func TestMonitoringShowsDrift(t *testing.T) {
	h, mon, model := monitoredServer(t)
	// Two catalogs: one like the reference, one the model cannot read.
	for name, line := range map[string]string{"english": "University %d,MSc Computer Science%s,Master's\n", "chinese": "大学 %d,计算机科学与技术%s,本科\n"} {
		csv := "institution,program,degree\n"
		for i := range 60 {
			csv += fmt.Sprintf(line, i, strings.Repeat(" x", i%9))
		}
		r := post(h, "/api/v1/admin/catalogs?name="+name, "text/csv", "Bearer "+adminToken, strings.NewReader(csv), int64(len(csv)))
		if r.code != http.StatusCreated {
			t.Fatalf("import %s: %d %s", name, r.code, r.body)
		}
		var cat careerpath.Catalog
		if err := json.Unmarshal([]byte(r.body), &cat); err != nil {
			t.Fatal(err)
		}
		want := map[string]string{"english": careerpath.DriftOK, "chinese": careerpath.DriftAlert}[name]
		if cat.Drift == nil || cat.Drift.Status != want || len(cat.Drift.Features) != 4 {
			t.Errorf("import %s: drift %+v, want status %s with 4 features", name, cat.Drift, want)
		}
	}
	// Live traffic that drifts, and one closed window.
	for i := range 100 {
		model.Predict(classify.Entry{Program: strings.Repeat("字", 1+i%4)})
	}
	// Before a window closes there are no percentiles to show: a dash,
	// not 0.000.
	const noWindow = `model v1 (one prediction)</th><td class="num">0</td><td class="num">–</td>`
	if page := getAuth(h, "/admin/monitoring", "Bearer "+adminToken); !strings.Contains(page.body, noWindow) {
		t.Errorf("before a window closes, the monitoring page lacks %s", noWindow)
	}
	getAuth(h, "/healthz", "")
	mon.Tick(context.Background(), time.Now())

	r := getAuth(h, "/api/v1/admin/monitoring", "Bearer "+adminToken)
	var v struct {
		Monitoring monitor.Snapshot       `json:"monitoring"`
		Catalogs   []*careerpath.Catalog  `json:"catalogs"`
		Guard      *careerpath.GuardWatch `json:"guard"`
	}
	if err := json.Unmarshal([]byte(r.body), &v); err != nil {
		t.Fatalf("monitoring JSON: %v\n%s", err, r.body)
	}
	if len(v.Monitoring.Models) != 1 || v.Monitoring.Models[0].Status != "alert" || len(v.Monitoring.Models[0].Features) != 4 {
		t.Fatalf("monitoring models %+v, want v1 with an alert window over 4 features", v.Monitoring.Models)
	}
	if v.Guard == nil || v.Guard.Version != "v3" || v.Guard.Calls != 120 || len(v.Guard.Replicas) != 2 {
		t.Errorf("monitoring JSON guard = %+v, want v3's watch on 120 calls of 2 replicas", v.Guard)
	}
	if len(v.Monitoring.Routes) == 0 || len(v.Catalogs) != 2 || v.Catalogs[0].Drift == nil {
		t.Errorf("routes %+v, catalogs %+v: want route latency and two catalogs with drift", v.Monitoring.Routes, v.Catalogs)
	}

	page := getAuth(h, "/admin/monitoring", "Bearer "+adminToken)
	for _, want := range []string{`<svg class="chart"`, `role="img"`, `<title id=`, "drift-alert", "GET /healthz", "chinese", "led by <strong>replica-7</strong> since 2026-03-01 09:30:00 UTC (another replica)",
		"watching <strong>v3</strong> (replacing v2) from its promotion at 2026-03-01 10:00:00 UTC until 10:10:00 UTC, on the figures of 2 replicas replica-1, replica-7: 120 calls, 6 errors (rate 0.050, at most 0.010)",
		"<strong>Breaches</strong>: error rate 0.050 over 120 calls &gt; 0.010 — the leader rolls back."} {
		if !strings.Contains(page.body, want) {
			t.Errorf("monitoring page lacks %q", want)
		}
	}

	metrics := getAuth(h, "/metrics", "").body
	for _, want := range []string{
		`careerpath_classify_duration_seconds_count{model="v1"}`,
		`careerpath_classify_confidence_bucket{model="v1",le="0.1"}`,
		`careerpath_drift_status{feature="unknown_share",model="v1"} 2`,
		`careerpath_catalog_imports_total{drift="alert"} 1`,
		`careerpath_catalog_import_entries_total{outcome="pending_model"} 120`,
	} {
		if !strings.Contains(metrics, want) {
			t.Errorf("/metrics lacks %s", want)
		}
	}
}
