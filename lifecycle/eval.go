package lifecycle

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	careerpath "github.com/careerpath/careerpath"
	"github.com/careerpath/careerpath/classify"
	"github.com/careerpath/careerpath/relevance"
)

// Eval evaluates a registered version on labelled sets, as careerpath
// eval does, and compares it with the version it would replace or be
// replaced by.
type Eval struct {
	Registry  careerpath.ModelRegistry
	Relevance *relevance.Rule // the careers the sets are labelled for
}

// Run evaluates version ("" or an alias name: the version it points to)
// on each set and writes the reports; then, per set, the differences with
// the champion, or, when the champion is evaluated, with the challenger
// if there is one; and with several sets the figures per career.
func (e Eval) Run(ctx context.Context, version string, sets []classify.LabelledSet, w io.Writer) error {
	for _, set := range sets {
		if !e.Relevance.Has(set.Career) {
			return fmt.Errorf("eval: no career %q", set.Career)
		}
	}

	champion, err := e.Registry.Alias(ctx, careerpath.AliasChampion)
	if err != nil && careerpath.ErrorCode(err) != careerpath.ENOTFOUND {
		return err
	}
	shown, err := ResolveVersion(ctx, e.Registry, version)
	if err != nil {
		return err
	}
	// The version shown is compared with the champion; the champion, when
	// shown, with the challenger if there is one.
	base, candidate := champion, shown
	if shown == champion {
		candidate = ""
		if ch, err := e.Registry.Alias(ctx, careerpath.AliasChallenger); err == nil && ch != champion {
			candidate = ch
		}
	}
	models := map[string]classify.Model{}
	evaluate := func(v string, set classify.LabelledSet) (*classify.Report, error) {
		m, ok := models[v]
		if !ok {
			if m, err = LoadVersion(ctx, e.Registry, v); err != nil {
				return nil, err
			}
			models[v] = m
		}
		rep := classify.Evaluate(e.Relevance, set.Career, m, set.Entries, classify.MinConfidence)
		rep.Model = v + " (" + m.Version() + ")"
		return rep, nil
	}
	var reports []*classify.Report
	for i, set := range sets {
		if i > 0 {
			fmt.Fprintln(w)
		}
		rep, err := evaluate(shown, set)
		if err != nil {
			return err
		}
		reports = append(reports, rep)
		fmt.Fprintf(w, "== %s\n", set.Name)
		fmt.Fprint(w, rep.String())
		if base == "" || candidate == "" {
			continue
		}
		before, after := rep, rep
		if shown == base {
			after, err = evaluate(candidate, set)
		} else {
			before, err = evaluate(base, set)
		}
		if err != nil {
			return fmt.Errorf("eval: %w", err)
		}
		fmt.Fprintln(w)
		classify.WriteDiff(w, base, candidate, before, after)
	}
	if len(reports) > 1 {
		fmt.Fprintln(w)
		classify.WritePerCareer(w, shown, reports)
	}
	return nil
}

// EvalSets returns the labelled sets eval runs on: the file, labelled for
// career (ML engineer by default); else the bundled set of career; else
// every bundled set.
func EvalSets(file, career string) ([]classify.LabelledSet, error) {
	if file != "" {
		f, err := os.Open(file)
		if err != nil {
			return nil, err
		}
		defer f.Close()
		es, err := classify.ReadLabelled(f)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", file, err)
		}
		if career == "" {
			career = classify.DevSetCareer
		}
		return []classify.LabelledSet{{Name: filepath.Base(file), Career: career, Entries: es}}, nil
	}
	sets, err := classify.DevSets()
	if err != nil || career == "" {
		return sets, err
	}
	for _, s := range sets {
		if s.Career == career {
			return []classify.LabelledSet{s}, nil
		}
	}
	var have []string
	for _, s := range sets {
		have = append(have, s.Career)
	}
	return nil, fmt.Errorf("no bundled evaluation set for career %q (sets: %s); give one with --eval FILE", career, strings.Join(have, ", "))
}
