package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"runtime"
	"testing"
	"time"

	careerpath "github.com/careerpath/careerpath"
	"github.com/careerpath/careerpath/classify"
	"github.com/careerpath/careerpath/content"
	"github.com/careerpath/careerpath/data"
	"github.com/careerpath/careerpath/derived"
	"github.com/careerpath/careerpath/experiment"
	"github.com/careerpath/careerpath/experiment/track"
	"github.com/careerpath/careerpath/guides"
	"github.com/careerpath/careerpath/monitor"
	"github.com/careerpath/careerpath/relevance"
	"github.com/careerpath/careerpath/search"
	"github.com/careerpath/careerpath/sqlite"
	"github.com/careerpath/careerpath/web"
)

// BenchmarkClassifyFile100k runs the classify command's stream over
// 100,000 JSON Lines entries (the evaluation set, repeated) with the
// default model, on all cores (issue 5: ≤ 10 s):
//
//	go test ./cmd/careerpath -run '^$' -bench ClassifyFile100k -benchtime 3x
func BenchmarkClassifyFile100k(b *testing.B) {
	ctx := context.Background()
	path := modelTestDB(b)
	db, err := sqlite.Open(ctx, path)
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	careers, err := careersOf("")
	if err != nil {
		b.Fatal(err)
	}
	rel, err := relevance.Load(ctx, db, careers)
	if err != nil {
		b.Fatal(err)
	}
	d, err := classify.DefaultTrainingData(data.FS)
	if err != nil {
		b.Fatal(err)
	}
	m, err := classify.Train(d, classify.DefaultConfig(), 1)
	if err != nil {
		b.Fatal(err)
	}
	dev, err := classify.DevSet()
	if err != nil {
		b.Fatal(err)
	}
	var in bytes.Buffer
	for i := range 100_000 {
		line, _ := json.Marshal(dev[i%len(dev)].Entry)
		in.Write(line)
		in.WriteByte('\n')
	}
	b.SetBytes(int64(in.Len()))
	for b.Loop() {
		if err := classify.Stream(ctx, bytes.NewReader(in.Bytes()), io.Discard, rel, classify.DevSetCareer, m, "v1", runtime.GOMAXPROCS(0)); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(b.Elapsed().Seconds()/float64(b.N), "s/100k")
}

// BenchmarkFinderMonitoring serves the finder's JSON endpoint in process
// (no network, so that only the server's work is measured) with the
// request-path monitoring on and off, alternating request by request so
// that the load of a shared machine falls on both alike; it reports the
// time per request of each and the cost of monitoring in percent (issue
// 6: ≤ 5% of finder throughput).
//
//	go test ./cmd/careerpath -run '^$' -bench FinderMonitoring -benchtime 4000x -count 3
func BenchmarkFinderMonitoring(b *testing.B) {
	ctx := context.Background()
	db, err := sqlite.Open(ctx, sharedDB(b))
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	log := slog.New(slog.DiscardHandler)
	gs, err := guides.Load(ctx, content.Embedded(), db)
	if err != nil {
		b.Fatal(err)
	}
	ix, err := derived.LoadFinder(ctx, db, gs, nil, log)
	if err != nil {
		b.Fatal(err)
	}
	var handlers [2]http.Handler // on, off
	for i, on := range []bool{true, false} {
		mon := monitor.New(db, monitor.Config{Off: !on}, log)
		srv, err := web.NewServer(ctx, web.Services{Datasets: db, Guides: gs, Programs: search.NewService(ix), Ping: db.Ping, Monitor: mon,
			Security: web.Security{APIRate: -1}}, log) // one client at full speed
		if err != nil {
			b.Fatal(err)
		}
		handlers[i] = srv.Handler()
	}
	var took [2]time.Duration
	serve := func(i int) {
		rec := httptest.NewRecorder()
		req := httptest.NewRequest("GET", "/api/v1/careers/machine-learning-engineer/programs", nil)
		start := time.Now()
		handlers[i].ServeHTTP(rec, req)
		took[i] += time.Since(start)
		if rec.Code != http.StatusOK {
			b.Fatalf("finder answered %d", rec.Code)
		}
	}
	serve(0)
	serve(1)
	took = [2]time.Duration{}
	b.ResetTimer()
	for n := 0; b.Loop(); n++ {
		serve(n % 2)
		serve(1 - n%2)
	}
	on, off := float64(took[0])/float64(b.N), float64(took[1])/float64(b.N)
	b.ReportMetric(on, "ns/on")
	b.ReportMetric(off, "ns/off")
	b.ReportMetric((on-off)/off*100, "%cost")
}

// BenchmarkFinderExperiment measures what a running finder experiment
// costs on the finder pages, through the server's handler (no network):
// the unfiltered career page (served from the page cache, kept per arm)
// and a filtered one (the finder runs). Each iteration requests the page
// with no experiment, as a visitor in the control and as one in the
// relevance-outcomes arm, each first in turn, so that the load of a shared
// machine and the garbage collector fall on the three alike; each is
// reported as its own ns/op.
//
//	go test ./cmd/careerpath -run '^$' -bench FinderExperiment -benchtime 2s
func BenchmarkFinderExperiment(b *testing.B) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	db, err := sqlite.Open(ctx, sharedDB(b))
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	files, err := contentFS("")
	if err != nil {
		b.Fatal(err)
	}
	gs, err := guides.Load(ctx, files, db)
	if err != nil {
		b.Fatal(err)
	}
	ix, err := derived.LoadFinder(ctx, db, gs, nil, log)
	if err != nil {
		b.Fatal(err)
	}
	programs := search.NewService(ix)
	all, _ := gs.FindGuides(ctx, "")
	slug := all[0].Slug
	arms := []experiment.Arm{{Name: careerpath.SortRelevance, Weight: 5000}, {Name: careerpath.SortOutcomes, Weight: 5000}}

	handler := func(tr *track.Tracker) http.Handler {
		srv, err := web.NewServer(ctx, web.Services{Datasets: db, Guides: gs, Programs: programs, Ping: db.Ping, Experiments: tr}, log)
		if err != nil {
			b.Fatal(err)
		}
		return srv.Handler()
	}
	tr := track.New(db, track.Config{}, log)
	go tr.Run(ctx)
	e, err := tr.Create(ctx, "bench", "", careerpath.EventClick, arms, track.PlanInput{}, "bench")
	if err != nil {
		b.Fatal(err)
	}
	// A visitor id in each arm.
	vids := map[string]string{}
	for i := 0; len(vids) < 2; i++ {
		v := fmt.Sprintf("%032x", i)
		arm, _ := e.Current().Phase().Assign(v)
		vids[arm] = v
	}
	cases := []struct {
		name, vid string
		h         http.Handler
	}{{"off", "", handler(nil)}, {"control", vids[careerpath.SortRelevance], handler(tr)}, {"outcomes", vids[careerpath.SortOutcomes], handler(tr)}}
	for _, page := range []struct{ name, path string }{{"plain", "/careers/" + slug}, {"filtered", "/careers/" + slug + "?award=5&delivery=campus"}} {
		b.Run(page.name, func(b *testing.B) {
			spent := make([]time.Duration, len(cases))
			for n := 0; b.Loop(); n++ {
				for j := range cases {
					i := (n + j) % len(cases) // each goes first in turn
					c := cases[i]
					req := httptest.NewRequest("GET", page.path, nil)
					if c.vid != "" {
						req.AddCookie(&http.Cookie{Name: "cp_vid", Value: c.vid})
					}
					rec := httptest.NewRecorder()
					start := time.Now()
					c.h.ServeHTTP(rec, req)
					spent[i] += time.Since(start)
					if rec.Code != http.StatusOK {
						b.Fatalf("GET %s = %d", page.path, rec.Code)
					}
				}
			}
			for i, c := range cases {
				b.ReportMetric(float64(spent[i].Nanoseconds())/float64(b.N), c.name+"-ns/op")
			}
		})
	}
}
