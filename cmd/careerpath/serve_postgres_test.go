package main

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"strings"
	"testing"
)

// TestServePostgresNotImported: serve on a PostgreSQL database without an
// imported release exits 1 and says to import first, without the password.
func TestServePostgresNotImported(t *testing.T) {
	url := os.Getenv("CAREERPATH_TEST_POSTGRES")
	if url == "" {
		t.Skip("CAREERPATH_TEST_POSTGRES is not set")
	}
	url = pgSchema(t, url)
	cmd := exec.Command(os.Args[0], "serve", "--addr", "127.0.0.1:0", "--db", url)
	cmd.Env = append(os.Environ(), "CAREERPATH_RUN_MAIN=1", "CAREERPATH_DB=")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	err := cmd.Run()
	var exit *exec.ExitError
	if !errors.As(err, &exit) || exit.ExitCode() != 1 {
		t.Fatalf("serve on a database without open data: %v, want exit code 1\n%s", err, stderr.String())
	}
	msg := stderr.String()
	password := ""
	if i, j := strings.Index(url, "://"), strings.Index(url, "@"); i >= 0 && j > i {
		if k := strings.Index(url[i+3:j], ":"); k >= 0 {
			password = url[i+3+k+1 : j]
		}
	}
	if !strings.Contains(msg, "run careerpath import --db URL first") || (password != "" && strings.Contains(msg, password)) {
		t.Errorf("serve on a database without open data printed %q; want the import to run first, without the password", msg)
	}
}
