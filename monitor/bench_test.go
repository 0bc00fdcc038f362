package monitor_test

import (
	"testing"
	"time"

	"github.com/careerpath/careerpath/classify"
	"github.com/careerpath/careerpath/monitor"
)

// constModel returns a fixed result without allocating, so that the
// benchmarks measure the monitor's cost alone.
type constModel struct{ res classify.Result }

func (c *constModel) Version() string                        { return "const" }
func (c *constModel) Predict(classify.Entry) classify.Result { return c.res }

// BenchmarkPredict is the per-prediction cost of monitoring: the wrapped
// model's latency, confidence and four drift counters, against the bare
// model (go test ./monitor -run '^$' -bench Predict).
func BenchmarkPredict(b *testing.B) {
	db := testDB(b)
	v := register(b, db, true)
	inner := &constModel{classify.Result{Readable: 1, Predictions: []classify.Prediction{{CIP: "11.0701", Probability: 0.8}}}}
	e := classify.Entry{Program: "MSc Computer Science"}
	for _, c := range []struct {
		name string
		mon  *monitor.Monitor
	}{
		{"off", monitor.New(db, monitor.Config{Off: true}, quiet())},
		{"on", monitor.New(db, monitor.Config{}, quiet())},
	} {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					c.mon.Wrap(inner, v).Predict(e)
				}
			})
		})
	}
}

// BenchmarkRouteLatency is the per-request cost of the route's
// percentile histogram.
func BenchmarkRouteLatency(b *testing.B) {
	l := monitor.New(nil, monitor.Config{}, quiet()).Route("GET /x")
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		d := 137 * time.Microsecond
		for pb.Next() {
			l.Observe(d)
			d += 13
		}
	})
}
