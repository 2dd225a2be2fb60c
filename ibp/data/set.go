// Package data loads the image classification data sets that training and
// certification read: MNIST in IDX format (gzipped or plain) and CIFAR-10 in
// its binary format. It is independent of training and certification.
package data

import "fmt"

// File records one data file that was read and its SHA-256 (of the bytes
// on disk, before decompression).
type File struct {
	Name   string `json:"name"`
	SHA256 string `json:"sha256"`
}

// Set is a loaded split of a data set. Raw holds the pixels as bytes, image
// after image, channel-major ([C][H][W]); pixel value = byte / 255.
type Set struct {
	Dataset string // "mnist" or "cifar10"
	Split   string // "train" or "test"
	Shape   [3]int // C, H, W
	Raw     []byte
	Labels  []uint8
	Classes int
	Files   []File
}

// Len is the number of samples.
func (s *Set) Len() int { return len(s.Labels) }

// ImageSize is the number of values per image (C*H*W).
func (s *Set) ImageSize() int { return s.Shape[0] * s.Shape[1] * s.Shape[2] }

// RawImage returns the bytes of image i.
func (s *Set) RawImage(i int) []byte {
	n := s.ImageSize()
	return s.Raw[i*n : (i+1)*n]
}

// Image returns image i as float32 pixels in [0, 1].
func (s *Set) Image(i int) []float32 {
	raw := s.RawImage(i)
	out := make([]float32, len(raw))
	for j, b := range raw {
		out[j] = float32(b) / 255
	}
	return out
}

// Load reads a split ("train" or "test") of a data set ("mnist" or
// "cifar10") from dir.
func Load(dataset, dir, split string) (*Set, error) {
	if split != "train" && split != "test" {
		return nil, fmt.Errorf("unknown split %q (want train or test)", split)
	}
	switch dataset {
	case "mnist":
		return LoadMNIST(dir, split)
	case "cifar10":
		return LoadCIFAR10(dir, split)
	}
	return nil, fmt.Errorf("unknown dataset %q (want mnist or cifar10)", dataset)
}

// Holdout splits s into its first Len()-n samples and its last n: the
// training part and a held-out development split for tuning (so the test
// set stays untouched). The parts share s's backing arrays; the held-out
// part's Split is "holdout". It fails unless 0 < n < Len().
func (s *Set) Holdout(n int) (train, held *Set, err error) {
	if n <= 0 || n >= s.Len() {
		return nil, nil, fmt.Errorf("%s %s: a held-out split of %d samples needs 0 < N < %d", s.Dataset, s.Split, n, s.Len())
	}
	k, size := s.Len()-n, s.ImageSize()
	train, held = new(Set), new(Set)
	*train, *held = *s, *s
	train.Raw, train.Labels = s.Raw[:k*size:k*size], s.Labels[:k:k]
	held.Raw, held.Labels, held.Split = s.Raw[k*size:], s.Labels[k:], "holdout"
	return train, held, nil
}
