package drift

import (
	"encoding/json"
	"math"
	"reflect"
	"sort"
	"strings"
	"sync"
	"testing"
)

func TestNumericBins(t *testing.T) {
	h, err := NewNumeric([]float64{0, 1, 2})
	if err != nil {
		t.Fatal(err)
	}
	// Bins: (−∞,0) [0,1) [1,2) [2,+∞); an edge belongs to the bin it opens.
	for _, x := range []float64{math.Inf(-1), -5, -1e-300, 0, 0.5, 1, 1.999, 2, 7, math.Inf(1), math.NaN()} {
		h.Observe(x)
	}
	got := h.Snapshot()
	want := Histogram{Kind: KindNumeric, Edges: []float64{0, 1, 2}, Counts: []uint64{3, 2, 2, 3}, Missing: 1}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Snapshot() = %+v, want %+v", got, want)
	}
	if got.Total() != 10 {
		t.Errorf("Total() = %d, want 10 (missing excluded)", got.Total())
	}
	if l := got.Labels(); strings.Join(l, "|") != "<0|[0, 1)|[1, 2)|≥2" {
		t.Errorf("Labels() = %q", l)
	}
	drained := h.Drain()
	if !reflect.DeepEqual(drained, want) {
		t.Errorf("Drain() = %+v, want %+v", drained, want)
	}
	if after := h.Snapshot(); after.Total() != 0 || after.Missing != 0 {
		t.Errorf("after Drain, Snapshot() = %+v, want zero counts", after)
	}
	if err := h.Add(want); err != nil || !reflect.DeepEqual(h.Snapshot(), want) {
		t.Errorf("Add(drained) = %v, snapshot %+v, want %+v", err, h.Snapshot(), want)
	}
	if err := h.Add(Histogram{Kind: KindNumeric, Edges: []float64{0, 1}, Counts: []uint64{1, 1, 1}}); err == nil {
		t.Error("Add with other edges succeeded, want an error")
	}
}

func TestCategoricalBins(t *testing.T) {
	h, err := NewCategorical([]string{"engineering", "health", "訪問者"})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []string{"health", "engineering", "health", "訪問者", "arts", "", "Health"} {
		h.Observe(c)
	}
	got := h.Drain()
	if want := []uint64{1, 2, 1, 3}; !reflect.DeepEqual(got.Counts, want) {
		t.Errorf("Counts = %v, want %v (unknown categories in %q)", got.Counts, want, Other)
	}
	if l := got.Labels(); l[3] != Other {
		t.Errorf("Labels() = %q, want %q last", l, Other)
	}
	if err := h.Add(got); err != nil || !reflect.DeepEqual(h.Snapshot(), got) {
		t.Errorf("Add(drained) = %v", err)
	}
}

func TestNewErrors(t *testing.T) {
	for _, edges := range [][]float64{nil, {1, 1}, {2, 1}, {0, math.NaN()}, {math.Inf(-1), 0}} {
		if _, err := NewNumeric(edges); err == nil {
			t.Errorf("NewNumeric(%v) succeeded, want an error", edges)
		}
	}
	for _, cats := range [][]string{nil, {"a", "a"}} {
		if _, err := NewCategorical(cats); err == nil {
			t.Errorf("NewCategorical(%q) succeeded, want an error", cats)
		}
	}
}

// Concurrent observers and a concurrent drainer: every observation must be
// counted exactly once (run with -race).
func TestConcurrentObserveDrain(t *testing.T) {
	h, err := NewNumeric([]float64{0.25, 0.5, 0.75})
	if err != nil {
		t.Fatal(err)
	}
	const workers, each = 8, 5000
	var wg sync.WaitGroup
	var total Histogram
	done := make(chan struct{})
	go func() {
		defer close(done)
		total = h.Drain()
		for range 50 {
			w := h.Drain()
			var err error
			if total, err = total.Merge(w); err != nil {
				t.Error(err)
				return
			}
		}
	}()
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range each {
				h.Observe(float64((i+w)%4) / 4)
			}
		}()
	}
	wg.Wait()
	<-done
	total, err = total.Merge(h.Drain())
	if err != nil {
		t.Fatal(err)
	}
	if want := []uint64{workers * each / 4, workers * each / 4, workers * each / 4, workers * each / 4}; !reflect.DeepEqual(total.Counts, want) {
		t.Errorf("counts after concurrent observe and drain = %v, want %v", total.Counts, want)
	}
}

func TestMerge(t *testing.T) {
	a := Histogram{Kind: KindNumeric, Edges: []float64{1}, Counts: []uint64{1, 2}, Missing: 1}
	b := Histogram{Kind: KindNumeric, Edges: []float64{1}, Counts: []uint64{3, 4}, Missing: 2}
	got, err := a.Merge(b)
	if err != nil {
		t.Fatal(err)
	}
	if want := (Histogram{Kind: KindNumeric, Edges: []float64{1}, Counts: []uint64{4, 6}, Missing: 3}); !reflect.DeepEqual(got, want) {
		t.Errorf("Merge = %+v, want %+v", got, want)
	}
	if a.Counts[0] != 1 {
		t.Error("Merge modified its receiver")
	}
	if _, err := a.Merge(Histogram{Kind: KindNumeric, Edges: []float64{2}, Counts: []uint64{1, 1}}); err == nil {
		t.Error("Merge with other edges succeeded, want an error")
	}
	if _, err := a.Merge(Histogram{Kind: KindNumeric, Edges: []float64{1}, Counts: []uint64{math.MaxUint64, 0}}); err == nil {
		t.Error("Merge overflowing uint64 succeeded, want an error")
	}
}

func TestJSON(t *testing.T) {
	for _, h := range []Histogram{
		{Kind: KindNumeric, Edges: []float64{-1.5, 0, 1e-9, 3}, Counts: []uint64{1, 2, 3, 4, 5}, Missing: 7},
		{Kind: KindCategorical, Categories: []string{"ünïcödé", "визитор-42", ""}, Counts: []uint64{0, 0, 9, 1}},
	} {
		b, err := json.Marshal(h)
		if err != nil {
			t.Fatal(err)
		}
		var back Histogram
		if err := json.Unmarshal(b, &back); err != nil {
			t.Fatalf("Unmarshal(%s) = %v", b, err)
		}
		if !reflect.DeepEqual(back, h) {
			t.Errorf("round trip of %s = %+v, want %+v", b, back, h)
		}
	}
	if got, _ := json.Marshal(Histogram{Kind: KindNumeric, Edges: []float64{0.5}, Counts: []uint64{3, 4}}); string(got) != `{"kind":"numeric","edges":[0.5],"counts":[3,4]}` {
		t.Errorf("Marshal = %s", got)
	}
	bad := []string{
		`{"kind":"numeric","edges":[1,0],"counts":[1,1,1]}`,
		`{"kind":"numeric","edges":[0],"counts":[1]}`,
		`{"kind":"numeric","edges":[],"counts":[1]}`,
		`{"kind":"numeric","edges":[0],"categories":["a"],"counts":[1,1]}`,
		`{"kind":"categorical","categories":["a","a"],"counts":[1,1,1]}`,
		`{"kind":"categorical","categories":["a"],"counts":[1,1,1]}`,
		`{"kind":"histogram","counts":[1]}`,
		`{"kind":"numeric","edges":[0],"counts":[18446744073709551615,1]}`,
		`{"kind":"numeric","edges":[0],"counts":[-1,1]}`,
		`{"kind":"numeric","edges":[1e999],"counts":[1,1]}`,
		`[]`,
		`{"kind":"numeric","edges":[0],"counts":[1,1]`,
	}
	for _, s := range bad {
		var h Histogram
		if err := json.Unmarshal([]byte(s), &h); err == nil {
			t.Errorf("Unmarshal(%s) succeeded with %+v, want an error", s, h)
		}
	}
}

func TestQuantileEdges(t *testing.T) {
	xs := make([]float64, 1000)
	for i := range xs {
		xs[i] = float64(i)
	}
	edges := QuantileEdges(xs, 10)
	if want := []float64{100, 200, 300, 400, 500, 600, 700, 800, 900}; !reflect.DeepEqual(edges, want) {
		t.Errorf("QuantileEdges(0..999, 10) = %v, want %v", edges, want)
	}
	h, _ := NewNumeric(edges)
	for _, x := range xs {
		h.Observe(x)
	}
	for i, c := range h.Snapshot().Counts {
		if c != 100 {
			t.Errorf("bin %d holds %d, want 100", i, c)
		}
	}
	if got := QuantileEdges([]float64{1, 1, 1, 2, math.NaN()}, 4); !reflect.DeepEqual(got, []float64{2}) {
		t.Errorf("QuantileEdges(ties) = %v, want [2]", got)
	}
	if got := QuantileEdges([]float64{3, 3}, 4); got != nil {
		t.Errorf("QuantileEdges(constant) = %v, want nil", got)
	}
}

// FuzzHistogramJSON checks that decoding never panics, that what decodes is
// valid and comparable, and that it survives a round trip.
func FuzzHistogramJSON(f *testing.F) {
	f.Add([]byte(`{"kind":"numeric","edges":[0,1,2],"counts":[1,2,3,4],"missing":1}`))
	f.Add([]byte(`{"kind":"categorical","categories":["a","b"],"counts":[5,0,1]}`))
	f.Add([]byte(`{"kind":"numeric","edges":[0],"counts":[18446744073709551615,0]}`))
	f.Add([]byte(`{"kind":"categorical","categories":[""],"counts":[0,0]}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		var h Histogram
		if err := json.Unmarshal(b, &h); err != nil {
			return
		}
		if err := h.Validate(); err != nil {
			t.Fatalf("decoded an invalid histogram %+v: %v", h, err)
		}
		out, err := json.Marshal(h)
		if err != nil {
			t.Fatalf("Marshal(%+v) = %v", h, err)
		}
		var back Histogram
		if err := json.Unmarshal(out, &back); err != nil {
			t.Fatalf("re-decoding %s: %v", out, err)
		}
		if !reflect.DeepEqual(normalizeNil(back), normalizeNil(h)) {
			t.Fatalf("round trip: %+v became %+v", h, back)
		}
		r, err := Compare(h, h)
		if err == ErrEmpty {
			return
		}
		if err != nil {
			t.Fatalf("Compare(h, h) = %v", err)
		}
		if r.PSI != 0 || r.JSDistance != 0 || r.Status != OK {
			t.Fatalf("Compare(h, h) = %+v, want no drift", r)
		}
		if _, err := json.Marshal(r); err != nil {
			t.Fatalf("report does not encode: %v", err)
		}
	})
}

// normalizeNil treats empty and nil slices alike (omitempty drops both).
func normalizeNil(h Histogram) Histogram {
	if len(h.Edges) == 0 {
		h.Edges = nil
	}
	if len(h.Categories) == 0 {
		h.Categories = nil
	}
	return h
}

func TestBinOf(t *testing.T) {
	for k := 1; k <= 40; k++ {
		edges := make([]float64, k)
		for i := range edges {
			edges[i] = float64(2*i) - float64(k)
		}
		xs := []float64{math.Inf(-1), -math.MaxFloat64, math.Copysign(0, -1), math.SmallestNonzeroFloat64, -math.SmallestNonzeroFloat64, math.MaxFloat64, math.Inf(1)}
		for x := -float64(k) - 1; x <= float64(k)+1; x += 0.5 {
			xs = append(xs, x)
		}
		for _, x := range xs {
			want := sort.Search(len(edges), func(j int) bool { return edges[j] > x })
			if got := binOf(edges, x); got != want {
				t.Fatalf("binOf(%v, %v) = %d, want %d", edges, x, got, want)
			}
		}
	}
}
