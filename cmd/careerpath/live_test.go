package main

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	careerpath "github.com/careerpath/careerpath"
	"github.com/careerpath/careerpath/classify"
	"github.com/careerpath/careerpath/data"
	"github.com/careerpath/careerpath/lifecycle"
	"github.com/careerpath/careerpath/relevance"
	"github.com/careerpath/careerpath/sqlite"
	"github.com/careerpath/careerpath/web"
)

var quick struct {
	sync.Mutex
	data      *classify.TrainingData
	artifacts map[uint64][]byte
}

// quickArtifact returns the artifact of a model trained for one epoch on
// the bundled data with the seed, trained once per test binary.
func quickArtifact(t *testing.T, seed uint64) []byte {
	t.Helper()
	quick.Lock()
	defer quick.Unlock()
	if a, ok := quick.artifacts[seed]; ok {
		return a
	}
	if quick.data == nil {
		d, err := classify.DefaultTrainingData(data.FS)
		if err != nil {
			t.Fatal(err)
		}
		quick.data, quick.artifacts = d, map[uint64][]byte{}
	}
	cfg, err := classify.ParseConfig(`{"epochs":1,"holdout_every":0}`)
	if err != nil {
		t.Fatal(err)
	}
	m, err := classify.Train(quick.data, cfg, seed)
	if err != nil {
		t.Fatal(err)
	}
	var art bytes.Buffer
	if err := m.Save(&art); err != nil {
		t.Fatal(err)
	}
	quick.artifacts[seed] = art.Bytes()
	return art.Bytes()
}

// register trains a model on d with cfg and stores it, returning its
// version.
func registerModel(t *testing.T, reg *sqlite.DB, d *classify.TrainingData, cfg classify.Config, seed uint64) string {
	t.Helper()
	m, err := classify.Train(d, cfg, seed)
	if err != nil {
		t.Fatal(err)
	}
	var art bytes.Buffer
	if err := m.Save(&art); err != nil {
		t.Fatal(err)
	}
	return registerArtifact(t, reg, art.Bytes())
}

func registerArtifact(t *testing.T, reg *sqlite.DB, art []byte) string {
	t.Helper()
	v := &careerpath.ModelVersion{Kind: lifecycle.Kind, Config: json.RawMessage(`{}`), Metrics: json.RawMessage(`{}`)}
	if err := reg.CreateModelVersion(context.Background(), v, art, "test"); err != nil {
		t.Fatal(err)
	}
	return v.Version
}

func setChampion(t *testing.T, reg *sqlite.DB, v string) {
	t.Helper()
	if _, err := reg.SetAlias(context.Background(), careerpath.AliasChampion, v, "test", "test", nil); err != nil {
		t.Fatal(err)
	}
}

// TestLiveModelRejectsBadVersions promotes versions that must never
// serve — an artifact that is not a model, one altered after
// registration, and a model that loads but fails its warm-up — through
// the real loader: each is refused and the old model keeps serving.
func TestLiveModelRejectsBadVersions(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	path := modelTestDB(t)
	reg, err := sqlite.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer reg.Close()
	good := registerArtifact(t, reg, quickArtifact(t, 1))
	setChampion(t, reg, good)
	careers, err := careersOf("")
	if err != nil {
		t.Fatal(err)
	}
	rel, err := relevance.Load(ctx, reg, careers)
	if err != nil {
		t.Fatal(err)
	}
	lm := lifecycle.NewChampion(reg, rel, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if changed, err := lm.Live.Refresh(ctx); !changed || err != nil {
		t.Fatalf("Refresh = %v, %v; want the good model in", changed, err)
	}

	// A model without the computing family cannot read "MSc Computer
	// Science": it loads, and fails its warm-up.
	d := quick.data
	noCS := &classify.TrainingData{}
	for _, c := range d.Classes {
		if !strings.HasPrefix(c.CIP, "11.") {
			noCS.Classes = append(noCS.Classes, c)
		}
	}
	for _, e := range d.Examples {
		if !strings.HasPrefix(e.CIP, "11.") {
			noCS.Examples = append(noCS.Examples, e)
		}
	}
	one, err := classify.ParseConfig(`{"epochs":1,"holdout_every":0}`)
	if err != nil {
		t.Fatal(err)
	}
	warmUpFails := registerModel(t, reg, noCS, one, 1)

	var art bytes.Buffer
	m, _ := lifecycle.LoadVersion(ctx, reg, good)
	m.Save(&art)
	truncated := registerArtifact(t, reg, art.Bytes()[:art.Len()/2])
	tampered := registerArtifact(t, reg, art.Bytes())
	raw, err := sql.Open("sqlite", "file:"+path+"?_pragma=busy_timeout(10000)")
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	flipped := bytes.Clone(art.Bytes())
	flipped[len(flipped)/2] ^= 1
	if _, err := raw.ExecContext(ctx, `UPDATE model_versions SET artifact = ? WHERE version = ?`, flipped, tampered); err != nil {
		t.Fatal(err)
	}

	for _, bad := range []struct{ version, want string }{
		{truncated, "model artifact"},
		{tampered, "does not match its checksum"},
		{warmUpFails, "warm-up"},
	} {
		setChampion(t, reg, bad.version)
		changed, err := lm.Live.Refresh(ctx)
		if changed || err == nil || !strings.Contains(err.Error(), bad.want) {
			t.Errorf("Refresh to %s = %v, %v; want refused with %q", bad.version, changed, err, bad.want)
		}
		if m, v := lm.Current(); m == nil || v != good {
			t.Errorf("after refusing %s the serving model is %q, want %s", bad.version, v, good)
		}
	}
	setChampion(t, reg, good)
	if changed, err := lm.Live.Refresh(ctx); changed || err != nil {
		t.Errorf("Refresh back to the serving version = %v, %v; want no change", changed, err)
	}
}

// TestServeModelSwap serves an install whose import trained the first
// model: the classify endpoint answers with it, and promotions made by
// another process swap the model under heavy traffic, with every response
// coming whole from one model and a broken version never serving.
func TestServeModelSwap(t *testing.T) {
	if testing.Short() {
		t.Skip("imports the full bundled data")
	}
	ctx := context.Background()
	path := sharedDB(t)
	t.Setenv("CAREERPATH_ADMIN_TOKEN", "test-token-0123456789abcdef")
	var logs syncBuffer
	base, _ := serveLogged(t, path, &logs, "--api-rate", "-1") // heavy traffic from one address

	// The import trained the first model and made it champion.
	reg, err := sqlite.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer reg.Close()
	events, err := reg.FindModelEvents(ctx)
	if err != nil || len(events) < 2 || events[1].Action != careerpath.EventPromote || events[1].To != "v1" || events[1].Actor != "import" {
		t.Fatalf("registry events after the import = %v, %v; want v1 registered and made champion by the import", events, err)
	}
	// A second model from another seed, registered by another process.
	mustCLI(t, "train", "--db", path, "--seed", "2")
	careers, err := careersOf("")
	if err != nil {
		t.Fatal(err)
	}
	rel, err := relevance.Load(ctx, reg, careers)
	if err != nil {
		t.Fatal(err)
	}

	// The entries of a request, and what each version answers for them.
	entries := devEntries(t)
	body, _ := json.Marshal(entries)
	want := map[string]string{}
	for _, v := range []string{"v1", "v2"} {
		m, err := lifecycle.LoadVersion(ctx, reg, v)
		if err != nil {
			t.Fatal(err)
		}
		res, err := (&classify.Service{Relevance: func() *relevance.Rule { return rel }, Current: func() (classify.Model, string) { return m, v }}).Classify(ctx, classify.DevSetCareer, entries)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := json.Marshal(res)
		want[v] = string(b)
	}
	if want["v1"] == strings.ReplaceAll(want["v2"], `"v2"`, `"v1"`) {
		t.Log("seeds 1 and 2 answer alike on these entries: the test still checks versions")
	}

	client := &http.Client{Timeout: 30 * time.Second}
	classifyOnce := func() (string, error) { return wholeAnswer(client, base, body, want) }
	if v, err := classifyOnce(); err != nil || v != "v1" {
		t.Fatalf("first classify: %v, %v; want the first model, v1", v, err)
	}

	// Heavy traffic while the champion moves v1 → v2 → v1 → v2.
	var seen sync.Map
	var stop atomic.Bool
	var wg sync.WaitGroup
	var requests atomic.Int64
	errs := make(chan error, 8)
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for !stop.Load() {
				v, err := classifyOnce()
				if err != nil {
					errs <- err
					return
				}
				requests.Add(1)
				seen.Store(v, true)
			}
		}()
	}
	waitFor := func(v string) {
		t.Helper()
		deadline := time.Now().Add(20 * time.Second)
		for time.Now().Before(deadline) {
			if got, err := classifyOnce(); err == nil && got == v {
				return
			}
			time.Sleep(100 * time.Millisecond)
		}
		t.Fatalf("the server did not swap to %s within 20 s", v)
	}
	for _, step := range [][]string{{"promote", "v2"}, {"rollback"}, {"promote", "v2"}} {
		start := time.Now()
		out := mustCLI(t, append([]string{"models", step[0], "--db", path}, step[1:]...)...)
		to := out[strings.LastIndex(out, "→ ")+len("→ "):]
		waitFor(strings.TrimSpace(to))
		t.Logf("models %s: swapped in %v", strings.Join(step, " "), time.Since(start).Round(time.Millisecond))
	}

	// A broken version promoted meanwhile never serves.
	broken := registerArtifact(t, reg, []byte("not a model"))
	mustCLI(t, "models", "promote", "--db", path, broken)
	refused := func() bool {
		for _, line := range strings.Split(logs.String(), "\n") {
			if strings.Contains(line, "model not swapped in") && strings.Contains(line, " version="+broken+" ") {
				return true
			}
		}
		return false
	}
	for deadline := time.Now().Add(20 * time.Second); !refused(); time.Sleep(20 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("the server did not refuse %s within 20 s; its log:\n%s", broken, logs.String())
		}
	}
	stop.Store(true)
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if v, err := classifyOnce(); err != nil || v != "v2" {
		t.Errorf("after promoting a broken version the server answers from %q (%v), want v2", v, err)
	}
	for _, v := range []string{"v1", "v2"} {
		if _, ok := seen.Load(v); !ok {
			t.Errorf("no response came from %s during the swaps", v)
		}
	}
	t.Logf("%d requests of %d entries during the swaps", requests.Load(), len(entries))

	// The admin catalog import classifies entries without a CIP code with
	// the serving model.
	csv := "institution,program,degree,country\nAcme University,MSc Machine Learning,Master's,GB\nAcme University,Xqzv Wrrplk,Master's,GB\n"
	req, _ := http.NewRequest("POST", base+"/api/v1/admin/catalogs?name=acme", strings.NewReader(csv))
	req.Header.Set("Content-Type", "text/csv")
	req.Header.Set("Authorization", "Bearer test-token-0123456789abcdef")
	resp, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	var cat careerpath.Catalog
	json.Unmarshal(b, &cat)
	if resp.StatusCode != 201 || cat.Classified != 1 || cat.HeldForReview != 1 || cat.PendingModel != 0 {
		t.Errorf("POST /api/v1/admin/catalogs = %d %s, want 1 classified and 1 held for review", resp.StatusCode, b)
	}
}

// TestModelSwapUnderTraffic is the swap of TestServeModelSwap without the
// open data, so that it is quick under the race detector too: the real
// models, the real HTTP handler and Live, the champion moved through a
// second connection to the database as another process would.
func TestModelSwapUnderTraffic(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	path := modelTestDB(t)
	reg, err := sqlite.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer reg.Close()
	v1, v2 := registerArtifact(t, reg, quickArtifact(t, 1)), registerArtifact(t, reg, quickArtifact(t, 2))
	setChampion(t, reg, v1)

	serving, err := sqlite.Open(ctx, path) // the server's own connection
	if err != nil {
		t.Fatal(err)
	}
	defer serving.Close()
	guides := builtinGuides(t)
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	lm, err := startModel(ctx, testConfig().Lifecycle, serving, guides, log)
	if err != nil {
		t.Fatal(err)
	}
	// The web server finds the careers but renders no guide pages.
	srv, err := web.NewServer(ctx, web.Services{Guides: lookupGuides{guides.(guideList)}, Classifier: lm.Classifier(),
		Security: web.Security{APIRate: -1}}, log) // heavy traffic from one address
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv.Handler())
	defer ts.Close()

	entries := devEntries(t)
	body, _ := json.Marshal(entries)
	want := map[string]string{}
	for _, v := range []string{v1, v2} {
		m, err := lifecycle.LoadVersion(ctx, reg, v)
		if err != nil {
			t.Fatal(err)
		}
		res, _ := (&classify.Service{Relevance: lm.Relevance, Current: func() (classify.Model, string) { return m, v }}).Classify(ctx, classify.DevSetCareer, entries)
		b, _ := json.Marshal(res)
		want[v] = string(b)
	}
	classifyOnce := func() (string, error) { return wholeAnswer(ts.Client(), ts.URL, body, want) }

	var stop atomic.Bool
	var wg sync.WaitGroup
	var seen sync.Map
	errs := make(chan error, 4)
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for !stop.Load() {
				v, err := classifyOnce()
				if err != nil {
					errs <- err
					return
				}
				seen.Store(v, true)
			}
		}()
	}
	for _, v := range []string{v2, v1, v2} {
		setChampion(t, reg, v)
		deadline := time.Now().Add(servedWithin)
		for {
			if _, cur := lm.Current(); cur == v {
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("the champion %s did not serve within %v", v, servedWithin)
			}
			time.Sleep(50 * time.Millisecond)
		}
		time.Sleep(200 * time.Millisecond) // some traffic on each
	}
	stop.Store(true)
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	for _, v := range []string{v1, v2} {
		if _, ok := seen.Load(v); !ok {
			t.Errorf("no response came from %s", v)
		}
	}
}

// lookupGuides finds careers by slug and lists none, so that a server
// renders no guide pages (which need the open-data figures).
type lookupGuides struct{ guideList }

func (lookupGuides) FindGuides(context.Context, string) ([]*careerpath.Guide, error) { return nil, nil }

// classifyAnswer posts body to the classify API of the server at base
// and returns the model version that says it answered, and the answer
// re-encoded so that it compares with a marshalled []Classification.
func classifyAnswer(client *http.Client, base string, body []byte) (version string, answer []byte, err error) {
	resp, err := client.Post(base+"/api/v1/careers/"+classify.DevSetCareer+"/classify", "application/json", bytes.NewReader(body))
	if err != nil {
		return "", nil, err
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != 200 {
		return "", nil, fmt.Errorf("POST classify = %d %s", resp.StatusCode, b)
	}
	var got []careerpath.Classification
	if err := json.Unmarshal(b, &got); err != nil {
		return "", nil, err
	}
	answer, err = json.Marshal(got)
	return resp.Header.Get("X-Model-Version"), answer, err
}

// wholeAnswer classifies body and checks that the answer is the whole
// answer of the one version that says it answered (want: version →
// its answer), as it must be while promotions swap the model.
func wholeAnswer(client *http.Client, base string, body []byte, want map[string]string) (string, error) {
	v, got, err := classifyAnswer(client, base, body)
	if err != nil {
		return "", err
	}
	if w, ok := want[v]; !ok || string(got) != w {
		return "", fmt.Errorf("response from %q is not the whole answer of one model", v)
	}
	return v, nil
}
