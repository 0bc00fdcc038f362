package lifecycle

import (
	"context"
	"log/slog"
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
// shadowed and how a new champion is guarded.
type RolloutConfig struct {
	Shadow registry.ShadowConfig
	Guard  registry.GuardConfig
}

// LiveRollout takes a challenger through shadow scoring to promotion in
// a server, and watches each new champion so that a breach rolls it back.
type LiveRollout struct {
	champion *Champion
	Shadow   *registry.Shadow[*classify.Linear, shadowInput]
	Guard    *registry.Guard[*classify.Linear]
	log      *slog.Logger
}

// StartRollout loads the challenger (a second Live, watching its alias
// every c.Poll) and runs the shadow and the guard until ctx ends; the
// shadow's start and decision are Rollout's.
func (c Config) StartRollout(ctx context.Context, store careerpath.ModelRegistry, champion *Champion, rc RolloutConfig, log *slog.Logger) *LiveRollout {
	challenger := newLive(store, careerpath.AliasChallenger, champion.Relevance, log)
	if _, err := challenger.Refresh(ctx); err != nil {
		log.Error("the challenger classifier did not load", "err", err)
	}
	go challenger.Watch(ctx, c.poll())
	r := &LiveRollout{champion: champion, log: log}
	r.Shadow = registry.NewShadow(champion.Live, challenger, r.score, rc.Shadow)
	decide := Rollout{Registry: store, Actor: RetrainActor, Log: log}
	r.Shadow.Start = func(rep registry.ShadowReport) bool {
		return decide.ShadowStart(context.Background(), rep, r.Shadow.Config())
	}
	r.Shadow.Decide = func(rep registry.ShadowReport) { decide.ShadowDecide(context.Background(), rep) }
	r.Guard = registry.NewGuard(store, champion.Live, rc.Guard, log)
	go r.Shadow.Run(ctx)
	go r.Guard.Run(ctx)
	return r
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
	c := classify.ClassifyEntry(r.champion.Relevance, in.career, m, "", in.entry)
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
