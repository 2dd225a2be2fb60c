package libtorch

import "strings"

// WaitPolicyVar is the OpenMP variable that decides how libtorch's idle
// intra-op threads wait for work: spinning (libgomp's default, for a while)
// or sleeping.
const WaitPolicyVar = "OMP_WAIT_POLICY"

// PassiveWaitEnv returns env with OMP_WAIT_POLICY=PASSIVE added when env
// does not set it, and whether it added it. With spinning threads a
// training run on a machine that other jobs also use collapses: every
// parallel region waits for a thread the kernel has descheduled while its
// sibling burns the core (a batch-10 forward pass took 250–460 ms at two
// threads against 67 ms at one, measured under load). Sleeping threads
// cost a few microseconds per region on a quiet machine. OpenMP reads the
// variable once, when the library loads, so the process must be started
// with it (see cmd/verify's re-exec). A value the user set is kept.
func PassiveWaitEnv(env []string) ([]string, bool) {
	for _, kv := range env {
		if strings.HasPrefix(kv, WaitPolicyVar+"=") {
			return env, false
		}
	}
	return append(append([]string(nil), env...), WaitPolicyVar+"=PASSIVE"), true
}
