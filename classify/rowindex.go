package classify

import "math/bits"

// rowIndex finds the row of a feature's hash: open addressing with linear
// probing over a power-of-two table at most a third full. A name looks up
// some 40 hashes (its features, then its words for Readable), each a
// cache miss in a table of 20,000 rows; one probe of 8 bytes here costs
// less than a map's group.
type rowIndex struct {
	slots []rowSlot
	shift uint // 32 − log2(len(slots))
}

// rowSlot is one slot of the table: row+1, 0 when the slot is empty.
type rowSlot struct {
	h   uint32
	row int32
}

func newRowIndex(hashes []uint32) rowIndex {
	n := max(bits.Len(uint(3*len(hashes))), 4)
	x := rowIndex{slots: make([]rowSlot, 1<<n), shift: uint(32 - n)}
	mask := uint32(len(x.slots) - 1)
	for i, h := range hashes {
		j := x.slot(h)
		for x.slots[j].row != 0 {
			j = (j + 1) & mask
		}
		x.slots[j] = rowSlot{h, int32(i + 1)}
	}
	return x
}

// slot is where h's probe starts: the high bits of a Fibonacci hash, so
// that hashes alike in their low bits spread.
func (x rowIndex) slot(h uint32) uint32 { return (h * 0x9e3779b1) >> x.shift }

// row returns the row of h, and false when the model has none.
func (x rowIndex) row(h uint32) (int32, bool) {
	mask := uint32(len(x.slots) - 1)
	for j := x.slot(h); ; j = (j + 1) & mask {
		s := x.slots[j]
		if s.row == 0 {
			return 0, false
		}
		if s.h == h {
			return s.row - 1, true
		}
	}
}
