package lifecycle

import (
	"context"
	"fmt"
	"io"
	"strings"

	careerpath "github.com/careerpath/careerpath"
	"github.com/careerpath/careerpath/classify"
)

// WriteReport writes what the training did, as train and retrain print
// it: the model and its provenance, the evaluation, the gate's figures
// against the champion, and the alias move or refusal.
func (out *Outcome) WriteReport(w io.Writer) {
	v, m := out.Version, out.Model
	if ls, l := out.Labels, out.Metrics.Labels; ls != nil && l != nil {
		fmt.Fprintf(w, "editors' labels: %d (hash %s): %d fields of study trained on, %d labels held out; evaluated on %d relevance decisions and %d fields of study it did not learn\n",
			ls.Count, short(ls.Hash), ls.Trained, ls.HeldOut, l.RelevanceN, l.FieldN)
	}
	mt := m.Meta().Metrics
	fmt.Fprintf(w, "trained %s (%s) in %.1fs: %d examples, %d classes, %d features, %d weights, artifact %d bytes, checksum %s\n",
		orNone(v.Version, "a candidate (dry run: not registered)"), m.Version(), out.Took.Seconds(), mt.Examples, mt.Classes, mt.Features, mt.Weights, v.Size, v.Checksum)
	fmt.Fprintf(w, "data %s, seed %d, feature schema %s, code %s\n\n", short(v.DataHash), v.Seed, v.SchemaHash, v.CodeVersion)
	fmt.Fprint(w, out.Report.String())
	g := out.Gate
	fmt.Fprintln(w)
	switch {
	case g.Champion == "":
		fmt.Fprintln(w, "gate: no champion to compare with")
	case g.Before == nil:
		fmt.Fprintf(w, "gate: champion %s has no figures to compare with\n", g.Champion)
	default:
		fmt.Fprintf(w, "gate (margin %.2f) against champion %s (%s):\n", g.Margin, g.Champion, g.Source)
		fmt.Fprintf(w, "  macro-F1          %.3f → %.3f\n", g.Before.MacroF1, g.After.MacroF1)
		fmt.Fprintf(w, "  recall of strong  %.3f → %.3f\n", g.Before.StrongRecall, g.After.StrongRecall)
		fmt.Fprintf(w, "  none shown        %.3f → %.3f\n", g.Before.NoneShown, g.After.NoneShown)
		if b, a := g.Before.Labels, g.After.Labels; b != nil && a != nil {
			if a.RelevanceN > 0 {
				fmt.Fprintf(w, "  held-out editors' relevance decisions (%d)  %.3f → %.3f\n", a.RelevanceN, b.RelevanceAccuracy, a.RelevanceAccuracy)
			}
			if a.FieldN > 0 {
				fmt.Fprintf(w, "  held-out editors' fields of study (%d)      %.3f → %.3f\n", a.FieldN, b.FieldAccuracy, a.FieldAccuracy)
			}
		}
		if v.Version == "" {
			fmt.Fprintf(w, "dry run: the gate %s\n", map[bool]string{true: "would pass", false: "would refuse: " + strings.Join(g.Failures, "; ")}[g.Passed()])
		}
	}
	switch e := out.Event; {
	case e == nil:
	case e.Action == careerpath.EventRefuse:
		fmt.Fprintf(w, "refused: %s stays without an alias (%s)\n", v.Version, strings.TrimPrefix(e.Reason, "gate: "))
	default:
		fmt.Fprintf(w, "%s: %s → %s (%s)\n", e.Alias, orNone(e.From, "(none)"), e.To, e.Reason)
	}
}

func orNone(s, none string) string {
	if s == "" {
		return none
	}
	return s
}

// First trains the first classifier of a fresh install and makes it
// champion, so that it classifies out of the box. When the registry has
// a champion already (a rebuild carried it over) it trains nothing and
// returns the champion's version, with a nil Outcome.
func (t Training) First(ctx context.Context, store careerpath.ModelRegistry) (*Outcome, string, error) {
	if v, err := store.Alias(ctx, careerpath.AliasChampion); err == nil {
		return nil, v, nil
	} else if careerpath.ErrorCode(err) != careerpath.ENOTFOUND {
		return nil, "", err
	}
	t.Log.Info("no champion classifier: training the first one", "step", "classifier")
	out, err := t.Run(ctx, store)
	if err != nil {
		return nil, "", err
	}
	return out, out.Version.Version, nil
}

// WriteFirst writes what First did, given its Outcome and version: the
// champion carried over (out nil), or the classifier trained and its
// figures on the development set.
func WriteFirst(w io.Writer, out *Outcome, version string) {
	if out == nil {
		fmt.Fprintf(w, "classifier: champion %s carried over (not retrained)\n", version)
		return
	}
	fmt.Fprintf(w, "classifier: trained %s (%s) in %.1fs and made it champion; on %s: macro-F1 %.3f, recall of strong %.3f, none shown %.1f%%\n",
		version, out.Model.Version(), out.Took.Seconds(), classify.DevSetName, out.Metrics.MacroF1, out.Metrics.StrongRecall, out.Metrics.NoneShown*100)
}
