package search

import (
	"context"
	"fmt"
	"log/slog"
	"math"
	"slices"
	"sync"
	"time"

	careerpath "github.com/careerpath/careerpath"
)

// Editors' overrides (careerpath.Overrides) in the index.
//
// An index with overrides is derived from the index Build made (its
// base), sharing every column but one: each overridden program gets a
// (CIP, award) class of its own, whose level and score per career are the
// overridden ones (relevance.Rule.ScoreOverridden). Queries, counts and
// facets then need nothing else: they read levels by class. Only the
// careers whose levels or scores change are laid out again; the others
// share the base's columns. Overrides come at an editor's pace, a few a
// minute at most, and each derivation starts from the base, so an undone
// override leaves nothing behind.

// WithOverrides returns an index answering as ix, or as the index ix was
// derived from, with the overrides applied. Overrides of programs not in
// the index (a catalog entry since deleted) are left out. ix is not
// changed.
func (ix *Index) WithOverrides(ov *careerpath.Overrides) (*Index, error) {
	base := ix
	if ix.base != nil {
		base = ix.base
	}
	if ov == nil || ov.Len() == 0 {
		return base, nil
	}
	var docs []uint32
	ov.Each(func(o *careerpath.Override) {
		if d, ok := slices.BinarySearch(base.ids, o.ProgramID); ok {
			docs = append(docs, uint32(d))
		}
	})
	slices.Sort(docs)
	docs = slices.Compact(docs)
	if len(base.classes)+len(docs) > math.MaxUint16 {
		return nil, fmt.Errorf("%d overridden programs: at most %d with the index's %d relevance classes",
			len(docs), math.MaxUint16-len(base.classes), len(base.classes))
	}
	out := new(Index)
	*out = *base
	out.base, out.overrides = base, ov
	out.class = slices.Clone(base.class)
	out.classes = slices.Clip(base.classes)
	for _, d := range docs {
		out.class[d] = uint16(len(out.classes))
		out.classes = append(out.classes, base.classes[base.class[d]])
	}
	out.careers = make(map[string]*careerIndex, len(base.careers))
	for slug, bc := range base.careers {
		ci := &careerIndex{byCls: slices.Grow(slices.Clip(bc.byCls), len(docs)), scores: slices.Grow(slices.Clip(bc.scores), len(docs))}
		changed := false
		for _, d := range docs {
			c := base.classes[base.class[d]]
			level, score, _ := base.model.ScoreOverridden(ov, base.ids[d], slug, base.cips[c.cip], base.concs[c.conc], awardCode(c.award))
			lv := levelCode(level)
			ci.byCls, ci.scores = append(ci.byCls, lv), append(ci.scores, score)
			bk := base.class[d]
			changed = changed || lv != bc.byCls[bk] || score != bc.scores[bk]
		}
		if changed {
			out.layOut(ci)
		} else {
			byCls, scores := ci.byCls, ci.scores
			*ci = *bc
			ci.byCls, ci.scores = byCls, scores
		}
		out.careers[slug] = ci
	}
	return out, nil
}

// levelCode returns the code of a relevance level in a careerIndex.
func levelCode(level string) uint8 {
	switch level {
	case careerpath.RelevanceStrong:
		return lvStrong
	case careerpath.RelevanceRelated:
		return lvRelated
	}
	return 0
}

// Overrides returns the overrides the index applies; nil for none.
func (ix *Index) Overrides() *careerpath.Overrides { return ix.overrides }

// overrideField gives a program the field of study an editor set for it.
func (ix *Index) overrideField(p *careerpath.Program) {
	if ix.overrides != nil {
		ix.model.OverrideField(ix.overrides, p)
	}
}

// relevanceOf returns a program's relevance to the career, with the
// editors' overrides.
func (ix *Index) relevanceOf(career string, p *careerpath.Program) careerpath.Relevance {
	model := ix.modelOf(career)
	if ix.overrides == nil {
		return model.OfProgram(career, p)
	}
	return model.OfOverridden(ix.overrides, career, p)
}

// Overlay keeps a Service's index in step with the editors' overrides,
// read from an override log that every replica shares: it holds the index
// built from the catalog (the base) and the overrides read so far, polls
// the log for the changes since the last version it saw, and swaps in the
// base with every override applied whenever the base or the overrides
// change. Each replica runs its own; none needs to hear from another.
type Overlay struct {
	svc  *Service
	src  careerpath.OverrideService
	log  *slog.Logger
	kick chan struct{}

	mu   sync.Mutex
	base *Index
	ov   *careerpath.Overrides
}

// NewOverlay returns an overlay swapping indexes into svc, with the
// overrides of src.
func NewOverlay(svc *Service, src careerpath.OverrideService, log *slog.Logger) *Overlay {
	return &Overlay{svc: svc, src: src, log: log, kick: make(chan struct{}, 1), ov: &careerpath.Overrides{}}
}

// SetBase makes ix, an index as Build made it, the base: it reads the
// changes since the last poll and swaps in ix with every override
// applied. Call it with every new index instead of Service.Swap. When the
// log cannot be read, the overrides read before apply, and the error is
// returned with the index in place.
func (o *Overlay) SetBase(ctx context.Context, ix *Index) error {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.base = ix
	_, readErr := o.read(ctx)
	if err := o.swap(); err != nil {
		o.svc.Swap(ix)
		return err
	}
	return readErr
}

// Poll reads the changes since the last poll and, when there are any and
// a base is in place, swaps in the base with the overrides applied. It
// returns the number of changes read.
func (o *Overlay) Poll(ctx context.Context) (int, error) {
	o.mu.Lock()
	defer o.mu.Unlock()
	n, err := o.read(ctx)
	if err != nil || n == 0 || o.base == nil {
		return n, err
	}
	return n, o.swap()
}

// read applies the changes since the last version read to a copy of the
// overrides, so that indexes in use keep theirs.
func (o *Overlay) read(ctx context.Context) (int, error) {
	changes, err := o.src.OverridesSince(ctx, o.ov.Version())
	if err != nil || len(changes) == 0 {
		return 0, err
	}
	ov := o.ov.Clone()
	ov.Apply(changes)
	o.ov = ov
	return len(changes), nil
}

func (o *Overlay) swap() error {
	ix, err := o.base.WithOverrides(o.ov)
	if err != nil {
		return err
	}
	o.svc.Swap(ix)
	return nil
}

// Notify asks Run to poll now: a decision made through this replica
// shows at once rather than at the next tick. It does not wait.
func (o *Overlay) Notify(context.Context) {
	select {
	case o.kick <- struct{}{}:
	default: // a poll is already asked for
	}
}

// Run polls every interval, and on Notify, until ctx ends; failures are
// logged and the index in place stays.
func (o *Overlay) Run(ctx context.Context, every time.Duration) {
	tick := time.NewTicker(every)
	defer tick.Stop()
	// A database down fails every poll: logged when it begins and ends.
	failures := &careerpath.FailureLog{Log: o.log, Msg: "program finder: read editors' overrides"}
	for {
		select {
		case <-ctx.Done():
			return
		case <-o.kick:
		case <-tick.C:
		}
		n, err := o.Poll(ctx)
		if err == nil {
			failures.OK()
		}
		switch {
		case err != nil && ctx.Err() == nil:
			failures.Fail(err)
		case n > 0:
			o.log.Info("program finder: editors' overrides applied", "changes", n, "in_effect", o.current().Len(), "version", o.current().Version())
		}
	}
}

func (o *Overlay) current() *careerpath.Overrides {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.ov
}
