package main

import (
	"bytes"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestConfigEnvRule: every setting --x-y is read from CAREERPATH_X_Y, a
// flag wins over the environment, a bad value names its variable, and the
// earlier flag name --config still sets --train-config.
func TestConfigEnvRule(t *testing.T) {
	defaults := DefaultConfig()
	for _, s := range defaults.effective() {
		if s.Env != "CAREERPATH_"+strings.ToUpper(strings.ReplaceAll(s.Flag, "-", "_")) {
			t.Errorf("--%s has environment variable %s", s.Flag, s.Env)
		}
	}
	t.Setenv("CAREERPATH_ADMIN_TOKEN", "from-the-environment-0123")
	t.Setenv("CAREERPATH_OVERRIDES_POLL", "5s")
	t.Setenv("CAREERPATH_MONITORING", "false")
	c := DefaultConfig()
	if err := parseFlags(c.flags("serve", os.Stderr, serveSettings...), []string{"--overrides-poll", "2s"}); err != nil {
		t.Fatal(err)
	}
	if c.AdminToken != "from-the-environment-0123" || c.OverridesPoll.String() != "2s" || c.Monitor.on {
		t.Errorf("admin token %q, overrides poll %v, monitoring %v: want the environment's token, the flag's 2s, false", c.AdminToken, c.OverridesPoll, c.Monitor.on)
	}
	if attrs := fmt.Sprintln(c.logAttrs()...); strings.Contains(attrs, "from-the-environment") || !strings.Contains(attrs, "admin-token (redacted)") {
		t.Errorf("serve's debug log of the config: %s; want the admin token redacted", attrs)
	}
	t.Setenv("CAREERPATH_OVERRIDES_POLL", "often")
	c = DefaultConfig()
	if err := parseFlags(c.flags("serve", os.Stderr, serveSettings...), nil); err == nil || !strings.Contains(err.Error(), `CAREERPATH_OVERRIDES_POLL="often"`) {
		t.Errorf("bad environment value: error %v, want one naming CAREERPATH_OVERRIDES_POLL", err)
	}
	c = DefaultConfig()
	if err := parseFlags(c.flags("train", os.Stderr, "db", "train-config"), []string{"--config", `{"epochs": 1}`}); err != nil || c.TrainConfig != `{"epochs": 1}` {
		t.Errorf("--config: train config %q (%v), want the flag's", c.TrainConfig, err)
	}
}

// TestConfigCommand: "careerpath config" prints the effective settings
// with the secrets redacted.
func TestConfigCommand(t *testing.T) {
	t.Setenv("CAREERPATH_METRICS_TOKEN", "metrics-secret-0123456789")
	var out bytes.Buffer
	if err := run(t.Context(), []string{"config", "--admin-token", "admin-secret-0123456789", "--addr", "localhost:0"}, &out, &out); err != nil {
		t.Fatal(err)
	}
	got := out.String()
	if strings.Contains(got, "secret") {
		t.Errorf("config prints a secret:\n%s", got)
	}
	for _, want := range []string{"--admin-token", "(redacted)", "CAREERPATH_ADDR", "localhost:0"} {
		if !strings.Contains(got, want) {
			t.Errorf("config output lacks %q:\n%s", want, got)
		}
	}
}

// TestREADMESettings: the README's table of settings is the one the code
// generates ("careerpath config markdown").
func TestREADMESettings(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	const begin, end = "<!-- settings: careerpath config markdown -->\n", "<!-- end settings -->"
	s := string(readme)
	i, j := strings.Index(s, begin), strings.Index(s, end)
	if i < 0 || j < i {
		t.Fatalf("README has no settings table between %q and %q", begin, end)
	}
	if got, want := s[i+len(begin):j], configTable(); got != want {
		t.Errorf("README's settings table differs from the code's; replace it with the output of \"careerpath config markdown\":\n%s", want)
	}
}

// TestREADMELayout: the README's Layout table names every package
// directory, and every path it names exists.
func TestREADMELayout(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	s := string(readme)
	i := strings.Index(s, "## Layout")
	j := strings.Index(s[i+1:], "\n## ")
	if i < 0 || j < 0 {
		t.Fatal("README has no Layout section")
	}
	listed := map[string]bool{}
	for _, line := range strings.Split(s[i:i+1+j], "\n") {
		if !strings.HasPrefix(line, "| `") {
			continue
		}
		cell := strings.SplitN(line, "|", 3)[1]
		for _, p := range strings.Split(cell, ",") {
			p = strings.Trim(strings.TrimSpace(p), "`")
			listed[p] = true
			if p == "*.go" || strings.HasPrefix(p, "*.go") {
				continue
			}
			if _, err := os.Stat(filepath.Join("../..", p)); err != nil {
				t.Errorf("Layout names %s, which does not exist", p)
			}
		}
	}
	err = filepath.WalkDir("../..", func(path string, d fs.DirEntry, err error) error {
		if err != nil || !d.IsDir() {
			return err
		}
		name := d.Name()
		if path != "../.." && (strings.HasPrefix(name, ".") || name == "testdata" || name == "node_modules") {
			return filepath.SkipDir
		}
		rel, _ := filepath.Rel("../..", path)
		if rel == "." {
			return nil
		}
		if goFiles, _ := filepath.Glob(filepath.Join(path, "*.go")); len(goFiles) > 0 && !listed[rel+"/"] {
			t.Errorf("package directory %s/ is not in the README's Layout table", rel)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestCheckServe: serve refuses a poll that is not positive and a retention
// under a day, naming the flag, and warns of a short admin token.
func TestCheckServe(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string // in the error; "" for none
		log  string // in the log
	}{
		{args: nil, log: "admin API disabled"},
		{args: []string{"--overrides-poll", "0s"}, want: "--overrides-poll 0s: want a positive duration"},
		{args: []string{"--audit-retention-days", "0"}, want: "--audit-retention-days 0: want at least 1"},
		{args: []string{"--admin-token", "short"}, log: "shorter than 16 characters"},
	} {
		c := DefaultConfig()
		if err := parseFlags(c.flags("serve", io.Discard, serveSettings...), tc.args); err != nil {
			t.Fatal(err)
		}
		var logs bytes.Buffer
		err := c.checkServe(slog.New(slog.NewTextHandler(&logs, nil)))
		if (err == nil) != (tc.want == "") || err != nil && !strings.Contains(err.Error(), tc.want) {
			t.Errorf("checkServe(%q) = %v, want %q", tc.args, err, tc.want)
		}
		if !strings.Contains(logs.String(), tc.log) {
			t.Errorf("checkServe(%q) logged %q, want %q", tc.args, logs.String(), tc.log)
		}
	}
}
