package classify

import (
	"cmp"
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
	keys  []uint64 // hash and position in hs
	fs    []feature
	words []uint32
	stems []string
}

// mixedWeights reports whether keys, sorted, hold a run of one hash whose
// features in hs have different weights.
func mixedWeights(keys []uint64, hs []hashWeight) bool {
	for i := 1; i < len(keys); i++ {
		if keys[i]>>32 == keys[i-1]>>32 && hs[uint32(keys[i])].w != hs[uint32(keys[i-1])].w {
			return true
		}
	}
	return false
}

// features returns the features of hs, sorted by hash, in buf: a run of
// equal hashes is one feature, its weight times 1 + ln of the run's
// length. They are sorted as slices.SortFunc sorts hs by hash, but as
// integers (a hash and its position), which compare without a call; when
// two groups collide with different weights (about one name in ten
// million), the weight is the one slices.SortFunc puts first, as features
// were always built. hs is left as it is.
func (buf *extractBuf) features(hs []hashWeight) []feature {
	keys := buf.keys[:0]
	for i, x := range hs {
		keys = append(keys, uint64(x.h)<<32|uint64(i))
	}
	slices.Sort(keys)
	if mixedWeights(keys, hs) {
		hs = slices.Clone(hs)
		slices.SortFunc(hs, func(x, y hashWeight) int { return cmp.Compare(x.h, y.h) })
		for i, x := range hs {
			keys[i] = uint64(x.h)<<32 | uint64(i)
		}
	}
	fs := buf.fs[:0]
	for i := 0; i < len(keys); {
		h := uint32(keys[i] >> 32)
		j := i + 1
		for j < len(keys) && uint32(keys[j]>>32) == h {
			j++
		}
		// Most features occur once: 1 + ln 1 is 1, without the logarithm.
		v := hs[uint32(keys[i])].w
		if j-i > 1 {
			v *= 1 + math.Log(float64(j-i))
		}
		fs = append(fs, feature{h, v})
		i = j
	}
	buf.keys, buf.fs = keys, fs
	return fs
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
	fs := buf.features(hs)
	buf.hs, buf.fs, buf.words, buf.stems = hs, fs, words, stems
	return rawFeatures{fs: fs, words: words}
}
