package main

import (
	"net/http"
	"strconv"
	"testing"
	"time"

	careerpath "github.com/careerpath/careerpath"
)

// TestOverrideReachesOtherReplica: two servers on one database, as two
// replicas; a decision made through one leaves the other's finder within
// 5 s, by the other's poll of the override log (interval injected).
func TestOverrideReachesOtherReplica(t *testing.T) {
	if testing.Short() {
		t.Skip("imports the full bundled data")
	}
	t.Parallel() // a database of its own: beside the other parallel tests
	const token = "test-admin-token-0123456789"
	const career = "data-scientist"
	db := sharedDB(t)
	a := startServer(t, db, "--overrides-poll", "50ms", "--admin-token", token)
	b := startServer(t, db, "--overrides-poll", "50ms", "--admin-token", token)
	call := adminCaller(t, token)
	var before careerpath.ProgramPage
	call("GET", b+"/api/v1/careers/"+career+"/programs", "", &before)
	if len(before.Items) == 0 {
		t.Fatal("empty finder")
	}
	id := before.Items[0].ID
	var it careerpath.ReviewItem
	if code := call("POST", a+"/api/v1/admin/programs/"+strconv.FormatInt(id, 10)+"/flag", `{"career":"`+career+`","reason":"replica test"}`, &it); code != http.StatusCreated {
		t.Fatalf("flag on replica A = %d", code)
	}
	if code := call("POST", a+"/api/v1/admin/review/"+strconv.FormatInt(it.ID, 10)+"/decision", `{"relevance":"none"}`, nil); code != http.StatusCreated {
		t.Fatalf("decide on replica A = %d", code)
	}
	start := time.Now()
	for {
		var p careerpath.ProgramPage
		call("GET", b+"/api/v1/careers/"+career+"/programs", "", &p)
		if p.Total == before.Total-1 && (len(p.Items) == 0 || p.Items[0].ID != id) {
			t.Logf("replica B applied the decision after %v", time.Since(start).Round(time.Millisecond))
			break
		}
		if time.Since(start) > 5*time.Second {
			t.Fatalf("replica B still lists program %d (total %d, was %d) 5 s after the decision", id, p.Total, before.Total)
		}
		time.Sleep(20 * time.Millisecond)
	}
}
