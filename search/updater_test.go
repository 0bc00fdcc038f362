package search

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"testing"
	"time"

	careerpath "github.com/careerpath/careerpath"
)

// stamps is a catalog stamp the test moves.
type stamps struct{ stamp chan string }

func (s stamps) CatalogStamp(context.Context) (string, error) {
	v := <-s.stamp
	s.stamp <- v
	return v, nil
}

func (s stamps) set(v string) { <-s.stamp; s.stamp <- v }

// TestUpdater: a changed stamp rebuilds once, an unchanged one does not,
// a failed rebuild is not retried until the stamp moves again, and Notify
// rebuilds without waiting for the poll.
func TestUpdater(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	st := stamps{make(chan string, 1)}
	st.stamp <- "a"
	var builds, swaps int
	var fail error
	build := func(context.Context) (*Index, error) {
		builds++
		if fail != nil {
			return nil, fail
		}
		return &Index{}, nil
	}
	broken := errors.New("broken catalog")
	down := careerpath.Errorf(careerpath.EUNAVAILABLE, "The database is unreachable: nothing was saved. Try again shortly.")
	swap := func(context.Context, *Index) error { swaps++; return nil }
	u := NewUpdater(ctx, st, build, swap, time.Hour, slog.New(slog.NewTextHandler(io.Discard, nil)))

	steps := []struct {
		stamp         string
		fail          error
		builds, swaps int
	}{
		{"a", nil, 0, 0}, // the stamp the updater started from
		{"b", nil, 1, 1},
		{"b", nil, 1, 1},
		{"c", broken, 2, 1},
		{"c", nil, 2, 1}, // not retried at the stamp it failed at
		{"d", nil, 3, 2},
		{"e", down, 4, 2},
		{"e", nil, 5, 3}, // cut short by the database's outage: retried
	}
	for _, s := range steps {
		st.set(s.stamp)
		fail = s.fail
		u.update(ctx)
		if builds != s.builds || swaps != s.swaps {
			t.Fatalf("stamp %s: %d builds and %d swaps, want %d and %d", s.stamp, builds, swaps, s.builds, s.swaps)
		}
	}

	// Watch with an hour's poll: only Notify can rebuild.
	done := make(chan struct{})
	build2 := func(context.Context) (*Index, error) { close(done); return &Index{}, nil }
	u.build = build2
	go u.Watch(ctx)
	st.set("f")
	u.Notify(ctx, nil)
	<-done
}
