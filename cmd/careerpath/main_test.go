package main

import (
	"bufio"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// startServer runs "careerpath serve" in-process on port 0 against db and
// returns its base URL. The server stops when the test ends.
func startServer(t *testing.T, db string) string {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	pr, pw := io.Pipe()
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"serve", "--addr", "127.0.0.1:0", "--db", db}, pw, io.Discard)
		pw.Close()
	}()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("serve: %v", err)
		}
	})
	lines := bufio.NewScanner(pr)
	for lines.Scan() {
		if url, ok := strings.CutPrefix(lines.Text(), "careerpath: serving on "); ok {
			go io.Copy(io.Discard, pr)
			return url
		}
	}
	t.Fatalf("serve exited before listening: %v", <-done)
	return ""
}

func get(t *testing.T, url string) (int, string, http.Header) {
	t.Helper()
	client := &http.Client{Timeout: 10 * time.Second}
	resp, err := client.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, string(body), resp.Header
}

// TestServeFreshDatabase starts serve on a path with no database: it must
// import the bundled data first and then answer every route.
func TestServeFreshDatabase(t *testing.T) {
	if testing.Short() {
		t.Skip("imports the full bundled data")
	}
	db := filepath.Join(t.TempDir(), "careerpath.db")
	base := startServer(t, db)

	if code, body, _ := get(t, base+"/healthz"); code != 200 || !strings.Contains(body, `"ok"`) {
		t.Errorf("GET /healthz = %d %s, want 200 ok", code, body)
	}

	code, body, hdr := get(t, base+"/api/v1/sources")
	if code != 200 || !strings.HasPrefix(hdr.Get("Content-Type"), "application/json") {
		t.Fatalf("GET /api/v1/sources = %d %s", code, hdr.Get("Content-Type"))
	}
	var sources struct {
		Datasets []struct {
			ID, Title, AsOf, License, Attribution string
			Rows                                  int
		} `json:"datasets"`
	}
	if err := json.Unmarshal([]byte(body), &sources); err != nil {
		t.Fatal(err)
	}
	rows := map[string]int{}
	for _, d := range sources.Datasets {
		rows[d.ID] = d.Rows
		if d.Title == "" || d.License == "" || d.Attribution == "" {
			t.Errorf("dataset %s lacks title, licence or attribution: %+v", d.ID, d)
		}
	}
	if rows["bls-oews"] != 1403 {
		t.Errorf("bls-oews rows = %d, want 1403", rows["bls-oews"])
	}

	code, body, _ = get(t, base+"/sources")
	if code != 200 || !strings.Contains(body, "Occupational Employment and Wage Statistics") || !strings.Contains(body, "CC BY 4.0 license") {
		t.Errorf("GET /sources = %d, want the dataset table and the O*NET attribution", code)
	}

	code, body, _ = get(t, base+"/metrics")
	if code != 200 || !strings.Contains(body, `careerpath_http_requests_total{code="200",route="GET /sources"} 1`) ||
		!strings.Contains(body, `careerpath_http_request_duration_seconds_bucket{route="GET /api/v1/sources"`) {
		t.Errorf("GET /metrics = %d, want request counts and latency histograms per route:\n%s", code, body)
	}

	if code, body, _ := get(t, base+"/api/v1/nope"); code != 404 || !strings.Contains(body, `"not_found"`) {
		t.Errorf("GET /api/v1/nope = %d %s, want a JSON 404", code, body)
	}
}
