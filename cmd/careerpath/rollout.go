package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"os"
	"time"

	careerpath "github.com/careerpath/careerpath"
	"github.com/careerpath/careerpath/classify"
	"github.com/careerpath/careerpath/registry"
	"github.com/careerpath/careerpath/sqlite"
)

// retrainActor is the actor of the events a server's rollout logs.
const retrainActor = "retrain"

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
// and runs the shadow and the guard until ctx ends.
func startRollout(ctx context.Context, db *sqlite.DB, champion *liveModel, o rolloutFlags, log *slog.Logger) *rollout {
	challenger := newLive(db, careerpath.AliasChallenger, champion.rel, log)
	if _, err := challenger.Refresh(ctx); err != nil {
		log.Error("the challenger relevance model did not load", "err", err)
	}
	go challenger.Watch(ctx, modelPoll)
	r := &rollout{db: db, champion: champion, log: log}
	r.shadow = registry.NewShadow(champion.live, challenger, r.score, o.shadow)
	r.shadow.Start, r.shadow.Decide = r.shadowStart, r.shadowDecide
	r.guard = registry.NewGuard(db, champion.live, o.guard, log)
	go r.shadow.Run(ctx)
	go r.guard.Run(ctx)
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

// shadowStart logs the start of a challenger's shadow, unless it was
// decided before (a shadow result, or a rollback from it, is on record).
func (r *rollout) shadowStart(rep registry.ShadowReport) bool {
	ctx := context.Background()
	events, err := r.db.FindModelEvents(ctx)
	if err != nil {
		r.log.Error("shadow: reading the registry events failed: not shadowing", "challenger", rep.Challenger, "err", err)
		return false
	}
	for _, e := range events {
		if (e.Action == careerpath.EventShadowResult && e.To == rep.Challenger) || (e.Action == careerpath.EventRollback && e.From == rep.Challenger) {
			r.log.Info("shadow: the challenger was decided before: not shadowing it again", "challenger", rep.Challenger, "event", e.ID)
			return false
		}
	}
	details, _ := json.Marshal(map[string]any{"champion": rep.Champion, "rate": r.shadowConfig().Rate, "min_entries": r.shadowConfig().MinEntries})
	e := &careerpath.ModelEvent{Actor: retrainActor, Action: careerpath.EventShadowStart, To: rep.Challenger, Details: details,
		Reason: fmt.Sprintf("scoring %.0f%% of live classify calls with the challenger against champion %s", r.shadowConfig().Rate*100, rep.Champion)}
	if err := r.db.LogModelEvent(ctx, e); err != nil {
		r.log.Error("shadow: logging its start failed", "err", err)
	}
	r.log.Info("shadow scoring the challenger", "challenger", rep.Challenger, "champion", rep.Champion, "rate", r.shadowConfig().Rate)
	return true
}

func (r *rollout) shadowConfig() registry.ShadowConfig { return r.shadow.Config() }

// shadowDecision is the details of a shadow result and of the promotion
// that follows it.
type shadowDecision struct {
	Shadow  registry.ShadowReport `json:"shadow"`
	Offline *gateResult           `json:"offline_gate,omitempty"`
}

// shadowDecide logs the shadow's result and, when both the shadow gate and
// the offline gate passed, promotes the challenger to champion.
func (r *rollout) shadowDecide(rep registry.ShadowReport) {
	ctx := context.Background()
	d := shadowDecision{Shadow: rep}
	failures := rep.Failures
	offline, err := r.offlineGate(ctx, rep.Challenger)
	switch {
	case err != nil:
		failures = append(failures, "offline gate: "+err.Error())
	default:
		d.Offline = offline
	}
	details, _ := json.Marshal(d)
	summary := fmt.Sprintf("%d entries of %d calls, level agreement %.3f, field agreement %.3f, p99 %.0f µs vs champion's %.0f µs, %d errors",
		rep.Entries, rep.Calls, rep.Agreement, rep.ClassAgreement, rep.ChallengerP99us, rep.ChampionP99us, rep.Errors)
	reason := "shadow gate passed: " + summary
	if len(failures) > 0 {
		reason = fmt.Sprintf("shadow gate failed: %s (%s)", joinFailures(failures), summary)
	}
	if err := r.db.LogModelEvent(ctx, &careerpath.ModelEvent{Actor: retrainActor, Action: careerpath.EventShadowResult, To: rep.Challenger,
		Reason: reason, Details: details}); err != nil {
		r.log.Error("shadow: logging its result failed", "err", err)
		return
	}
	if len(failures) > 0 {
		r.log.Warn("the challenger failed its shadow gate: not promoted", "challenger", rep.Challenger, "failures", joinFailures(failures))
		return
	}
	e, err := r.db.MoveAlias(ctx, careerpath.AliasChampion, rep.Champion, rep.Challenger, retrainActor,
		fmt.Sprintf("offline and shadow gates passed (%s)", summary), details)
	if careerpath.ErrorCode(err) == careerpath.ECONFLICT {
		r.log.Info("the champion moved meanwhile: not promoting", "challenger", rep.Challenger, "err", err)
		return
	} else if err != nil {
		r.log.Error("promoting the challenger failed", "challenger", rep.Challenger, "err", err)
		return
	}
	r.log.Info("promoted the challenger after its shadow", "champion", e.To, "previous", e.From, "agreement", rep.Agreement, "entries", rep.Entries)
}

// offlineGate returns the gate the challenger passed when it was made
// challenger: the details of the latest move of the alias to it.
func (r *rollout) offlineGate(ctx context.Context, version string) (*gateResult, error) {
	events, err := r.db.FindModelEvents(ctx)
	if err != nil {
		return nil, err
	}
	for i := len(events) - 1; i >= 0; i-- {
		e := events[i]
		if e.Action != careerpath.EventPromote || e.Alias != careerpath.AliasChallenger || e.To != version {
			continue
		}
		var g gateResult
		if len(e.Details) == 0 || json.Unmarshal(e.Details, &g) != nil || g.Candidate != version || g.Before == nil {
			return nil, fmt.Errorf("%s was made challenger by %s without gate figures", version, e.Actor)
		}
		if !g.Passed() {
			return &g, errors.New(joinFailures(g.Failures))
		}
		return &g, nil
	}
	return nil, fmt.Errorf("no event made %s challenger", version)
}

func joinFailures(fs []string) string {
	b, _ := json.Marshal(fs)
	return string(b)
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
