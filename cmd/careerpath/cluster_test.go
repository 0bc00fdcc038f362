package main

// The cluster test: scripts/cluster's replicas behind HAProxy, driven by
// bounded load from a second process while replicas die, models move,
// editors sign in, catalogs and the open data are imported.

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// TestCluster starts three replicas behind HAProxy (scripts/cluster) on
// each store and, under load from another process, kills a replica with
// SIGKILL and restarts it, promotes a model through one replica and waits
// for every replica to serve it, signs in through one replica and uses
// the session through the others, imports a catalog through one and finds
// it through the others, kills the leader and waits for another to take
// over, and runs `careerpath import` on the shared database. It asserts
// no failed GET at the load balancer, no acknowledged write lost, the
// model everywhere within 3 s and the lease taken over within 10 s, and
// reports the figures.
func TestCluster(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a cluster and imports the bundled data")
	}
	if _, err := os.Stat("/usr/sbin/haproxy"); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("the cluster test needs /usr/sbin/haproxy (.ci/run installs it)")
		}
		t.Skip("needs /usr/sbin/haproxy: apt-get install haproxy")
	}
	bin := filepath.Join(t.TempDir(), "careerpath")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	for _, store := range []string{"sqlite", "postgres"} {
		t.Run(store, func(t *testing.T) { testCluster(t, bin, store) })
	}
}

func testCluster(t *testing.T, bin, store string) {
	c := startCluster(t, bin, store)
	load := startLoad(t, c.lb, 20)
	writes := startWrites(t, c)

	// An editor signs in through replica 1 and works through the others.
	cookie := c.signIn(t, c.replicas[0], "")
	for i, r := range c.replicas[1:] {
		if code := c.adminPage(r, cookie); code != http.StatusOK {
			t.Errorf("GET /admin on replica %d with the session of replica 1 = %d, want 200", i+2, code)
		}
	}

	// A catalog imported through replica 1 reaches the finder of the others.
	start := time.Now()
	if code, body := c.postCatalog(c.replicas[0], "zephyrine"); code != http.StatusCreated {
		t.Fatalf("catalog import through replica 1 = %d %s", code, body)
	}
	writes.ackCatalog("zephyrine")
	for i, r := range c.replicas[1:] {
		waitFor(t, fmt.Sprintf("replica %d finds the catalog's programs", i+2), 60*time.Second, func() bool {
			code, body, err := c.get(r + "/api/v1/programs?q=zephyrine")
			return err == nil && code == 200 && strings.Contains(body, "Zephyrine Institute")
		})
	}
	t.Logf("%s: catalog through replica 1 found through every replica after %v", store, time.Since(start).Round(time.Millisecond))

	// A model promoted through replica 1 is served by every replica.
	firstModel, _ := c.promote(t)

	// A replica killed and restarted.
	c.kill(t, 2)
	time.Sleep(2 * time.Second) // under load, while HAProxy notices
	start = time.Now()
	c.restart(t, 2)
	t.Logf("%s: replica 2 ready %v after its restart", store, time.Since(start).Round(time.Millisecond))

	// The leader killed: another replica takes the lease.
	leader := c.leader(t, 0)
	start = time.Now()
	c.kill(t, leader)
	next := c.leader(t, leader)
	takeover := time.Since(start)
	t.Logf("%s: leader replica %d killed, replica %d took over after %v", store, leader, next, takeover.Round(time.Millisecond))
	if takeover > 10*time.Second {
		t.Errorf("the lease was taken over after %v, want within 10 s", takeover)
	}
	c.restart(t, leader)

	if store == "postgres" {
		// The database stopped and started again under the replicas.
		c.outage(t, writes, firstModel)
	}

	// The open data imported again into the shared database, under load.
	start = time.Now()
	cmd := exec.Command(c.bin, "import")
	cmd.Env = append(os.Environ(), "CAREERPATH_DB="+c.db)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("careerpath import on the shared database: %v\n%s", err, tail(out))
	}
	t.Logf("%s: careerpath import on the shared database took %v", store, time.Since(start).Round(time.Millisecond))
	for i, r := range c.replicas {
		waitFor(t, fmt.Sprintf("replica %d ready after the import", i+1), 60*time.Second, func() bool {
			code, _, err := c.get(r + "/readyz")
			return err == nil && code == 200
		})
	}
	if store == "postgres" { // each replica moves to the new release and rebuilds its finder from it
		for i := range c.replicas {
			// Told by the notification, or found first by the finder's
			// poll of the catalog stamp (which names the release): a poll
			// right after the import's commit can beat the listener, and
			// the notification then finds the release switched already.
			waitFor(t, fmt.Sprintf("replica %d switches to the new release", i+1), 60*time.Second, func() bool {
				b, _ := os.ReadFile(filepath.Join(c.dir, fmt.Sprintf("replica-%d.log", i+1)))
				return bytes.Contains(b, []byte("open data: a new release was imported")) ||
					bytes.Contains(b, []byte("program finder: index rebuilt after new open data"))
			})
		}
		t.Logf("%s: every replica switched to the new release %v after the import began", store, time.Since(start).Round(time.Millisecond))
	}
	time.Sleep(2 * time.Second) // more load on the new data

	writes.stop()
	res := load.stop(t)
	t.Logf("%s: load through HAProxy: %d GETs, %d failed, p50 %.1f ms, p99 %.1f ms, by status %v",
		store, res.Requests, res.Failed, res.P50, res.P99, res.ByStatus)
	for _, f := range res.Failures[:min(len(res.Failures), 10)] {
		t.Errorf("GET %s at %.1f s through the load balancer: %s", f.URL, f.At, f.Err)
	}
	if res.Requests == 0 {
		t.Error("the load generator made no request")
	}
	writes.check(t)
	c.logMemory(t)
}

// cluster is a running scripts/cluster.
type cluster struct {
	dir, bin, store string
	lb              string
	replicas        []string
	token           string
	db              string // CAREERPATH_DB of the replicas
	client          *http.Client
}

func startCluster(t *testing.T, bin, store string) *cluster {
	t.Helper()
	dir := t.TempDir()
	args := []string{"start", dir, "3"}
	if store == "sqlite" {
		args = []string{"start", "--sqlite", dir, "3"}
	}
	cmd := exec.Command("../../scripts/cluster", args...)
	cmd.Env = append(os.Environ(), "CAREERPATH_BIN="+bin)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	t.Cleanup(func() {
		if t.Failed() { // the logs go with the directory: show their ends
			for i := 1; ; i++ {
				b, err := os.ReadFile(filepath.Join(dir, fmt.Sprintf("replica-%d.log", i)))
				if err != nil {
					break
				}
				lines := strings.Split(strings.TrimSpace(string(b)), "\n")
				t.Logf("replica %d's log, last lines:\n%s", i, strings.Join(lines[max(0, len(lines)-25):], "\n"))
			}
		}
		stop := exec.Command("../../scripts/cluster", "stop", dir)
		if out, err := stop.CombinedOutput(); err != nil {
			t.Errorf("scripts/cluster stop: %v\n%s", err, out)
		}
	})
	out, err := cmd.Output()
	if err != nil {
		importLog, _ := os.ReadFile(filepath.Join(dir, "import.log"))
		replicaLog, _ := os.ReadFile(filepath.Join(dir, "replica-1.log"))
		t.Fatalf("scripts/cluster %s: %v\n%s\nimport log: %s\nreplica 1: %s", strings.Join(args, " "), err, stderr.String(), tail(importLog), tail(replicaLog))
	}
	c := &cluster{dir: dir, bin: bin, store: store, lb: strings.TrimSpace(string(out)), client: &http.Client{Timeout: 30 * time.Second}}
	env := readEnv(t, filepath.Join(dir, "cluster.env"))
	n, _ := strconv.Atoi(env["N"])
	for i := 1; i <= n; i++ {
		c.replicas = append(c.replicas, env["REPLICA_"+strconv.Itoa(i)+"_URL"])
	}
	token, err := os.ReadFile(filepath.Join(dir, "admin-token"))
	if err != nil {
		t.Fatal(err)
	}
	db, err := os.ReadFile(filepath.Join(dir, "db-url"))
	if err != nil {
		t.Fatal(err)
	}
	c.token, c.db = strings.TrimSpace(string(token)), strings.TrimSpace(string(db)) // as the script reads them: "$(cat file)"
	return c
}

func readEnv(t *testing.T, path string) map[string]string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	env := map[string]string{}
	for _, line := range strings.Split(string(b), "\n") {
		if k, v, ok := strings.Cut(line, "="); ok {
			env[k] = v
		}
	}
	return env
}

func (c *cluster) get(u string) (int, string, error) {
	resp, err := c.client.Get(u)
	if err != nil {
		return 0, "", err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b), err
}

// admin calls the admin API of base with the token.
func (c *cluster) admin(method, u, body string) (int, string, http.Header, error) {
	req, err := http.NewRequest(method, u, strings.NewReader(body))
	if err != nil {
		return 0, "", nil, err
	}
	req.Header.Set("Authorization", "Bearer "+c.token)
	req.Header.Set("Content-Type", "application/json")
	resp, err := c.client.Do(req)
	if err != nil {
		return 0, "", nil, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b), resp.Header, err
}

// signIn signs an editor in through base (as client address xff behind
// the proxy, if set) and returns the session cookie ("name=value").
func (c *cluster) signIn(t *testing.T, base, xff string) string {
	t.Helper()
	cookie, err := c.trySignIn(base, xff)
	if err != nil {
		t.Fatal(err)
	}
	return cookie
}

func (c *cluster) trySignIn(base, xff string) (string, error) {
	form := url.Values{"name": {"ana"}, "token": {c.token}, "next": {"/admin"}}
	req, err := http.NewRequest("POST", base+"/admin/login", strings.NewReader(form.Encode()))
	if err != nil {
		return "", err
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if xff != "" {
		req.Header.Set("X-Forwarded-For", xff)
	}
	noRedirect := *c.client
	noRedirect.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	resp, err := noRedirect.Do(req)
	if err != nil {
		return "", err
	}
	resp.Body.Close()
	for _, ck := range resp.Cookies() {
		if ck.Name == "careerpath_admin" && ck.Value != "" {
			return ck.Name + "=" + ck.Value, nil
		}
	}
	return "", fmt.Errorf("sign-in through %s = %d without a session cookie", base, resp.StatusCode)
}

// adminPage is the status of GET /admin with the session cookie (the
// cookie is Secure, so it is sent by hand over http).
func (c *cluster) adminPage(base, cookie string) int {
	req, _ := http.NewRequest("GET", base+"/admin", nil)
	req.Header.Set("Cookie", cookie)
	noRedirect := *c.client
	noRedirect.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	resp, err := noRedirect.Do(req)
	if err != nil {
		return 0
	}
	resp.Body.Close()
	return resp.StatusCode
}

func (c *cluster) postCatalog(base, name string) (int, string) {
	csv := "institution,program,degree,format,city,country,cip\n" +
		"Zephyrine Institute,MSc Machine Learning " + name + ",MSc,hybrid,Toronto,CA,11.0701\n"
	req, _ := http.NewRequest("POST", base+"/api/v1/admin/catalogs?name="+url.QueryEscape(name), strings.NewReader(csv))
	req.Header.Set("Authorization", "Bearer "+c.token)
	req.Header.Set("Content-Type", "text/csv")
	resp, err := c.client.Do(req)
	if err != nil {
		return 0, err.Error()
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// servedModel is the model version that classifies on base.
func (c *cluster) servedModel(base string) string {
	req, _ := http.NewRequest("POST", base+"/api/v1/careers/machine-learning-engineer/classify",
		strings.NewReader(`[{"institution":"Acme","program":"MSc Machine Learning","degree":"MSc"}]`))
	req.Header.Set("Content-Type", "application/json")
	resp, err := c.client.Do(req)
	if err != nil {
		return ""
	}
	resp.Body.Close()
	return resp.Header.Get("X-Model-Version")
}

// promote trains a second model on the shared database, promotes it
// through replica 1 and waits until every replica serves it; it returns
// the champion before and the one promoted.
func (c *cluster) promote(t *testing.T) (before, version string) {
	t.Helper()
	before = c.servedModel(c.replicas[0])
	train := exec.Command(c.bin, "train")
	train.Env = append(os.Environ(), "CAREERPATH_DB="+c.db)
	if out, err := train.CombinedOutput(); err != nil {
		t.Fatalf("careerpath train: %v\n%s", err, tail(out))
	}
	code, body, _, err := c.admin("GET", c.replicas[0]+"/api/v1/admin/models", "")
	if err != nil || code != 200 {
		t.Fatalf("GET models = %d %v %s", code, err, body)
	}
	var models struct{ Models []struct{ Version string } }
	json.Unmarshal([]byte(body), &models)
	for _, m := range models.Models {
		if m.Version != before {
			version = m.Version
			break
		}
	}
	if version == "" {
		t.Fatalf("no model version besides %q after careerpath train: %s", before, body)
	}
	c.promoteServed(t, version, before)
	return before, version
}

// promoteServed promotes version (the champion being was) through
// replica 1 and waits until every replica serves it, within 3 s.
func (c *cluster) promoteServed(t *testing.T, version, was string) {
	t.Helper()
	start := time.Now()
	if code, body, _, err := c.admin("POST", c.replicas[0]+"/api/v1/admin/models/"+version+"/promote", `{"reason":"cluster test"}`); err != nil || code != 200 {
		t.Fatalf("promote %s through replica 1 = %d %v %s", version, code, err, body)
	}
	served := map[int]time.Duration{}
	for len(served) < len(c.replicas) && time.Since(start) < 30*time.Second {
		for i, r := range c.replicas {
			if _, ok := served[i]; !ok && c.servedModel(r) == version {
				served[i] = time.Since(start)
			}
		}
		time.Sleep(50 * time.Millisecond)
	}
	var all time.Duration
	for i := range c.replicas {
		d, ok := served[i]
		if !ok {
			t.Fatalf("replica %d does not serve %s 30 s after its promotion through replica 1", i+1, version)
		}
		all = max(all, d)
	}
	t.Logf("%s: %s (was %s) promoted through replica 1, served by every replica after %v (per replica %v)", c.store, version, was, all.Round(time.Millisecond), served)
	if all > 3*time.Second {
		t.Errorf("every replica served the promoted model after %v, want within 3 s", all)
	}
}

func (c *cluster) pid(t *testing.T, i int) int {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(c.dir, fmt.Sprintf("replica-%d.pid", i)))
	if err != nil {
		t.Fatal(err)
	}
	pid, err := strconv.Atoi(strings.TrimSpace(string(b)))
	if err != nil {
		t.Fatal(err)
	}
	return pid
}

// kill kills replica i (1…N) with SIGKILL and waits until it is gone.
func (c *cluster) kill(t *testing.T, i int) {
	t.Helper()
	pid := c.pid(t, i)
	if err := syscall.Kill(pid, syscall.SIGKILL); err != nil {
		t.Fatalf("kill replica %d (pid %d): %v", i, pid, err)
	}
	waitFor(t, fmt.Sprintf("replica %d gone", i), 10*time.Second, func() bool {
		return syscall.Kill(pid, 0) != nil
	})
}

// restart starts replica i again and waits until it is ready.
func (c *cluster) restart(t *testing.T, i int) {
	t.Helper()
	cmd := exec.Command("../../scripts/cluster", "replica", c.dir, strconv.Itoa(i))
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("scripts/cluster replica %d: %v\n%s", i, err, out)
	}
	waitFor(t, fmt.Sprintf("replica %d ready after its restart", i), 120*time.Second, func() bool {
		code, _, err := c.get(c.replicas[i-1] + "/readyz")
		return err == nil && code == 200
	})
}

// leader waits until a replica other than not (1…N; 0 for any) says it
// holds the lease, and returns it.
func (c *cluster) leader(t *testing.T, not int) int {
	t.Helper()
	found := 0
	waitFor(t, "a leader", 30*time.Second, func() bool {
		for i, r := range c.replicas {
			if i+1 == not {
				continue
			}
			code, body, _, err := c.admin("GET", r+"/api/v1/admin/monitoring", "")
			var m struct{ Leader struct{ Self bool } }
			if err == nil && code == 200 && json.Unmarshal([]byte(body), &m) == nil && m.Leader.Self {
				found = i + 1
				return true
			}
		}
		return false
	})
	return found
}

// logMemory logs each replica's resident memory.
func (c *cluster) logMemory(t *testing.T) {
	var rss []string
	for i := range c.replicas {
		status, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", c.pid(t, i+1)))
		if err != nil {
			continue
		}
		for _, line := range strings.Split(string(status), "\n") {
			if v, ok := strings.CutPrefix(line, "VmRSS:"); ok {
				rss = append(rss, strings.TrimSpace(v))
			}
		}
	}
	t.Logf("%s: resident memory per replica at the end: %v", c.store, rss)
}

// writes signs editors in through the load balancer, as distinct clients
// behind it, all through the test; each acknowledged sign-in is a
// session that every replica must know at the end.
type writes struct {
	c        *cluster
	done     chan struct{}
	wg       sync.WaitGroup
	mu       sync.Mutex
	sessions []string
	catalogs []string
	failed   []string
}

func startWrites(t *testing.T, c *cluster) *writes {
	w := &writes{c: c, done: make(chan struct{})}
	w.wg.Add(1)
	go func() {
		defer w.wg.Done()
		tick := time.NewTicker(300 * time.Millisecond)
		defer tick.Stop()
		for i := 0; ; i++ {
			select {
			case <-w.done:
				return
			case <-tick.C:
			}
			// A fresh client address each time: the sign-in limit is per client.
			cookie, err := c.trySignIn(c.lb, fmt.Sprintf("198.18.%d.%d", i/250, i%250+1))
			w.mu.Lock()
			if err != nil {
				w.failed = append(w.failed, err.Error())
			} else {
				w.sessions = append(w.sessions, cookie)
			}
			w.mu.Unlock()
		}
	}()
	return w
}

func (w *writes) ackCatalog(name string) {
	w.mu.Lock()
	w.catalogs = append(w.catalogs, name)
	w.mu.Unlock()
}

func (w *writes) stop() {
	close(w.done)
	w.wg.Wait()
}

// check asserts that every acknowledged write is there on every replica.
func (w *writes) check(t *testing.T) {
	t.Helper()
	lost := 0
	for _, s := range w.sessions {
		for i, r := range w.c.replicas {
			if code := w.c.adminPage(r, s); code != http.StatusOK {
				lost++
				t.Errorf("session of an acknowledged sign-in refused by replica %d: GET /admin = %d", i+1, code)
				break
			}
		}
	}
	for i, r := range w.c.replicas {
		_, body, _, err := w.c.admin("GET", r+"/api/v1/admin/monitoring", "")
		for _, name := range w.catalogs {
			if err != nil || !strings.Contains(body, `"`+name+`"`) {
				lost++
				t.Errorf("acknowledged catalog %q missing on replica %d", name, i+1)
			}
		}
	}
	t.Logf("%s: writes through the load balancer: %d sign-ins and %d catalogs acknowledged, %d lost; %d sign-ins failed %v",
		w.c.store, len(w.sessions), len(w.catalogs), lost, len(w.failed), w.failed[:min(len(w.failed), 3)])
	if len(w.sessions) == 0 {
		t.Error("no sign-in was acknowledged")
	}
	// Each sign-in came from its own client address behind the proxy
	// (X-Forwarded-For, --trusted-proxies): none may hit the per-client
	// limit, as they would if every client had the proxy's address.
	for _, f := range w.failed {
		if strings.Contains(f, "= 429") {
			t.Errorf("sign-in refused by the per-client limit: the replicas counted the proxy's address, not the client's: %s", f)
			break
		}
	}
}

func tail(b []byte) string {
	lines := strings.Split(strings.TrimSpace(string(b)), "\n")
	return strings.Join(lines[max(0, len(lines)-10):], "\n")
}

func lastLine(b []byte) string {
	lines := strings.Split(strings.TrimSpace(string(b)), "\n")
	return lines[len(lines)-1]
}

// The load generator runs in a child process: the test binary again, with
// CAREERPATH_CLUSTER_LOAD set to the load balancer's URL, until its
// standard input closes; it prints a loadResult as JSON.

// loadPaths are the idempotent GETs of the load: pages, the finder's JSON
// (under the API's rate limit per client) and a career.
var loadPaths = []string{
	"/careers/machine-learning-engineer",
	"/api/v1/programs?q=data&per_page=20",
	"/programs?state=CA",
	"/api/v1/careers/data-scientist/programs",
	"/careers",
	"/api/v1/careers/machine-learning-engineer",
}

type loadResult struct {
	Requests, Failed int
	P50, P99         float64 // milliseconds
	ByStatus         map[string]int
	Failures         []loadFailure
}

type loadFailure struct {
	At       float64 // seconds since the start
	URL, Err string
}

type loadProcess struct {
	cmd   *exec.Cmd
	stdin io.WriteCloser
	out   bytes.Buffer
}

// startLoad starts the load generator against lb at rate GETs a second.
func startLoad(t *testing.T, lb string, rate int) *loadProcess {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestClusterLoadProcess$")
	cmd.Env = append(os.Environ(), "CAREERPATH_CLUSTER_LOAD="+lb, "CAREERPATH_CLUSTER_RATE="+strconv.Itoa(rate))
	p := &loadProcess{cmd: cmd}
	cmd.Stdout = &p.out
	cmd.Stderr = os.Stderr
	var err error
	if p.stdin, err = cmd.StdinPipe(); err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { p.stdin.Close(); cmd.Wait() })
	return p
}

func (p *loadProcess) stop(t *testing.T) loadResult {
	t.Helper()
	p.stdin.Close()
	if err := p.cmd.Wait(); err != nil {
		t.Fatalf("load generator: %v\n%s", err, p.out.String())
	}
	var res loadResult
	for _, line := range strings.Split(p.out.String(), "\n") {
		if js, ok := strings.CutPrefix(line, "LOAD "); ok {
			if err := json.Unmarshal([]byte(js), &res); err != nil {
				t.Fatal(err)
			}
			return res
		}
	}
	t.Fatalf("the load generator printed no result:\n%s", p.out.String())
	return res
}

// TestClusterLoadProcess is the load generator of TestCluster, in its own
// process; it does nothing in a normal test run.
func TestClusterLoadProcess(t *testing.T) {
	lb := os.Getenv("CAREERPATH_CLUSTER_LOAD")
	if lb == "" {
		t.Skip("TestCluster's load generator, run by it in a child process")
	}
	rate, _ := strconv.Atoi(os.Getenv("CAREERPATH_CLUSTER_RATE"))
	res := runLoad(lb, max(rate, 1), os.Stdin)
	b, _ := json.Marshal(res)
	fmt.Printf("LOAD %s\n", b)
}

// runLoad sends rate GETs a second to lb, cycling through loadPaths on
// four connections at most, until stop reaches its end.
func runLoad(lb string, rate int, stop io.Reader) loadResult {
	ctx, cancel := context.WithCancel(context.Background())
	go func() { io.Copy(io.Discard, bufio.NewReader(stop)); cancel() }()
	client := &http.Client{Timeout: 30 * time.Second, Transport: &http.Transport{MaxIdleConnsPerHost: 4}}
	var (
		mu    sync.Mutex
		res   = loadResult{ByStatus: map[string]int{}}
		times []float64
		wg    sync.WaitGroup
	)
	start := time.Now()
	jobs := make(chan string)
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for path := range jobs {
				t0 := time.Now()
				resp, err := client.Get(lb + path)
				status, failure := "", ""
				if err != nil {
					status, failure = "error", err.Error()
				} else {
					_, err = io.Copy(io.Discard, resp.Body)
					resp.Body.Close()
					status = strconv.Itoa(resp.StatusCode)
					switch {
					case err != nil:
						failure = "body cut: " + err.Error()
					case resp.StatusCode != http.StatusOK:
						failure = "status " + status
					}
				}
				mu.Lock()
				res.Requests++
				res.ByStatus[status]++
				times = append(times, float64(time.Since(t0).Microseconds())/1000)
				if failure != "" {
					res.Failed++
					res.Failures = append(res.Failures, loadFailure{At: time.Since(start).Seconds(), URL: path, Err: failure})
				}
				mu.Unlock()
			}
		}()
	}
	tick := time.NewTicker(time.Second / time.Duration(rate))
	for i := 0; ctx.Err() == nil; i++ {
		select {
		case <-ctx.Done():
		case <-tick.C:
			select {
			case jobs <- loadPaths[i%len(loadPaths)]:
			case <-ctx.Done():
			}
		}
	}
	tick.Stop()
	close(jobs)
	wg.Wait()
	slices.Sort(times)
	if n := len(times); n > 0 {
		res.P50, res.P99 = times[n/2], times[min(n-1, n*99/100)]
	}
	return res
}
