package sqlite

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	careerpath "github.com/careerpath/careerpath"
)

// TestOpenRefusesURL: a database URL given as the path is refused with
// the password hidden, and nothing is created (it once made a directory
// named "postgres:").
func TestOpenRefusesURL(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	for _, url := range []string{"postgres://ann:s3cret@db/careerpath", "mysql://ann:s3cret@db/careerpath"} {
		if _, err := Open(context.Background(), url); careerpath.ErrorCode(err) != careerpath.EINVALID || strings.Contains(err.Error(), "s3cret") {
			t.Errorf("Open(%q) = %v, want EINVALID without the password", url, err)
		}
		if _, err := NewBuilder(context.Background(), url); careerpath.ErrorCode(err) != careerpath.EINVALID {
			t.Errorf("NewBuilder(%q) = %v, want EINVALID", url, err)
		}
	}
	if names, _ := filepath.Glob(filepath.Join(dir, "*")); len(names) != 0 {
		t.Errorf("refusing URLs created %v", names)
	}
}
