//go:build unix

package search_test

import (
	"syscall"
	"testing"
	"time"
)

// withCPU runs a benchmark's loop and reports the process's CPU time
// (user and system, all threads) per iteration as cpu-ms/op.
func withCPU(b *testing.B, loop func()) {
	cpu := func() time.Duration {
		var ru syscall.Rusage
		if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
			b.Fatal(err)
		}
		return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
	}
	before := cpu()
	loop()
	b.ReportMetric(float64((cpu()-before).Microseconds())/1000/float64(b.N), "cpu-ms/op")
}
