//go:build !torch

package main

// prepareProcess has nothing to prepare in a build without libtorch.
func prepareProcess() {}
