//go:build torch

package main

import (
	"fmt"
	"os"
	"syscall"

	"github.com/verify-tools/verify/internal/libtorch"
)

// prepareProcess restarts the torch build with OMP_WAIT_POLICY=PASSIVE
// unless the environment sets the policy: libtorch's OpenMP threads then
// sleep instead of spinning while they wait, so training on a machine
// shared with other jobs slows in proportion to the load instead of
// collapsing (docs/training.md, Threads). OpenMP reads the variable when
// the library loads, before main, hence the exec. On failure the process
// goes on as it is, with a warning. (The C allocator needs no setting: the
// torch build links tcmalloc, libtorch.Allocator.)
func prepareProcess() {
	if env, added := libtorch.PassiveWaitEnv(os.Environ()); added {
		exe, err := os.Executable()
		if err == nil {
			err = syscall.Exec(exe, os.Args, env) // returns only on failure
		}
		fmt.Fprintf(os.Stderr, "verify: warning: could not restart with %s=PASSIVE (%v); OpenMP threads will spin while idle\n", libtorch.WaitPolicyVar, err)
	}
}

// openMPFacts says how libtorch's OpenMP threads wait.
func openMPFacts() []fact {
	v, ok := os.LookupEnv(libtorch.WaitPolicyVar)
	if !ok {
		v = "unset (libgomp spins)"
	}
	heap := libtorch.Allocator()
	if p := os.Getenv("LD_PRELOAD"); p != "" {
		heap += "; LD_PRELOAD=" + p + " comes first"
	}
	return []fact{{"openmp wait", libtorch.WaitPolicyVar + "=" + v}, {"c allocator", heap}}
}
