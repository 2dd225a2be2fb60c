//go:build torch

package main

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/verify-tools/verify/internal/libtorch"
)

// torchTag is "torch" in a libtorch build.
const torchTag = "torch"

// torchFacts reports the libtorch linked in, its CUDA devices and the
// intra-op thread count (set to threads, 0 = one per CPU, as training does).
func torchFacts(threads int) []fact {
	kind := "CPU"
	if libtorch.CUDABuild() {
		kind = "CUDA"
	}
	n := libtorch.SetThreads(threads)
	facts := []fact{
		{"libtorch", fmt.Sprintf("%s (%s) at %s", libtorch.LibtorchVersion(), kind, libtorch.LibtorchRoot())},
		{"cuda devices", fmt.Sprint(libtorch.CUDADevices())},
		{"torch threads", fmt.Sprintf("%d intra-op", n)},
	}
	facts = append(facts, openMPFacts()...)
	if libtorch.LibtorchRoot() == "/usr" {
		facts = append(facts, fact{"blas", debianBLAS()})
	}
	dev := libtorch.Device()
	return append(facts, fact{"training", fmt.Sprintf("available (device %s)", deviceName(dev.Name, dev.Value))})
}

func deviceName(name string, idx int) string {
	if name == "CUDA" {
		return fmt.Sprintf("cuda:%d", idx)
	}
	return "cpu"
}

// debianBLAS names the BLAS that Debian's alternatives give libtorch; the
// reference BLAS is about 60× slower than OpenBLAS on large linear layers.
func debianBLAS() string {
	links, _ := filepath.Glob("/etc/alternatives/libblas.so.3-*")
	for _, l := range links {
		if dst, err := os.Readlink(l); err == nil {
			if filepath.Base(filepath.Dir(dst)) == "openblas-pthread" {
				return "OpenBLAS (" + dst + ")"
			}
			return dst + " — slow reference BLAS? apt-get install libopenblas0-pthread"
		}
	}
	return "unknown (no /etc/alternatives/libblas.so.3-*)"
}
