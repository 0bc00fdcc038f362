//go:build unix

package sqlite

import (
	"os"
	"syscall"
)

// errLocked is the error lockExclusive returns when another process holds
// the lock.
var errLocked error = syscall.EWOULDBLOCK

// lockExclusive takes flock(2)'s exclusive lock on f without waiting. The
// kernel releases it when f is closed or the process dies. flock locks are
// advisory and, on some network file systems, local to one machine: keep
// the database on a local disk.
func lockExclusive(f *os.File) error {
	return syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB)
}
