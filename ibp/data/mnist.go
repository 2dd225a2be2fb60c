package data

import (
	"encoding/binary"
	"fmt"
)

// IDX magic numbers: 0x0000 08 (unsigned byte) then the number of dimensions.
const (
	idxImagesMagic = 0x00000803
	idxLabelsMagic = 0x00000801
)

// LoadMNIST reads the MNIST IDX files of a split from dir. It accepts
// gzipped (.gz) or plain files with the standard names, e.g.
// train-images-idx3-ubyte.gz and train-labels-idx1-ubyte.gz, and the test
// split's t10k-* files.
func LoadMNIST(dir, split string) (*Set, error) {
	prefix := "train"
	if split == "test" {
		prefix = "t10k"
	}
	imgPath, imgName, err := findFile(dir, prefix+"-images-idx3-ubyte.gz", prefix+"-images-idx3-ubyte", prefix+"-images.idx3-ubyte")
	if err != nil {
		return nil, fmt.Errorf("MNIST %s images: %w (run make data, or pass --data-dir)", split, err)
	}
	lblPath, lblName, err := findFile(dir, prefix+"-labels-idx1-ubyte.gz", prefix+"-labels-idx1-ubyte", prefix+"-labels.idx1-ubyte")
	if err != nil {
		return nil, fmt.Errorf("MNIST %s labels: %w (run make data, or pass --data-dir)", split, err)
	}
	imgBuf, imgRec, err := readFile(imgPath, imgName)
	if err != nil {
		return nil, err
	}
	lblBuf, lblRec, err := readFile(lblPath, lblName)
	if err != nil {
		return nil, err
	}
	n, h, w, pixels, err := parseIDXImages(imgBuf)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", imgPath, err)
	}
	labels, err := parseIDXLabels(lblBuf)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", lblPath, err)
	}
	if len(labels) != n {
		return nil, fmt.Errorf("%s has %d images but %s has %d labels", imgPath, n, lblPath, len(labels))
	}
	for i, l := range labels {
		if l > 9 {
			return nil, fmt.Errorf("%s: label %d of sample %d is not a digit", lblPath, l, i)
		}
	}
	return &Set{Dataset: "mnist", Split: split, Shape: [3]int{1, h, w}, Raw: pixels, Labels: labels,
		Classes: 10, Files: []File{imgRec, lblRec}}, nil
}

func parseIDXImages(buf []byte) (n, h, w int, pixels []byte, err error) {
	if len(buf) < 16 {
		return 0, 0, 0, nil, fmt.Errorf("IDX image file too short for its header (%d bytes)", len(buf))
	}
	if m := binary.BigEndian.Uint32(buf); m != idxImagesMagic {
		return 0, 0, 0, nil, fmt.Errorf("bad IDX image magic number 0x%08x (want 0x%08x)", m, idxImagesMagic)
	}
	n64 := uint64(binary.BigEndian.Uint32(buf[4:]))
	h64 := uint64(binary.BigEndian.Uint32(buf[8:]))
	w64 := uint64(binary.BigEndian.Uint32(buf[12:]))
	if h64 == 0 || w64 == 0 || h64 > 4096 || w64 > 4096 {
		return 0, 0, 0, nil, fmt.Errorf("implausible IDX image size %dx%d", h64, w64)
	}
	// in uint64: at most 2^32 * 2^24 + 16, no overflow where int is 32 bits
	if want := 16 + n64*h64*w64; uint64(len(buf)) != want {
		return 0, 0, 0, nil, fmt.Errorf("IDX image file has %d bytes, want %d for %d images of %dx%d", len(buf), want, n64, h64, w64)
	}
	return int(n64), int(h64), int(w64), buf[16:], nil
}

func parseIDXLabels(buf []byte) ([]byte, error) {
	if len(buf) < 8 {
		return nil, fmt.Errorf("IDX label file too short for its header (%d bytes)", len(buf))
	}
	if m := binary.BigEndian.Uint32(buf); m != idxLabelsMagic {
		return nil, fmt.Errorf("bad IDX label magic number 0x%08x (want 0x%08x)", m, idxLabelsMagic)
	}
	n := uint64(binary.BigEndian.Uint32(buf[4:]))
	if uint64(len(buf)) != 8+n {
		return nil, fmt.Errorf("IDX label file has %d bytes, want %d for %d labels", len(buf), 8+n, n)
	}
	return buf[8:], nil
}
