// Package storetest is the contract every careerpath store keeps: the same
// tests, run on each implementation (package sqlite always, package
// postgres when CAREERPATH_TEST_POSTGRES names a server; see
// stores_test.go). A test here says what the domain interfaces promise,
// not how one store keeps it.
package storetest

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"sync"
	"testing"
	"time"

	careerpath "github.com/careerpath/careerpath"
)

// Store is what both stores implement today.
type Store interface {
	careerpath.ModelRegistry
	careerpath.MonitoringStore
	careerpath.AuditService
	careerpath.SessionStore
	careerpath.ExperimentService
	careerpath.GuardStatsStore
	ExperimentUnitsSince(ctx context.Context, since time.Time) (int, error)
	LockRetrain() (unlock func(), err error)
}

// Impl is one implementation under test.
type Impl struct {
	Name string
	// Open returns a new, empty store, closed when the test ends.
	Open func(t *testing.T) Store
	// Catalog returns the ID of a catalog the store can attach drift to.
	Catalog func(t *testing.T, s Store) int64
	// OpenCuration returns a new store holding the release LoadSmallData
	// loads, closed when the test ends.
	OpenCuration func(t *testing.T) CurationStore
}

// Run runs the contract on impl.
func Run(t *testing.T, impl Impl) {
	tests := []struct {
		name string
		fn   func(*testing.T, Impl)
	}{
		{"ModelVersions", testModelVersions},
		{"Aliases", testAliases},
		{"Rollback", testRollback},
		{"MoveAliasRace", testMoveAliasRace},
		{"DriftWindows", testDriftWindows},
		{"CatalogDrift", testCatalogDrift},
		{"Audit", testAudit},
		{"Sessions", testSessions},
		{"ExpiredSessions", testExpiredSessions},
		{"RetrainLock", testRetrainLock},
		{"GuardStats", testGuardStats},
		{"ExperimentPhases", testExperimentPhases},
		{"ExperimentPhaseRace", testExperimentPhaseRace},
		{"ExperimentLogs", testExperimentLogs},
		{"ExperimentEventRepeats", testExperimentEventRepeats},
	}
	for _, tt := range tests {
		t.Run(impl.Name+"/"+tt.name, func(t *testing.T) { tt.fn(t, impl) })
	}
	runCuration(t, impl)
}

var ctx = context.Background()

// at is a fixed instant, to the microsecond both stores keep.
var at = time.Date(2026, 3, 4, 5, 6, 7, 123456000, time.UTC)

func wantCode(t *testing.T, what string, err error, code string) {
	t.Helper()
	if got := careerpath.ErrorCode(err); got != code {
		t.Fatalf("%s: error %v (code %q), want code %q", what, err, got, code)
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func sameJSON(t *testing.T, what string, got, want json.RawMessage) {
	t.Helper()
	var g, w any
	if err := json.Unmarshal(got, &g); err != nil {
		t.Fatalf("%s: %q is not JSON: %v", what, got, err)
	}
	json.Unmarshal(want, &w)
	if fmt.Sprint(g) != fmt.Sprint(w) {
		t.Errorf("%s = %s, want %s", what, got, want)
	}
}

// register stores a version trained on data with artifact art.
func register(t *testing.T, s Store, data string, art []byte, ref json.RawMessage) *careerpath.ModelVersion {
	t.Helper()
	v := &careerpath.ModelVersion{Kind: "tfidf-logreg", DataHash: data, Config: json.RawMessage(`{"c": 1.5, "ngrams": [1, 2]}`),
		Seed: 7, SchemaHash: "schema", CodeVersion: "test", Metrics: json.RawMessage(`{"macro_f1": 0.81}`), Reference: ref, CreatedAt: at}
	must(t, s.CreateModelVersion(ctx, v, art, "trainer"))
	return v
}

func testModelVersions(t *testing.T, impl Impl) {
	s := impl.Open(t)
	v1 := register(t, s, "data-one-0123456789", []byte("artifact one"), nil)
	v2 := register(t, s, "data-two", []byte{0, 1, 2, 255}, json.RawMessage(`{"features": {"length": [1, 2, 3]}}`))
	if v1.Version != "v1" || v2.Version != "v2" {
		t.Fatalf("versions %q, %q, want v1, v2", v1.Version, v2.Version)
	}
	all, err := s.FindModelVersions(ctx)
	must(t, err)
	if len(all) != 2 || all[0].Version != "v2" || all[1].Version != "v1" {
		t.Fatalf("FindModelVersions = %v, want v2 then v1", all)
	}
	got, err := s.FindModelVersion(ctx, "v2")
	must(t, err)
	if got.Kind != "tfidf-logreg" || got.DataHash != "data-two" || got.Seed != 7 || got.Size != 4 ||
		got.Checksum != v2.Checksum || !got.CreatedAt.Equal(at) || len(got.Aliases) != 0 {
		t.Errorf("FindModelVersion(v2) = %+v, want what was stored (%+v)", got, v2)
	}
	sameJSON(t, "config", got.Config, v2.Config)
	sameJSON(t, "metrics", got.Metrics, v2.Metrics)
	sameJSON(t, "reference", got.Reference, v2.Reference)
	if all[1].Reference != nil {
		t.Errorf("v1's reference = %s, want none (nil)", all[1].Reference)
	}
	art, err := s.ModelArtifact(ctx, "v2")
	must(t, err)
	if !bytes.Equal(art, []byte{0, 1, 2, 255}) {
		t.Errorf("ModelArtifact(v2) = %v", art)
	}
	_, err = s.FindModelVersion(ctx, "v9")
	wantCode(t, "FindModelVersion(v9)", err, careerpath.ENOTFOUND)
	_, err = s.ModelArtifact(ctx, "v9")
	wantCode(t, "ModelArtifact(v9)", err, careerpath.ENOTFOUND)
	_, err = s.Alias(ctx, careerpath.AliasChampion)
	wantCode(t, "Alias with no champion", err, careerpath.ENOTFOUND)

	events, err := s.FindModelEvents(ctx)
	must(t, err)
	if len(events) != 2 || events[0].Action != careerpath.EventRegister || events[0].To != "v1" || events[0].Actor != "trainer" ||
		events[0].Reason != "trained tfidf-logreg, data data-one-012" || events[1].To != "v2" || events[1].ID <= events[0].ID {
		t.Fatalf("events after two registrations: %+v", events)
	}
	sameJSON(t, "register event details", events[0].Details, v1.Metrics)
}

func testAliases(t *testing.T, impl Impl) {
	s := impl.Open(t)
	register(t, s, "a", []byte("1"), nil)
	register(t, s, "b", []byte("2"), nil)
	e, err := s.SetAlias(ctx, careerpath.AliasChampion, "v1", "ed", "first", json.RawMessage(`{"why": "gate"}`))
	must(t, err)
	if e.Action != careerpath.EventPromote || e.From != "" || e.To != "v1" || e.ID == 0 {
		t.Errorf("SetAlias event %+v", e)
	}
	_, err = s.SetAlias(ctx, careerpath.AliasChampion, "v1", "ed", "again", nil)
	wantCode(t, "SetAlias to the version it is", err, careerpath.ECONFLICT)
	_, err = s.SetAlias(ctx, careerpath.AliasChallenger, "v7", "ed", "", nil)
	wantCode(t, "SetAlias to an unknown version", err, careerpath.ENOTFOUND)
	_, err = s.MoveAlias(ctx, careerpath.AliasChampion, "v2", "v2", "ed", "stale", nil)
	wantCode(t, "MoveAlias from a version it is not", err, careerpath.ECONFLICT)
	_, err = s.MoveAlias(ctx, careerpath.AliasChampion, "v1", "v2", "ed", "better", nil)
	must(t, err)
	_, err = s.SetAlias(ctx, careerpath.AliasChallenger, "v1", "ed", "shadow", nil)
	must(t, err)
	if v, err := s.Alias(ctx, careerpath.AliasChampion); err != nil || v != "v2" {
		t.Errorf("champion = %q, %v; want v2", v, err)
	}
	v1, err := s.FindModelVersion(ctx, "v1")
	must(t, err)
	if len(v1.Aliases) != 1 || v1.Aliases[0] != careerpath.AliasChallenger {
		t.Errorf("v1's aliases = %v, want [challenger]", v1.Aliases)
	}
	refuse := &careerpath.ModelEvent{Actor: "trainer", Action: careerpath.EventRefuse, To: "v2", Reason: "gate failed", Details: json.RawMessage(`{"f1": 0.2}`)}
	must(t, s.LogModelEvent(ctx, refuse))
	events, err := s.FindModelEvents(ctx)
	must(t, err)
	var actions []string
	for _, e := range events {
		actions = append(actions, e.Action+":"+e.Alias+":"+e.From+">"+e.To)
	}
	want := "[register::>v1 register::>v2 promote:champion:>v1 promote:champion:v1>v2 promote:challenger:>v1 refuse::>v2]"
	if fmt.Sprint(actions) != want {
		t.Fatalf("event log %v, want %s", actions, want)
	}
	sameJSON(t, "promotion details", events[2].Details, json.RawMessage(`{"why": "gate"}`))
	sameJSON(t, "refusal details", events[5].Details, refuse.Details)
	if events[5].ID != refuse.ID || refuse.ID <= events[4].ID {
		t.Errorf("refusal got ID %d, the log has it as %d after %d", refuse.ID, events[5].ID, events[4].ID)
	}
}

func testRollback(t *testing.T, impl Impl) {
	s := impl.Open(t)
	_, err := s.Rollback(ctx, "ed", "no champion")
	wantCode(t, "Rollback with no champion", err, careerpath.ECONFLICT)
	for _, d := range []string{"a", "b", "c"} {
		register(t, s, d, []byte(d), nil)
	}
	for _, v := range []string{"v1", "v2", "v3"} {
		_, err := s.SetAlias(ctx, careerpath.AliasChampion, v, "ed", "promote "+v, nil)
		must(t, err)
	}
	before, err := s.FindModelEvents(ctx)
	must(t, err)
	_, err = s.RollbackFrom(ctx, "v2", "guard", "watching v2", nil)
	wantCode(t, "RollbackFrom a version that is not the champion", err, careerpath.ECONFLICT)
	e, err := s.RollbackFrom(ctx, "v3", "guard", "error rate", json.RawMessage(`{"errors": 3}`))
	must(t, err)
	if e.Action != careerpath.EventRollback || e.From != "v3" || e.To != "v2" {
		t.Errorf("rollback event %+v, want v3 > v2", e)
	}
	// A second rollback walks further back rather than undoing the first.
	e, err = s.Rollback(ctx, "ed", "again")
	must(t, err)
	if e.From != "v2" || e.To != "v1" {
		t.Errorf("second rollback %s > %s, want v2 > v1", e.From, e.To)
	}
	_, err = s.Rollback(ctx, "ed", "once more")
	wantCode(t, "Rollback of the first champion", err, careerpath.ECONFLICT)
	if v, _ := s.Alias(ctx, careerpath.AliasChampion); v != "v1" {
		t.Errorf("champion %q after two rollbacks, want v1", v)
	}
	// The log is append-only: what was there is unchanged.
	after, err := s.FindModelEvents(ctx)
	must(t, err)
	if len(after) != len(before)+2 {
		t.Fatalf("%d events after two rollbacks, want %d", len(after), len(before)+2)
	}
	for i, e := range before {
		if fmt.Sprint(*after[i]) != fmt.Sprint(*e) {
			t.Errorf("event %d changed: %+v, was %+v", i, *after[i], *e)
		}
	}
}

// testMoveAliasRace: servers deciding the same promotion at once make one
// move; the others hear ECONFLICT. Several rounds, so that the later ones
// run on warm connections and really overlap.
func testMoveAliasRace(t *testing.T, impl Impl) {
	s := impl.Open(t)
	register(t, s, "a", []byte("1"), nil)
	register(t, s, "b", []byte("2"), nil)
	const servers, rounds = 6, 10
	from := ""
	for round := range rounds {
		to := []string{"v1", "v2"}[round%2]
		won := race(t, "MoveAlias", servers, func(i int) error {
			_, err := s.MoveAlias(ctx, careerpath.AliasChampion, from, to, fmt.Sprint("server", i), "race", nil)
			return err
		})
		if won != 1 {
			t.Fatalf("round %d: %d of %d concurrent moves %s > %s succeeded, want 1", round, won, servers, orNone(from), to)
		}
		from = to
	}
	events, err := s.FindModelEvents(ctx)
	must(t, err)
	if len(events) != 2+rounds {
		t.Errorf("%d events logged, want %d (two registrations and one move a round)", len(events), 2+rounds)
	}
}

func orNone(v string) string {
	if v == "" {
		return "(none)"
	}
	return v
}

func testDriftWindows(t *testing.T, impl Impl) {
	s := impl.Open(t)
	var ids []int64
	for i, status := range []string{careerpath.DriftOK, careerpath.DriftWarn, careerpath.DriftAlert} {
		w := &careerpath.DriftWindow{Model: "v1", Start: at.Add(time.Duration(i) * time.Minute), End: at.Add(time.Duration(i+1) * time.Minute),
			N: 10 * (i + 1), Status: status, Firing: i == 2, Report: json.RawMessage(fmt.Sprintf(`{"window": %d}`, i))}
		must(t, s.CreateDriftWindow(ctx, w))
		if len(ids) > 0 && w.ID <= ids[len(ids)-1] {
			t.Fatalf("window IDs %v then %d: want increasing", ids, w.ID)
		}
		ids = append(ids, w.ID)
	}
	ws, err := s.FindDriftWindows(ctx, 2)
	must(t, err)
	if len(ws) != 2 || ws[0].ID != ids[1] || ws[1].ID != ids[2] {
		t.Fatalf("FindDriftWindows(2) = %v, want the newest two (%v), oldest first", ws, ids[1:])
	}
	w := ws[1]
	if w.Model != "v1" || !w.Start.Equal(at.Add(2*time.Minute)) || !w.End.Equal(at.Add(3*time.Minute)) || w.N != 30 ||
		w.Status != careerpath.DriftAlert || !w.Firing {
		t.Errorf("window read back as %+v", w)
	}
	sameJSON(t, "report", w.Report, json.RawMessage(`{"window": 2}`))
	if ws[0].Firing {
		t.Errorf("window %d firing, want not", ws[0].ID)
	}
	w = &careerpath.DriftWindow{Model: "v1", Start: at, End: at, Status: "sideways", Report: json.RawMessage(`{}`)}
	if err := s.CreateDriftWindow(ctx, w); err == nil {
		t.Error("a window of an unknown status was stored")
	}
	if ws, _ := s.FindDriftWindows(ctx, 10); len(ws) != 3 {
		t.Errorf("%d windows after a refused one, want 3", len(ws))
	}
}

func testCatalogDrift(t *testing.T, impl Impl) {
	s := impl.Open(t)
	id := impl.Catalog(t, s)
	first := &careerpath.CatalogDrift{Model: "v1", Status: careerpath.DriftWarn, N: 5, Reason: "long names",
		Features: []careerpath.FeatureDrift{{Feature: "length", Status: careerpath.DriftWarn, PSI: 0.15}}, Report: json.RawMessage(`{"psi": 0.15}`)}
	must(t, s.SetCatalogDrift(ctx, id, first))
	second := &careerpath.CatalogDrift{Model: "v2", Status: careerpath.DriftOK, N: 6}
	must(t, s.SetCatalogDrift(ctx, id, second))
	got, err := s.CatalogDrifts(ctx)
	must(t, err)
	d := got[id]
	if len(got) != 1 || d == nil || d.Model != "v2" || d.Status != careerpath.DriftOK || d.N != 6 || len(d.Features) != 0 || d.Report != nil {
		t.Fatalf("CatalogDrifts = %v (%+v), want only the second drift of catalog %d", got, d, id)
	}
	must(t, s.SetCatalogDrift(ctx, id, first))
	got, err = s.CatalogDrifts(ctx)
	must(t, err)
	if d = got[id]; len(d.Features) != 1 || d.Features[0].PSI != 0.15 || d.Reason != "long names" {
		t.Errorf("drift read back as %+v", d)
	}
	sameJSON(t, "drift report", d.Report, first.Report)
}

func testAudit(t *testing.T, impl Impl) {
	s := impl.Open(t)
	hour := time.Date(2026, 3, 4, 5, 0, 0, 0, time.UTC)
	entries := []*careerpath.AuditEntry{
		{At: hour.Add(time.Minute), Actor: "ann", Action: "decide", Target: "review 3", Address: "127.0.0.1", Result: careerpath.AuditOK},
		{At: hour.Add(2 * time.Minute), Action: careerpath.AuditSignInFailed, Address: "127.0.0.2", Result: "wrong token"},
		{At: hour.Add(3 * time.Minute), Action: careerpath.AuditSignInFailed, Address: "127.0.0.2", Result: "wrong token"},
		{At: hour.Add(90 * time.Minute), Actor: "bob", Action: "promote", Target: "v2", Address: "127.0.0.1", Result: "conflict"},
	}
	for _, e := range entries {
		must(t, s.RecordAudit(ctx, e))
	}
	wantCode(t, "an entry without an action", s.RecordAudit(ctx, &careerpath.AuditEntry{}), careerpath.EINVALID)
	all, err := s.FindAudit(ctx, careerpath.AuditFilter{})
	must(t, err)
	if len(all) != 3 {
		t.Fatalf("%d entries, want 3 (two failed sign-ins in one): %+v", len(all), all)
	}
	if all[0].Actor != "bob" || all[2].Actor != "ann" {
		t.Errorf("entries not newest first: %s, %s, %s", all[0].Actor, all[1].Actor, all[2].Actor)
	}
	failed := all[1]
	if failed.Count != 2 || !failed.At.Equal(hour) || !failed.LastAt.Equal(hour.Add(3*time.Minute)) {
		t.Errorf("failed sign-ins: count %d, at %v, last %v; want 2, %v, %v", failed.Count, failed.At, failed.LastAt, hour, hour.Add(3*time.Minute))
	}
	check := func(f careerpath.AuditFilter, want ...string) {
		t.Helper()
		got, err := s.FindAudit(ctx, f)
		must(t, err)
		var actions []string
		for _, e := range got {
			actions = append(actions, e.Action)
		}
		if fmt.Sprint(actions) != fmt.Sprint(want) {
			t.Errorf("FindAudit(%+v) = %v, want %v", f, actions, want)
		}
	}
	check(careerpath.AuditFilter{Actor: "ann"}, "decide")
	check(careerpath.AuditFilter{Result: "failed"}, "promote", careerpath.AuditSignInFailed)
	check(careerpath.AuditFilter{Result: careerpath.AuditOK}, "decide")
	check(careerpath.AuditFilter{Since: hour.Add(3 * time.Minute)}, "promote", careerpath.AuditSignInFailed)
	check(careerpath.AuditFilter{Until: hour.Add(time.Hour)}, careerpath.AuditSignInFailed, "decide")
	check(careerpath.AuditFilter{Limit: 1}, "promote")
	_, err = s.FindAudit(ctx, careerpath.AuditFilter{Limit: -1})
	wantCode(t, "a negative limit", err, careerpath.EINVALID)
	n, err := s.PruneAudit(ctx, hour.Add(time.Hour))
	must(t, err)
	if n != 2 {
		t.Errorf("PruneAudit deleted %d, want 2", n)
	}
	check(careerpath.AuditFilter{}, "promote")
}

func hash(c byte) string { return string(bytes.Repeat([]byte{c}, 64)) }

func testSessions(t *testing.T, impl Impl) {
	s := impl.Open(t)
	sess := &careerpath.Session{TokenHash: hash('a'), Editor: "ann", CreatedAt: at, ExpiresAt: at.Add(12 * time.Hour)}
	must(t, s.CreateSession(ctx, sess))
	wantCode(t, "a second session with the same hash", s.CreateSession(ctx, sess), careerpath.ECONFLICT)
	for _, bad := range []careerpath.Session{
		{TokenHash: "plain-token", Editor: "ann", CreatedAt: at, ExpiresAt: at.Add(time.Hour)},
		{TokenHash: hash('b'), CreatedAt: at, ExpiresAt: at.Add(time.Hour)},
		{TokenHash: hash('b'), Editor: "ann", CreatedAt: at, ExpiresAt: at},
	} {
		wantCode(t, fmt.Sprintf("CreateSession(%+v)", bad), s.CreateSession(ctx, &bad), careerpath.EINVALID)
	}
	got, err := s.FindSession(ctx, hash('a'))
	must(t, err)
	if got.Editor != "ann" || got.TokenHash != hash('a') || !got.CreatedAt.Equal(at) || !got.ExpiresAt.Equal(sess.ExpiresAt) {
		t.Errorf("FindSession = %+v, want %+v", got, sess)
	}
	_, err = s.FindSession(ctx, hash('b'))
	wantCode(t, "FindSession of an unknown hash", err, careerpath.ENOTFOUND)
	must(t, s.DeleteSession(ctx, hash('a')))
	must(t, s.DeleteSession(ctx, hash('a')))
	_, err = s.FindSession(ctx, hash('a'))
	wantCode(t, "FindSession after DeleteSession", err, careerpath.ENOTFOUND)
}

func testExpiredSessions(t *testing.T, impl Impl) {
	s := impl.Open(t)
	for i, c := range []byte("abc") {
		// a expires at at+1h, b just before at+2h, c at at+3h; b's instant
		// has no fraction, so that a store comparing RFC 3339 text would
		// keep it ("07:06:07Z" sorts after "07:06:07.123456Z").
		exp := at.Add(time.Duration(i+1) * time.Hour)
		if c == 'b' {
			exp = exp.Truncate(time.Second)
		}
		must(t, s.CreateSession(ctx, &careerpath.Session{TokenHash: hash(c), Editor: "ed", CreatedAt: at, ExpiresAt: exp}))
	}
	n, err := s.DeleteExpiredSessions(ctx, at.Add(2*time.Hour))
	must(t, err)
	if n != 2 {
		t.Errorf("DeleteExpiredSessions deleted %d, want 2 (a and b)", n)
	}
	for c, want := range map[byte]string{'a': careerpath.ENOTFOUND, 'b': careerpath.ENOTFOUND, 'c': ""} {
		_, err := s.FindSession(ctx, hash(c))
		if code := careerpath.ErrorCode(err); code != want {
			t.Errorf("session %c: %v, want code %q", c, err, want)
		}
	}
	if _, err := s.DeleteExpiredSessions(ctx, at); err != nil {
		t.Errorf("DeleteExpiredSessions with none expired: %v", err)
	}
}

// testRetrainLock: one retrain at a time, and the lock is free again once
// released.
func testRetrainLock(t *testing.T, impl Impl) {
	s := impl.Open(t)
	unlock, err := s.LockRetrain()
	must(t, err)
	_, err = s.LockRetrain()
	wantCode(t, "a second LockRetrain", err, careerpath.ECONFLICT)
	unlock()
	again, err := s.LockRetrain()
	must(t, err)
	again()
}

// race runs n calls of fn at once, as n replicas would, and returns how
// many succeeded; an error other than ECONFLICT fails the test.
func race(t *testing.T, what string, n int, fn func(i int) error) int {
	t.Helper()
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() { errs[i] = fn(i) })
	}
	wg.Wait()
	won := 0
	for _, err := range errs {
		switch careerpath.ErrorCode(err) {
		case "":
			won++
		case careerpath.ECONFLICT:
		default:
			t.Errorf("%s: %v", what, err)
		}
	}
	return won
}
