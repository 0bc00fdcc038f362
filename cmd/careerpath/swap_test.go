package main

import (
	"context"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"
)

// TestImportUnderRunningServer: `careerpath import` moves a new database
// file under a running server. The server reopens it: /readyz stays ok,
// a catalog imported after the swap is acknowledged, lands in the new
// file (it is there after a restart) and reaches the finder, which reads
// the new file.
func TestImportUnderRunningServer(t *testing.T) {
	if testing.Short() {
		t.Skip("imports the full bundled data")
	}
	const token = "test-admin-token-0123456789"
	t.Setenv("CAREERPATH_ADMIN_TOKEN", token)
	db := sharedDB(t)
	postCatalog := func(base, name string) (int, string) {
		t.Helper()
		jsonl := `{"institution":"Acme Institute","program":"MSc Computer Science","degree":"MSc","country":"GB","cip":"11.0701"}` + "\n"
		req, _ := http.NewRequest("POST", base+"/api/v1/admin/catalogs?name="+name, strings.NewReader(jsonl))
		req.Header.Set("Authorization", "Bearer "+token)
		req.Header.Set("Content-Type", "application/x-ndjson")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		body, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(body)
	}

	var logs syncBuffer
	base, stop := serveLogged(t, db, &logs)
	if err := run(context.Background(), []string{"import", "--db", db}, io.Discard, io.Discard); err != nil {
		t.Fatalf("import under the server: %v", err)
	}
	if code, body, _ := get(t, base+"/readyz"); code != http.StatusOK {
		t.Errorf("GET /readyz after the swap = %d %s, want 200 (the new file reopened)", code, body)
	}
	if code, body := postCatalog(base, "after-swap"); code != http.StatusCreated {
		t.Fatalf("catalog import after the swap = %d %s, want 201", code, body)
	}
	deadline := time.Now().Add(2 * time.Minute)
	for {
		code, body, _ := get(t, base+"/api/v1/programs?q=acme")
		if code == http.StatusOK && strings.Contains(body, "Acme Institute") {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the finder never showed the catalog imported after the swap: %d %.300s", code, body)
		}
		time.Sleep(100 * time.Millisecond)
	}
	if !strings.Contains(logs.String(), "reopened") {
		t.Errorf("the server did not log the reopen:\n%.2000s", logs.String())
	}
	stop()

	base, _ = serveStoppable(t, db)
	req, _ := http.NewRequest("GET", base+"/api/v1/admin/monitoring", nil)
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if !strings.Contains(string(body), `"after-swap"`) {
		t.Errorf("after a restart the catalog acknowledged after the swap is missing: %.300s", body)
	}
}
