package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"path/filepath"
	"strings"
	"testing"

	careerpath "github.com/careerpath/careerpath"
	"github.com/careerpath/careerpath/sqlite"
)

func TestModelsCommands(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "cp.db")
	db, err := sqlite.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range []string{"one", "two"} {
		v := &careerpath.ModelVersion{Kind: "test", DataHash: a, Config: json.RawMessage(`{}`), Metrics: json.RawMessage(`{}`)}
		if err := db.CreateModelVersion(ctx, v, []byte(a), "test"); err != nil {
			t.Fatal(err)
		}
	}
	db.Close()

	cli := func(args ...string) (string, error) {
		var out bytes.Buffer
		err := run(ctx, append([]string{"models"}, append(args[:1:1], append([]string{"--db", path}, args[1:]...)...)...), &out, &out)
		return out.String(), err
	}
	steps := []struct {
		args []string
		want string
	}{
		{[]string{"promote", "v1"}, "champion: (none) → v1"},
		{[]string{"promote", "--reason", "better", "v2"}, "champion: v1 → v2"},
		{[]string{"list"}, "v2       champion"},
		{[]string{"rollback"}, "champion: v2 → v1"},
		{[]string{"events"}, "rollback  champion  v2    v1"},
		{[]string{"show", "v1"}, `"aliases": [`},
	}
	for _, s := range steps {
		out, err := cli(s.args...)
		if err != nil {
			t.Fatalf("models %s: %v\n%s", strings.Join(s.args, " "), err, out)
		}
		if !strings.Contains(out, s.want) {
			t.Errorf("models %s printed:\n%s\nwant it to contain %q", strings.Join(s.args, " "), out, s.want)
		}
	}
	if out, err := cli("promote", "v9"); err == nil {
		t.Errorf("models promote v9 succeeded:\n%s", out)
	}
	if _, err := cli("rollback"); err == nil {
		t.Error("a second rollback succeeded; v1 replaced nothing")
	}
}

// TestModelsHelpOpensNothing: "models --help" and an unknown subcommand
// answer before any database is opened, so they work where none exists.
func TestModelsHelpOpensNothing(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	missing := filepath.Join(t.TempDir(), "none.db")
	var out bytes.Buffer
	if err := run(ctx, []string{"models", "--help", "--db", missing}, &out, &out); !errors.Is(err, flag.ErrHelp) || !strings.Contains(out.String(), "careerpath models list") {
		t.Errorf("models --help = %v, %q; want the usage and flag.ErrHelp", err, out.String())
	}
	if err := run(ctx, []string{"models", "frob", "--db", missing}, &out, &out); err == nil || !strings.Contains(err.Error(), `unknown models command "frob"`) {
		t.Errorf("models frob = %v, want an unknown-command error, not a missing database", err)
	}
}
