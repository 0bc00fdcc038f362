package drift

import (
	"math/rand/v2"
	"sort"
	"sync"
	"testing"
)

// thirtyBins returns the 29 cut points of 30 equal bins on [0, 1), the PSI
// convention, and a pool of values to observe.
func thirtyBins() ([]float64, []float64) {
	edges := make([]float64, 29)
	for i := range edges {
		edges[i] = float64(i+1) / 30
	}
	r := rand.New(rand.NewPCG(1, 2))
	xs := make([]float64, 4096)
	for i := range xs {
		xs[i] = r.Float64()
	}
	return edges, xs
}

// BenchmarkObserveNumeric is the request-path cost of counting one value in
// a 30-bin histogram.
func BenchmarkObserveNumeric(b *testing.B) {
	edges, xs := thirtyBins()
	h, _ := NewNumeric(edges)
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		h.Observe(xs[i&4095])
	}
}

// BenchmarkObserveNumericParallel is the same with every P observing into
// one shared histogram.
func BenchmarkObserveNumericParallel(b *testing.B) {
	edges, xs := thirtyBins()
	h, _ := NewNumeric(edges)
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		i := rand.IntN(4096)
		for pb.Next() {
			h.Observe(xs[i&4095])
			i++
		}
	})
}

// mutexNumeric is the alternative design, one mutex around plain counters,
// kept here to show why the live histograms use atomics.
type mutexNumeric struct {
	mu     sync.Mutex
	edges  []float64
	counts []uint64
}

func (m *mutexNumeric) Observe(x float64) {
	i := sort.Search(len(m.edges), func(j int) bool { return m.edges[j] > x })
	m.mu.Lock()
	m.counts[i]++
	m.mu.Unlock()
}

func BenchmarkObserveNumericMutexParallel(b *testing.B) {
	edges, xs := thirtyBins()
	h := &mutexNumeric{edges: edges, counts: make([]uint64, len(edges)+1)}
	b.RunParallel(func(pb *testing.PB) {
		i := rand.IntN(4096)
		for pb.Next() {
			h.Observe(xs[i&4095])
			i++
		}
	})
}

func BenchmarkObserveCategorical(b *testing.B) {
	cats := []string{"agriculture", "architecture", "arts", "business", "communication", "computer science",
		"education", "engineering", "health", "humanities", "law", "mathematics", "natural sciences", "social sciences"}
	h, _ := NewCategorical(cats)
	in := append(cats, "unknown field")
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		h.Observe(in[i%len(in)])
	}
}

func BenchmarkObserveCategoricalParallel(b *testing.B) {
	cats := []string{"agriculture", "architecture", "arts", "business", "communication", "computer science",
		"education", "engineering", "health", "humanities", "law", "mathematics", "natural sciences", "social sciences"}
	h, _ := NewCategorical(cats)
	in := append(cats, "unknown field")
	b.RunParallel(func(pb *testing.PB) {
		i := rand.IntN(len(in))
		for pb.Next() {
			h.Observe(in[i%len(in)])
			i++
		}
	})
}

// BenchmarkCompare is the background cost of judging one 30-bin window.
func BenchmarkCompare(b *testing.B) {
	edges, xs := thirtyBins()
	ref, _ := NewNumeric(edges)
	cur, _ := NewNumeric(edges)
	for i, x := range xs {
		ref.Observe(x)
		cur.Observe(x * float64(1+i%2) / 1.5)
	}
	r, c := ref.Snapshot(), cur.Snapshot()
	for b.Loop() {
		if _, err := Compare(r, c); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkSearch compares the written-out binary search of Observe with
// sort.Search.
func BenchmarkSearch(b *testing.B) {
	edges, xs := thirtyBins()
	b.Run("binOf", func(b *testing.B) {
		s := 0
		for i := 0; b.Loop(); i++ {
			s += binOf(edges, xs[i&4095])
		}
		sink = s
	})
	b.Run("sort.Search", func(b *testing.B) {
		s := 0
		for i := 0; b.Loop(); i++ {
			x := xs[i&4095]
			s += sort.Search(len(edges), func(j int) bool { return edges[j] > x })
		}
		sink = s
	})
}

var sink int
