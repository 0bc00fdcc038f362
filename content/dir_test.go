package content

import (
	"io/fs"
	"os"
	"path/filepath"
	"testing"
)

func TestDir(t *testing.T) {
	t.Parallel()
	if files, err := Dir(""); err != nil || files != Embedded() {
		t.Errorf(`Dir("") = %v, %v; want the embedded content`, files, err)
	}
	dir := t.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, CareersDir), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, CareersDir, "x.md"), []byte("draft"), 0o644); err != nil {
		t.Fatal(err)
	}
	files, err := Dir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if b, err := fs.ReadFile(files, CareersDir+"/x.md"); err != nil || string(b) != "draft" {
		t.Errorf("Dir(dir) reads careers/x.md as %q, %v", b, err)
	}
	for _, bad := range []string{filepath.Join(dir, "none"), os.Args[0]} {
		if _, err := Dir(bad); err == nil {
			t.Errorf("Dir(%s) succeeded, want an error", bad)
		}
	}
}
