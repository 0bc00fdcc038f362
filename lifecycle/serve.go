package lifecycle

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"sync/atomic"
	"time"

	careerpath "github.com/careerpath/careerpath"
	"github.com/careerpath/careerpath/classify"
	"github.com/careerpath/careerpath/derived"
	"github.com/careerpath/careerpath/monitor"
	"github.com/careerpath/careerpath/registry"
	"github.com/careerpath/careerpath/relevance"
	"github.com/careerpath/careerpath/search"
)

// ServingStore is what a server's model serving reads: the registry, and
// the catalog entries left pending by imports made without a model.
type ServingStore interface {
	careerpath.ModelRegistry
	careerpath.CatalogPredictionStore
}

// Champion is the champion a server serves, kept current by polling the
// registry's alias, and the crosswalk rule its answers are read with,
// kept on the release of the open data that serves (RelevanceStep).
type Champion struct {
	Live    *registry.Live[*classify.Linear]
	Monitor *monitor.Monitor // observes every prediction; nil observes none

	rule atomic.Pointer[relevance.Rule]
}

// NewChampion returns the champion's Live, not loaded yet: artifacts are
// loaded with classify.Load (which checks their own checksum, format and
// feature schema) after the registry's checksum, and must pass
// classify.WarmUp with the rule that serves then; rel is the rule until
// a new release replaces it.
func NewChampion(store registry.Store, rel *relevance.Rule, log *slog.Logger) *Champion {
	lm := &Champion{}
	lm.rule.Store(rel)
	lm.Live = newLive(store, careerpath.AliasChampion, lm.Relevance, log)
	return lm
}

// Relevance returns the crosswalk rule the classifier's answers are read
// with now. Callers read it once per answer, not once at start: a new
// release of the open data replaces it.
func (lm *Champion) Relevance() *relevance.Rule { return lm.rule.Load() }

// RelevanceStep is the derived.Step that rebuilds the rule of the edited
// careers of gs over src's crosswalk when a new release serves, and swaps
// it in once built; until then, and when the build fails (the step is
// tried again), the old rule serves.
func (lm *Champion) RelevanceStep(src relevance.Source, gs careerpath.GuideService) derived.Step {
	return derived.Step{Name: "the classifier's relevance rule", Run: func(ctx context.Context) error {
		rel, err := EditedRule(ctx, src, gs)
		if err != nil {
			return err
		}
		lm.rule.Store(rel)
		return nil
	}}
}

// EditedRule builds the relevance rule of the edited careers of gs (the
// career guides, not the careers generated for every occupation) over
// src's crosswalk: the rule a server's classifier reads its answers with.
func EditedRule(ctx context.Context, src relevance.Source, gs careerpath.GuideService) (*relevance.Rule, error) {
	guides, err := gs.FindGuides(ctx, "")
	if err != nil {
		return nil, err
	}
	careers := make([]*careerpath.Career, len(guides))
	for i, g := range guides {
		careers[i] = g.Career
	}
	return relevance.Load(ctx, src, careers)
}

// ServeChampion loads the champion (if any), classifies the catalog
// entries left pending by imports made without a model, reads the
// concentrations of the entries never read for one (those imported with
// a provider's code without a model, and those of a database from before
// concentrations), and watches the alias every c.Poll until ctx ends.
func (c Config) ServeChampion(ctx context.Context, store ServingStore, rel *relevance.Rule, log *slog.Logger) *Champion {
	lm := NewChampion(store, rel, log)
	if _, err := lm.Live.Refresh(ctx); err != nil {
		log.Error("the champion classifier did not load", "err", err)
	}
	if m, v := lm.Current(); m != nil {
		sum, err := classify.ClassifyPending(ctx, store, m, 0)
		if err != nil {
			log.Error("classifying pending catalog entries failed", "err", err)
		} else if sum.Classified+sum.HeldForReview > 0 {
			log.Info("classified pending catalog entries", "model", v, "classified", sum.Classified, "held_for_review", sum.HeldForReview)
		}
		readConcentrations(ctx, store, m, v, log)
	} else {
		log.Warn("no classifier serves: classify answers 503 until a champion loads")
	}
	go lm.Live.Watch(ctx, c.poll())
	return lm
}

// readConcentrations runs classify.ReadConcentrations on every catalog,
// when the store holds concentrations.
func readConcentrations(ctx context.Context, store ServingStore, m classify.Model, version string, log *slog.Logger) {
	cs, ok := store.(careerpath.CatalogConcentrationStore)
	if !ok {
		return
	}
	if n, err := classify.ReadConcentrations(ctx, cs, m, 0); err != nil {
		log.Error("reading the concentrations of catalog entries failed", "err", err)
	} else if n > 0 {
		log.Info("read concentrations of catalog entries", "model", version, "concentrations", n)
	}
}

func (c Config) poll() time.Duration {
	if c.Poll <= 0 {
		return DefaultPoll
	}
	return c.Poll
}

// newLive returns a Live of the version an alias points to, warmed up
// with the rule that serves when it loads.
func newLive(store registry.Store, alias string, rule func() *relevance.Rule, log *slog.Logger) *registry.Live[*classify.Linear] {
	load := func(version string, art []byte) (*classify.Linear, error) { return classify.Load(bytes.NewReader(art)) }
	check := func(m *classify.Linear) error { return classify.WarmUp(m, rule()) }
	return registry.NewLive(store, alias, load, check, log)
}

// Current returns the serving model, observed by the monitor, and its
// registry version.
func (lm *Champion) Current() (classify.Model, string) {
	m, v := lm.Raw()
	return lm.Monitor.Wrap(m, v), v
}

// Raw returns the serving model unobserved, and its registry version.
func (lm *Champion) Raw() (classify.Model, string) {
	cur := lm.Live.Current()
	if cur == nil {
		return nil, ""
	}
	return cur.Model, cur.Version
}

// Topics reads finder queries as fields of study with the serving
// classifier, unobserved: a query is not a catalog entry, and must not
// count in the model's drift.
func (lm *Champion) Topics() search.Topics {
	return func(text string) []search.Topic {
		m, _ := lm.Raw()
		if m == nil {
			return nil
		}
		var out []search.Topic
		for _, p := range m.Predict(classify.Entry{Program: text}).Predictions {
			out = append(out, search.Topic{CIP: p.CIP, Title: p.Title, Probability: p.Probability})
		}
		return out
	}
}

// Classifier serves POST /api/v1/careers/{slug}/classify.
func (lm *Champion) Classifier() careerpath.Classifier {
	return &classify.Service{Relevance: lm.Relevance, Current: lm.Current}
}

// Catalogs wraps the store so that catalog imports classify their
// entries without a CIP code with the serving model.
func (lm *Champion) Catalogs(store classify.CatalogStore, log *slog.Logger) careerpath.CatalogService {
	return &classify.Catalogs{CatalogStore: store, Current: lm.Current, Log: log}
}

// ResolveVersion returns version, or the champion's when version is "".
func ResolveVersion(ctx context.Context, db careerpath.ModelRegistry, version string) (string, error) {
	if version != "" && version != careerpath.AliasChampion && version != careerpath.AliasChallenger {
		return version, nil
	}
	alias := version
	if alias == "" {
		alias = careerpath.AliasChampion
	}
	v, err := db.Alias(ctx, alias)
	if careerpath.ErrorCode(err) == careerpath.ENOTFOUND {
		return "", fmt.Errorf("no model is %s: train one with \"careerpath train\"", alias)
	}
	return v, err
}

// ChampionOnce returns the registry's champion, loaded once, as the
// command line's catalog imports classify with it: nil, so that entries
// without a CIP code wait for a model, when there is no champion or it
// does not load (logged).
func ChampionOnce(ctx context.Context, reg careerpath.ModelRegistry, log *slog.Logger) (func() (classify.Model, string), error) {
	var m classify.Model
	v, err := reg.Alias(ctx, careerpath.AliasChampion)
	switch {
	case err == nil:
		lm, err := LoadVersion(ctx, reg, v)
		if err != nil {
			log.Error("the champion classifier does not load: entries without a CIP code wait", "champion", v, "err", err)
			break
		}
		m = lm
	case careerpath.ErrorCode(err) != careerpath.ENOTFOUND:
		return nil, err
	}
	return func() (classify.Model, string) { return m, v }, nil
}
