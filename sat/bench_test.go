package sat

import (
	"bytes"
	"compress/gzip"
	"os"
	"path/filepath"
	"testing"

	"github.com/verify-tools/verify/internal/testcorpus"
)

// BenchmarkReadDIMACS measures parsing throughput (MB/s of DIMACS text) on
// the largest gophersat instance, plain and gzip-compressed.
func BenchmarkReadDIMACS(b *testing.B) {
	data, err := os.ReadFile(filepath.Join(testcorpus.Path(b, "gophersat"), "hsat_vc11803.cnf"))
	if err != nil {
		b.Fatal(err)
	}
	var gz bytes.Buffer
	w := gzip.NewWriter(&gz)
	w.Write(data)
	w.Close()
	for _, in := range []struct {
		name string
		data []byte
	}{{"plain", data}, {"gzip", gz.Bytes()}} {
		b.Run(in.name, func(b *testing.B) {
			b.SetBytes(int64(len(data)))
			for i := 0; i < b.N; i++ {
				if _, _, err := Read(bytes.NewReader(in.data), "hsat", ReadOptions{}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
