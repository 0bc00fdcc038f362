package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"net/url"
	"os"
	"slices"
	"strings"
	"testing"
)

// searchEvalPath is the finder search evaluation set (its format is in
// ../shared/eval/README.md), relative to this package;
// $CAREERPATH_SEARCH_EVAL names another file laid out the same way, such as
// a set kept aside.
const searchEvalPath = "../../../shared/eval/search-queries.dev.jsonl"

// searchEvalMinShare is the share of the evaluation's queries that must
// pass: 18 of the 20 of the dev set.
const searchEvalMinShare = 0.9

// searchCase is one query of the evaluation set.
type searchCase struct {
	ID     string            `json:"id"`
	Path   string            `json:"path"`
	Params map[string]string `json:"params"`
	Expect searchExpect      `json:"expect"`
}

type searchExpect struct {
	K                 int      `json:"k"`
	UnitID            []int    `json:"unitid"`
	CIPPrefix         []string `json:"cip_prefix"`
	MinOnlineShare    *float64 `json:"min_online_share"`
	MinShare          *float64 `json:"min_share"`
	ExcludeCIPPrefix  []string `json:"exclude_cip_prefix"`
	MinItems          *int     `json:"min_items"`
	Relevance         []string `json:"relevance"`
	MaxPerInstitution int      `json:"max_per_institution"`
	MinCompleters     *int     `json:"min_completers"`
	ContainsUnitID    int      `json:"contains_unitid"`
	ContainsUnitIDAny []int    `json:"contains_unitid_any"`
	MaxTotal          *int     `json:"max_total"`
	// unknown holds the keys of expect that this test does not know, so
	// that a condition added to the format fails instead of passing.
	unknown []string
}

func (e *searchExpect) UnmarshalJSON(b []byte) error {
	type plain searchExpect
	if err := json.Unmarshal(b, (*plain)(e)); err != nil {
		return err
	}
	var keys map[string]json.RawMessage
	if err := json.Unmarshal(b, &keys); err != nil {
		return err
	}
	known := []string{"k", "unitid", "cip_prefix", "min_online_share", "min_share", "exclude_cip_prefix", "min_items",
		"relevance", "max_per_institution", "min_completers", "contains_unitid", "contains_unitid_any", "max_total"}
	for k := range keys {
		if !slices.Contains(known, k) {
			e.unknown = append(e.unknown, k)
		}
	}
	return nil
}

// searchItem is what the evaluation reads of a result.
type searchItem struct {
	ID          int64  `json:"id"`
	Name        string `json:"name"`
	CIP         string `json:"cip"`
	Completers  int    `json:"completers"`
	Relevance   string `json:"relevance"`
	Institution struct {
		UnitID      int      `json:"unitid"`
		Name        string   `json:"name"`
		OnlineShare *float64 `json:"online_share"`
	} `json:"institution"`
}

type searchAnswer struct {
	Total int          `json:"total"`
	Items []searchItem `json:"items"`
}

// judge returns why the answer fails the expectation, or "" when it passes.
func (e *searchExpect) judge(a *searchAnswer) string {
	if len(e.unknown) > 0 {
		return fmt.Sprintf("unknown conditions %v", e.unknown)
	}
	k := e.K
	if k == 0 || k > len(a.Items) {
		k = len(a.Items)
	}
	top := a.Items[:k]
	minItems := 1
	if e.MinItems != nil {
		minItems = *e.MinItems
	}
	if e.MaxTotal != nil {
		if a.Total > *e.MaxTotal {
			return fmt.Sprintf("total %d, want at most %d", a.Total, *e.MaxTotal)
		}
		minItems = min(minItems, *e.MaxTotal)
	}
	if len(a.Items) < minItems {
		return fmt.Sprintf("%d results, want at least %d", len(a.Items), minItems)
	}
	hasPrefix := func(cip string, prefixes []string) bool {
		return slices.ContainsFunc(prefixes, func(p string) bool { return strings.HasPrefix(cip, p) })
	}
	if len(e.UnitID) > 0 || len(e.CIPPrefix) > 0 || e.MinOnlineShare != nil {
		good := 0
		for _, it := range top {
			ok := len(e.UnitID) == 0 || slices.Contains(e.UnitID, it.Institution.UnitID)
			ok = ok && (len(e.CIPPrefix) == 0 || hasPrefix(it.CIP, e.CIPPrefix))
			ok = ok && (e.MinOnlineShare == nil || it.Institution.OnlineShare != nil && *it.Institution.OnlineShare >= *e.MinOnlineShare)
			if ok {
				good++
			}
		}
		want := 1.0
		if e.MinShare != nil {
			want = *e.MinShare
		}
		if k == 0 || float64(good) < want*float64(k)-1e-9 {
			return fmt.Sprintf("%d of the first %d results are good, want a share of %g", good, k, want)
		}
	}
	perInst := map[int]int{}
	for i, it := range top {
		if hasPrefix(it.CIP, e.ExcludeCIPPrefix) {
			return fmt.Sprintf("result %d has CIP %s, excluded", i+1, it.CIP)
		}
		if len(e.Relevance) > 0 && !slices.Contains(e.Relevance, it.Relevance) {
			return fmt.Sprintf("result %d has relevance %q, want one of %v", i+1, it.Relevance, e.Relevance)
		}
		if e.MinCompleters != nil && it.Completers < *e.MinCompleters {
			return fmt.Sprintf("result %d had %d completers, want at least %d", i+1, it.Completers, *e.MinCompleters)
		}
		perInst[it.Institution.UnitID]++
		if e.MaxPerInstitution > 0 && perInst[it.Institution.UnitID] > e.MaxPerInstitution {
			return fmt.Sprintf("institution %d (%s) appears %d times in the first %d", it.Institution.UnitID, it.Institution.Name, perInst[it.Institution.UnitID], k)
		}
	}
	contains := func(ids ...int) bool {
		return slices.ContainsFunc(top, func(it searchItem) bool { return slices.Contains(ids, it.Institution.UnitID) })
	}
	if e.ContainsUnitID != 0 && !contains(e.ContainsUnitID) {
		return fmt.Sprintf("institution %d is not among the first %d", e.ContainsUnitID, k)
	}
	if len(e.ContainsUnitIDAny) > 0 && !contains(e.ContainsUnitIDAny...) {
		return fmt.Sprintf("none of institutions %v is among the first %d", e.ContainsUnitIDAny, k)
	}
	return ""
}

// readSearchCases reads the evaluation set, or skips (fails under CI) when
// the file is not there.
func readSearchCases(t *testing.T) []searchCase {
	t.Helper()
	path := os.Getenv("CAREERPATH_SEARCH_EVAL")
	if path == "" {
		path = searchEvalPath
	}
	f, err := os.Open(path)
	if os.IsNotExist(err) {
		missing(t, "search evaluation set %s not found (set CAREERPATH_SEARCH_EVAL to its path)", path)
	}
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var cases []searchCase
	sc := bufio.NewScanner(f)
	for line := 1; sc.Scan(); line++ {
		if strings.TrimSpace(sc.Text()) == "" {
			continue
		}
		var c searchCase
		if err := json.Unmarshal(sc.Bytes(), &c); err != nil {
			t.Fatalf("%s:%d: %v", path, line, err)
		}
		if !strings.HasPrefix(c.Path, "/api/v1/") {
			t.Fatalf("%s:%d: path %q is not under /api/v1/", path, line, c.Path)
		}
		cases = append(cases, c)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	if len(cases) == 0 {
		t.Fatalf("%s holds no queries", path)
	}
	return cases
}

// TestSearchEval runs the finder search evaluation set against the server
// on the bundled data and logs every query's result: at least
// searchEvalMinShare of them must pass.
func TestSearchEval(t *testing.T) {
	if testing.Short() {
		t.Skip("imports the full bundled data")
	}
	t.Parallel() // a database of its own: beside the other parallel tests
	cases := readSearchCases(t)
	// $CAREERPATH_SEARCH_EVAL_URL runs the set against a running server
	// instead of one on a fresh import.
	base := os.Getenv("CAREERPATH_SEARCH_EVAL_URL")
	if base == "" {
		base = startServer(t, sharedDB(t))
	}
	waitForFinder(t, base)
	passed := 0
	for _, c := range cases {
		v := url.Values{}
		for k, x := range c.Params {
			v.Set(k, x)
		}
		v.Set("per_page", "20")
		u := base + c.Path + "?" + v.Encode()
		code, body, _ := get(t, u)
		var a searchAnswer
		why := ""
		if code != 200 {
			why = fmt.Sprintf("HTTP %d: %.200s", code, body)
		} else if err := json.Unmarshal([]byte(body), &a); err != nil {
			why = err.Error()
		} else {
			why = c.Expect.judge(&a)
		}
		var first []string
		for _, it := range a.Items[:min(len(a.Items), 5)] {
			first = append(first, fmt.Sprintf("%s | %s (%s, %d)", it.Institution.Name, it.Name, it.CIP, it.Completers))
		}
		if why == "" {
			passed++
			t.Logf("PASS %-28s q=%q total %d; first: %s", c.ID, c.Params["q"], a.Total, strings.Join(first, "; "))
		} else {
			t.Logf("FAIL %-28s q=%q total %d: %s; first: %s", c.ID, c.Params["q"], a.Total, why, strings.Join(first, "; "))
		}
	}
	t.Logf("%d of %d queries pass", passed, len(cases))
	if float64(passed) < searchEvalMinShare*float64(len(cases))-1e-9 {
		t.Errorf("%d of %d queries pass, want at least %.0f%%", passed, len(cases), 100*searchEvalMinShare)
	}
}

// TestSearchJudge checks the evaluation's conditions on answers made up
// for it, so that a broken judge cannot pass every query.
func TestSearchJudge(t *testing.T) {
	share := func(v float64) *float64 { return &v }
	item := func(unitid int, cip string, completers int) searchItem {
		var it searchItem
		it.Institution.UnitID, it.CIP, it.Completers = unitid, cip, completers
		return it
	}
	a := &searchAnswer{Total: 3, Items: []searchItem{item(1, "11.0701", 5), item(1, "11.0102", 0), item(2, "42.0101", 9)}}
	for _, tt := range []struct {
		e    searchExpect
		pass bool
	}{
		{searchExpect{K: 2, UnitID: []int{1}}, true},
		{searchExpect{K: 3, UnitID: []int{1}}, false},
		{searchExpect{K: 3, UnitID: []int{1}, MinShare: share(0.6)}, true},
		{searchExpect{K: 3, CIPPrefix: []string{"11."}, MinShare: share(0.7)}, false},
		{searchExpect{K: 3, ExcludeCIPPrefix: []string{"42."}}, false},
		{searchExpect{K: 3, MaxPerInstitution: 1}, false},
		{searchExpect{K: 3, MinCompleters: new(int)}, true},
		{searchExpect{K: 3, ContainsUnitID: 2}, true},
		{searchExpect{K: 2, ContainsUnitIDAny: []int{2, 3}}, false},
		{searchExpect{MaxTotal: new(int)}, false},
	} {
		if why := tt.e.judge(a); (why == "") != tt.pass {
			t.Errorf("judge(%+v) = %q, want pass %v", tt.e, why, tt.pass)
		}
	}
	if why := (&searchExpect{MaxTotal: new(int)}).judge(&searchAnswer{Items: []searchItem{}}); why != "" {
		t.Errorf("empty answer with max_total 0: %q, want a pass", why)
	}
}
