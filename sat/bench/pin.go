package bench

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sort"
	"strconv"
	"strings"

	"golang.org/x/sys/unix"
)

// Pinning gives every running child a CPU of its own, as SAT competitions
// run one solver per core: two runs never share a core, and a run does not
// wander between cores. The CPUs are the ones this process may use
// (sched_getaffinity: a taskset, cgroup cpuset or SLURM allocation
// narrows them), one per physical core first, so that two runs do not
// share a core through SMT siblings while other cores are free.

// AllowedCPUs lists the CPUs this process may run on, in increasing order.
func AllowedCPUs() ([]int, error) {
	var set unix.CPUSet
	if err := unix.SchedGetaffinity(0, &set); err != nil {
		return nil, fmt.Errorf("reading the CPUs this process may use: %w", err)
	}
	var cpus []int
	for c := 0; len(cpus) < set.Count(); c++ {
		if set.IsSet(c) {
			cpus = append(cpus, c)
		}
	}
	return cpus, nil
}

// PinCPUs picks the CPUs of jobs pinned runs from this process's allowed
// set, one per physical core first. It refuses more jobs than CPUs;
// sharedCores says whether some picked CPUs are SMT siblings of others.
func PinCPUs(jobs int) (cpus []int, sharedCores bool, err error) {
	allowed, err := AllowedCPUs()
	if err != nil {
		return nil, false, err
	}
	if jobs > len(allowed) {
		return nil, false, fmt.Errorf("--jobs %d with pinning needs %d CPUs, this process may use %d (%s): lower --jobs, or pass --pin=false to let runs share cores",
			jobs, jobs, len(allowed), cpuList(allowed))
	}
	cpus, sharedCores = pickCPUs(allowed, jobs, sysCore)
	return cpus, sharedCores, nil
}

// pickCPUs takes n of the allowed CPUs, the first CPU of every physical
// core (as core names them) before any second one.
func pickCPUs(allowed []int, n int, core func(cpu int) string) (picked []int, shared bool) {
	rank := make(map[int]int, len(allowed)) // how many CPUs of its core come before it
	seen := make(map[string]int)
	for _, c := range allowed {
		k := core(c)
		rank[c] = seen[k]
		seen[k]++
	}
	order := append([]int(nil), allowed...)
	sort.SliceStable(order, func(i, j int) bool { return rank[order[i]] < rank[order[j]] })
	picked = order[:n]
	return picked, n > 0 && rank[picked[n-1]] > 0
}

// sysCore names the physical core of cpu from sysfs; a CPU whose topology
// is not readable counts as a core of its own.
func sysCore(cpu int) string {
	dir := filepath.Join("/sys/devices/system/cpu", "cpu"+strconv.Itoa(cpu), "topology")
	pkg, err1 := os.ReadFile(filepath.Join(dir, "physical_package_id"))
	core, err2 := os.ReadFile(filepath.Join(dir, "core_id"))
	if err1 != nil || err2 != nil {
		return "cpu" + strconv.Itoa(cpu)
	}
	return strings.TrimSpace(string(pkg)) + "/" + strings.TrimSpace(string(core))
}

// cpuList writes CPUs the way Cpus_allowed_list does ("0-3,6").
func cpuList(cpus []int) string {
	var parts []string
	for i := 0; i < len(cpus); {
		j := i
		for j+1 < len(cpus) && cpus[j+1] == cpus[j]+1 {
			j++
		}
		if j == i {
			parts = append(parts, strconv.Itoa(cpus[i]))
		} else {
			parts = append(parts, fmt.Sprintf("%d-%d", cpus[i], cpus[j]))
		}
		i = j + 1
	}
	return strings.Join(parts, ",")
}

// startBound starts cmd bound to cpu. The fork happens on an OS thread
// bound to cpu first, so the child inherits the binding before its first
// instruction (binding the child after the start would race with the
// threads a solver starts at once). The thread gets its CPUs back before
// it returns to the scheduler; when that fails it stays locked and ends
// with its goroutine, so no other goroutine of this process runs bound.
func startBound(cmd *exec.Cmd, cpu int) error {
	errc := make(chan error, 1)
	go func() {
		runtime.LockOSThread()
		var own, one unix.CPUSet
		if err := unix.SchedGetaffinity(0, &own); err != nil {
			runtime.UnlockOSThread()
			errc <- fmt.Errorf("reading the CPUs of this thread: %w", err)
			return
		}
		one.Set(cpu)
		if err := unix.SchedSetaffinity(0, &one); err != nil {
			runtime.UnlockOSThread()
			errc <- fmt.Errorf("binding to CPU %d: %w", cpu, err)
			return
		}
		errc <- cmd.Start()
		if unix.SchedSetaffinity(0, &own) == nil {
			runtime.UnlockOSThread()
		} // else: the thread exits with this goroutine, still locked
	}()
	return <-errc
}

// cpuPool hands out the CPUs of a pinned batch: a run takes one while its
// child runs and gives it back, so with as many CPUs as jobs no two
// running children ever share one.
type cpuPool chan int

func newCPUPool(cpus []int) cpuPool {
	p := make(cpuPool, len(cpus))
	for _, c := range cpus {
		p <- c
	}
	return p
}
