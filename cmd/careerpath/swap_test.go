package main

import (
	"context"
	"io"
	"net/http"
	"strings"
	"testing"
)

// TestImportUnderRunningServer: `careerpath import` moves a new database
// file under a running server. The server must not acknowledge a write to
// the deleted file: a catalog import answers 503 and /readyz turns 503;
// after a restart on the new file, a catalog import is kept.
func TestImportUnderRunningServer(t *testing.T) {
	if testing.Short() {
		t.Skip("imports the full bundled data")
	}
	const token = "test-admin-token-0123456789"
	t.Setenv("CAREERPATH_ADMIN_TOKEN", token)
	db := sharedDB(t)
	postCatalog := func(base, name string) (int, string) {
		t.Helper()
		jsonl := `{"institution":"Acme Institute","program":"MSc Computer Science","degree":"MSc","country":"GB"}` + "\n"
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

	base, stop := serveStoppable(t, db)
	if err := run(context.Background(), []string{"import", "--db", db}, io.Discard, io.Discard); err != nil {
		t.Fatalf("import under the server: %v", err)
	}
	if code, body := postCatalog(base, "after-swap"); code != http.StatusServiceUnavailable || !strings.Contains(body, "replaced") {
		t.Errorf("catalog import after the swap = %d %s, want 503 saying the file was replaced", code, body)
	}
	if code, body, _ := get(t, base+"/readyz"); code != http.StatusServiceUnavailable {
		t.Errorf("GET /readyz after the swap = %d %s, want 503", code, body)
	}
	stop()

	base, stop = serveStoppable(t, db)
	if code, body := postCatalog(base, "on-new-file"); code != http.StatusCreated {
		t.Fatalf("catalog import on the new file = %d %s, want 201", code, body)
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
	if !strings.Contains(string(body), `"on-new-file"`) {
		t.Errorf("after a restart the acknowledged catalog is missing: %.300s", body)
	}
	if strings.Contains(string(body), `"after-swap"`) {
		t.Errorf("the refused catalog was stored")
	}
}
