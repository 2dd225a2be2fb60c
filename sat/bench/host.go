package bench

import (
	"bufio"
	"bytes"
	"os"
	"runtime"
	"strings"
)

// Host is the machine a run was timed on, recorded in every row so that a
// results file grown on several machines says which row came from where.
type Host struct {
	CPUModel string // /proc/cpuinfo's "model name", else the architecture
	CPUs     int    // logical CPUs of the machine (0 = unknown)
}

// ThisHost describes this machine; it reads /proc/cpuinfo, so call it once
// per batch.
func ThisHost() Host {
	data, _ := os.ReadFile("/proc/cpuinfo") // absent off Linux: the fallbacks below
	h := parseCPUInfo(data)
	if h.CPUModel == "" {
		h.CPUModel = runtime.GOARCH
	}
	if h.CPUs == 0 {
		h.CPUs = runtime.NumCPU()
	}
	return h
}

// parseCPUInfo reads the first "model name" (x86; "Model" on some ARM
// kernels) and counts the "processor" entries of /proc/cpuinfo.
func parseCPUInfo(data []byte) Host {
	var h Host
	sc := bufio.NewScanner(bytes.NewReader(data))
	for sc.Scan() {
		key, val, ok := strings.Cut(sc.Text(), ":")
		if !ok {
			continue
		}
		key, val = strings.TrimSpace(key), strings.Join(strings.Fields(val), " ")
		switch key {
		case "processor":
			h.CPUs++
		case "model name", "Model":
			if h.CPUModel == "" {
				h.CPUModel = val
			}
		}
	}
	return h
}
