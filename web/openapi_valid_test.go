package web

import (
	"context"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
)

// TestOpenAPIValid loads the document with a standard OpenAPI library and
// validates it against the version it declares (3.0.3), so that client
// generators and validators accept it.
func TestOpenAPIValid(t *testing.T) {
	loader := openapi3.NewLoader()
	doc, err := loader.LoadFromData([]byte(openapiDoc))
	if err != nil {
		t.Fatalf("openapi.json does not load: %v", err)
	}
	if doc.OpenAPI != "3.0.3" {
		t.Errorf("openapi = %q, want 3.0.3", doc.OpenAPI)
	}
	if err := doc.Validate(context.Background()); err != nil {
		t.Errorf("openapi.json is not a valid OpenAPI %s document: %v", doc.OpenAPI, err)
	}
	for _, name := range []string{"resident", "zip", "radius", "sort"} {
		if doc.Components.Parameters[name] == nil {
			t.Errorf("parameter %s is not described", name)
		}
	}
}
