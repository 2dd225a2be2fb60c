// Package libtorch holds the libtorch (gotch) plumbing that both trainers
// share — the phase predictor's (gnn/phasetrain) and the certified
// networks' (ibp/certtrain) — and nothing specific to either: an arena
// that frees a step's tensors deterministically, no-grad on a locked OS
// thread, Adam/AdamW with checkpointable state, libtorch's intra-op
// threads and build facts, OpenMP's wait policy, peak memory, and
// SmallNet, a gradient-checked test net that proves the libtorch build
// path (the GPU proof script runs its tests).
//
// The tensor code is compiled only with the `torch` build tag (`make
// torch`, docs/torch.md); without it the package holds only the pure-Go
// pieces (PassiveWaitEnv, PeakRSS).
package libtorch
