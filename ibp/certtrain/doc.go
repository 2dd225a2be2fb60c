// Package certtrain implements fast certified training with interval bound
// propagation (Shi et al. 2021, "Fast Certified Robust Training with Short
// Warmup"): IBP initialisation, full BatchNorm, the warm-up regularisers and
// the smoothed ε schedule. The training loop runs on libtorch and is
// compiled only with the `torch` build tag (docs/training.md); the
// schedules, configuration, initialisation, batching and run records are
// pure Go and build everywhere.
package certtrain
