//go:build !torch

package main

// torchTag is "torch" in a libtorch build.
const torchTag = ""

// torchFacts: the pure-Go build has no libtorch; say how to get training.
func torchFacts(int) []fact {
	return []fact{
		{"libtorch", "not in this build"},
		{"training", "unavailable in the pure-Go build; build with libtorch: make torch (docs/torch.md)"},
	}
}
