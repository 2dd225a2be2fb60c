// Package phasetrain trains the phase predictor of gnn/phasenet on libtorch
// (torch build): a torch copy of the forward pass in docs/gnn.md with the
// same tensor names, class-balanced BCE on backbone variables, AdamW with
// gradient clipping, early stopping on the validation split, resumable
// checkpoints, train.jsonl and a plot. The weights it writes load into
// the pure-Go model.Load and give the same probabilities.
//
// The files without the torch tag (samples and batches, metrics and the
// threshold search, records and the plot) are pure Go and tested in both
// builds.
package phasetrain
