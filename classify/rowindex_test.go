package classify

import (
	"math/rand/v2"
	"slices"
	"testing"
)

// TestRowIndex finds every hash's row, including hash 0 and hashes alike
// in their low or high bits, and no row for the others.
func TestRowIndex(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	hs := []uint32{0, 1, 1 << 16, 1 << 31, 0xffffffff}
	for i := range 5000 {
		hs = append(hs, r.Uint32(), uint32(i)<<20, uint32(i))
	}
	slices.Sort(hs)
	hs = slices.Compact(hs)
	x := newRowIndex(hs)
	for i, h := range hs {
		if row, ok := x.row(h); !ok || row != int32(i) {
			t.Errorf("row(%#x) = %d, %v, want %d, true", h, row, ok, i)
		}
	}
	for range 5000 {
		h := r.Uint32()
		if _, found := slices.BinarySearch(hs, h); found {
			continue
		}
		if row, ok := x.row(h); ok {
			t.Errorf("row(%#x) = %d, true, want none", h, row)
		}
	}
	if _, ok := newRowIndex(nil).row(7); ok {
		t.Error("an empty index found a row")
	}
}
