package monitor

import (
	"math/bits"
	"sync/atomic"
	"time"
)

// Latency bins: durations in nanoseconds, eight bins per power of two
// (each at most 12.5% wide), exact below 8 ns. A bin is found from the
// position of the top bit and the three bits below it, so Observe is a
// few instructions and one atomic add; percentiles read from the bins are
// within 6% of the true value.
const (
	latencySub  = 8
	latencyBins = (64-2)*latencySub + latencySub
)

// Latency is a fixed-bin histogram of durations, safe for concurrent use:
// the request path observes, the background drains it into windows.
type Latency struct {
	counts [latencyBins]atomic.Uint64
}

func latencyBin(ns uint64) int {
	if ns < latencySub {
		return int(ns)
	}
	e := bits.Len64(ns) - 1 // ≥ 3
	return (e-2)*latencySub + int(ns>>(e-3)&(latencySub-1))
}

// latencyBounds returns the range [lo, hi) of durations in bin i, in ns.
func latencyBounds(i int) (lo, hi float64) {
	if i < latencySub {
		return float64(i), float64(i + 1)
	}
	e := i/latencySub + 2
	m := uint64(i % latencySub)
	w := uint64(1) << (e - 3)
	return float64((latencySub + m) * w), float64((latencySub + m + 1) * w)
}

// Observe counts one duration; negative ones count as zero.
func (l *Latency) Observe(d time.Duration) {
	if d < 0 {
		d = 0
	}
	l.counts[latencyBin(uint64(d))].Add(1)
}

// drain returns the counts and resets them.
func (l *Latency) drain() *latencyCounts {
	var c latencyCounts
	for i := range l.counts {
		c[i] = l.counts[i].Swap(0)
	}
	return &c
}

// latencyCounts is a drained Latency: counts per bin.
type latencyCounts [latencyBins]uint64

func (c *latencyCounts) total() uint64 {
	var n uint64
	for _, x := range c {
		n += x
	}
	return n
}

func (c *latencyCounts) merge(o *latencyCounts) {
	for i, x := range o {
		c[i] += x
	}
}

// quantile returns the q-quantile in ns, interpolated linearly inside its
// bin; 0 for no observations.
func (c *latencyCounts) quantile(q float64) float64 {
	n := c.total()
	if n == 0 {
		return 0
	}
	rank := q * float64(n)
	var cum float64
	for i, x := range c {
		if x == 0 {
			continue
		}
		if cum+float64(x) >= rank {
			lo, hi := latencyBounds(i)
			return lo + (hi-lo)*(rank-cum)/float64(x)
		}
		cum += float64(x)
	}
	lo, hi := latencyBounds(latencyBins - 1)
	return (lo + hi) / 2
}

// LatencyStats are percentiles of a set of durations, in milliseconds.
type LatencyStats struct {
	N   uint64  `json:"n"`
	P50 float64 `json:"p50_ms"`
	P90 float64 `json:"p90_ms"`
	P99 float64 `json:"p99_ms"`
}

func (c *latencyCounts) stats() LatencyStats {
	ms := func(q float64) float64 { return round(c.quantile(q)/1e6, 4) }
	return LatencyStats{N: c.total(), P50: ms(0.50), P90: ms(0.90), P99: ms(0.99)}
}
