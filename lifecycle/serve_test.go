package lifecycle_test

import (
	"context"
	"strings"
	"testing"

	"github.com/careerpath/careerpath/lifecycle"
)

// TestResolveVersion: "" and the alias names resolve through the
// registry, a version is itself, and a missing alias says what to do.
func TestResolveVersion(t *testing.T) {
	ctx := context.Background()
	db := store(t) // v1 champion, v2 without an alias
	for in, want := range map[string]string{"": "v1", "champion": "v1", "v2": "v2"} {
		if got, err := lifecycle.ResolveVersion(ctx, db, in); err != nil || got != want {
			t.Errorf("ResolveVersion(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	if _, err := lifecycle.ResolveVersion(ctx, db, "challenger"); err == nil || !strings.Contains(err.Error(), "careerpath train") {
		t.Errorf("no challenger: error %v, want one saying to train", err)
	}
}
