package registry

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	careerpath "github.com/careerpath/careerpath"
	"github.com/careerpath/careerpath/sqlite"
)

// model is a stand-in model: its artifact is its answer.
type model struct{ answer string }

func load(version string, b []byte) (*model, error) {
	if strings.HasPrefix(string(b), "garbage") {
		return nil, errors.New("not a model")
	}
	return &model{answer: string(b)}, nil
}

func check(m *model) error {
	if m.answer == "wrong" {
		return errors.New("warm-up answer is wrong")
	}
	return nil
}

func setup(t *testing.T, artifacts ...string) (*sqlite.DB, *Live[*model], []string) {
	t.Helper()
	ctx := context.Background()
	db, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "cp.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	var versions []string
	for _, a := range artifacts {
		v := &careerpath.ModelVersion{Kind: "test"}
		if err := db.CreateModelVersion(ctx, v, []byte(a), "test"); err != nil {
			t.Fatal(err)
		}
		versions = append(versions, v.Version)
	}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	return db, NewLive(db, careerpath.AliasChampion, load, check, log), versions
}

func promote(t *testing.T, db *sqlite.DB, v string) {
	t.Helper()
	if _, err := db.SetAlias(context.Background(), careerpath.AliasChampion, v, "test", "", nil); err != nil {
		t.Fatal(err)
	}
}

func TestLiveSwapsOnlyGoodModels(t *testing.T) {
	ctx := context.Background()
	db, live, vs := setup(t, "first", "garbage!", "wrong", "second")
	if changed, err := live.Refresh(ctx); changed || err != nil || live.Current() != nil {
		t.Fatalf("Refresh with no champion = %v, %v; want nothing served and no error", changed, err)
	}
	promote(t, db, vs[0])
	if changed, err := live.Refresh(ctx); !changed || err != nil || live.Current().Model.answer != "first" {
		t.Fatalf("Refresh after promoting v1 = %v, %v", changed, err)
	}
	for _, bad := range vs[1:3] { // fails to load; fails its warm-up
		promote(t, db, bad)
		if changed, err := live.Refresh(ctx); changed || err == nil {
			t.Errorf("Refresh to bad %s = %v, %v; want an error and no swap", bad, changed, err)
		}
		if got := live.Current(); got.Version != vs[0] {
			t.Errorf("after bad %s, serving %s; want %s still serving", bad, got.Version, vs[0])
		}
	}
	promote(t, db, vs[3])
	if changed, err := live.Refresh(ctx); !changed || err != nil || live.Current().Model.answer != "second" {
		t.Errorf("Refresh after promoting v4 = %v, %v", changed, err)
	}
}

// TestLiveSwapUnderLoad promotes back and forth while readers classify:
// under the race detector, every read sees one whole model.
func TestLiveSwapUnderLoad(t *testing.T) {
	ctx := context.Background()
	db, live, vs := setup(t, "alpha", "beta")
	promote(t, db, vs[0])
	live.Refresh(ctx)
	want := map[string]string{vs[0]: "alpha", vs[1]: "beta"}

	var wg sync.WaitGroup
	stop := make(chan struct{})
	errs := make(chan string, 1)
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				select {
				case <-stop:
					return
				default:
				}
				cur := live.Current()
				if want[cur.Version] != cur.Model.answer {
					select {
					case errs <- cur.Version + " answered " + cur.Model.answer:
					default:
					}
				}
			}
		}()
	}
	for i := range 50 {
		promote(t, db, vs[(i+1)%2])
		if _, err := live.Refresh(ctx); err != nil {
			t.Fatal(err)
		}
	}
	close(stop)
	wg.Wait()
	select {
	case e := <-errs:
		t.Fatalf("a reader saw a torn model: %s", e)
	default:
	}
}

// TestLiveWake: Watch on an hour's interval still swaps a promoted
// version at once when woken, as a change notification does.
func TestLiveWake(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	db, live, vs := setup(t, "alpha")
	go live.Watch(ctx, time.Hour)
	promote(t, db, vs[0])
	live.Wake()
	live.Wake() // a second wake before the refresh does not block
	deadline := time.Now().Add(10 * time.Second)
	for live.Current() == nil {
		if time.Now().After(deadline) {
			t.Fatal("woken Watch did not swap the promoted version in within 10 s")
		}
		time.Sleep(time.Millisecond) // waiting for the swap, not an interval
	}
}

// outageStore gives no artifact while down: the database went away
// between the alias's read and the artifact's.
type outageStore struct {
	*sqlite.DB
	down bool
}

func (s *outageStore) ModelArtifact(ctx context.Context, version string) ([]byte, error) {
	if s.down {
		return nil, careerpath.Errorf(careerpath.EUNAVAILABLE, "The database is unreachable: nothing was saved. Try again shortly.")
	}
	return s.DB.ModelArtifact(ctx, version)
}

// TestLiveRetriesUnreachable: a promoted version whose artifact could
// not be read because the store was unreachable is swapped in at the next
// refresh once it answers, not refused as a bad model.
func TestLiveRetriesUnreachable(t *testing.T) {
	ctx := context.Background()
	db, _, vs := setup(t, "first")
	store := &outageStore{DB: db, down: true}
	live := NewLive(store, careerpath.AliasChampion, load, check, slog.New(slog.NewTextHandler(io.Discard, nil)))
	promote(t, db, vs[0])
	if changed, err := live.Refresh(ctx); changed || careerpath.ErrorCode(err) != careerpath.EUNAVAILABLE {
		t.Fatalf("Refresh with the store unreachable = %v, %v; want EUNAVAILABLE", changed, err)
	}
	store.down = false
	if changed, err := live.Refresh(ctx); !changed || err != nil || live.Current().Model.answer != "first" {
		t.Errorf("Refresh once the store answers = %v, %v; want %s swapped in", changed, err, vs[0])
	}
}
