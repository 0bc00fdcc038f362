package web_test

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"

	careerpath "github.com/careerpath/careerpath"
	"github.com/careerpath/careerpath/opendata"
	"github.com/careerpath/careerpath/sqlite"
	"github.com/careerpath/careerpath/web"
)

// noGuides is a guide service with no careers: the admin API needs none.
type noGuides struct{}

func (noGuides) FindSpecializations(context.Context) ([]*careerpath.Specialization, error) {
	return nil, nil
}
func (noGuides) FindGuides(context.Context, string) ([]*careerpath.Guide, error) { return nil, nil }
func (noGuides) FindGuide(context.Context, string) (*careerpath.Guide, error) {
	return nil, careerpath.Errorf(careerpath.ENOTFOUND, "No career.")
}
func (noGuides) SiteFigures(context.Context) (*careerpath.SiteFigures, error) {
	return &careerpath.SiteFigures{}, nil
}

const adminToken = "test-token-0123456789abcdef"

// adminServer returns a server over a fresh database that knows two CIP
// codes, with the admin token set to token.
func adminServer(t *testing.T, token string) (http.Handler, *sqlite.DB, *[]*careerpath.Catalog) {
	t.Helper()
	ctx := context.Background()
	db := cipDB(t)
	var imported []*careerpath.Catalog
	srv, err := web.NewServer(ctx, web.Services{
		Datasets: db, Guides: noGuides{}, Ping: db.Ping,
		Catalogs: db, AdminToken: token,
		CatalogImported: func(_ context.Context, c *careerpath.Catalog) { imported = append(imported, c) },
	}, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	return srv.Handler(), db, &imported
}

// cipDB builds and opens a fresh database that knows two CIP codes and
// what the steps load.
func cipDB(t *testing.T, steps ...func(context.Context, *sqlite.Builder) error) *sqlite.DB {
	t.Helper()
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "cp.db")
	b, err := sqlite.NewBuilder(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	steps = append([]func(context.Context, *sqlite.Builder) error{func(ctx context.Context, b *sqlite.Builder) error {
		return b.LoadCIP(ctx, []opendata.CIPCode{
			{Family: "11", Code: "11.0701", Action: opendata.CIPUnchanged, Title: "Computer Science."},
			{Family: "30", Code: "30.7001", Action: opendata.CIPNew, Title: "Data Science, General."},
		})
	}}, steps...)
	for _, step := range steps {
		if err := step(ctx, b); err != nil {
			b.Abort()
			t.Fatal(err)
		}
	}
	if err := b.Commit(ctx); err != nil {
		t.Fatal(err)
	}
	db, err := sqlite.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

const adminCSV = `institution,program,degree,format,city,region,country,duration_years,tuition,currency,cip
Northfield Institute of Technology,MS in Computer Science,Master's,online,Northfield,MN,US,2,38500,USD,11.0701
Lakeshore University,BSc Data Science,Bachelor's,on-campus,Toronto,ON,CA,4,9200,CAD,30.7001
Lakeshore University,Applied Analytics,Diploma,on-campus,Toronto,ON,CA,1,,,
`

type response struct {
	code int
	hdr  http.Header
	body string
}

func post(h http.Handler, target, contentType, auth string, body io.Reader, length int64) response {
	req := httptest.NewRequest(http.MethodPost, target, body)
	req.ContentLength = length
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	if auth != "" {
		req.Header.Set("Authorization", auth)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return response{rec.Code, rec.Header(), rec.Body.String()}
}

func catalogCount(t *testing.T, db *sqlite.DB) int {
	t.Helper()
	cats, err := db.Catalogs(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return len(cats)
}

func TestAdminCatalogAuth(t *testing.T) {
	h, db, _ := adminServer(t, adminToken)
	tests := []struct {
		name, auth string
		want       int
	}{
		{"no token", "", http.StatusUnauthorized},
		{"not bearer", "Basic " + adminToken, http.StatusUnauthorized},
		{"empty bearer", "Bearer ", http.StatusUnauthorized},
		{"wrong token", "Bearer wrong-token", http.StatusForbidden},
		{"token prefix", "Bearer " + adminToken[:10], http.StatusForbidden},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := post(h, "/api/v1/admin/catalogs?name=acme", "text/csv", tt.auth, strings.NewReader(adminCSV), int64(len(adminCSV)))
			if r.code != tt.want || !strings.Contains(r.hdr.Get("Content-Type"), "json") {
				t.Errorf("POST with %q = %d %s, want %d JSON", tt.auth, r.code, r.body, tt.want)
			}
			if tt.want == http.StatusUnauthorized && !strings.HasPrefix(r.hdr.Get("WWW-Authenticate"), "Bearer") {
				t.Errorf("401 without a WWW-Authenticate challenge")
			}
			if n := catalogCount(t, db); n != 0 {
				t.Errorf("%d catalogs stored by an unauthorised request", n)
			}
		})
	}
}

func TestAdminDisabledWithoutToken(t *testing.T) {
	h, db, _ := adminServer(t, "")
	for _, auth := range []string{"", "Bearer ", "Bearer anything"} {
		r := post(h, "/api/v1/admin/catalogs?name=acme", "text/csv", auth, strings.NewReader(adminCSV), int64(len(adminCSV)))
		if r.code != http.StatusForbidden || !strings.Contains(r.body, "CAREERPATH_ADMIN_TOKEN") {
			t.Errorf("POST with %q to a server without admin token = %d %s, want 403", auth, r.code, r.body)
		}
	}
	if n := catalogCount(t, db); n != 0 {
		t.Errorf("%d catalogs stored", n)
	}
}

func TestAdminCatalogImport(t *testing.T) {
	h, db, imported := adminServer(t, adminToken)
	auth := "Bearer " + adminToken

	r := post(h, "/api/v1/admin/catalogs?name=acme", "text/csv; charset=utf-8", auth, strings.NewReader(adminCSV), int64(len(adminCSV)))
	if r.code != http.StatusCreated {
		t.Fatalf("POST good catalog = %d %s, want 201", r.code, r.body)
	}
	var sum careerpath.Catalog
	if err := json.Unmarshal([]byte(r.body), &sum); err != nil {
		t.Fatal(err)
	}
	if sum.Name != "acme" || sum.Entries != 3 || sum.WithCIP != 2 || sum.WithoutCIP != 1 || !strings.HasPrefix(sum.ImportedBy, "api") {
		t.Errorf("summary = %+v", sum)
	}
	if len(*imported) != 1 || (*imported)[0].Name != "acme" {
		t.Errorf("CatalogImported called with %v", *imported)
	}
	progs, err := db.CatalogPrograms(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(progs) != 2 || progs[0].Source != "acme" || progs[0].Institution.Name != "Northfield Institute of Technology" || progs[1].Institution.Country != "CA" {
		t.Errorf("CatalogPrograms after import = %+v", progs)
	}

	// The same name again: 409, unless replace.
	if r := post(h, "/api/v1/admin/catalogs?name=acme", "text/csv", auth, strings.NewReader(adminCSV), -1); r.code != http.StatusConflict {
		t.Errorf("POST under a taken name = %d %s, want 409", r.code, r.body)
	}
	if r := post(h, "/api/v1/admin/catalogs?name=acme&replace=true", "text/csv", auth, strings.NewReader(adminCSV), -1); r.code != http.StatusCreated || !strings.Contains(r.body, `"replaced":3`) {
		t.Errorf("POST replace = %d %s, want 201 replacing 3", r.code, r.body)
	}

	// JSON Lines, by Content-Type.
	jsonl := `{"institution":"Harbor School","program":"Data Engineering","country":"GB","cip":"11.0701"}` + "\n"
	if r := post(h, "/api/v1/admin/catalogs?name=harbor", "application/x-ndjson", auth, strings.NewReader(jsonl), -1); r.code != http.StatusCreated {
		t.Errorf("POST JSON Lines = %d %s, want 201", r.code, r.body)
	}
	if n := catalogCount(t, db); n != 2 {
		t.Errorf("%d catalogs stored, want acme and harbor", n)
	}

	if r := post(h, "/api/v1/admin/catalogs", "text/csv", auth, strings.NewReader(adminCSV), -1); r.code != http.StatusBadRequest || !strings.Contains(r.body, "name") {
		t.Errorf("POST without name = %d %s, want 400 naming the parameter", r.code, r.body)
	}
}

func TestAdminCatalogProblems(t *testing.T) {
	h, db, _ := adminServer(t, adminToken)
	bad := adminCSV +
		"Harbor School,,Certificate,by post,,,USA,,,,\n" +
		"Lakeshore University,BSc Data Science,Bachelor's,on-campus,Toronto,ON,CA,4,9200,CAD,30.7001\n" +
		"Caf\xe9 University,MA,,,,,,,,,\n"
	r := post(h, "/api/v1/admin/catalogs?name=acme", "text/csv", "Bearer "+adminToken, strings.NewReader(bad), -1)
	if r.code != http.StatusBadRequest {
		t.Fatalf("POST bad catalog = %d %s, want 400", r.code, r.body)
	}
	var got struct {
		Error struct {
			Code     string
			Message  string
			Problems []struct {
				Line, Column   int
				Field, Message string
			}
		}
	}
	if err := json.Unmarshal([]byte(r.body), &got); err != nil {
		t.Fatal(err)
	}
	type p struct {
		line, col int
		field     string
	}
	want := []p{{5, 15, "program"}, {5, 28, "format"}, {5, 38, "country"}, {6, 1, ""}, {7, 4, "institution"}}
	if got.Error.Code != "invalid" || !strings.Contains(got.Error.Message, "5 problems; nothing was stored") || len(got.Error.Problems) != len(want) {
		t.Fatalf("problems = %s", r.body)
	}
	for i, w := range want {
		g := got.Error.Problems[i]
		if g.Line != w.line || g.Column != w.col || g.Field != w.field || g.Message == "" {
			t.Errorf("problem %d = %+v, want %d:%d %s", i, g, w.line, w.col, w.field)
		}
	}
	if n := catalogCount(t, db); n != 0 {
		t.Errorf("%d catalogs stored from a bad file", n)
	}
}

// hugeReader yields n bytes of 'x' without holding them.
type hugeReader struct{ n int }

func (r *hugeReader) Read(p []byte) (int, error) {
	if r.n == 0 {
		return 0, io.EOF
	}
	n := min(len(p), r.n)
	for i := range p[:n] {
		p[i] = 'x'
	}
	r.n -= n
	return n, nil
}

func TestAdminCatalogTooLarge(t *testing.T) {
	h, db, _ := adminServer(t, adminToken)
	auth := "Bearer " + adminToken
	// Declared too large: refused before reading.
	r := post(h, "/api/v1/admin/catalogs?name=big", "text/csv", auth, strings.NewReader(adminCSV), 60<<20)
	if r.code != http.StatusRequestEntityTooLarge || !strings.Contains(r.body, "50 MiB") {
		t.Errorf("POST with Content-Length 60 MiB = %d %s, want 413", r.code, r.body)
	}
	// Streamed without a length: cut at the limit.
	body := io.MultiReader(strings.NewReader(`{"institution":"A","program":"B","description":"`), &hugeReader{51 << 20})
	r = post(h, "/api/v1/admin/catalogs?name=big", "application/x-ndjson", auth, body, -1)
	if r.code != http.StatusRequestEntityTooLarge || !strings.Contains(r.body, "50 MiB") {
		t.Errorf("POST of a 51 MiB stream = %d %s, want 413", r.code, r.body)
	}
	if n := catalogCount(t, db); n != 0 {
		t.Errorf("%d catalogs stored", n)
	}
}
