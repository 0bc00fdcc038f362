package careerpath

import (
	"log/slog"
	"sync"
	"time"
)

// FailureRemind is how often a FailureLog repeats that a failure lasts.
const FailureRemind = 5 * time.Minute

// A FailureLog logs a failure that repeats at every try of a loop — a
// poller, a listener or an election whose database is down — when it
// begins, when its code changes, every FailureRemind while it lasts and
// when it ends, rather than at every try: an outage of a few minutes is a
// handful of lines, not one per try and poller. Failures of code
// EUNAVAILABLE (the database unreachable: expected to pass) are warnings,
// others errors. Its methods are safe for concurrent use; the zero value
// with Log and Msg set is ready.
type FailureLog struct {
	Log *slog.Logger
	Msg string // what fails, as the log line says it: "leader election"
	// Recovered is the line that says it works again ("" is Msg + ": works
	// again").
	Recovered string
	Now       func() time.Time // nil: time.Now

	mu     sync.Mutex
	since  time.Time // when the failures began; zero while none
	logged time.Time // when the failure was last logged
	code   string
	tries  int
}

func (f *FailureLog) now() time.Time {
	if f.Now != nil {
		return f.Now()
	}
	return time.Now()
}

// Fail records a failed try, logging err with attrs if the failure begins,
// changes code or was last logged FailureRemind ago.
func (f *FailureLog) Fail(err error, attrs ...any) {
	now, code := f.now(), ErrorCode(err)
	f.mu.Lock()
	f.tries++
	var msg string
	switch {
	case f.since.IsZero():
		f.since, msg = now, f.Msg
	case code != f.code:
		msg = f.Msg + ": still failing, differently"
	case now.Sub(f.logged) >= FailureRemind:
		msg = f.Msg + ": still failing"
	}
	if msg != "" {
		f.logged, f.code = now, code
		attrs = append(attrs, "err", err, "failing_for", now.Sub(f.since).Round(time.Millisecond).String(), "tries", f.tries)
	}
	f.mu.Unlock()
	switch {
	case msg == "":
	case code == EUNAVAILABLE:
		f.Log.Warn(msg, attrs...)
	default:
		f.Log.Error(msg, attrs...)
	}
}

// OK records a try that succeeded, logging the end of a failure with attrs.
func (f *FailureLog) OK(attrs ...any) {
	f.mu.Lock()
	if f.since.IsZero() {
		f.mu.Unlock()
		return
	}
	took, tries := f.now().Sub(f.since), f.tries
	f.since, f.code, f.tries = time.Time{}, "", 0
	f.mu.Unlock()
	msg := f.Recovered
	if msg == "" {
		msg = f.Msg + ": works again"
	}
	f.Log.Info(msg, append(attrs, "failed_for", took.Round(time.Millisecond).String(), "tries_failed", tries)...)
}

// Failing reports whether the last try failed.
func (f *FailureLog) Failing() bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	return !f.since.IsZero()
}
