package bench

import (
	"bytes"
	"os"
	"strconv"
	"time"
)

// Peak memory of a child. The kernel's rusage maximum (ru_maxrss) of a
// child started by Go also counts this process's own peak, because the
// child shares our memory until it calls exec. So a child's peak is taken
// from rusage only when it exceeds our own peak at start; otherwise it is
// the largest VmHWM sampled from /proc while the child ran.

// hwmBytes reads the VmHWM (peak resident set) line of a /proc status
// file; 0 when unavailable.
func hwmBytes(statusFile string) int64 {
	data, err := os.ReadFile(statusFile)
	if err != nil {
		return 0
	}
	i := bytes.Index(data, []byte("VmHWM:"))
	if i < 0 {
		return 0
	}
	fields := bytes.Fields(data[i+len("VmHWM:"):])
	if len(fields) == 0 {
		return 0
	}
	kb, err := strconv.ParseInt(string(fields[0]), 10, 64)
	if err != nil {
		return 0
	}
	return kb << 10
}

// rssSampler records the largest VmHWM of a running process.
type rssSampler struct {
	stop chan struct{}
	done chan int64
}

// sampleRSS starts sampling pid's peak resident set until finish.
func sampleRSS(pid int) *rssSampler {
	s := &rssSampler{stop: make(chan struct{}), done: make(chan int64, 1)}
	file := "/proc/" + strconv.Itoa(pid) + "/status"
	go func() {
		peak := hwmBytes(file)
		interval := 10 * time.Millisecond
		t := time.NewTimer(interval)
		defer t.Stop()
		for {
			select {
			case <-s.stop:
				s.done <- peak
				return
			case <-t.C:
				peak = max(peak, hwmBytes(file))
				interval = min(2*interval, 250*time.Millisecond)
				t.Reset(interval)
			}
		}
	}()
	return s
}

// finish stops sampling and returns the peak seen.
func (s *rssSampler) finish() int64 {
	close(s.stop)
	return <-s.done
}

// childPeak combines the rusage maximum with the sampled peak.
func childPeak(rusageMax, ownPeakAtStart, sampled int64) int64 {
	if rusageMax > ownPeakAtStart || sampled == 0 {
		return rusageMax // exact, or an upper bound when no sample was taken
	}
	return sampled
}
