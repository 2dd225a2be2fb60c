package network

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// fixtureFile was written by Save before the safetensors code moved to
// internal/safetensors: smallcnn on 1×4×4 inputs, 3 classes, BN, its
// parameters drawn by RandomParams from PCG(3, 4).
const fixtureFile = "testdata/smallcnn-4x4.safetensors"

// TestFixtureReadsAndRewritesByteForByte proves the file format has not
// changed: a file written before decodes to the values it was written
// from, and encoding them again gives the same bytes.
func TestFixtureReadsAndRewritesByteForByte(t *testing.T) {
	want, err := os.ReadFile(fixtureFile)
	if err != nil {
		t.Fatal(err)
	}
	m := randomSmallCNN(t, []int{1, 4, 4}, 3, 3, 4)
	path := filepath.Join(t.TempDir(), "m.safetensors")
	if err := Save(path, m); err != nil { // rounds m to float32
		t.Fatal(err)
	}
	got, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("Save wrote %d bytes that differ from the %d of %s", len(got), len(want), fixtureFile)
	}
	loaded, err := Load(fixtureFile)
	if err != nil {
		t.Fatal(err)
	}
	sameModel(t, loaded, m)
	again, err := Encode(loaded)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(again, want) {
		t.Errorf("re-encoding the loaded fixture changed its bytes")
	}
}
