package main

import (
	"context"
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	careerpath "github.com/careerpath/careerpath"
	"github.com/careerpath/careerpath/sqlite"
)

// TestOccupationFinder: a generated career's page has the program finder
// with every filter, and its programs are those of the occupation's
// crosswalk fields (strong) and of neighbouring fields (related); the API
// answers for it too.
func TestOccupationFinder(t *testing.T) {
	if testing.Short() {
		t.Skip("imports the full bundled data")
	}
	t.Parallel() // a database of its own: beside the other parallel tests
	path := sharedDB(t)
	db, err := sqlite.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	crosswalk, err := db.Crosswalk(context.Background())
	db.Close()
	if err != nil {
		t.Fatal(err)
	}
	nursing := map[string]bool{} // the fields the crosswalk links to registered nurses
	for _, l := range crosswalk {
		if l.SOC == "29-1141" {
			nursing[l.CIP] = true
		}
	}
	if len(nursing) == 0 {
		t.Fatal("the crosswalk links no field to 29-1141")
	}
	const token = "test-admin-token-0123456789"
	base := startServer(t, path, "--admin-token", token)

	// The generated careers, and then their finder, come after the server
	// listens: 503 until then.
	api := base + "/api/v1/careers/registered-nurses/programs?per_page=100"
	deadline := time.Now().Add(2 * time.Minute)
	code, body, _ := get(t, api)
	for code == http.StatusServiceUnavailable && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
		code, body, _ = get(t, api)
	}
	var page careerpath.ProgramPage
	if err := json.Unmarshal([]byte(body), &page); code != 200 || err != nil {
		t.Fatalf("GET %s = %d %.300s (%v)", api, code, body, err)
	}
	if page.Strong == 0 || page.Related == 0 || page.Total != page.Strong+page.Related {
		t.Errorf("registered nurses: %d strong, %d related, total %d; want both tiers", page.Strong, page.Related, page.Total)
	}
	for _, m := range page.Items {
		if m.Level == careerpath.RelevanceStrong && !nursing[m.CIP] {
			t.Errorf("program %d (%s, CIP %s) is strong for registered nurses, but the crosswalk does not link its field", m.ID, m.Name, m.CIP)
		}
		if len(m.Reasons) == 0 {
			t.Errorf("program %d has no reasons", m.ID)
		}
	}
	if it := page.Items; len(it) == 0 || it[0].Level != careerpath.RelevanceStrong {
		t.Errorf("registered nurses: first program %+v, want a strong match", it)
	}

	code, html, _ := get(t, base+"/careers/registered-nurses")
	if code != 200 || !strings.Contains(html, "No editor has written this guide yet") {
		t.Fatalf("GET /careers/registered-nurses = %d, want the data-only page", code)
	}
	for _, want := range []string{`aria-label="Filter programs"`, `name="award"`, `name="delivery"`, `name="state"`, `name="control"`,
		`name="tuition_max"`, `name="earnings_min"`, `name="zip"`, `name="resident"`, `name="sort"`, `name="relevance"`,
		"Registered Nurses programs", "strong matches and", "Registered Nursing/Registered Nurse"} {
		if !strings.Contains(html, want) {
			t.Errorf("registered-nurses page lacks %s", want)
		}
	}
	if len(page.Items) > 0 && !strings.Contains(html, page.Items[0].Name) {
		t.Errorf("registered-nurses page does not list %q, the API's first program", page.Items[0].Name)
	}
	// A filter applies: online programs only.
	code, body, _ = get(t, api+"&delivery=online")
	var online careerpath.ProgramPage
	if err := json.Unmarshal([]byte(body), &online); code != 200 || err != nil || online.Total == 0 || online.Total >= page.Total {
		t.Errorf("online registered-nursing programs: %d, total %d of %d (%v); want some, fewer than all", code, online.Total, page.Total, err)
	}
	// An editor's decision applies to a generated career's list: the
	// first program, set to none, leaves it.
	call := adminCaller(t, token)
	if len(page.Items) > 0 {
		id := strconv.FormatInt(page.Items[0].ID, 10)
		var it careerpath.ReviewItem
		if code := call("POST", base+"/api/v1/admin/programs/"+id+"/flag", `{"career":"registered-nurses","reason":"occupation test"}`, &it); code != http.StatusCreated {
			t.Fatalf("flag program %s for registered-nurses = %d", id, code)
		}
		if code := call("POST", base+"/api/v1/admin/review/"+strconv.FormatInt(it.ID, 10)+"/decision", `{"relevance":"none"}`, nil); code != http.StatusCreated {
			t.Fatalf("decide item %d = %d", it.ID, code)
		}
		var after careerpath.ProgramPage
		for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(20 * time.Millisecond) {
			call("GET", api, "", &after)
			if after.Total == page.Total-1 || time.Now().After(deadline) {
				break
			}
		}
		if after.Total != page.Total-1 || (len(after.Items) > 0 && after.Items[0].ID == page.Items[0].ID) {
			t.Errorf("after program %s was set to none for registered-nurses: total %d (was %d), first %+v", id, after.Total, page.Total, after.Items[:min(1, len(after.Items))])
		}
		var m careerpath.ProgramMatch
		if code := call("GET", base+"/api/v1/programs/"+id+"?career=registered-nurses", "", &m); code != 200 || m.Level != careerpath.RelevanceNone ||
			len(m.Reasons) == 0 || !strings.HasPrefix(m.Reasons[0], "An editor set this to not relevant") {
			t.Errorf("program %s for registered-nurses = %d %+v, want none with the editor's decision first", id, code, m.Relevance)
		}
	}

	// An occupation the crosswalk links to no field ("no match") says so,
	// and lists no program.
	code, html, _ = get(t, base+"/careers/animal-control-workers")
	if code != 200 || !strings.Contains(html, "The CIP–SOC crosswalk links no field of study to this occupation") || strings.Contains(html, "(CIP )") {
		t.Errorf("GET /careers/animal-control-workers = %d, want a page saying the crosswalk links no field", code)
	}
	var none careerpath.ProgramPage
	if code := call("GET", base+"/api/v1/careers/animal-control-workers/programs", "", &none); code != 200 || none.Total != 0 {
		t.Errorf("animal control workers' programs: %d, total %d; want 200 and none", code, none.Total)
	}

	// The switch block's finder link (short awards) lands on the finder.
	if code, html, _ := get(t, base+"/careers/registered-nurses?award=7&award=8#programs"); code != 200 || !strings.Contains(html, `value="7" checked`) {
		t.Errorf("registered-nurses finder with award filters = %d, want the award boxes checked", code)
	}
}

// adminCaller returns a function making a request with the admin token
// and a JSON body, decoding the answer into v (if not nil) and returning
// the status.
func adminCaller(t *testing.T, token string) func(method, url, body string, v any) int {
	return func(method, url, body string, v any) int {
		t.Helper()
		req, _ := http.NewRequest(method, url, strings.NewReader(body))
		req.Header.Set("Authorization", "Bearer "+token)
		req.Header.Set("Content-Type", "application/json")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		if v != nil {
			json.NewDecoder(resp.Body).Decode(v)
		}
		return resp.StatusCode
	}
}
