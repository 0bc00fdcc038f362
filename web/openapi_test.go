package web

import (
	"encoding/json"
	"os"
	"regexp"
	"strings"
	"testing"
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
