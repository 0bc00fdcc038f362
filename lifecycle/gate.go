package lifecycle

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	careerpath "github.com/careerpath/careerpath"
	"github.com/careerpath/careerpath/classify"
)

// GateFigures are the figures the gate compares.
type GateFigures struct {
	MacroF1      float64 `json:"macro_f1"`
	StrongRecall float64 `json:"strong_recall"`
	NoneShown    float64 `json:"none_shown"`
	// Labels are the figures on held-out editors' decisions (retrain).
	Labels *classify.LabelFigures `json:"labels,omitempty"`
}

// FiguresOf returns the gate figures of an evaluation.
func FiguresOf(rep *classify.Report) GateFigures {
	return GateFigures{MacroF1: rep.MacroF1, StrongRecall: rep.Class(careerpath.RelevanceStrong).Recall, NoneShown: rep.NoneShown}
}

// GateResult is the comparison of a candidate with the champion.
type GateResult struct {
	Champion  string       `json:"champion,omitempty"` // "" when there was none
	Candidate string       `json:"candidate"`
	Margin    float64      `json:"margin"`
	Before    *GateFigures `json:"champion_figures,omitempty"`
	After     GateFigures  `json:"candidate_figures"`
	Failures  []string     `json:"failures,omitempty"`
	// Source says where the champion's figures come from: "evaluated"
	// (its artifact, on today's evaluation set) or "registered" (its
	// metrics at registration, when the artifact does not load).
	Source string `json:"source,omitempty"`
}

// Passed reports whether the candidate may take an alias.
func (g GateResult) Passed() bool { return len(g.Failures) == 0 }

// Compare applies the gate rule: the candidate is refused if its
// macro-F1 or recall of strong is lower than the champion's by more than
// margin, or its share of none shown as strong or related higher by more
// than margin; with label figures on both sides, the same holds for the
// accuracies on the held-out editors' decisions.
func Compare(before, after GateFigures, margin float64) []string {
	var fails []string
	const eps = 1e-9
	if after.MacroF1 < before.MacroF1-margin-eps {
		fails = append(fails, fmt.Sprintf("macro-F1 %.3f < champion's %.3f − %.2f", after.MacroF1, before.MacroF1, margin))
	}
	if after.StrongRecall < before.StrongRecall-margin-eps {
		fails = append(fails, fmt.Sprintf("recall of strong %.3f < champion's %.3f − %.2f", after.StrongRecall, before.StrongRecall, margin))
	}
	if after.NoneShown > before.NoneShown+margin+eps {
		fails = append(fails, fmt.Sprintf("share of none shown %.3f > champion's %.3f + %.2f", after.NoneShown, before.NoneShown, margin))
	}
	if b, a := before.Labels, after.Labels; b != nil && a != nil {
		if a.RelevanceN > 0 && a.RelevanceAccuracy < b.RelevanceAccuracy-margin-eps {
			fails = append(fails, fmt.Sprintf("accuracy on %d held-out relevance decisions %.3f < champion's %.3f − %.2f", a.RelevanceN, a.RelevanceAccuracy, b.RelevanceAccuracy, margin))
		}
		if a.FieldN > 0 && a.FieldAccuracy < b.FieldAccuracy-margin-eps {
			fails = append(fails, fmt.Sprintf("field accuracy on %d held-out labels %.3f < champion's %.3f − %.2f", a.FieldN, a.FieldAccuracy, b.FieldAccuracy, margin))
		}
	}
	return fails
}

// gate compares the candidate with the champion: the champion's figures
// come from its artifact evaluated on the same entries (or, when it does
// not load, from its metrics at registration, without label figures).
func (t Training) gate(ctx context.Context, reg careerpath.ModelRegistry, dev []classify.LabelledEntry, out *Outcome) (GateResult, error) {
	g := GateResult{Candidate: out.Version.Version, Margin: t.Config.Margin, After: FiguresOf(out.Report)}
	g.After.Labels = out.Metrics.Labels
	champ, err := reg.Alias(ctx, careerpath.AliasChampion)
	if err != nil && careerpath.ErrorCode(err) != careerpath.ENOTFOUND {
		return g, err
	}
	if champ == "" {
		return g, nil
	}
	g.Champion = champ
	if cm, err := LoadVersion(ctx, reg, champ); err == nil {
		f := t.figures(cm, classify.Evaluate(t.Relevance, classify.DevSetCareer, cm, dev, classify.MinConfidence))
		g.Before, g.Source = &f, "evaluated"
	} else if cv, err2 := reg.FindModelVersion(ctx, champ); err2 == nil {
		t.Log.Warn("champion does not load: gating on its registered metrics", "champion", champ, "err", err)
		var f GateFigures
		if json.Unmarshal(cv.Metrics, &f) == nil {
			f.Labels = nil // measured on other labels, if any
			g.Before, g.Source = &f, "registered"
		}
	}
	if g.Before != nil {
		g.Failures = Compare(*g.Before, g.After, t.Config.Margin)
	}
	return g, nil
}

// applyGate gives the candidate an alias or logs its refusal: with no
// champion it becomes champion; if it passes the gate it becomes
// challenger, or champion with Promote; otherwise a refuse event records
// the figures.
func (t Training) applyGate(ctx context.Context, reg careerpath.ModelRegistry, dev []classify.LabelledEntry, out *Outcome) error {
	v := out.Version.Version
	g, err := t.gate(ctx, reg, dev, out)
	if err != nil {
		return err
	}
	champ := g.Champion
	out.Gate = g
	details, _ := json.Marshal(g)
	alias, reason := careerpath.AliasChallenger, ""
	switch {
	case champ == "":
		alias, reason = careerpath.AliasChampion, "first model: there was no champion"
	case !g.Passed():
		e := &careerpath.ModelEvent{Actor: t.Actor, Action: careerpath.EventRefuse, To: v,
			Reason: "gate: " + strings.Join(g.Failures, "; "), Details: details}
		if err := reg.LogModelEvent(ctx, e); err != nil {
			return err
		}
		out.Event = e
		t.Log.Warn("candidate refused by the gate", "version", v, "champion", champ, "failures", strings.Join(g.Failures, "; "))
		return nil
	case g.Before == nil:
		reason = "champion " + champ + " has no figures to compare with"
	case t.Promote:
		alias, reason = careerpath.AliasChampion, fmt.Sprintf("trained with --promote; gate passed against %s (margin %.2f)", champ, t.Config.Margin)
	default:
		reason = fmt.Sprintf("gate passed against champion %s (margin %.2f)", champ, t.Config.Margin)
	}
	e, err := reg.SetAlias(ctx, alias, v, t.Actor, reason, details)
	if err != nil {
		return err
	}
	out.Event, out.Champion = e, alias == careerpath.AliasChampion
	return nil
}
