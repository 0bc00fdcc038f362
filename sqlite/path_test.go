package sqlite

import (
	"path/filepath"
	"testing"
)

func TestDefaultPath(t *testing.T) {
	t.Setenv("XDG_DATA_HOME", "/srv/data")
	if got, want := DefaultPath(), filepath.Join("/srv/data", "careerpath", "careerpath.db"); got != want {
		t.Errorf("DefaultPath() with XDG_DATA_HOME = %q, want %q", got, want)
	}
	t.Setenv("XDG_DATA_HOME", "")
	t.Setenv("HOME", "/home/ann")
	if got, want := DefaultPath(), filepath.Join("/home/ann", ".local", "share", "careerpath", "careerpath.db"); got != want {
		t.Errorf("DefaultPath() = %q, want %q", got, want)
	}
}
