package storetest

import (
	"fmt"
	"slices"
	"testing"
	"time"

	careerpath "github.com/careerpath/careerpath"
)

// testGuardStats: each replica's row of a version is replaced by its next
// save, found by the time it was written, and deleted once old.
func testGuardStats(t *testing.T, impl Impl) {
	s := impl.Open(t)
	save := func(v, replica string, calls, errors int, lat []int, failure string, at time.Time) {
		t.Helper()
		must(t, s.SaveGuardStats(ctx, &careerpath.GuardStats{Version: v, Replica: replica, Calls: calls, Errors: errors,
			Latency: lat, Failure: failure, UpdatedAt: at}))
	}
	// b's instant has no fraction: a store comparing RFC 3339 text
	// would order it wrongly against a's.
	save("v2", "a", 10, 1, []int{0, 4, 6}, "", at)
	save("v2", "b", 3, 0, []int{3}, "warm-up answer is wrong", at.Add(time.Second).Truncate(time.Second))
	save("v1", "a", 50, 0, nil, "", at)
	save("v2", "a", 20, 2, []int{0, 8, 12}, "", at.Add(2*time.Second)) // replaces a's row
	got, err := s.FindGuardStats(ctx, "v2", at)
	must(t, err)
	if len(got) != 2 {
		t.Fatalf("FindGuardStats(v2) = %d rows, want a and b", len(got))
	}
	if a := got[0]; a.Version != "v2" || a.Replica != "a" || a.Calls != 20 || a.Errors != 2 || !slices.Equal(a.Latency, []int{0, 8, 12}) ||
		a.Failure != "" || !a.UpdatedAt.Equal(at.Add(2*time.Second)) {
		t.Errorf("a's row = %+v, want the second save", a)
	}
	if b := got[1]; b.Replica != "b" || b.Calls != 3 || !slices.Equal(b.Latency, []int{3}) || b.Failure != "warm-up answer is wrong" {
		t.Errorf("b's row = %+v", b)
	}
	got, err = s.FindGuardStats(ctx, "v2", at.Add(1500*time.Millisecond))
	must(t, err)
	if len(got) != 1 || got[0].Replica != "a" {
		t.Errorf("FindGuardStats(v2) since a's second save = %+v, want a's row only", got)
	}
	if got, err := s.FindGuardStats(ctx, "v1", time.Time{}); err != nil || len(got) != 1 || got[0].Calls != 50 || got[0].Latency == nil {
		t.Errorf("FindGuardStats(v1) = %+v, %v; want a's row with an empty histogram", got, err)
	}
	if got, err := s.FindGuardStats(ctx, "v9", time.Time{}); err != nil || got == nil || len(got) != 0 {
		t.Errorf("FindGuardStats(v9) = %#v, %v; want no rows (empty, not nil)", got, err)
	}
	for _, bad := range []careerpath.GuardStats{
		{Replica: "a", UpdatedAt: at},
		{Version: "v2", UpdatedAt: at},
		{Version: "v2", Replica: "a", Calls: 1, Errors: 2, UpdatedAt: at},
		{Version: "v2", Replica: "a", Calls: 1, Latency: []int{-1}, UpdatedAt: at},
		{Version: "v2", Replica: "a"},
	} {
		wantCode(t, fmt.Sprintf("SaveGuardStats(%+v)", bad), s.SaveGuardStats(ctx, &bad), careerpath.EINVALID)
	}
	n, err := s.DeleteGuardStats(ctx, at.Add(time.Second).Truncate(time.Second))
	must(t, err)
	if n != 1 {
		t.Errorf("DeleteGuardStats deleted %d, want 1 (v1's row)", n)
	}
	if got, err := s.FindGuardStats(ctx, "v1", time.Time{}); err != nil || len(got) != 0 {
		t.Errorf("FindGuardStats(v1) after the deletion = %+v, %v; want none", got, err)
	}
}
