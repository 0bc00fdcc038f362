package drift

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"slices"
	"sync/atomic"
)

// Kind says how a histogram's bins are defined.
type Kind string

// The two kinds of histogram.
const (
	// KindNumeric bins numbers by fixed cut points.
	KindNumeric Kind = "numeric"
	// KindCategorical bins strings by a fixed category list plus "other".
	KindCategorical Kind = "categorical"
)

// MaxBins bounds the number of bins a histogram may have. It keeps a
// decoded histogram from allocating without limit; PSI conventionally uses
// 10–30 bins, so the bound is generous.
const MaxBins = 10_000

// Histogram is a snapshot of a fixed-bin histogram: the bins (fixed at
// training time) and their counts. It is a plain value that is stored with a
// model as JSON (the reference) and produced from live counters for each
// monitoring window (the current distribution).
//
// Numeric bins: Edges holds k−1 strictly increasing, finite cut points
// e₀ < e₁ < … < e_{k−2} for k bins. Bin 0 is (−∞, e₀), bin i is
// [e_{i−1}, e_i), and bin k−1 is [e_{k−2}, +∞), so every number lands in a
// bin and values outside the training range show up in the outer bins. NaN
// is not binned; it is counted in Missing.
//
// Categorical bins: Categories holds the k−1 known categories and bin k−1
// (the last) is "other", for every value not in the list.
//
// In both cases len(Counts) is the number of bins.
type Histogram struct {
	Kind       Kind      `json:"kind"`
	Edges      []float64 `json:"edges,omitempty"`
	Categories []string  `json:"categories,omitempty"`
	Counts     []uint64  `json:"counts"`
	Missing    uint64    `json:"missing,omitempty"`
}

// Other is the label of a categorical histogram's last bin.
const Other = "other"

// Bins returns the number of bins.
func (h Histogram) Bins() int { return len(h.Counts) }

// Total returns the number of binned observations (Missing excluded).
func (h Histogram) Total() uint64 {
	var n uint64
	for _, c := range h.Counts {
		n += c
	}
	return n
}

// Labels returns a display label for each bin: "<e₀", "[e₀, e₁)", …, "≥e_{k−2}"
// for numbers, the category names then "other" for categories.
func (h Histogram) Labels() []string {
	out := make([]string, 0, len(h.Counts))
	switch h.Kind {
	case KindNumeric:
		for i := range len(h.Edges) + 1 {
			switch {
			case i == 0:
				out = append(out, fmt.Sprintf("<%g", h.Edges[0]))
			case i == len(h.Edges):
				out = append(out, fmt.Sprintf("≥%g", h.Edges[i-1]))
			default:
				out = append(out, fmt.Sprintf("[%g, %g)", h.Edges[i-1], h.Edges[i]))
			}
		}
	case KindCategorical:
		out = append(out, h.Categories...)
		out = append(out, Other)
	}
	return out
}

// Validate reports whether h is well formed: a known kind, between 2 and
// MaxBins bins, strictly increasing finite edges or unique categories, one
// count per bin, and a total that fits in a uint64.
func (h Histogram) Validate() error {
	switch h.Kind {
	case KindNumeric:
		if len(h.Categories) != 0 {
			return errors.New("drift: numeric histogram with categories")
		}
		if err := validEdges(h.Edges); err != nil {
			return err
		}
		if len(h.Counts) != len(h.Edges)+1 {
			return fmt.Errorf("drift: %d edges need %d counts, have %d", len(h.Edges), len(h.Edges)+1, len(h.Counts))
		}
	case KindCategorical:
		if len(h.Edges) != 0 {
			return errors.New("drift: categorical histogram with edges")
		}
		if err := validCategories(h.Categories); err != nil {
			return err
		}
		if len(h.Counts) != len(h.Categories)+1 {
			return fmt.Errorf("drift: %d categories need %d counts (the last for %q), have %d",
				len(h.Categories), len(h.Categories)+1, Other, len(h.Counts))
		}
	default:
		return fmt.Errorf("drift: unknown histogram kind %q", h.Kind)
	}
	var n uint64
	for _, c := range append([]uint64{h.Missing}, h.Counts...) {
		if n+c < n {
			return errors.New("drift: histogram total overflows uint64")
		}
		n += c
	}
	return nil
}

func validEdges(edges []float64) error {
	if len(edges) == 0 {
		return errors.New("drift: numeric histogram needs at least one edge")
	}
	if len(edges)+1 > MaxBins {
		return fmt.Errorf("drift: %d bins exceed the maximum of %d", len(edges)+1, MaxBins)
	}
	for i, e := range edges {
		if math.IsNaN(e) || math.IsInf(e, 0) {
			return fmt.Errorf("drift: edge %d is %v, want a finite number", i, e)
		}
		if i > 0 && !(edges[i-1] < e) {
			return fmt.Errorf("drift: edges must increase strictly, edge %d (%g) follows %g", i, e, edges[i-1])
		}
	}
	return nil
}

func validCategories(cats []string) error {
	if len(cats) == 0 {
		return errors.New("drift: categorical histogram needs at least one category")
	}
	if len(cats)+1 > MaxBins {
		return fmt.Errorf("drift: %d bins exceed the maximum of %d", len(cats)+1, MaxBins)
	}
	seen := make(map[string]bool, len(cats))
	for _, c := range cats {
		if seen[c] {
			return fmt.Errorf("drift: duplicate category %q", c)
		}
		seen[c] = true
	}
	return nil
}

// SameBins reports whether h and o have the same kind and bins, so that
// their counts can be compared or merged.
func (h Histogram) SameBins(o Histogram) bool {
	return h.Kind == o.Kind && len(h.Counts) == len(o.Counts) &&
		slices.Equal(h.Edges, o.Edges) && slices.Equal(h.Categories, o.Categories)
}

// Merge returns the bin-wise sum of h and o, which must have the same bins.
// Histograms of adjacent windows, or of several replicas, merge into the
// histogram of their union.
func (h Histogram) Merge(o Histogram) (Histogram, error) {
	if !h.SameBins(o) {
		return Histogram{}, errors.New("drift: cannot merge histograms with different bins")
	}
	out := h.Clone()
	for i, c := range o.Counts {
		if out.Counts[i]+c < c {
			return Histogram{}, errors.New("drift: merged count overflows uint64")
		}
		out.Counts[i] += c
	}
	if out.Missing+o.Missing < o.Missing {
		return Histogram{}, errors.New("drift: merged count overflows uint64")
	}
	out.Missing += o.Missing
	if err := out.Validate(); err != nil {
		return Histogram{}, err
	}
	return out, nil
}

// Clone returns a deep copy of h.
func (h Histogram) Clone() Histogram {
	h.Edges = slices.Clone(h.Edges)
	h.Categories = slices.Clone(h.Categories)
	h.Counts = slices.Clone(h.Counts)
	return h
}

// UnmarshalJSON decodes a histogram and validates it, so that a stored
// reference that was edited or truncated is refused at load time rather than
// producing meaningless statistics later.
func (h *Histogram) UnmarshalJSON(b []byte) error {
	type plain Histogram // no methods: avoids recursion
	var p plain
	if err := json.Unmarshal(b, &p); err != nil {
		return fmt.Errorf("drift: decode histogram: %w", err)
	}
	if err := Histogram(p).Validate(); err != nil {
		return err
	}
	*h = Histogram(p)
	return nil
}

// QuantileEdges returns up to bins−1 cut points at the quantiles of xs (NaN
// ignored), for building a reference at training time: with quantile edges
// every reference bin holds about the same share, so no bin is empty and
// PSI's epsilon rarely matters. Tied quantiles are merged, so heavily
// repeated values give fewer bins. It returns nil when xs has fewer than two
// distinct finite values.
func QuantileEdges(xs []float64, bins int) []float64 {
	v := make([]float64, 0, len(xs))
	for _, x := range xs {
		if !math.IsNaN(x) && !math.IsInf(x, 0) {
			v = append(v, x)
		}
	}
	if len(v) == 0 || bins < 2 {
		return nil
	}
	slices.Sort(v)
	var edges []float64
	for i := 1; i < bins; i++ {
		// A cut at the value of rank ⌈i·n/bins⌉ puts about i/bins of the
		// data below it (bins are closed on the left).
		e := v[min(len(v)-1, (i*len(v)+bins-1)/bins)]
		if e > v[0] && (len(edges) == 0 || e > edges[len(edges)-1]) {
			edges = append(edges, e)
		}
	}
	return edges
}

// Numeric is a live numeric histogram: the counters updated on the request
// path. Observe is safe for concurrent use and does not allocate; each bin is
// an atomic counter. A snapshot or a drained window is a Histogram.
type Numeric struct {
	edges   []float64
	counts  []atomic.Uint64
	missing atomic.Uint64
}

// NewNumeric returns an empty live histogram with the given cut points (see
// Histogram for the bin convention). Pass a reference's Edges to count a
// current window comparable with it.
func NewNumeric(edges []float64) (*Numeric, error) {
	if err := validEdges(edges); err != nil {
		return nil, err
	}
	return &Numeric{edges: slices.Clone(edges), counts: make([]atomic.Uint64, len(edges)+1)}, nil
}

// Observe counts x in its bin; NaN is counted as missing.
func (n *Numeric) Observe(x float64) {
	if x != x {
		n.missing.Add(1)
		return
	}
	n.counts[binOf(n.edges, x)].Add(1)
}

// binOf returns the number of edges ≤ x, which is x's bin since bins are
// closed on the left: sort.Search written out. With ~30 edges it costs
// about five comparisons; on random input most of Observe's time is their
// branch mispredictions, which the Go compiler does not turn into
// conditional moves for floats (tried; BenchmarkSearch measures it).
func binOf(edges []float64, x float64) int {
	lo, hi := 0, len(edges)
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if edges[m] > x {
			hi = m
		} else {
			lo = m + 1
		}
	}
	return lo
}

// Snapshot returns the current counts without resetting them.
func (n *Numeric) Snapshot() Histogram { return n.read(false) }

// Drain returns the counts and resets them to zero, for closing a
// monitoring window. Each observation lands in exactly one drained window,
// even when Observe runs concurrently; the bins are read one after the
// other, so a drained window is not a single instant, which does not matter
// for windows of minutes.
func (n *Numeric) Drain() Histogram { return n.read(true) }

func (n *Numeric) read(reset bool) Histogram {
	h := Histogram{Kind: KindNumeric, Edges: slices.Clone(n.edges), Counts: make([]uint64, len(n.counts))}
	for i := range n.counts {
		h.Counts[i] = load(&n.counts[i], reset)
	}
	h.Missing = load(&n.missing, reset)
	return h
}

// Add merges a histogram with the same bins into the live counters, for
// example a window restored from storage after a restart.
func (n *Numeric) Add(h Histogram) error {
	if h.Kind != KindNumeric || !slices.Equal(h.Edges, n.edges) || len(h.Counts) != len(n.counts) {
		return errors.New("drift: cannot add a histogram with different bins")
	}
	for i, c := range h.Counts {
		n.counts[i].Add(c)
	}
	n.missing.Add(h.Missing)
	return nil
}

// Categorical is a live categorical histogram. Observe is safe for
// concurrent use and does not allocate: the category index is built once and
// only read afterwards, and each bin is an atomic counter.
type Categorical struct {
	categories []string
	index      map[string]int
	counts     []atomic.Uint64
}

// NewCategorical returns an empty live histogram over the given categories
// plus "other" (see Histogram).
func NewCategorical(categories []string) (*Categorical, error) {
	if err := validCategories(categories); err != nil {
		return nil, err
	}
	index := make(map[string]int, len(categories))
	for i, c := range categories {
		index[c] = i
	}
	return &Categorical{categories: slices.Clone(categories), index: index, counts: make([]atomic.Uint64, len(categories)+1)}, nil
}

// Observe counts category in its bin, or in "other" if it is not one of the
// categories fixed at training time.
func (c *Categorical) Observe(category string) {
	i, ok := c.index[category]
	if !ok {
		i = len(c.categories)
	}
	c.counts[i].Add(1)
}

// Snapshot returns the current counts without resetting them.
func (c *Categorical) Snapshot() Histogram { return c.read(false) }

// Drain returns the counts and resets them to zero; see Numeric.Drain.
func (c *Categorical) Drain() Histogram { return c.read(true) }

func (c *Categorical) read(reset bool) Histogram {
	h := Histogram{Kind: KindCategorical, Categories: slices.Clone(c.categories), Counts: make([]uint64, len(c.counts))}
	for i := range c.counts {
		h.Counts[i] = load(&c.counts[i], reset)
	}
	return h
}

// Add merges a histogram with the same bins into the live counters.
func (c *Categorical) Add(h Histogram) error {
	if h.Kind != KindCategorical || !slices.Equal(h.Categories, c.categories) || len(h.Counts) != len(c.counts) {
		return errors.New("drift: cannot add a histogram with different bins")
	}
	for i, n := range h.Counts {
		c.counts[i].Add(n)
	}
	return nil
}

func load(v *atomic.Uint64, reset bool) uint64 {
	if reset {
		return v.Swap(0)
	}
	return v.Load()
}
