//go:build torch

package libtorch

// Prototypes of functions that gotch's libtch already compiles (torch_api.cpp,
// extern "C"); gotch has no Go wrapper for them. The symbols come from libtch's
// object code at link time, so this file needs no cgo flags of its own.

/*
int at_get_num_threads();
void at_set_num_threads(int n_threads);
*/
import "C"

import (
	"runtime"

	"github.com/sugarme/gotch"
	lib "github.com/sugarme/gotch/libtch"
)

// SetThreads sets libtorch's intra-op thread count; n <= 0 means one thread
// per CPU. Debian's libtorch starts with one thread, so training code calls
// this before its first operation. It returns the count now in effect.
//
// With OpenMP, libtorch reads the count back per OS thread
// (omp_get_max_threads), so the set and the read run on one locked OS
// thread: a goroutine moved between the two cgo calls read another
// thread's count (CI, 2026-12-03: SetThreads(1) = 2).
func SetThreads(n int) int {
	if n <= 0 {
		n = runtime.NumCPU()
	}
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	C.at_set_num_threads(C.int(n))
	return Threads()
}

// Threads returns libtorch's intra-op thread count.
func Threads() int { return int(C.at_get_num_threads()) }

// LibtorchVersion is the version of the libtorch gotch was prepared and
// built against (cmd/gotchprep records it in the prepared copy).
func LibtorchVersion() string { return lib.PreparedLibtorchVersion }

// LibtorchRoot is where that libtorch is installed.
func LibtorchRoot() string { return lib.PreparedLibtorchRoot }

// CUDABuild reports whether the libtorch linked in has CUDA support.
func CUDABuild() bool { return lib.PreparedLibtorchCUDA }

// CUDADevices is the number of CUDA devices libtorch can use (0 on a CPU
// build or a machine without a GPU).
func CUDADevices() int {
	if !gotch.CUDA.IsAvailable() {
		return 0
	}
	return int(gotch.CUDA.DeviceCount())
}

// Device is the first CUDA device when there is one, else the CPU.
func Device() gotch.Device { return gotch.CudaIfAvailable() }
