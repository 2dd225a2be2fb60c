package cert

import (
	"path/filepath"
	"testing"

	"github.com/verify-tools/verify/ibp/bound"
	"github.com/verify-tools/verify/ibp/data"
	"github.com/verify-tools/verify/ibp/network"
	"github.com/verify-tools/verify/ibp/testmodel"
	"github.com/verify-tools/verify/internal/testcorpus"
)

// mnistDir returns the MNIST folder fetched by `make testdata`.
func mnistDir(t testing.TB) string {
	t.Helper()
	return filepath.Dir(testcorpus.Path(t, "mnist", "t10k-images-idx3-ubyte.gz"))
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

// allMethods is every bound method of the table.
func allMethods() []bound.Method {
	var out []bound.Method
	for _, mi := range bound.Methods() {
		out = append(out, mi.Method)
	}
	return out
}
