package lifecycle

import (
	"context"
	"log/slog"
	"sync"
	"time"

	careerpath "github.com/careerpath/careerpath"
	"github.com/careerpath/careerpath/classify"
	"github.com/careerpath/careerpath/registry"
)

// shadowInput is one entry of a live call, with the career it was
// classified for ("" for a catalog import, which predicts a field of
// study only).
type shadowInput struct {
	career string
	entry  classify.Entry
}

// RolloutConfig is a server's rollout policy: how a challenger is
// shadowed and how a new champion is guarded, and the leader that makes
// the decisions.
type RolloutConfig struct {
	Shadow registry.ShadowConfig
	Guard  registry.GuardConfig
	// Leader is this replica's leader of the singleton jobs: every
	// replica shadows the challenger and watches a new champion on its
	// own traffic, but only the leader logs a shadow's start and result,
	// promotes, and rolls back. nil leads always (one process).
	Leader *Leader
	// Replica is this replica's ID in the guard's watch, which the
	// replicas share (empty: host:pid).
	Replica string
}

// RolloutStore is what a server's rollout reads and writes: the
// registry, and the guard's watch every replica shares.
type RolloutStore interface {
	careerpath.ModelRegistry
	careerpath.GuardStatsStore
}

// LiveRollout takes a challenger through shadow scoring to promotion in
// a server, and watches each new champion so that a breach rolls it back.
type LiveRollout struct {
	champion   *Champion
	challenger *registry.Live[*classify.Linear]
	Shadow     *registry.Shadow[*classify.Linear, shadowInput]
	Guard      *registry.Guard[*classify.Linear]
	log        *slog.Logger
	decide     Rollout
	leader     *Leader

	mu sync.Mutex
	// started is the shadow under way whose start this replica has not
	// logged (it did not lead when it began), decided the one whose
	// result it has not acted on: a replica that takes the lease does.
	started, decided *registry.ShadowReport
}

// StartRollout loads the challenger (a second Live, watching its alias
// every c.Poll) and runs the shadow and the guard until ctx ends; the
// shadow's start and decision are Rollout's, made by the leader
// (rc.Leader), to which it adds the job of acting on what this replica
// saw before it led: call it before the leader runs.
func (c Config) StartRollout(ctx context.Context, store RolloutStore, champion *Champion, rc RolloutConfig, log *slog.Logger) *LiveRollout {
	challenger := newLive(store, careerpath.AliasChallenger, champion.Relevance, log)
	if _, err := challenger.Refresh(ctx); err != nil {
		log.Error("the challenger classifier did not load", "err", err)
	}
	go challenger.Watch(ctx, c.poll())
	r := &LiveRollout{champion: champion, challenger: challenger, log: log, leader: rc.Leader, decide: Rollout{Registry: store, Actor: RetrainActor, Log: log}}
	r.Shadow = registry.NewShadow(champion.Live, challenger, r.score, rc.Shadow)
	r.Shadow.Start = r.start
	r.Shadow.Decide = r.decideShadow
	r.Guard = registry.NewGuard(store, champion.Live, rc.Guard, log)
	r.Guard.Leading = rc.Leader.Leading
	if rc.Replica != "" {
		r.Guard.Replica = rc.Replica
	}
	if rc.Leader != nil {
		rc.Leader.Go(r.takeOver)
	}
	go r.Shadow.Run(ctx)
	go r.Guard.Run(ctx)
	return r
}

// Wake re-reads the champion's and the challenger's aliases now rather
// than at their next poll: a store's change notification of
// careerpath.ChangeModel calls it.
func (r *LiveRollout) Wake() {
	r.champion.Live.Wake()
	r.challenger.Wake()
}

// start is the shadow's Start: a challenger decided before is not
// shadowed; the leader logs the start of another, and a replica that
// does not lead shadows it without logging.
func (r *LiveRollout) start(rep registry.ShadowReport) bool {
	ctx := context.Background()
	if !r.decide.undecided(ctx, rep.Challenger) {
		return false
	}
	if !r.keep(&rep, nil) {
		r.decide.logStart(ctx, rep, r.Shadow.Config())
		return true
	}
	r.log.Info("shadow scoring the challenger; the leader logs and decides", "challenger", rep.Challenger, "champion", rep.Champion)
	return true
}

// decideShadow is the shadow's Decide: the leader acts on the result; a
// replica that does not lead keeps it, to act on if it takes the lease.
func (r *LiveRollout) decideShadow(rep registry.ShadowReport) {
	if !r.keep(nil, &rep) {
		r.decide.ShadowDecide(context.Background(), rep)
		return
	}
	r.log.Info("the shadow gate decided here, but this replica does not lead: the leader decides", "challenger", rep.Challenger,
		"passed", rep.Passed(), "entries", rep.Entries)
}

// keep keeps a shadow's start (started) or result (decided) for takeOver
// and reports true, unless this replica leads: then it reports false for
// the caller to act. The check and the keeping are one step under r.mu,
// and the Leader leads before it runs takeOver, so that nothing kept is
// missed by it.
func (r *LiveRollout) keep(started, decided *registry.ShadowReport) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.leader.Leading() {
		return false
	}
	if started != nil {
		r.started, r.decided = started, nil
	}
	if decided != nil {
		r.decided = decided
	}
	return true
}

// takeOver runs when this replica takes the lease: it logs the start of
// the shadow it ran unlogged, and acts on the result it kept, unless the
// previous leader did so meanwhile (it is on record).
func (r *LiveRollout) takeOver(ctx context.Context) {
	r.mu.Lock()
	started, decided := r.started, r.decided
	r.started, r.decided = nil, nil
	r.mu.Unlock()
	rep := decided
	if rep == nil {
		rep = started
	}
	if rep == nil || !r.decide.undecided(ctx, rep.Challenger) {
		return
	}
	if !r.decide.startLogged(ctx, rep.Challenger) {
		r.decide.logStart(ctx, *rep, r.Shadow.Config())
	}
	if decided != nil {
		r.log.Info("took the lease: deciding the shadow this replica ran", "challenger", decided.Challenger)
		r.decide.ShadowDecide(ctx, *decided)
	}
}

// score is what shadow scoring compares: the relevance level for the
// career and the field of study used, as the live answer would give them.
func (r *LiveRollout) score(m *classify.Linear, in shadowInput) registry.Answer {
	if in.career == "" {
		if top, ok := m.Predict(in.entry).Top(); ok && top.Probability >= classify.MinConfidence {
			return registry.Answer{Class: top.CIP}
		}
		return registry.Answer{}
	}
	c := classify.ClassifyEntry(r.champion.Relevance(), in.career, m, "", in.entry)
	return registry.Answer{Level: c.Level, Class: c.CIP}
}

// Classifier wraps the champion's classifier: every call is timed for
// the guard, and a sample is offered to the shadow.
func (r *LiveRollout) Classifier(inner careerpath.Classifier) careerpath.Classifier {
	return rolloutClassifier{inner: inner, r: r}
}

type rolloutClassifier struct {
	inner careerpath.Classifier
	r     *LiveRollout
}

// Classify answers with the champion. A panic of the model is an
// internal error for the client and a failure for the guard; unknown
// careers and a missing model are not the model's failures.
func (c rolloutClassifier) Classify(ctx context.Context, career string, entries []careerpath.CatalogText) (out []careerpath.Classification, err error) {
	start := time.Now()
	defer func() {
		if p := recover(); p != nil {
			c.r.log.Error("the classifier panicked", "career", career, "panic", p)
			err = careerpath.Errorf(careerpath.EINTERNAL, "The classifier failed.")
		}
		var version string
		switch {
		case err == nil && len(out) > 0:
			version = out[0].Model
		case err != nil && careerpath.ErrorCode(err) == careerpath.EINTERNAL && ctx.Err() == nil:
			if cur := c.r.champion.Live.Current(); cur != nil {
				version = cur.Version
			}
		}
		if version != "" {
			c.r.Guard.Observe(version, len(entries), time.Since(start), err)
		}
		if err == nil {
			c.r.Shadow.Offer(func() []shadowInput {
				in := make([]shadowInput, len(entries))
				for i, t := range entries {
					in[i] = shadowInput{career: career, entry: classify.EntryOf(t)}
				}
				return in
			})
		}
	}()
	return c.inner.Classify(ctx, career, entries)
}

// Catalogs wraps a catalog service so that the entries of an import that
// came without a CIP code (those the model classifies) are offered to the
// shadow.
func (r *LiveRollout) Catalogs(inner careerpath.CatalogService) careerpath.CatalogService {
	return rolloutCatalogs{CatalogService: inner, r: r}
}

type rolloutCatalogs struct {
	careerpath.CatalogService
	r *LiveRollout
}

func (c rolloutCatalogs) ImportCatalog(ctx context.Context, imp careerpath.CatalogImport) (*careerpath.Catalog, error) {
	cat, err := c.CatalogService.ImportCatalog(ctx, imp)
	if err == nil && cat.WithoutCIP > 0 {
		c.r.Shadow.Offer(func() []shadowInput {
			var in []shadowInput
			for _, e := range imp.Entries {
				if e.CIP == "" {
					in = append(in, shadowInput{entry: classify.Entry{Institution: e.Institution, Program: e.Program, Degree: e.Degree,
						Format: e.Format, City: e.City, Country: e.Country, Description: e.Description}})
				}
			}
			return in
		})
	}
	return cat, err
}
