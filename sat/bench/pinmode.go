package bench

import "fmt"

// PinMode says whether a batch binds each run to a CPU of its own.
type PinMode string

// The modes. PinAuto, the default, pins when the process may use at least
// --jobs CPUs and otherwise runs unpinned with a warning (the runs share
// cores either way); PinOn insists and refuses more jobs than CPUs;
// PinOff never pins.
const (
	PinAuto PinMode = ""
	PinOn   PinMode = "on"
	PinOff  PinMode = "off"
)

// ResolvePin decides whether a batch of jobs runs pinned on this machine;
// warning, when not empty, says why timings may suffer.
func ResolvePin(mode PinMode, jobs int) (pin bool, warning string, err error) {
	switch mode {
	case PinOff:
		return false, "", nil
	case PinOn, PinAuto:
	default:
		return false, "", fmt.Errorf("pin mode %q is not on, off or auto", mode)
	}
	allowed, err := AllowedCPUs()
	if err != nil {
		return false, "", err
	}
	if jobs > len(allowed) && mode == PinAuto {
		return false, fmt.Sprintf("--jobs %d exceeds the %d CPUs this process may use (%s): runs share cores and are not pinned, so their times are inflated",
			jobs, len(allowed), cpuList(allowed)), nil
	}
	cpus, shared, err := PinCPUs(jobs)
	if err != nil {
		return false, "", err
	}
	if shared {
		warning = fmt.Sprintf("--jobs %d: the CPUs %s include SMT siblings (fewer physical cores than jobs), so pinned runs on one core slow each other",
			jobs, cpuList(cpus))
	}
	return true, warning, nil
}
