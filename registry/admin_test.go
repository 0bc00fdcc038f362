package registry

import (
	"bytes"
	"context"
	"strings"
	"testing"

	careerpath "github.com/careerpath/careerpath"
)

// TestPromoteRollback: moves by hand land in the event log with their
// default reasons, and an alias other than champion or challenger is
// refused.
func TestPromoteRollback(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db, _, vs := setup(t, "one", "two")
	if _, err := Promote(ctx, db, "canary", vs[0], "cli:ann", ""); careerpath.ErrorCode(err) != careerpath.EINVALID {
		t.Errorf("Promote(canary) = %v, want EINVALID", err)
	}
	for _, v := range vs {
		if _, err := Promote(ctx, db, careerpath.AliasChampion, v, "cli:ann", ""); err != nil {
			t.Fatal(err)
		}
	}
	e, err := Rollback(ctx, db, "cli:ann", "")
	if err != nil || e.From != vs[1] || e.To != vs[0] {
		t.Fatalf("Rollback = %+v, %v; want %s → %s", e, err, vs[1], vs[0])
	}
	var out bytes.Buffer
	WriteMove(&out, e)
	if got, want := out.String(), "champion: "+vs[1]+" → "+vs[0]+"\n"; got != want {
		t.Errorf("WriteMove = %q, want %q", got, want)
	}
	es, err := db.FindModelEvents(ctx)
	if err != nil {
		t.Fatal(err)
	}
	out.Reset()
	if err := WriteEvents(&out, es); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"promoted by hand", "rolled back by hand", "cli:ann"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("events lack %q:\n%s", want, out.String())
		}
	}
	versions, err := db.FindModelVersions(ctx)
	if err != nil {
		t.Fatal(err)
	}
	out.Reset()
	if err := WriteVersions(&out, versions); err != nil || strings.Count(out.String(), "\n") != 3 {
		t.Errorf("WriteVersions = %v:\n%s; want a header and two versions", err, out.String())
	}
}
