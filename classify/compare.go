package classify

import (
	"fmt"
	"io"
	"strings"

	careerpath "github.com/careerpath/careerpath"
)

// WritePerCareer writes the figures of the reports of one version, one line per
// career: strong recall, none shown as strong or related, macro-F1, and
// precision and recall per level.
func WritePerCareer(w io.Writer, version string, reps []*Report) {
	fmt.Fprintf(w, "per career (model %s)\n", version)
	fmt.Fprintf(w, "%-26s %4s %7s %7s %8s %6s  %-13s %-13s %-13s\n", "career", "n", "strong", "none", "macro", "no", "strong", "related", "none")
	fmt.Fprintf(w, "%-26s %4s %7s %7s %8s %6s  %-13s %-13s %-13s\n", "", "", "recall", "shown", "F1", "pred.", "P / R", "P / R", "P / R")
	for _, r := range reps {
		fmt.Fprintf(w, "%-26s %4d %7.3f %6.1f%% %8.3f %6d ", r.Career, r.N, r.Class(careerpath.RelevanceStrong).Recall, r.NoneShown*100, r.MacroF1, r.NoPrediction)
		for _, l := range Levels {
			c := r.Class(l)
			fmt.Fprintf(w, " %5.3f / %5.3f", c.Precision, c.Recall)
		}
		fmt.Fprintln(w)
	}
}

// WriteDiff writes the figures of two reports side by side, and the
// entries whose level changed.
func WriteDiff(w io.Writer, base, cand string, a, b *Report) {
	fmt.Fprintf(w, "champion %s vs candidate %s\n", base, cand)
	fmt.Fprintf(w, "%-20s %9s %9s %8s\n", "figure", "champion", "candidate", "change")
	row := func(name string, x, y float64) {
		fmt.Fprintf(w, "%-20s %9.3f %9.3f %+8.3f\n", name, x, y, y-x)
	}
	row("accuracy", a.Accuracy, b.Accuracy)
	row("macro-F1", a.MacroF1, b.MacroF1)
	row("none shown", a.NoneShown, b.NoneShown)
	for _, l := range Levels {
		row(l+" precision", a.Class(l).Precision, b.Class(l).Precision)
		row(l+" recall", a.Class(l).Recall, b.Class(l).Recall)
	}
	var changed []string
	for i := range a.Outcomes {
		if i >= len(b.Outcomes) {
			break
		}
		x, y := a.Outcomes[i], b.Outcomes[i]
		if x.Got != y.Got {
			mark := " "
			switch {
			case y.Got == y.Label:
				mark = "+"
			case x.Got == x.Label:
				mark = "-"
			}
			changed = append(changed, fmt.Sprintf("  %s %s (%s): %s → %s, label %s", mark, y.Program, y.Degree, x.Got, y.Got, y.Label))
		}
	}
	fmt.Fprintf(w, "\n%d %s classified differently (+ now right, - now wrong)\n", len(changed), map[bool]string{true: "entry", false: "entries"}[len(changed) == 1])
	if len(changed) > 0 {
		fmt.Fprintln(w, strings.Join(changed, "\n"))
	}
}
