package main

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"
)

// TestCatalogReachesRunningFinder imports catalogs while a server runs,
// through its admin API and with "careerpath catalog import" (another
// process in production): the finder must show the entries within
// seconds, without a restart.
func TestCatalogReachesRunningFinder(t *testing.T) {
	if testing.Short() {
		t.Skip("imports the full bundled data")
	}
	t.Parallel() // a database of its own: beside the other parallel tests
	const token = "test-admin-token-0123456789"
	// The shared database: TestServeFreshDatabase covers the import on
	// first start, and a second one would take minutes under -race.
	db := sharedDB(t)
	base := startServer(t, db, "--admin-token", token)

	// found waits until the query finds want programs, and returns the
	// first. It logs how long that took (a second or two for the whole
	// catalog; the race detector makes the rebuild many times slower, so
	// the deadline is generous and the test asserts no figure).
	type item struct {
		ID          int64
		Name        string
		Source      string
		Relevance   string
		Confidence  float64
		Format      string
		Institution struct{ Name, Country string }
	}
	found := func(query string, want int) item {
		t.Helper()
		deadline := time.Now().Add(3 * time.Minute)
		start := time.Now()
		for {
			code, body, _ := get(t, base+query)
			var page struct {
				Total int
				Items []item
			}
			if code != http.StatusOK {
				t.Fatalf("GET %s = %d %s", query, code, body)
			}
			if err := json.Unmarshal([]byte(body), &page); err != nil {
				t.Fatal(err)
			}
			if page.Total == want {
				t.Logf("%s: %d found after %v", query, want, time.Since(start).Round(time.Millisecond))
				if want == 0 {
					return item{}
				}
				return page.Items[0]
			}
			if time.Now().After(deadline) {
				t.Fatalf("GET %s: total %d after 3 minutes, want %d", query, page.Total, want)
			}
			time.Sleep(100 * time.Millisecond)
		}
	}
	found("/api/v1/programs?q=zephyrine", 0)

	// Through the admin API.
	csv := "institution,program,degree,format,city,country,duration_years,tuition,currency,cip\n" +
		"Zephyrine Institute,MSc Machine Learning,MSc,hybrid,Toronto,CA,1.5,21000,CAD,11.0701\n" +
		"Zephyrine Institute,BSc Psychology,BSc,on-campus,Toronto,CA,4,,,42.0101\n"
	req, err := http.NewRequest("POST", base+"/api/v1/admin/catalogs?name=zephyrine", strings.NewReader(csv))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Content-Type", "text/csv")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusCreated {
		t.Fatalf("POST catalog = %d", resp.StatusCode)
	}
	found("/api/v1/programs?q=zephyrine", 2)
	m := found("/api/v1/careers/machine-learning-engineer/programs?"+url.Values{"q": {"zephyrine"}, "country": {"CA"}, "delivery": {"online"}}.Encode(), 1)
	if m.Name != "MSc Machine Learning" || m.Source != "zephyrine" || m.Relevance != "strong" || m.Confidence != 1 ||
		m.Format != "hybrid" || m.Institution.Country != "CA" {
		t.Errorf("catalog program in the ML engineer finder = %+v", m)
	}

	// With the command, as another process would: the server sees the
	// change by polling.
	file := writeFile(t, "quillfeather.csv", "institution,program,degree,country,cip\nQuillfeather College,Data Science,Master's,US,30.7001\n")
	var out bytes.Buffer
	if err := run(context.Background(), []string{"catalog", "import", "--db", db, file}, &out, &out); err != nil {
		t.Fatalf("catalog import: %v\n%s", err, out.String())
	}
	found("/api/v1/programs?q=quillfeather", 1)
	found("/api/v1/programs?q=zephyrine", 2)
}
