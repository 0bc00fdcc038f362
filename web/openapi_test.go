package web

import (
	"encoding/json"
	"maps"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"

	careerpath "github.com/careerpath/careerpath"
	"github.com/careerpath/careerpath/search"
)

// TestOpenAPIListsEveryRoute parses the OpenAPI document and checks that
// every /api/v1 route registered in routes.go (and the admin catalog
// import) is described with its method.
func TestOpenAPIListsEveryRoute(t *testing.T) {
	var doc struct {
		OpenAPI string                                `json:"openapi"`
		Paths   map[string]map[string]json.RawMessage `json:"paths"`
	}
	if err := json.Unmarshal([]byte(openapiDoc), &doc); err != nil {
		t.Fatalf("openapi.json does not parse: %v", err)
	}
	if !strings.HasPrefix(doc.OpenAPI, "3.") {
		t.Errorf("openapi = %q, want 3.x", doc.OpenAPI)
	}
	src, err := os.ReadFile("routes.go")
	if err != nil {
		t.Fatal(err)
	}
	routes := regexp.MustCompile(`"(GET|POST|PUT|PATCH|DELETE) (/api/v1/[^"]*)"`).FindAllStringSubmatch(string(src), -1)
	if len(routes) < 7 {
		t.Fatalf("found %d /api/v1 routes in routes.go, want at least 7", len(routes))
	}
	for _, r := range routes {
		method, path := strings.ToLower(r[1]), strings.TrimSuffix(r[2], "{$}")
		ops, ok := doc.Paths[path]
		if !ok {
			t.Errorf("route %s %s is not in openapi.json", r[1], path)
			continue
		}
		if _, ok := ops[method]; !ok {
			t.Errorf("route %s %s: openapi.json describes %s without %s", r[1], path, path, method)
		}
	}
}

// TestOpenAPIDocumentsEveryParameter reads the program search handler's
// parameters as it reads them (params notes each name) and checks that
// openapi.json describes exactly those for both program search paths,
// and that its award codes and facets are the domain's.
func TestOpenAPIDocumentsEveryParameter(t *testing.T) {
	var doc struct {
		Paths      map[string]map[string]struct{ Parameters []openapiParam } `json:"paths"`
		Components struct {
			Parameters map[string]openapiParam `json:"parameters"`
			Schemas    map[string]struct {
				Properties map[string]struct {
					Properties map[string]json.RawMessage `json:"properties"`
				} `json:"properties"`
			} `json:"schemas"`
		} `json:"components"`
	}
	if err := json.Unmarshal([]byte(openapiDoc), &doc); err != nil {
		t.Fatalf("openapi.json does not parse: %v", err)
	}
	read := map[string]bool{}
	// The finder is starting (no index): the handler reads every parameter
	// before it asks.
	s := &Server{svc: Services{Programs: search.NewService(nil)}}
	r := httptest.NewRequest(http.MethodGet, "/api/v1/programs", nil)
	s.programsAPI(httptest.NewRecorder(), r, params{Values: url.Values{}, seen: read})
	if len(read) < 20 {
		t.Fatalf("the handler read %d parameters, want the finder's 20 and more", len(read))
	}
	for _, path := range []string{"/api/v1/programs", "/api/v1/careers/{slug}/programs"} {
		want := maps.Clone(read)
		if strings.Contains(path, "{slug}") {
			delete(want, "career") // the career is the path's
		}
		got := map[string]openapiParam{}
		for _, p := range doc.Paths[path]["get"].Parameters {
			if p.Ref != "" {
				p = doc.Components.Parameters[strings.TrimPrefix(p.Ref, "#/components/parameters/")]
			}
			if p.In == "query" {
				got[p.Name] = p
			}
		}
		for name := range want {
			if _, ok := got[name]; !ok {
				t.Errorf("GET %s reads parameter %s, which openapi.json does not describe", path, name)
			}
		}
		for name := range got {
			if !want[name] {
				t.Errorf("openapi.json describes parameter %s of GET %s, which the handler does not read", name, path)
			}
		}
	}

	var award struct{ Items struct{ Enum []int } }
	if err := json.Unmarshal(doc.Components.Parameters["award"].Schema, &award); err != nil {
		t.Fatalf("award parameter: %v", err)
	}
	wantAwards := []int{careerpath.AwardUnknown}
	for _, l := range careerpath.AwardLevels {
		wantAwards = append(wantAwards, l.Code)
	}
	if got := award.Items.Enum; !sameInts(got, wantAwards) {
		t.Errorf("award codes in openapi.json = %v, want %v", got, wantAwards)
	}
	facets := doc.Components.Schemas["ProgramPage"].Properties["facets"].Properties
	for _, f := range careerpath.Facets() {
		if _, ok := facets[f]; !ok {
			t.Errorf("ProgramPage.facets in openapi.json lacks facet %s", f)
		}
	}
	if len(facets) != len(careerpath.Facets()) {
		t.Errorf("ProgramPage.facets in openapi.json has %d facets, the domain %d", len(facets), len(careerpath.Facets()))
	}
}

// openapiParam is a parameter of openapi.json, or a reference to one.
type openapiParam struct {
	Ref    string          `json:"$ref"`
	Name   string          `json:"name"`
	In     string          `json:"in"`
	Schema json.RawMessage `json:"schema"`
}

func sameInts(a, b []int) bool {
	a, b = slices.Clone(a), slices.Clone(b)
	slices.Sort(a)
	slices.Sort(b)
	return slices.Equal(a, b)
}
