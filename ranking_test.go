package careerpath

import (
	"math"
	"reflect"
	"testing"
)

func TestDiversify(t *testing.T) {
	// Institution of each result, best first: A four times, then B, C, A.
	groups := []uint32{1, 1, 1, 1, 2, 3, 1}
	got := Diversify(len(groups), func(i int) uint32 { return groups[i] })
	if want := []int{0, 1, 4, 5, 2, 3, 6}; !reflect.DeepEqual(got, want) {
		// Only two of A in any ten: B and C move up, the other As follow
		// when nothing else is left.
		t.Errorf("Diversify = %v, want %v", got, want)
	}
	if got := Diversify(0, nil); len(got) != 0 {
		t.Errorf("Diversify(0) = %v", got)
	}
}

func TestBestMatchKey(t *testing.T) {
	strongSmall := BestMatchKey(2, 1, math.NaN(), 3)
	strongBig := BestMatchKey(2, 1, math.NaN(), 2000)
	strongNone := BestMatchKey(2, 1, 90000, 0)
	related := BestMatchKey(1, 1, 150000, 5000)
	catalog := BestMatchKey(2, 1, math.NaN(), -1)
	if !(strongBig > strongSmall && strongSmall > catalog && catalog > strongNone && strongNone > related) {
		t.Errorf("keys: strong big %g, small %g, catalog %g, no completers %g, related %g; want that order",
			strongBig, strongSmall, catalog, strongNone, related)
	}
	if BestMatchKeyOf(2, 0.8, BestMatchQuality(50000, 10)) != BestMatchKey(2, 0.8, 50000, 10) {
		t.Error("BestMatchKeyOf and BestMatchKey differ")
	}
}
