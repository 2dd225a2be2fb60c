// Package torchnet holds the libtorch (gotch) side of IBP training. It is
// compiled only with the `torch` build tag (`make torch`, docs/torch.md);
// without it the package is empty.
package torchnet
