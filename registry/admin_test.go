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

// TestCommand runs the subcommands of careerpath models: a promotion and
// its rollback land in the event log, and the listings name the versions.
func TestCommand(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db, _, vs := setup(t, "one", "two")
	for _, tc := range []struct{ sub, version, want string }{
		{"promote", vs[0], "champion: "},
		{"promote", vs[1], vs[1]},
		{"rollback", "", "→ " + vs[0]},
		{"list", "", vs[1]},
		{"show", vs[0], `"version": "` + vs[0] + `"`},
		{"events", "", "rollback"},
	} {
		var out bytes.Buffer
		if err := Command(ctx, db, tc.sub, tc.version, careerpath.AliasChampion, "cli:ann", "", &out); err != nil || !strings.Contains(out.String(), tc.want) {
			t.Errorf("Command(%s %s) wrote %q, %v; want %q", tc.sub, tc.version, out.String(), err, tc.want)
		}
	}
	if err := Command(ctx, db, "promote", vs[0], "canary", "cli:ann", "", &bytes.Buffer{}); careerpath.ErrorCode(err) != careerpath.EINVALID || !strings.HasPrefix(err.Error(), "models promote: ") {
		t.Errorf("Command(promote to canary) = %v, want EINVALID with the command's name", err)
	}
}
