package lifecycle

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"

	careerpath "github.com/careerpath/careerpath"
	"github.com/careerpath/careerpath/registry"
)

// Rollout decides a challenger's shadow: whether to start it, and whether
// its result promotes the challenger to champion. registry.Shadow does the
// scoring; Rollout's ShadowStart and ShadowDecide are its Start and Decide.
type Rollout struct {
	Registry careerpath.ModelRegistry
	Actor    string // of the events it logs
	Log      *slog.Logger
}

// ShadowStart logs the start of a challenger's shadow (scored with cfg),
// unless it was decided before (a shadow result, or a rollback from it,
// is on record): then it reports false and the challenger is not
// shadowed again.
func (r Rollout) ShadowStart(ctx context.Context, rep registry.ShadowReport, cfg registry.ShadowConfig) bool {
	if !r.undecided(ctx, rep.Challenger) {
		return false
	}
	r.logStart(ctx, rep, cfg)
	return true
}

// undecided reports whether no shadow result of challenger, and no
// rollback from it, is on record (false when the events do not read).
func (r Rollout) undecided(ctx context.Context, challenger string) bool {
	events, err := r.Registry.FindModelEvents(ctx)
	if err != nil {
		r.Log.Error("shadow: reading the registry events failed: not shadowing", "challenger", challenger, "err", err)
		return false
	}
	for _, e := range events {
		if (e.Action == careerpath.EventShadowResult && e.To == challenger) || (e.Action == careerpath.EventRollback && e.From == challenger) {
			r.Log.Info("shadow: the challenger was decided before: not shadowing it again", "challenger", challenger, "event", e.ID)
			return false
		}
	}
	return true
}

// startLogged reports whether a shadow start of challenger is on record.
func (r Rollout) startLogged(ctx context.Context, challenger string) bool {
	events, err := r.Registry.FindModelEvents(ctx)
	if err != nil {
		return false
	}
	for _, e := range events {
		if e.Action == careerpath.EventShadowStart && e.To == challenger {
			return true
		}
	}
	return false
}

// logStart logs the start of a challenger's shadow.
func (r Rollout) logStart(ctx context.Context, rep registry.ShadowReport, cfg registry.ShadowConfig) {
	details, _ := json.Marshal(map[string]any{"champion": rep.Champion, "rate": cfg.Rate, "min_entries": cfg.MinEntries})
	e := &careerpath.ModelEvent{Actor: r.Actor, Action: careerpath.EventShadowStart, To: rep.Challenger, Details: details,
		Reason: fmt.Sprintf("scoring %.0f%% of live classify calls with the challenger against champion %s", cfg.Rate*100, rep.Champion)}
	if err := r.Registry.LogModelEvent(ctx, e); err != nil {
		r.Log.Error("shadow: logging its start failed", "err", err)
	}
	r.Log.Info("shadow scoring the challenger", "challenger", rep.Challenger, "champion", rep.Champion, "rate", cfg.Rate)
}

// ShadowDecision is the details of a shadow result and of the promotion
// that follows it.
type ShadowDecision struct {
	Shadow  registry.ShadowReport `json:"shadow"`
	Offline *GateResult           `json:"offline_gate,omitempty"`
}

// ShadowDecide logs the shadow's result and, when both the shadow gate and
// the offline gate passed, promotes the challenger to champion (unless
// the champion moved meanwhile).
func (r Rollout) ShadowDecide(ctx context.Context, rep registry.ShadowReport) {
	d := ShadowDecision{Shadow: rep}
	failures := rep.Failures
	offline, err := OfflineGate(ctx, r.Registry, rep.Challenger)
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
		reason = fmt.Sprintf("shadow gate failed: %s (%s)", JoinFailures(failures), summary)
	}
	if err := r.Registry.LogModelEvent(ctx, &careerpath.ModelEvent{Actor: r.Actor, Action: careerpath.EventShadowResult, To: rep.Challenger,
		Reason: reason, Details: details}); err != nil {
		r.Log.Error("shadow: logging its result failed", "err", err)
		return
	}
	if len(failures) > 0 {
		r.Log.Warn("the challenger failed its shadow gate: not promoted", "challenger", rep.Challenger, "failures", JoinFailures(failures))
		return
	}
	e, err := r.Registry.MoveAlias(ctx, careerpath.AliasChampion, rep.Champion, rep.Challenger, r.Actor,
		fmt.Sprintf("offline and shadow gates passed (%s)", summary), details)
	if careerpath.ErrorCode(err) == careerpath.ECONFLICT {
		r.Log.Info("the champion moved meanwhile: not promoting", "challenger", rep.Challenger, "err", err)
		return
	} else if err != nil {
		r.Log.Error("promoting the challenger failed", "challenger", rep.Challenger, "err", err)
		return
	}
	r.Log.Info("promoted the challenger after its shadow", "champion", e.To, "previous", e.From, "agreement", rep.Agreement, "entries", rep.Entries)
}

// OfflineGate returns the gate the challenger passed when it was made
// challenger: the details of the latest move of the alias to it. It is an
// error if no event made it challenger, if that event has no gate figures
// (a hand promotion), or if the gate failed.
func OfflineGate(ctx context.Context, reg careerpath.ModelRegistry, version string) (*GateResult, error) {
	events, err := reg.FindModelEvents(ctx)
	if err != nil {
		return nil, err
	}
	for i := len(events) - 1; i >= 0; i-- {
		e := events[i]
		if e.Action != careerpath.EventPromote || e.Alias != careerpath.AliasChallenger || e.To != version {
			continue
		}
		var g GateResult
		if len(e.Details) == 0 || json.Unmarshal(e.Details, &g) != nil || g.Candidate != version || g.Before == nil {
			return nil, fmt.Errorf("%s was made challenger by %s without gate figures", version, e.Actor)
		}
		if !g.Passed() {
			return &g, errors.New(JoinFailures(g.Failures))
		}
		return &g, nil
	}
	return nil, fmt.Errorf("no event made %s challenger", version)
}

// JoinFailures writes gate failures as a JSON list, for logs and reasons.
func JoinFailures(fs []string) string {
	b, _ := json.Marshal(fs)
	return string(b)
}
