package classify

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"math"
	"slices"
)

// FeatureConfig says which features are read from a name and how much
// each group weighs before the vector is L2-normalised.
type FeatureConfig struct {
	Words   float64 `json:"words"`   // stemmed word unigrams
	Bigrams float64 `json:"bigrams"` // adjacent stemmed word pairs
	Chars   float64 `json:"chars"`   // character n-grams within words
	CharMin int     `json:"char_min"`
	CharMax int     `json:"char_max"`
	// Degree adds the degree level as a feature ("master"); off by
	// default, since a level says little about the field.
	Degree bool `json:"degree"`
}

// featureCode is bumped whenever the text analysis or the feature
// extraction changes in a way the config does not capture, so that an
// artifact trained by older code no longer loads.
const featureCode = "classify-features-v1"

// SchemaHash identifies the feature space: the extraction code and its
// config. A model only reads vectors built with the same schema.
func (c FeatureConfig) SchemaHash() string {
	b, _ := json.Marshal(struct {
		Code string        `json:"code"`
		Cfg  FeatureConfig `json:"cfg"`
	}{featureCode, c})
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:8])
}

// Feature group prefixes, hashed with the text so groups never collide.
const (
	groupWord   = 'w'
	groupBigram = 'b'
	groupChar   = 'c'
	groupDegree = 'd'
)

// hashFeature is FNV-1a 32-bit over the group byte and the text.
func hashFeature(group byte, parts ...string) uint32 {
	h := uint32(2166136261)
	h ^= uint32(group)
	h *= 16777619
	for i, p := range parts {
		if i > 0 {
			h ^= ' '
			h *= 16777619
		}
		for j := 0; j < len(p); j++ {
			h ^= uint32(p[j])
			h *= 16777619
		}
	}
	return h
}

// feature is one feature of a vector: its hash and value.
type feature struct {
	h uint32
	v float64
}

// rawFeatures are the features of a text before IDF: group weight times
// sublinear term frequency (1 + ln tf), sorted by hash. words returns the
// hashes of the word unigrams, in order, for the known-word share.
type rawFeatures struct {
	fs    []feature
	words []uint32
}

// extract computes the raw features of an analysed name. chars=false
// skips character n-grams (used for long definitions).
func (c FeatureConfig) extract(a Analysis, chars bool) rawFeatures {
	type hw struct {
		h uint32
		w float64
	}
	var hs []hw
	var words []uint32
	stems := make([]string, len(a.Field))
	for i, w := range a.Field {
		stems[i] = stem(w)
	}
	if c.Words > 0 {
		for _, s := range stems {
			h := hashFeature(groupWord, s)
			hs = append(hs, hw{h, c.Words})
			words = append(words, h)
		}
	} else {
		for _, s := range stems {
			words = append(words, hashFeature(groupWord, s))
		}
	}
	if c.Bigrams > 0 {
		for i := 1; i < len(stems); i++ {
			hs = append(hs, hw{hashFeature(groupBigram, stems[i-1], stems[i]), c.Bigrams})
		}
	}
	if c.Chars > 0 && chars {
		for _, w := range a.Field {
			b := "<" + w + ">"
			// n-grams over bytes of the folded word: Latin text is ASCII
			// after folding; other scripts give byte n-grams that simply
			// stay unknown.
			for n := c.CharMin; n <= c.CharMax; n++ {
				for i := 0; i+n <= len(b); i++ {
					hs = append(hs, hw{hashFeature(groupChar, b[i:i+n]), c.Chars})
				}
			}
		}
	}
	if c.Degree && a.Degree != DegreeUnknown {
		hs = append(hs, hw{hashFeature(groupDegree, a.Degree.String()), 1})
	}
	slices.SortFunc(hs, func(x, y hw) int {
		switch {
		case x.h < y.h:
			return -1
		case x.h > y.h:
			return 1
		}
		return 0
	})
	var fs []feature
	for i := 0; i < len(hs); {
		j := i
		for j < len(hs) && hs[j].h == hs[i].h {
			j++
		}
		tf := float64(j - i)
		fs = append(fs, feature{hs[i].h, hs[i].w * (1 + math.Log(tf))})
		i = j
	}
	return rawFeatures{fs: fs, words: words}
}
