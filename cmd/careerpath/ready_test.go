package main

import (
	"bufio"
	"context"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"
)

// TestReadyz: on port 0, /readyz answers 503 while the finder's index is
// held back (and /healthz 200, the process being alive), 200 once it is
// built, and 503 again while the server drains after being stopped, when
// other routes still answer.
func TestReadyz(t *testing.T) {
	if testing.Short() {
		t.Skip("needs the full bundled database")
	}
	db := sharedDB(t)
	release := make(chan struct{})
	beforeFinder = func(ctx context.Context) {
		select {
		case <-release:
		case <-ctx.Done():
		}
	}
	t.Cleanup(func() { beforeFinder = func(context.Context) {} })

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	pr, pw := io.Pipe()
	done := make(chan error, 1)
	go func() {
		// The drain delay only has to outlast the test's polling of /readyz
		// after the stop; it is not a bound on anything.
		done <- run(ctx, []string{"serve", "--addr", "127.0.0.1:0", "--db", db, "--drain-delay", "3s"}, pw, io.Discard)
		pw.Close()
	}()
	var base string
	lines := bufio.NewScanner(pr)
	for lines.Scan() {
		if u, ok := strings.CutPrefix(lines.Text(), "careerpath: serving on "); ok {
			base = u
			break
		}
	}
	if base == "" {
		t.Fatalf("serve exited before listening: %v", <-done)
	}
	go io.Copy(io.Discard, pr)

	if code, body, _ := get(t, base+"/readyz"); code != http.StatusServiceUnavailable || !strings.Contains(body, "index") {
		t.Errorf("GET /readyz before the index = %d %s, want 503 naming the index", code, body)
	}
	if code, _, _ := get(t, base+"/healthz"); code != http.StatusOK {
		t.Errorf("GET /healthz before the index = %d, want 200 (alive)", code)
	}
	close(release)
	waitForFinder(t, base)
	if code, body, _ := get(t, base+"/readyz"); code != http.StatusOK {
		t.Errorf("GET /readyz after the index = %d %s, want 200", code, body)
	}

	cancel() // as SIGTERM does
	deadline := time.Now().Add(time.Minute)
	for {
		code, body, _ := get(t, base+"/readyz")
		if code == http.StatusServiceUnavailable && strings.Contains(body, "shutting down") {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("GET /readyz while draining = %d %s, want 503 shutting down", code, body)
		}
		time.Sleep(10 * time.Millisecond)
	}
	if code, _, _ := get(t, base+"/healthz"); code != http.StatusOK {
		t.Errorf("GET /healthz while draining = %d, want 200: requests are still served", code)
	}
	if err := <-done; err != nil {
		t.Errorf("serve: %v", err)
	}
}
