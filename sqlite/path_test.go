package sqlite

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestCheckPathRefusesURLs(t *testing.T) {
	for _, bad := range []string{
		"postgres://editor:s3cret@db.example/careers",
		"postgresql://editor:s3cret@localhost:5432/careers?sslmode=disable",
		"file:careers.db?mode=memory&cache=shared",
		"mysql://root:s3cret@host/db",
	} {
		err := CheckPath(bad)
		if err == nil {
			t.Errorf("CheckPath(%q) = nil, want an error", bad)
			continue
		}
		if strings.Contains(err.Error(), "s3cret") {
			t.Errorf("CheckPath(%q) = %q, shows the password", bad, err)
		}
		if !strings.Contains(err.Error(), "URL") {
			t.Errorf("CheckPath(%q) = %q, does not say it is a URL", bad, err)
		}
	}
	for _, good := range []string{"careerpath.db", "/var/lib/careerpath/careerpath.db", "./data:2026/careers.db", `C:\data\careers.db`} {
		if err := CheckPath(good); err != nil {
			t.Errorf("CheckPath(%q) = %v, want nil", good, err)
		}
	}
}

// A postgres:// value given to the SQLite importer must not create a
// directory named "postgres:".
func TestNewBuilderRefusesURLWithoutCreatingDirectory(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	if _, err := NewBuilder(context.Background(), "postgres://u:pw@localhost/careers"); err == nil {
		t.Fatal("NewBuilder accepted a postgres:// URL")
	}
	if _, err := Open(context.Background(), "postgres://u:pw@localhost/careers"); err == nil {
		t.Fatal("Open accepted a postgres:// URL")
	}
	if _, err := os.Stat(filepath.Join(dir, "postgres:")); !os.IsNotExist(err) {
		t.Fatalf("a directory named postgres: was created (stat: %v)", err)
	}
}
