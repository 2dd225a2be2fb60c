package libtorch

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"strconv"
)

// ResetPeakRSS starts a new peak-memory measurement: Linux sets the
// process's peak resident set size (VmHWM) back to its current size.
func ResetPeakRSS() error {
	if err := os.WriteFile("/proc/self/clear_refs", []byte("5"), 0); err != nil {
		return fmt.Errorf("resetting the peak RSS: %w", err)
	}
	return nil
}

// PeakRSS is the process's peak resident set size in bytes since it
// started or since the last ResetPeakRSS (Linux's VmHWM).
func PeakRSS() (int64, error) {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0, fmt.Errorf("reading the peak RSS: %w", err)
	}
	sc := bufio.NewScanner(bytes.NewReader(b))
	for sc.Scan() {
		f := bytes.Fields(sc.Bytes())
		if len(f) == 3 && string(f[0]) == "VmHWM:" && string(f[2]) == "kB" {
			kb, err := strconv.ParseInt(string(f[1]), 10, 64)
			if err != nil {
				return 0, fmt.Errorf("reading the peak RSS: VmHWM %q: %w", f[1], err)
			}
			return kb << 10, nil
		}
	}
	return 0, fmt.Errorf("reading the peak RSS: no VmHWM line in /proc/self/status")
}
