package classify

import (
	"math"
	"slices"
	"testing"
)

// TestFeaturesAsSortFunc checks that features builds what sorting the
// hashes with slices.SortFunc built, on names, and on names where a word
// and a character n-gram collide with different weights (1 and 0.5),
// where the weight kept is the one slices.SortFunc puts first.
func TestFeaturesAsSortFunc(t *testing.T) {
	collisions := []struct{ word, gram string }{{"dpmshb", "<jwa"}, {"tmncdb", "<igyq"}, {"tmnjkb", "<invq"}}
	for _, c := range collisions {
		if hashFeature(groupWord, stem(c.word)) != fnv1a(fnvGroup(groupChar), c.gram) {
			t.Fatalf("%q and %q no longer collide", c.word, c.gram)
		}
	}
	cfg := DefaultConfig().Features
	for _, name := range []string{
		"dpmshb jwax", "jwax dpmshb", "tmncdb igyqz", "tmnjkb invqz tmncdb igyqz dpmshb jwax",
		"Master of Science in Computer Science, Specialization in Information Management and Analytics",
		"MBA", "", "data data data science", "Ph. D. Physics", "计算机科学与技术",
	} {
		var buf extractBuf
		got := cfg.extract(Analyze(name, ""), true, &buf).fs
		if want := sortFuncFeatures(slices.Clone(buf.hs)); !sameFeatures(got, want) {
			t.Errorf("features of %q = %v, want slices.SortFunc's %v", name, got, want)
		}
	}
}

// sortFuncFeatures is features as it was: hs sorted by slices.SortFunc,
// each run of a hash one feature of its first weight.
func sortFuncFeatures(hs []hashWeight) []feature {
	slices.SortFunc(hs, func(x, y hashWeight) int {
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
		fs = append(fs, feature{hs[i].h, hs[i].w * (1 + math.Log(float64(j-i)))})
		i = j
	}
	return fs
}

func sameFeatures(a, b []feature) bool {
	return slices.EqualFunc(a, b, func(x, y feature) bool { return x.h == y.h && math.Float64bits(x.v) == math.Float64bits(y.v) })
}
