package data

import (
	"io/fs"
	"os"
	"path/filepath"
	"testing"
)

func TestRelease(t *testing.T) {
	t.Parallel()
	if r, err := Release(""); err != nil || r != fs.FS(FS) {
		t.Errorf(`Release("") = %v, %v; want the bundled release`, r, err)
	}
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "README.md"), []byte("a release"), 0o644); err != nil {
		t.Fatal(err)
	}
	r, err := Release(dir)
	if err != nil {
		t.Fatal(err)
	}
	if b, err := fs.ReadFile(r, "README.md"); err != nil || string(b) != "a release" {
		t.Errorf("Release(dir) reads README.md as %q, %v", b, err)
	}
	for _, bad := range []string{filepath.Join(dir, "README.md"), filepath.Join(dir, "none")} {
		if _, err := Release(bad); err == nil {
			t.Errorf("Release(%s) succeeded, want an error", bad)
		}
	}
}
