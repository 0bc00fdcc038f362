package classify

import (
	"bytes"
	"runtime"
	"slices"
	"testing"
	"time"

	"github.com/careerpath/careerpath/data"
)

// BenchmarkTrain measures training the default model from the bundled
// data (issue 5: ≤ 60 s on 2 cores). Training runs on one goroutine.
//
//	go test ./classify -run '^$' -bench Train -benchtime 1x -cpu 2
func BenchmarkTrain(b *testing.B) {
	d, err := DefaultTrainingData(data.FS)
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		m, err := Train(d, DefaultConfig(), 1)
		if err != nil {
			b.Fatal(err)
		}
		var art bytes.Buffer
		m.Save(&art)
		b.ReportMetric(float64(art.Len()), "artifact-bytes")
		b.ReportMetric(float64(len(m.vals)), "weights")
	}
}

// benchEntries are catalog-style entries: those of every bundled set
// (long names with a concentration among them) and the incumbent page's,
// repeated.
func benchEntries(b testing.TB) []Entry {
	sets, err := DevSets()
	if err != nil {
		b.Fatal(err)
	}
	var es []Entry
	for _, s := range sets {
		for _, e := range s.Entries {
			es = append(es, e.Entry)
		}
	}
	return append(es, incumbent...)
}

// BenchmarkPredict reports the latency of one Predict (issue 5: p99 ≤
// 100 µs per entry), with p50 and p99 over the run.
func BenchmarkPredict(b *testing.B) {
	m, _ := trained(b)
	es := benchEntries(b)
	lat := make([]time.Duration, 0, b.N)
	i := 0
	for b.Loop() {
		start := time.Now()
		m.Predict(es[i%len(es)])
		lat = append(lat, time.Since(start))
		i++
	}
	slices.Sort(lat)
	b.ReportMetric(float64(lat[len(lat)/2].Nanoseconds())/1e3, "p50-µs")
	b.ReportMetric(float64(lat[len(lat)*99/100].Nanoseconds())/1e3, "p99-µs")
}

// BenchmarkPredict100k classifies 100,000 entries on all cores (issue 5:
// ≤ 10 s), as the classify command does for a file.
func BenchmarkPredict100k(b *testing.B) {
	m, _ := trained(b)
	es := benchEntries(b)
	const n = 100_000
	for b.Loop() {
		workers := runtime.GOMAXPROCS(0)
		done := make(chan struct{})
		for w := range workers {
			go func() {
				for i := w; i < n; i += workers {
					m.Predict(es[i%len(es)])
				}
				done <- struct{}{}
			}()
		}
		for range workers {
			<-done
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/1e9, "s/100k")
}
