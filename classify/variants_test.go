package classify

import (
	"os"
	"testing"
	"time"

	"github.com/careerpath/careerpath/data"
)

// TestVariants trains the variants the default config was chosen from and
// prints their figures. It takes minutes, so it runs only when asked:
//
//	CLASSIFY_VARIANTS=1 go test ./classify -run TestVariants -v
func TestVariants(t *testing.T) {
	if os.Getenv("CLASSIFY_VARIANTS") == "" {
		t.Skip("set CLASSIFY_VARIANTS=1 to train and compare the variants")
	}
	trained(t) // the relevance model
	d, err := DefaultTrainingData(data.FS)
	if err != nil {
		t.Fatal(err)
	}
	noCatalog, err := LoadTrainingData(data.FS, nil)
	if err != nil {
		t.Fatal(err)
	}
	variants := []struct {
		name string
		data *TrainingData
		cfg  func(*Config)
	}{
		{"default", d, func(*Config) {}},
		{"no catalog file (CIP + Scorecard only)", noCatalog, func(*Config) {}},
		{"words only (no bigrams, no char n-grams)", d, func(c *Config) { c.Features.Bigrams, c.Features.Chars = 0, 0 }},
		{"no char n-grams", d, func(c *Config) { c.Features.Chars = 0 }},
		{"char n-grams weight 1", d, func(c *Config) { c.Features.Chars = 1 }},
		{"char n-grams 3–5", d, func(c *Config) { c.Features.CharMin = 3 }},
		{"CIP definitions at weight 0.3", d, func(c *Config) { c.Weights.Definition = 0.3 }},
		{"catalog weight 1", d, func(c *Config) { c.Weights.Catalog = 1 }},
		{"degree feature", d, func(c *Config) { c.Features.Degree = true }},
		{"8 epochs", d, func(c *Config) { c.Epochs = 8 }},
		{"L2 1e-4", d, func(c *Config) { c.L2 = 1e-4 }},
	}
	ev := readEval(t)
	for _, v := range variants {
		cfg := DefaultConfig()
		v.cfg(&cfg)
		start := time.Now()
		m, err := Train(v.data, cfg, 1)
		if err != nil {
			t.Fatal(err)
		}
		el := time.Since(start)
		rep := Evaluate(shared.rel, evalCareer, m, ev, MinConfidence)
		mt := m.Meta().Metrics
		t.Logf("%-42s | eval acc %.3f macro-F1 %.3f strong R %.2f related P/R %.2f/%.2f none shown %.1f%% | holdout acc %.3f series %.3f NLL %.3f ECE %.3f T %.2f | %d weights, %v",
			v.name, rep.Accuracy, rep.MacroF1, rep.Class("strong").Recall, rep.Class("related").Precision, rep.Class("related").Recall, rep.NoneShown*100,
			mt.HoldoutAccuracy, mt.HoldoutSeriesAccuracy, mt.HoldoutNLL, mt.HoldoutECE, m.Meta().Temperature, mt.Weights, el.Round(time.Second))
	}
}
