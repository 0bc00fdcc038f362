package main

// TestCluster's database outage: the cluster's PostgreSQL stopped under
// load and started again.

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/careerpath/careerpath/web"
)

// outageCatalog is the catalog posted during the outage and after it: a
// 409 after would mean that a write answered 503 was saved.
const outageCatalog = "pgoutage"

// outage stops the cluster's PostgreSQL server under the load and starts
// it again. While it is down every replica stays in HAProxy's rotation
// (/readyz 200 "degraded"), GETs through the load balancer answer 200 (the
// load generator counts every one), and writes answer 503 saying that
// nothing was saved, and are not. Once it is back, writes succeed again
// without a restart, a replica leads, every listener is back and a
// promotion reaches every replica within 3 s. Each replica's log says so
// in a few lines, not one per try.
func (c *cluster) outage(t *testing.T, w *writes, model string) {
	t.Helper()
	logSizes := c.logSizes(t)
	c.script(t, "db-stop")
	stopped := time.Now()
	// HAProxy checks /readyz every second and takes a replica out after two
	// failures (scripts/haproxy.cfg: inter 1s fall 2): an outage that
	// outlasts that shows the rule at work, and one of several tries of
	// every poller (1 s) shows that they do not log each.
	time.Sleep(4 * time.Second)
	for i, r := range c.replicas {
		resp, err := c.client.Get(r + "/readyz")
		if err != nil {
			t.Fatalf("replica %d /readyz with the database down: %v", i+1, err)
		}
		resp.Body.Close()
		if resp.StatusCode != 200 || resp.Header.Get(web.DegradedHeader) == "" {
			t.Errorf("replica %d /readyz with the database down = %d, %s %q; want 200 and the header", i+1, resp.StatusCode, web.DegradedHeader, resp.Header.Get(web.DegradedHeader))
		}
	}
	for name, status := range c.lbServers(t) {
		if status != "UP" {
			t.Errorf("HAProxy has replica %s %s with the database down, want UP", name, status)
		}
	}
	for _, p := range append(slices.Clone(loadPaths), "/sources", "/api/v1/suggest?q=dat", "/careers/data-scientist/skills") {
		if code, body, err := c.get(c.lb + p); err != nil || code != 200 {
			t.Errorf("GET %s through the load balancer with the database down = %d %v %.200s, want 200", p, code, err, body)
		}
	}
	unreachable := func(what string, code int, body string) {
		t.Helper()
		if code != http.StatusServiceUnavailable || !strings.Contains(body, "database is unreachable") || !strings.Contains(body, "nothing was saved") {
			t.Errorf("%s with the database down = %d %.300s, want 503 saying the database is unreachable and nothing was saved", what, code, body)
		}
	}
	code, body := c.postCatalog(c.lb, outageCatalog)
	unreachable("POST catalog through the load balancer", code, body)
	code, body, _, _ = c.admin("POST", c.lb+"/api/v1/admin/models/"+model+"/promote", `{"reason":"during the outage"}`)
	unreachable("POST promote through the load balancer", code, body)
	form := url.Values{"name": {"ana"}, "token": {c.token}, "next": {"/admin"}}
	resp, err := c.client.PostForm(c.lb+"/admin/login", form)
	if err != nil {
		t.Fatal(err)
	}
	var page bytes.Buffer
	page.ReadFrom(resp.Body)
	resp.Body.Close()
	unreachable("sign-in through the load balancer", resp.StatusCode, page.String())
	down := time.Since(stopped)
	upSizes := c.logSizes(t)

	c.script(t, "db-start")
	up := time.Now()
	waitFor(t, "a write through the load balancer once the database is back", 30*time.Second, func() bool {
		code, body := c.postCatalog(c.lb, outageCatalog)
		if code == http.StatusConflict {
			t.Fatalf("catalog %q exists after its imports answered 503: %s", outageCatalog, body)
		}
		return code == http.StatusCreated
	})
	w.ackCatalog(outageCatalog)
	writesBack := time.Since(up)
	leader := c.leader(t, 0)
	leaderBack := time.Since(up)
	for i := range c.replicas {
		waitFor(t, fmt.Sprintf("replica %d listens again", i+1), 30*time.Second, func() bool {
			return bytes.Contains(c.logSince(t, i+1, upSizes[i]), []byte("change notification: listening again"))
		})
	}
	listenBack := time.Since(up)
	t.Logf("postgres: database down %v under load; once back: writes after %v, replica %d leads after %v, every listener back after %v",
		down.Round(time.Millisecond), writesBack.Round(time.Millisecond), leader, leaderBack.Round(time.Millisecond), listenBack.Round(time.Millisecond))
	c.promoteServed(t, model, c.servedModel(c.replicas[0]))

	// A log line per transition, not per try or request: no message more
	// than twice (a failure, and the same failing differently) in a
	// replica's log while the database was down.
	for i := range c.replicas {
		counts := map[string]int{}
		outage := c.logSince(t, i+1, logSizes[i])[:upSizes[i]-logSizes[i]]
		lines := strings.Split(strings.TrimSpace(string(outage)), "\n")
		for _, line := range lines {
			if m := logMessage.FindStringSubmatch(line); m != nil {
				counts[m[1]]++
			}
		}
		for msg, n := range counts {
			if n > 2 {
				t.Errorf("replica %d logged %q %d times over the outage, want at most twice", i+1, msg, n)
			}
		}
		if i == 0 {
			var msgs []string
			for _, line := range lines {
				if m := logMessage.FindStringSubmatch(line); m != nil {
					msgs = append(msgs, m[1])
				}
			}
			t.Logf("postgres: replica 1 logged %d lines over the outage: %s", len(lines), strings.Join(msgs, "; "))
		}
	}
}

// logMessage finds the message of a line of slog's text format.
var logMessage = regexp.MustCompile(`\bmsg=("(?:[^"\\]|\\.)*"|\S+)`)

// script runs scripts/cluster's command on the cluster.
func (c *cluster) script(t *testing.T, command string) {
	t.Helper()
	if out, err := exec.Command("../../scripts/cluster", command, c.dir).CombinedOutput(); err != nil {
		t.Fatalf("scripts/cluster %s: %v\n%s", command, err, out)
	}
}

// lbServers returns the status of each replica in HAProxy's statistics.
func (c *cluster) lbServers(t *testing.T) map[string]string {
	t.Helper()
	env := readEnv(t, filepath.Join(c.dir, "cluster.env"))
	code, body, err := c.get(env["STATS_URL"] + ";csv")
	if err != nil || code != 200 {
		t.Fatalf("HAProxy statistics = %d %v", code, err)
	}
	rows, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(body, "# "))).ReadAll()
	if err != nil || len(rows) < 2 {
		t.Fatalf("HAProxy statistics: %v\n%s", err, body)
	}
	col := map[string]int{}
	for i, name := range rows[0] {
		col[name] = i
	}
	servers := map[string]string{}
	for _, r := range rows[1:] {
		if len(r) > col["status"] && r[col["pxname"]] == "replicas" && r[col["svname"]] != "BACKEND" {
			servers[r[col["svname"]]] = r[col["status"]]
		}
	}
	if len(servers) != len(c.replicas) {
		t.Fatalf("HAProxy statistics list replicas %v, want %d", servers, len(c.replicas))
	}
	return servers
}

// logSizes returns the size of each replica's log now.
func (c *cluster) logSizes(t *testing.T) []int64 {
	t.Helper()
	sizes := make([]int64, len(c.replicas))
	for i := range c.replicas {
		fi, err := os.Stat(filepath.Join(c.dir, fmt.Sprintf("replica-%d.log", i+1)))
		if err != nil {
			t.Fatal(err)
		}
		sizes[i] = fi.Size()
	}
	return sizes
}

// logSince returns what replica i (1…N) logged after its log had size.
func (c *cluster) logSince(t *testing.T, i int, size int64) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(c.dir, fmt.Sprintf("replica-%d.log", i)))
	if err != nil {
		t.Fatal(err)
	}
	return b[min(size, int64(len(b))):]
}
