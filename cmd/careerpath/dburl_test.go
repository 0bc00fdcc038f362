package main

import (
	"bytes"
	"context"
	"os"
	"strings"
	"testing"

	careerpath "github.com/careerpath/careerpath"
)

// TestDatabaseURLRefused: a database URL other than PostgreSQL's is
// refused by every command that opens a database, naming it without its
// password, and nothing is created (import once made a directory named
// "postgres:"). Every one takes a PostgreSQL URL (TestPostgresUnreachable,
// TestImportPostgres).
func TestDatabaseURLRefused(t *testing.T) {
	t.Chdir(t.TempDir())
	const url = "mysql://ann:s3cret@127.0.0.1:1/careerpath"
	for _, args := range dbCommands(url) {
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

// dbCommands are the command lines of every command that opens a
// database, on db.
func dbCommands(db string) [][]string {
	return [][]string{{"import", "--db", db}, {"serve", "--addr", "127.0.0.1:0", "--db", db},
		{"catalog", "list", "--db", db}, {"catalog", "import", "--db", db, "--name", "acme", "-"},
		{"models", "list", "--db", db}, {"models", "events", "--db", db}, {"models", "rollback", "--db", db},
		{"experiments", "list", "--db", db}, {"train", "--db", db}, {"retrain", "--db", db, "--dry-run"},
		{"eval", "--db", db}, {"classify", "--career", "machine-learning-engineer", "--db", db, "-"}}
}
