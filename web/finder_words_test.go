package web_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// TestFinderFormFromWords renders the finder for a search whose words
// stand for filters: the form shows those filters chosen, with the words
// out of the search box, so that submitting it keeps the page, and
// unticking a box drops its filter.
func TestFinderFormFromWords(t *testing.T) {
	h := costServer(t)
	get := func(url string) string {
		t.Helper()
		w := httptest.NewRecorder()
		h.ServeHTTP(w, httptest.NewRequest(http.MethodGet, url, nil))
		if w.Code != http.StatusOK {
			t.Fatalf("GET %s = %d", url, w.Code)
		}
		b, _ := io.ReadAll(w.Body)
		return string(b)
	}
	award := `name="award" value="7" checked`
	state := `<option value="GA" selected>`
	box := `name="q" value="computer science"`

	page := get("/programs?q=computer+science+masters+GA")
	for _, want := range []string{award, state, box, "Read from your search"} {
		if !strings.Contains(page, want) {
			t.Errorf("words for filters: the page lacks %s", want)
		}
	}
	if strings.Contains(page, `name="q" value="computer science masters GA"`) {
		t.Error("the search box keeps the words that became filters")
	}
	// The form submitted with the master's box unticked.
	page = get("/programs?q=computer+science&state=GA")
	if strings.Contains(page, award) {
		t.Error("unticked, the master's box is still checked")
	}
	if !strings.Contains(page, state) || !strings.Contains(page, box) {
		t.Error("the state and the search do not survive the form")
	}
	// Without filter words nothing is ticked.
	if page = get("/programs?q=computer+science"); strings.Contains(page, award) || strings.Contains(page, state) {
		t.Error("a search without filter words ticks a filter")
	}
}
