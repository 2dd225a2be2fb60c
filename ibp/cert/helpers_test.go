package cert

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/verify-tools/verify/ibp/data"
	"github.com/verify-tools/verify/ibp/network"
	"github.com/verify-tools/verify/ibp/testmodel"
)

// mnistDir returns the MNIST folder fetched by `make testdata`.
func mnistDir(t testing.TB) string {
	t.Helper()
	dir := filepath.Join("..", "..", "testdata", "external", "mnist")
	if _, err := os.Stat(filepath.Join(dir, "t10k-images-idx3-ubyte.gz")); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("%s missing in CI: .ci/run must run 'make testdata'", dir)
		}
		t.Skipf("%s missing: run make testdata", dir)
	}
	return dir
}

// centroidModel writes a small real MNIST classifier (testmodel.Centroid on
// the first 3000 training images) to path.
func centroidModel(t testing.TB, dir, path string) *network.Model {
	t.Helper()
	train, err := data.LoadMNIST(dir, "train")
	if err != nil {
		t.Fatal(err)
	}
	m, err := testmodel.Centroid(train, 3000)
	if err != nil {
		t.Fatal(err)
	}
	if err := network.Save(path, m); err != nil {
		t.Fatal(err)
	}
	return m
}
