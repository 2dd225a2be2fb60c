package network

import (
	"bytes"
	"math/rand/v2"
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
	meta, err := Build("smallcnn", Options{InputShape: []int{1, 4, 4}, NumClasses: 3, BN: true})
	if err != nil {
		t.Fatal(err)
	}
	meta.Dataset = "mnist"
	m, err := RandomParams(meta, rand.New(rand.NewPCG(3, 4)))
	if err != nil {
		t.Fatal(err)
	}
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
	if len(loaded.Tensors) != len(m.Tensors) {
		t.Fatalf("%d tensors, want %d", len(loaded.Tensors), len(m.Tensors))
	}
	for name, w := range m.Tensors {
		g := loaded.Tensors[name]
		if g == nil || len(g.Data) != len(w.Data) {
			t.Fatalf("tensor %s lost", name)
		}
		for i := range w.Data {
			if g.Data[i] != w.Data[i] {
				t.Fatalf("tensor %s[%d] = %v, want %v", name, i, g.Data[i], w.Data[i])
			}
		}
	}
	again, err := Encode(loaded)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(again, want) {
		t.Errorf("re-encoding the loaded fixture changed its bytes")
	}
}
