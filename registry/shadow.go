package registry

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"sync"
	"sync/atomic"
	"time"
)

// Answer is what a model said about one input, as shadow scoring
// compares it.
type Answer struct {
	Level string // relevance level; "" when the input has no career
	Class string // predicted class (field of study); "" for none
}

// ShadowConfig says how much live traffic the challenger sees and when
// its shadow gate decides.
type ShadowConfig struct {
	// Rate is the share of calls also scored by the challenger, 0 to 1.
	Rate float64
	// Queue bounds the calls waiting to be shadowed: more are dropped, so
	// that shadowing never slows or grows a server under load.
	Queue int
	// MinEntries are the entries to shadow before the gate decides.
	MinEntries int
	// The challenger's p99 latency per entry may be at most LatencyFactor
	// times the champion's, both measured in the shadow worker under the
	// same conditions, or LatencyFloor, whichever is larger: the floor
	// keeps microsecond noise from refusing an equally fast model.
	LatencyFactor float64
	LatencyFloor  time.Duration
}

// DefaultShadowConfig shadows one call in five and decides after 200
// entries.
func DefaultShadowConfig() ShadowConfig {
	return ShadowConfig{Rate: 0.2, Queue: 64, MinEntries: 200, LatencyFactor: 2, LatencyFloor: 250 * time.Microsecond}
}

// ShadowReport compares a challenger with the champion on the live
// inputs it was shown.
type ShadowReport struct {
	Champion   string `json:"champion"`
	Challenger string `json:"challenger"`
	Calls      int    `json:"calls"`
	Entries    int    `json:"entries"`
	// Errors are the challenger's failures (panics); ChampionErrors the
	// champion's on the same inputs.
	Errors         int `json:"errors"`
	ChampionErrors int `json:"champion_errors"`
	// Dropped counts the calls sampled but dropped because the queue was
	// full, since the server started.
	Dropped int64 `json:"dropped"`
	// LevelN entries had a career; Agreement is the share of them given
	// the same relevance level. ClassAgreement is the share of all
	// entries given the same field of study.
	LevelN         int     `json:"level_n"`
	Agreement      float64 `json:"agreement"`
	ClassAgreement float64 `json:"class_agreement"`
	// Disagreements counts entries by "champion→challenger" levels.
	Disagreements   map[string]int `json:"disagreements,omitempty"`
	ChampionP99us   float64        `json:"champion_p99_us"`
	ChallengerP99us float64        `json:"challenger_p99_us"`
	LatencyBoundus  float64        `json:"latency_bound_us"`
	Failures        []string       `json:"failures,omitempty"`
	Decided         bool           `json:"decided"`
}

// Passed reports whether the challenger passed the shadow gate.
func (r ShadowReport) Passed() bool { return r.Decided && len(r.Failures) == 0 }

// Shadow scores a sampled share of live inputs with the challenger too,
// off the request path, and compares its answers with the champion's.
// Responses are discarded. Once MinEntries were shadowed it applies the
// gate (no challenger errors, p99 latency within the bound) and hands the
// report to Decide, once per challenger.
type Shadow[M, In any] struct {
	champion, challenger *Live[M]
	score                func(M, In) Answer // may panic: counted as an error
	cfg                  ShadowConfig
	queue                chan []In
	dropped              atomic.Int64

	// Start is called when shadowing of a challenger against a champion
	// begins; returning false skips that challenger (decided before).
	// Decide is called with the report once the gate has decided. Both
	// run in the worker, and must be set before Run.
	Start  func(ShadowReport) bool
	Decide func(ShadowReport)

	mu  sync.Mutex
	cur *shadowRun
}

type shadowRun struct {
	report               ShadowReport
	skip                 bool
	levelSame, classSame int
	champLat, challLat   []time.Duration
}

// NewShadow returns a Shadow comparing the challenger with the champion.
func NewShadow[M, In any](champion, challenger *Live[M], score func(M, In) Answer, cfg ShadowConfig) *Shadow[M, In] {
	return &Shadow[M, In]{champion: champion, challenger: challenger, score: score, cfg: cfg, queue: make(chan []In, max(cfg.Queue, 1))}
}

// Offer hands the inputs of one live call to the shadow: sampled at the
// configured rate, queued without blocking, dropped when the queue is
// full. inputs is called only for a sampled call, so that an unsampled
// one costs two atomic loads and a random number.
func (s *Shadow[M, In]) Offer(inputs func() []In) {
	if s.cfg.Rate <= 0 {
		return
	}
	cl, ch := s.challenger.Current(), s.champion.Current()
	if cl == nil || ch == nil || cl.Version == ch.Version {
		return
	}
	if s.cfg.Rate < 1 && rand.Float64() >= s.cfg.Rate {
		return
	}
	in := inputs()
	if len(in) == 0 {
		return
	}
	select {
	case s.queue <- in:
	default:
		s.dropped.Add(1)
	}
}

// Run scores queued calls until ctx ends.
func (s *Shadow[M, In]) Run(ctx context.Context) {
	for {
		select {
		case <-ctx.Done():
			return
		case in := <-s.queue:
			s.process(in)
		}
	}
}

// Config returns the shadow's configuration.
func (s *Shadow[M, In]) Config() ShadowConfig { return s.cfg }

// Report returns the comparison so far of the challenger being shadowed,
// and false when none is.
func (s *Shadow[M, In]) Report() (ShadowReport, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.cur == nil {
		return ShadowReport{}, false
	}
	return s.cur.figures(s.cfg, s.dropped.Load()), true
}

func (s *Shadow[M, In]) process(inputs []In) {
	ch, cl := s.champion.Current(), s.challenger.Current()
	if ch == nil || cl == nil || ch.Version == cl.Version {
		return
	}
	s.mu.Lock()
	r := s.cur
	if r == nil || r.report.Champion != ch.Version || r.report.Challenger != cl.Version {
		r = &shadowRun{report: ShadowReport{Champion: ch.Version, Challenger: cl.Version, Disagreements: map[string]int{}}}
		s.cur = r
		s.mu.Unlock()
		r.skip = s.Start != nil && !s.Start(r.report)
		s.mu.Lock()
	}
	if r.skip || r.report.Decided {
		s.mu.Unlock()
		return
	}
	s.mu.Unlock()

	// Scored outside the lock: Report stays cheap while a call is scored.
	type scored struct {
		a, b       Answer
		ta, tb     time.Duration
		errA, errB bool
	}
	res := make([]scored, len(inputs))
	for i, in := range inputs {
		x := &res[i]
		x.a, x.ta, x.errA = s.timed(ch.Model, in)
		x.b, x.tb, x.errB = s.timed(cl.Model, in)
	}

	s.mu.Lock()
	rep := &r.report
	rep.Calls++
	for _, x := range res {
		rep.Entries++
		switch {
		case x.errB:
			rep.Errors++
			continue
		case x.errA:
			rep.ChampionErrors++
			continue
		}
		r.champLat, r.challLat = append(r.champLat, x.ta), append(r.challLat, x.tb)
		if x.a.Class == x.b.Class {
			r.classSame++
		}
		if x.a.Level != "" || x.b.Level != "" {
			rep.LevelN++
			if x.a.Level == x.b.Level {
				r.levelSame++
			} else {
				rep.Disagreements[x.a.Level+"→"+x.b.Level]++
			}
		}
	}
	var decided *ShadowReport
	if rep.Entries >= s.cfg.MinEntries && !rep.Decided {
		rep.Decided = true
		f := r.figures(s.cfg, s.dropped.Load())
		*rep = f
		decided = &f
	}
	s.mu.Unlock()
	if decided != nil && s.Decide != nil {
		s.Decide(*decided)
	}
}

// timed scores one input, recovering a panic as an error.
func (s *Shadow[M, In]) timed(m M, in In) (a Answer, took time.Duration, failed bool) {
	start := time.Now()
	defer func() {
		took = time.Since(start)
		if recover() != nil {
			failed = true
		}
	}()
	return s.score(m, in), 0, false
}

// figures computes the rates, percentiles and gate of the run.
func (r *shadowRun) figures(cfg ShadowConfig, dropped int64) ShadowReport {
	rep := r.report
	rep.Dropped = dropped
	rep.Disagreements = make(map[string]int, len(r.report.Disagreements))
	for k, v := range r.report.Disagreements {
		rep.Disagreements[k] = v
	}
	if rep.LevelN > 0 {
		rep.Agreement = round4(float64(r.levelSame) / float64(rep.LevelN))
	}
	if n := len(r.challLat); n > 0 {
		rep.ClassAgreement = round4(float64(r.classSame) / float64(n))
	}
	champ, chall := p99(r.champLat), p99(r.challLat)
	bound := max(cfg.LatencyFloor, time.Duration(cfg.LatencyFactor*float64(champ)))
	rep.ChampionP99us, rep.ChallengerP99us, rep.LatencyBoundus = micros(champ), micros(chall), micros(bound)
	rep.Failures = nil
	if rep.Decided {
		if rep.Errors > 0 {
			rep.Failures = append(rep.Failures, fmt.Sprintf("%d of %d entries failed in the challenger", rep.Errors, rep.Entries))
		}
		if chall > bound {
			rep.Failures = append(rep.Failures, fmt.Sprintf("challenger p99 %.0f µs per entry > bound %.0f µs (%.1f × champion's %.0f µs, at least %.0f µs)",
				micros(chall), micros(bound), cfg.LatencyFactor, micros(champ), micros(cfg.LatencyFloor)))
		}
	}
	return rep
}

// p99 is the 99th percentile (nearest rank) of ds.
func p99(ds []time.Duration) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	s := slices.Clone(ds)
	slices.Sort(s)
	i := (len(s)*99+99)/100 - 1
	return s[min(max(i, 0), len(s)-1)]
}

func micros(d time.Duration) float64 { return float64(d.Nanoseconds()/10) / 100 }

func round4(v float64) float64 { return float64(int64(v*1e4+0.5)) / 1e4 }
