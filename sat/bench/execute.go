package bench

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"syscall"
	"time"

	"golang.org/x/sys/unix"
)

// limits bound one child process.
type limits struct {
	Timeout  time.Duration // wall clock; 0 = none
	MemBytes uint64        // address-space limit (RLIMIT_AS); 0 = none
	// Bind, when set, starts the child bound to CPU (pin.go): it and its
	// descendants run on that CPU only.
	Bind bool
	CPU  int
}

// execution is what the operating system tells about a finished child.
type execution struct {
	Wall        time.Duration
	CPU         time.Duration // user + system time of the child and the children it waited for
	MaxRSSBytes int64
	ExitCode    int            // -1 when killed by a signal
	Signal      syscall.Signal // the signal that killed it, if any
	TimedOut    bool           // killed at the wall-clock limit
}

// errInterrupted reports a run stopped by cancellation: its result is
// meaningless and must not be recorded.
var errInterrupted = errors.New("run interrupted")

// execute runs argv in its own process group with stdout and stderr going
// to the given files, applies the memory limit right after start, and
// kills the whole group at the time limit or on cancellation.
func execute(ctx context.Context, argv []string, lim limits, stdout, stderr *os.File) (execution, error) {
	cmd := exec.Command(argv[0], argv[1:]...)
	cmd.Stdout, cmd.Stderr = stdout, stderr
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	ownPeak := hwmBytes("/proc/self/status")
	start := time.Now()
	var err error
	if lim.Bind {
		err = startBound(cmd, lim.CPU)
	} else {
		err = cmd.Start()
	}
	if err != nil {
		return execution{}, fmt.Errorf("starting %s: %w", argv[0], err)
	}
	pid := cmd.Process.Pid
	killGroup := func() { _ = syscall.Kill(-pid, syscall.SIGKILL) }
	if lim.MemBytes > 0 {
		rl := unix.Rlimit{Cur: lim.MemBytes, Max: lim.MemBytes}
		if err := unix.Prlimit(pid, unix.RLIMIT_AS, &rl, nil); err != nil {
			killGroup()
			_ = cmd.Wait()
			return execution{}, fmt.Errorf("setting memory limit of %s: %w", argv[0], err)
		}
	}
	sampler := sampleRSS(pid)
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	var timer <-chan time.Time
	if lim.Timeout > 0 {
		t := time.NewTimer(lim.Timeout)
		defer t.Stop()
		timer = t.C
	}
	var ex execution
	var waitErr error
	select {
	case waitErr = <-done:
	case <-timer:
		ex.TimedOut = true
		killGroup()
		waitErr = <-done
	case <-ctx.Done():
		killGroup()
		<-done
		sampler.finish()
		return execution{}, errInterrupted
	}
	ex.Wall = time.Since(start)
	sampled := sampler.finish()
	killGroup() // leftovers the solver started in its group
	var ee *exec.ExitError
	if waitErr != nil && !errors.As(waitErr, &ee) {
		return execution{}, fmt.Errorf("waiting for %s: %w", argv[0], waitErr)
	}
	ps := cmd.ProcessState
	ex.CPU = ps.UserTime() + ps.SystemTime()
	ex.ExitCode = ps.ExitCode()
	if ws, ok := ps.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
		ex.Signal = ws.Signal()
	}
	if ru, ok := ps.SysUsage().(*syscall.Rusage); ok {
		ex.MaxRSSBytes = childPeak(ru.Maxrss*1024, ownPeak, sampled) // Linux reports KiB
	}
	return ex, nil
}
