package main

import (
	"github.com/careerpath/careerpath/classify"
	"github.com/careerpath/careerpath/lifecycle"
	"github.com/careerpath/careerpath/search"
)

// topics reads finder queries as fields of study with the serving
// classifier, unobserved: a query is not a catalog entry, and must
// not count in the model's drift.
func topics(lm *lifecycle.Champion) search.Topics {
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
