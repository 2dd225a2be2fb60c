//go:build torch

package phasetrain

import "github.com/verify-tools/verify/internal/libtorch"

// setThreads sets libtorch's intra-op threads (n <= 0: one per CPU) and
// returns the count in effect.
func setThreads(n int) int { return libtorch.SetThreads(n) }
