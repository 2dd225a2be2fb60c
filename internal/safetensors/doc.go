// Package safetensors reads and writes the project's safetensors files —
// the phase predictor's weights, the certified networks and both trainers'
// checkpoints — on top of github.com/nlpodyssey/safetensors: tensors are
// stored little-endian F32 (F64 is read too, widened), with string
// metadata entries (JSON documents) in the header's __metadata__.
//
// Encoding is deterministic: the same tensors and metadata give the same
// bytes, so a file written before reads back to the values it was written
// from, and writing them again reproduces it byte for byte.
package safetensors
