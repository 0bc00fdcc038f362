package main

import (
	"context"
	"flag"
	"fmt"
	"log/slog"
	"os"
	"time"

	careerpath "github.com/careerpath/careerpath"
	"github.com/careerpath/careerpath/classify"
	"github.com/careerpath/careerpath/lifecycle"
	"github.com/careerpath/careerpath/registry"
	"github.com/careerpath/careerpath/sqlite"
)

// rolloutFlags are serve's flags for retraining and rollout.
type rolloutFlags struct {
	retrainEvery time.Duration
	shadow       registry.ShadowConfig
	guard        registry.GuardConfig
}

// register adds the flags to fset, with defaults from the environment.
func (o *rolloutFlags) register(fset *flag.FlagSet) error {
	o.shadow, o.guard = registry.DefaultShadowConfig(), registry.DefaultGuardConfig()
	fset.DurationVar(&o.retrainEvery, "retrain-every", 0, "retrain from the editors' labels every `duration` (0: never)")
	fset.Float64Var(&o.shadow.Rate, "shadow-rate", o.shadow.Rate, "share of live classify calls also scored by the challenger, 0 to 1")
	fset.IntVar(&o.shadow.MinEntries, "shadow-min", o.shadow.MinEntries, "entries the challenger is shadowed on before its gate decides")
	for name, env := range map[string]string{"retrain-every": "CAREERPATH_RETRAIN_EVERY", "shadow-rate": "CAREERPATH_SHADOW_RATE", "shadow-min": "CAREERPATH_SHADOW_MIN"} {
		if v := os.Getenv(env); v != "" {
			if err := fset.Set(name, v); err != nil {
				return fmt.Errorf("%s=%q: %w", env, v, err)
			}
		}
	}
	return nil
}

// shadowInput is one entry of a live call, with the career it was
// classified for ("" for a catalog import, which predicts a field of
// study only).
type shadowInput struct {
	career string
	entry  classify.Entry
}

// rollout takes a challenger through shadow scoring to promotion, and
// watches each new champion so that a breach rolls it back.
type rollout struct {
	db       *sqlite.DB
	champion *liveModel
	shadow   *registry.Shadow[*classify.Linear, shadowInput]
	guard    *registry.Guard[*classify.Linear]
	log      *slog.Logger
}

// startRollout loads the challenger (a second Live, watching its alias)
// and runs the shadow until ctx ends; the caller runs r.guard.
func startRollout(ctx context.Context, db *sqlite.DB, champion *liveModel, o rolloutFlags, log *slog.Logger) *rollout {
	challenger := newLive(db, careerpath.AliasChallenger, champion.rel, log)
	if _, err := challenger.Refresh(ctx); err != nil {
		log.Error("the challenger relevance model did not load", "err", err)
	}
	go challenger.Watch(ctx, lifecycle.DefaultPoll)
	r := &rollout{db: db, champion: champion, log: log}
	r.shadow = registry.NewShadow(champion.live, challenger, r.score, o.shadow)
	decide := lifecycle.Rollout{Registry: db, Actor: lifecycle.RetrainActor, Log: log}
	r.shadow.Start = func(rep registry.ShadowReport) bool {
		return decide.ShadowStart(context.Background(), rep, r.shadow.Config())
	}
	r.shadow.Decide = func(rep registry.ShadowReport) { decide.ShadowDecide(context.Background(), rep) }
	r.guard = registry.NewGuard(db, champion.live, o.guard, log)
	go r.shadow.Run(ctx)
	// r.guard runs on the leader only (see runLeading in serve).
	return r
}

// score is what shadow scoring compares: the relevance level for the
// career and the field of study used, as the live answer would give them.
func (r *rollout) score(m *classify.Linear, in shadowInput) registry.Answer {
	if in.career == "" {
		if top, ok := m.Predict(in.entry).Top(); ok && top.Probability >= classify.MinConfidence {
			return registry.Answer{Class: top.CIP}
		}
		return registry.Answer{}
	}
	c := classify.ClassifyEntry(r.champion.rel, in.career, m, "", in.entry)
	return registry.Answer{Level: c.Level, Class: c.CIP}
}

// classifier wraps the champion's classifier: every call is timed for
// the guard, and a sample is offered to the shadow.
func (r *rollout) classifier(inner careerpath.Classifier) careerpath.Classifier {
	return rolloutClassifier{inner: inner, r: r}
}

type rolloutClassifier struct {
	inner careerpath.Classifier
	r     *rollout
}

// Classify answers with the champion. A panic of the model is an
// internal error for the client and a failure for the guard; unknown
// careers and a missing model are not the model's failures.
func (c rolloutClassifier) Classify(ctx context.Context, career string, entries []careerpath.CatalogText) (out []careerpath.Classification, err error) {
	start := time.Now()
	defer func() {
		if p := recover(); p != nil {
			c.r.log.Error("the relevance model panicked", "career", career, "panic", p)
			err = careerpath.Errorf(careerpath.EINTERNAL, "The relevance model failed.")
		}
		var version string
		switch {
		case err == nil && len(out) > 0:
			version = out[0].Model
		case err != nil && careerpath.ErrorCode(err) == careerpath.EINTERNAL && ctx.Err() == nil:
			if cur := c.r.champion.live.Current(); cur != nil {
				version = cur.Version
			}
		}
		if version != "" {
			c.r.guard.Observe(version, len(entries), time.Since(start), err)
		}
		if err == nil {
			c.r.shadow.Offer(func() []shadowInput {
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

// catalogs wraps a catalog service so that the entries of an import that
// came without a CIP code (those the model classifies) are offered to the
// shadow.
func (r *rollout) catalogs(inner careerpath.CatalogService) careerpath.CatalogService {
	return rolloutCatalogs{CatalogService: inner, r: r}
}

type rolloutCatalogs struct {
	careerpath.CatalogService
	r *rollout
}

func (c rolloutCatalogs) ImportCatalog(ctx context.Context, imp careerpath.CatalogImport) (*careerpath.Catalog, error) {
	cat, err := c.CatalogService.ImportCatalog(ctx, imp)
	if err == nil && cat.WithoutCIP > 0 {
		c.r.shadow.Offer(func() []shadowInput {
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
