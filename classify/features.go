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
const featureCode = "classify-features-v2"

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
	h := fnvGroup(group)
	for i, p := range parts {
		if i > 0 {
			h = fnv1a(h, " ")
		}
		h = fnv1a(h, p)
	}
	return h
}

// FNV-1a 32-bit offset basis and prime.
const (
	fnvOffset = 2166136261
	fnvPrime  = 16777619
)

// fnvGroup is the hash of the group byte alone, where every feature's
// hash starts.
func fnvGroup(group byte) uint32 { return (fnvOffset ^ uint32(group)) * fnvPrime }

// fnv1a continues an FNV-1a 32-bit hash h over p, so that a character
// n-gram is hashed from the word's bytes without building a string.
func fnv1a[T string | []byte](h uint32, p T) uint32 {
	for j := 0; j < len(p); j++ {
		h ^= uint32(p[j])
		h *= fnvPrime
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

// hashWeight is a feature's hash and its group weight, before the
// features are counted.
type hashWeight struct {
	h uint32
	w float64
}

// extractBuf holds the buffers of one extraction, so that Predict, which
// reuses them through the model's pool, allocates none of them.
type extractBuf struct {
	hs    []hashWeight
	fs    []feature
	words []uint32
	stems []string
}

// extract computes the raw features of an analysed name. chars=false
// skips character n-grams (used for long definitions). The features are
// built in buf's buffers when buf is not nil; they are then valid until
// buf is used again.
func (c FeatureConfig) extract(a Analysis, chars bool, buf *extractBuf) rawFeatures {
	if buf == nil {
		buf = &extractBuf{}
	}
	hs, words, stems := buf.hs[:0], buf.words[:0], buf.stems[:0]
	for _, w := range a.Field {
		stems = append(stems, stem(w))
	}
	for _, s := range stems {
		h := hashFeature(groupWord, s)
		if c.Words > 0 {
			hs = append(hs, hashWeight{h, c.Words})
		}
		words = append(words, h)
	}
	if c.Bigrams > 0 {
		for i := 1; i < len(stems); i++ {
			hs = append(hs, hashWeight{hashFeature(groupBigram, stems[i-1], stems[i]), c.Bigrams})
		}
	}
	if c.Chars > 0 && chars {
		var wb [64]byte
		hc := fnvGroup(groupChar)
		for _, w := range a.Field {
			b := append(append(append(wb[:0], '<'), w...), '>')
			// n-grams over bytes of the folded word: Latin text is ASCII
			// after folding; other scripts give byte n-grams that simply
			// stay unknown.
			for n := c.CharMin; n <= c.CharMax; n++ {
				for i := 0; i+n <= len(b); i++ {
					hs = append(hs, hashWeight{fnv1a(hc, b[i:i+n]), c.Chars})
				}
			}
		}
	}
	if c.Degree && a.Degree != DegreeUnknown {
		hs = append(hs, hashWeight{hashFeature(groupDegree, a.Degree.String()), 1})
	}
	slices.SortFunc(hs, func(x, y hashWeight) int {
		switch {
		case x.h < y.h:
			return -1
		case x.h > y.h:
			return 1
		}
		return 0
	})
	fs := buf.fs[:0]
	for i := 0; i < len(hs); {
		j := i
		for j < len(hs) && hs[j].h == hs[i].h {
			j++
		}
		// Most features occur once: 1 + ln 1 is 1, without the logarithm.
		v := hs[i].w
		if j-i > 1 {
			v *= 1 + math.Log(float64(j-i))
		}
		fs = append(fs, feature{hs[i].h, v})
		i = j
	}
	buf.hs, buf.fs, buf.words, buf.stems = hs, fs, words, stems
	return rawFeatures{fs: fs, words: words}
}
