//go:build windows

package sqlite

import (
	"os"

	"golang.org/x/sys/windows"
)

// errLocked is the error lockExclusive returns when another process holds
// the lock.
var errLocked error = windows.ERROR_LOCK_VIOLATION

// lockExclusive takes LockFileEx's exclusive lock on the first byte of f
// without waiting. Windows releases it when f is closed or the process
// dies.
func lockExclusive(f *os.File) error {
	return windows.LockFileEx(windows.Handle(f.Fd()), windows.LOCKFILE_EXCLUSIVE_LOCK|windows.LOCKFILE_FAIL_IMMEDIATELY, 0, 1, 0, new(windows.Overlapped))
}
