package careerpath_test

import (
	"bytes"
	"errors"
	"log/slog"
	"strings"
	"testing"
	"time"

	careerpath "github.com/careerpath/careerpath"
)

// TestFailureLog: a failure repeated at every try is logged when it
// begins, when its code changes, every FailureRemind and when it ends.
func TestFailureLog(t *testing.T) {
	var buf bytes.Buffer
	now := time.Date(2026, 12, 3, 9, 0, 0, 0, time.UTC)
	f := &careerpath.FailureLog{Log: slog.New(slog.NewTextHandler(&buf, nil)), Msg: "poll", Now: func() time.Time { return now }}
	down := careerpath.Errorf(careerpath.EUNAVAILABLE, "The database is unreachable.")
	lines := func() []string {
		s := strings.TrimSpace(buf.String())
		buf.Reset()
		if s == "" {
			return nil
		}
		return strings.Split(s, "\n")
	}

	f.OK() // nothing failed: nothing to say
	for range 30 {
		f.Fail(down)
		now = now.Add(time.Second)
	}
	got := lines()
	if len(got) != 1 || !strings.Contains(got[0], "level=WARN msg=poll ") || !strings.Contains(got[0], "tries=1") {
		t.Fatalf("30 failed tries logged %q, want one warning", got)
	}
	if !f.Failing() {
		t.Error("Failing() = false after failed tries")
	}
	f.Fail(errors.New("disk on fire"))
	if got := lines(); len(got) != 1 || !strings.Contains(got[0], "level=ERROR") || !strings.Contains(got[0], "still failing, differently") {
		t.Errorf("a failure of another code logged %q, want one error", got)
	}
	now = now.Add(careerpath.FailureRemind)
	f.Fail(errors.New("disk on fire"))
	if got := lines(); len(got) != 1 || !strings.Contains(got[0], `msg="poll: still failing"`) {
		t.Errorf("after FailureRemind logged %q, want a reminder", got)
	}
	f.OK()
	f.OK()
	if got := lines(); len(got) != 1 || !strings.Contains(got[0], "works again") || !strings.Contains(got[0], "tries_failed=32") {
		t.Errorf("recovery logged %q, want one line with 32 failed tries", got)
	}
	if f.Failing() {
		t.Error("Failing() = true after a try succeeded")
	}
	f.Fail(down)
	if got := lines(); len(got) != 1 || !strings.Contains(got[0], "tries=1") {
		t.Errorf("a new failure logged %q, want one line counting from 1", got)
	}
}
