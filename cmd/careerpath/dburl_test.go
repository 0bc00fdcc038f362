package main

import (
	"bytes"
	"context"
	"os"
	"strings"
	"testing"

	careerpath "github.com/careerpath/careerpath"
)

// TestDatabaseURLRefused: a database URL is refused by every command that
// keeps its data in SQLite, naming it without its password, and nothing is
// created (import once made a directory named "postgres:"). Import takes a
// PostgreSQL URL (TestImportPostgres) but refuses any other; serve takes
// one too (TestServePostgresNotImported, TestPostgresUnreachable).
func TestDatabaseURLRefused(t *testing.T) {
	t.Chdir(t.TempDir())
	const url = "postgres://ann:s3cret@127.0.0.1:1/careerpath"
	for _, args := range [][]string{{"import", "--db", "mysql://ann:s3cret@127.0.0.1:1/careerpath"},
		{"catalog", "list", "--db", url}, {"models", "list", "--db", url}} {
		var out, errs bytes.Buffer
		err := run(context.Background(), args, &out, &errs)
		all := out.String() + errs.String()
		if careerpath.ErrorCode(err) != careerpath.EINVALID || strings.Contains(err.Error()+all, "s3cret") ||
			!strings.Contains(err.Error(), "://ann:xxxxx@127.0.0.1:1/careerpath") {
			t.Errorf("careerpath %v --db URL = %v (output %q); want EINVALID naming the URL without its password", args, err, all)
		}
	}
	if entries, _ := os.ReadDir("."); len(entries) != 0 {
		t.Errorf("refused commands created %v", entries)
	}
}
