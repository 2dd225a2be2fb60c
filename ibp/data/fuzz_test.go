package data

import (
	"os"
	"path/filepath"
	"testing"
)

// FuzzReadIDX: malformed IDX image and label files give errors that say
// what is wrong, never panics, and what parses is consistent with its
// header: n*h*w pixel bytes, one byte per label.
// The seeds are the first four MNIST test images and labels
// (testdata/mnist4), whole, cut short and swapped.
func FuzzReadIDX(f *testing.F) {
	read := func(name string) []byte {
		buf, err := os.ReadFile(filepath.Join("testdata", "mnist4", name))
		if err != nil {
			f.Fatal(err)
		}
		return buf
	}
	img, lbl := read("t10k-images-idx3-ubyte"), read("t10k-labels-idx1-ubyte")
	f.Add(img, lbl)
	f.Add(img[:16+784], lbl[:9])
	f.Add(img[:15], lbl[:7])
	f.Add(lbl, img)
	f.Add(idxImages(0, 1, 1), idxLabels(0))
	f.Add([]byte{}, []byte{})
	f.Fuzz(func(t *testing.T, img, lbl []byte) {
		n, h, w, pixels, ierr := parseIDXImages(img)
		if ierr != nil {
			if ierr.Error() == "" {
				t.Fatal("empty error for a bad image file")
			}
		} else if n < 0 || h < 1 || w < 1 || len(pixels) != n*h*w {
			t.Fatalf("parsed %d images of %dx%d from %d pixel bytes", n, h, w, len(pixels))
		}
		labels, lerr := parseIDXLabels(lbl)
		if lerr != nil {
			if lerr.Error() == "" {
				t.Fatal("empty error for a bad label file")
			}
			return
		}
		if len(labels) != len(lbl)-8 {
			t.Fatalf("%d labels from a %d-byte file", len(labels), len(lbl))
		}
	})
}
