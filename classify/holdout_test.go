package classify

import (
	"bytes"
	"testing"
)

func TestHoldout(t *testing.T) {
	m, d := trained(t)
	hm, held := m.Holdout()
	if hm == nil {
		t.Fatal("a freshly trained model has no holdout model")
	}
	var catalog int
	for _, e := range d.Examples {
		if e.Source == SourceCatalog {
			catalog++
		}
	}
	if n := len(held); n < catalog/8 || n > catalog/3 {
		t.Errorf("%d held-out lines of %d catalog lines, want about a fifth", n, catalog)
	}
	// The held-out lines are out of sample for the holdout model: it is
	// less sure of them than the final model, which was trained on them.
	var sureFinal, sureHoldout float64
	for _, e := range held {
		if top, ok := m.Predict(e).Top(); ok {
			sureFinal += top.Probability
		}
		if top, ok := hm.Predict(e).Top(); ok {
			sureHoldout += top.Probability
		}
	}
	if !(sureHoldout < sureFinal) {
		t.Errorf("mean confidence on held-out lines: holdout model %.3f, final %.3f; want the holdout model less sure", sureHoldout/float64(len(held)), sureFinal/float64(len(held)))
	}
	var art bytes.Buffer
	if err := m.Save(&art); err != nil {
		t.Fatal(err)
	}
	loaded, err := Load(&art)
	if err != nil {
		t.Fatal(err)
	}
	if hm, held := loaded.Holdout(); hm != nil || held != nil {
		t.Error("a loaded model has a holdout model")
	}
}
