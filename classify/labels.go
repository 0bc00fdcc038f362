package classify

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"hash/fnv"
	"strconv"

	careerpath "github.com/careerpath/careerpath"
	"github.com/careerpath/careerpath/relevance"
)

// LabelHoldoutEvery is the share of editors' labels a retraining holds
// out: one in five, chosen by HeldOutLabel.
const LabelHoldoutEvery = 5

// HeldOutLabel reports whether the label with this id is held out of
// training: FNV-1a (64-bit) of its decimal id modulo every is 0. A pure
// function of the id, so a label stays on the same side in every
// retraining and a model is never evaluated on labels it learnt from.
func HeldOutLabel(id int64, every int) bool {
	if every <= 0 {
		return false
	}
	h := fnv.New64a()
	h.Write([]byte(strconv.FormatInt(id, 10)))
	return h.Sum64()%uint64(every) == 0
}

// RelevanceLabel is an editor's relevance decision: an entry, the career
// and the level it should have.
type RelevanceLabel struct {
	Entry  Entry  `json:"entry"`
	Career string `json:"career"`
	Level  string `json:"level"`
}

// LabelSplit is the editors' labels as a retraining uses them.
type LabelSplit struct {
	// Train are the fields of study of the labels trained on, as
	// catalog lines (see TrainingData.AddCatalogLines).
	Train []CatalogLine
	// Field are the held-out labels' fields of study: the share a model
	// predicts is its field accuracy.
	Field []CatalogLine
	// Relevance are the relevance decisions no model trains on: those of
	// held-out labels, and those of labels that set no field of study
	// (only a field of study is learnt, so these are never seen).
	Relevance []RelevanceLabel
	Count     int    // labels in all
	HeldOut   int    // labels held out
	Hash      string // SHA-256 of the labels, in id order
}

// SplitLabels splits labels (oldest first, as FindLabels returns them)
// into what a retraining learns from and what it is evaluated on.
func SplitLabels(labels []*careerpath.Label, every int) LabelSplit {
	s := LabelSplit{Count: len(labels)}
	h := sha256.New()
	enc := json.NewEncoder(h)
	for _, l := range labels {
		enc.Encode([]any{l.ID, l.Text, l.CIP, l.Career, l.Relevance})
		held := HeldOutLabel(l.ID, every)
		if held {
			s.HeldOut++
		}
		if l.CIP != "" {
			line := CatalogLine{Program: l.Text.Program, Institution: l.Text.Institution, CIP: l.CIP}
			if held {
				s.Field = append(s.Field, line)
			} else {
				s.Train = append(s.Train, line)
			}
		}
		if l.Relevance != "" && (held || l.CIP == "") {
			s.Relevance = append(s.Relevance, RelevanceLabel{Entry: EntryOf(l.Text), Career: l.Career, Level: l.Relevance})
		}
	}
	s.Hash = hex.EncodeToString(h.Sum(nil))
	return s
}

// LabelFigures are a model's figures on the labels it did not train on.
type LabelFigures struct {
	RelevanceN        int     `json:"relevance_n"`
	RelevanceAccuracy float64 `json:"relevance_accuracy"` // share of relevance decisions matched
	FieldN            int     `json:"field_n"`
	FieldAccuracy     float64 `json:"field_accuracy"` // share of fields of study predicted (top-1, used)
}

// Evaluate measures m on the held-out labels. Relevance decisions for a
// career rel does not know are skipped.
func (s LabelSplit) Evaluate(rel *relevance.Rule, m Model) LabelFigures {
	var f LabelFigures
	right := 0
	for _, l := range s.Relevance {
		if !rel.Has(l.Career) {
			continue
		}
		f.RelevanceN++
		if r, _ := Assess(rel, l.Career, m, l.Entry, MinConfidence); r.Level == l.Level {
			right++
		}
	}
	if f.RelevanceN > 0 {
		f.RelevanceAccuracy = float64(right) / float64(f.RelevanceN)
	}
	right = 0
	for _, l := range s.Field {
		f.FieldN++
		top, ok := m.Predict(Entry{Institution: l.Institution, Program: l.Program}).Top()
		if ok && top.CIP == l.CIP && top.Probability >= MinConfidence {
			right++
		}
	}
	if f.FieldN > 0 {
		f.FieldAccuracy = float64(right) / float64(f.FieldN)
	}
	return f
}

// AddCatalogLines adds labelled catalog lines (editors' decisions) to the
// training data as catalog examples, weighted like the training file. A
// line naming the same program and institution as an earlier catalog
// example replaces its code: the editor's decision is the newer truth,
// and two examples of one text with two codes would only teach doubt.
// Lines naming a code the data has no class for are skipped and returned.
func (d *TrainingData) AddCatalogLines(lines []CatalogLine) (added int, skipped []CatalogLine) {
	at := map[string]int{}
	for i, e := range d.Examples {
		if e.Source == SourceCatalog {
			at[catalogKey(e.Text, e.Institution)] = i
		}
	}
	for _, l := range lines {
		if i := classIndex(d.Classes, l.CIP); i >= len(d.Classes) || d.Classes[i].CIP != l.CIP {
			skipped = append(skipped, l)
			continue
		}
		k := catalogKey(l.Program, l.Institution)
		if i, ok := at[k]; ok {
			d.Examples[i].CIP = l.CIP
		} else {
			at[k] = len(d.Examples)
			d.Examples = append(d.Examples, Example{Text: l.Program, Institution: l.Institution, CIP: l.CIP, Source: SourceCatalog})
		}
		added++
	}
	return added, skipped
}
