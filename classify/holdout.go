package classify

import "slices"

// holdout is the model trained without the held-out catalog lines, and
// those lines.
type holdout struct {
	model   *Linear
	entries []Entry
}

// holdoutOf turns the weights trained without the held-out documents into
// a model, at the temperature fitted on them.
func holdoutOf(w *weights, cfg Config, temp float64, classes []Class, held []Example) *holdout {
	hm := w.linear(cfg)
	hm.classes = slices.Clone(classes)
	hm.meta = Meta{Schema: cfg.Features.SchemaHash(), Config: cfg, Temperature: round(temp, 1e6), Version: "holdout"}
	hm.prepare()
	h := &holdout{model: hm}
	for _, e := range held {
		h.entries = append(h.entries, Entry{Program: e.Text, Institution: e.Institution})
	}
	return h
}

// Holdout returns the model trained without the held-out catalog lines
// (one in Config.HoldoutEvery) and those lines, so that its predictions
// on them are out of sample: what the model does on catalog names it has
// never seen, which is what production monitoring compares live traffic
// with (the final model has seen every line, and is surer of them than
// of anything in production). It returns nil, nil for a model that was
// loaded, or trained without a holdout.
func (m *Linear) Holdout() (Model, []Entry) {
	if m.holdout == nil {
		return nil, nil
	}
	return m.holdout.model, m.holdout.entries
}
