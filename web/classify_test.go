package web_test

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	careerpath "github.com/careerpath/careerpath"
	"github.com/careerpath/careerpath/web"
)

// oneGuide knows one career, "ml".
type oneGuide struct{ noGuides }

func (oneGuide) FindGuide(_ context.Context, slug string) (*careerpath.Guide, error) {
	if slug != "ml" {
		return nil, careerpath.Errorf(careerpath.ENOTFOUND, "No career guide %q.", slug)
	}
	return &careerpath.Guide{Career: &careerpath.Career{Slug: "ml"}}, nil
}

// echoClassifier answers strong for names with "Learning", none for the
// rest, as model "v7"; with loaded false it has no model.
type echoClassifier struct{ loaded bool }

func (c echoClassifier) Classify(_ context.Context, career string, es []careerpath.CatalogText) ([]careerpath.Classification, error) {
	if !c.loaded {
		return nil, careerpath.Errorf(careerpath.EUNAVAILABLE, "No classifier is loaded yet.")
	}
	out := make([]careerpath.Classification, len(es))
	for i, e := range es {
		out[i] = careerpath.Classification{Relevance: careerpath.Relevance{Level: careerpath.RelevanceNone, Reasons: []string{e.Program}}, Model: "v7"}
		if strings.Contains(e.Program, "Learning") {
			out[i].Level, out[i].CIP = careerpath.RelevanceStrong, "11.0102"
		}
	}
	return out, nil
}

func classifyServer(t *testing.T, c careerpath.Classifier) http.Handler {
	t.Helper()
	srv, err := web.NewServer(context.Background(), web.Services{Guides: oneGuide{}, Classifier: c},
		slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	return srv.Handler()
}

func TestClassifyAPI(t *testing.T) {
	h := classifyServer(t, echoClassifier{loaded: true})
	send := func(target, body string) response {
		return post(h, target, "application/json", "", strings.NewReader(body), int64(len(body)))
	}

	r := send("/api/v1/careers/ml/classify", `[{"program":"MSc Machine Learning","degree":"MSc","extra":1},{"program":"Wharton MBA"},{"program":"BSc Deep Learning"}]`)
	if r.code != 200 || r.hdr.Get("X-Model-Version") != "v7" {
		t.Fatalf("POST classify = %d (model %q) %s, want 200 from v7", r.code, r.hdr.Get("X-Model-Version"), r.body)
	}
	var got []struct {
		Relevance string   `json:"relevance"`
		CIP       string   `json:"cip"`
		Model     string   `json:"model"`
		Reasons   []string `json:"reasons"`
	}
	if err := json.Unmarshal([]byte(r.body), &got); err != nil {
		t.Fatal(err)
	}
	want := []string{"MSc Machine Learning", "Wharton MBA", "BSc Deep Learning"}
	if len(got) != len(want) {
		t.Fatalf("got %d results, want %d", len(got), len(want))
	}
	for i, w := range want {
		if got[i].Reasons[0] != w || got[i].Model != "v7" {
			t.Errorf("result %d = %+v, want the answer for %q", i, got[i], w)
		}
	}
	if got[0].Relevance != "strong" || got[0].CIP != "11.0102" || got[1].Relevance != "none" {
		t.Errorf("results = %+v", got)
	}
	if m := get(h, "/metrics"); !strings.Contains(m, `careerpath_classified_entries_total{model="v7",relevance="strong"} 2`) {
		t.Errorf("/metrics lacks the classified entries by model and level:\n%s", m)
	}
	if r := send("/api/v1/careers/ml/classify", `[]`); r.code != 200 || strings.TrimSpace(r.body) != "[]" {
		t.Errorf("POST [] = %d %s, want 200 []", r.code, r.body)
	}

	many := "[" + strings.Repeat(`{"program":"x"},`, careerpath.MaxClassifyEntries) + `{"program":"x"}]`
	big := `[{"program":"` + strings.Repeat("x", 1<<20) + `"}]`
	tests := []struct {
		name, target, body string
		code               int
		msg                string
	}{
		{"unknown career", "/api/v1/careers/nope/classify", `[]`, 404, `"not_found"`},
		{"not JSON", "/api/v1/careers/ml/classify", `[{"program":`, 400, "JSON array of catalog entries"},
		{"object", "/api/v1/careers/ml/classify", `{"program":"x"}`, 400, "not an array"},
		{"array of strings", "/api/v1/careers/ml/classify", `["MSc"]`, 400, `"invalid"`},
		{"data after", "/api/v1/careers/ml/classify", `[] []`, 400, "after the array"},
		{"too many entries", "/api/v1/careers/ml/classify", many, 413, "at most 1000 entries"},
		{"too many bytes", "/api/v1/careers/ml/classify", big, 413, "1 MiB"},
	}
	for _, tt := range tests {
		r := send(tt.target, tt.body)
		if r.code != tt.code || !strings.Contains(r.body, tt.msg) {
			t.Errorf("%s: POST = %d %s, want %d with %q", tt.name, r.code, r.body, tt.code, tt.msg)
		}
	}
	// A body over the limit without a Content-Length is cut off as read.
	if r := post(h, "/api/v1/careers/ml/classify", "application/json", "", strings.NewReader(big), -1); r.code != 413 {
		t.Errorf("chunked body over 1 MiB = %d, want 413", r.code)
	}
}

func TestClassifyAPIWithoutModel(t *testing.T) {
	for name, c := range map[string]careerpath.Classifier{"no model loaded": echoClassifier{}, "no classifier": nil} {
		h := classifyServer(t, c)
		r := post(h, "/api/v1/careers/ml/classify", "application/json", "", strings.NewReader(`[{"program":"x"}]`), -1)
		if r.code != http.StatusServiceUnavailable || !strings.Contains(r.body, `"unavailable"`) {
			t.Errorf("%s: POST classify = %d %s, want 503 unavailable", name, r.code, r.body)
		}
	}
}

func get(h http.Handler, target string) string {
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, target, nil))
	return rec.Body.String()
}
