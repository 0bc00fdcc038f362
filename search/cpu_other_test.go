//go:build !unix

package search_test

import "testing"

// withCPU runs a benchmark's loop; CPU time is reported on Unix only.
func withCPU(b *testing.B, loop func()) { loop() }
