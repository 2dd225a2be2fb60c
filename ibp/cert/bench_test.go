package cert

import (
	"context"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"testing"

	"github.com/verify-tools/verify/ibp/bound"
	"github.com/verify-tools/verify/ibp/certtrain"
	"github.com/verify-tools/verify/ibp/network"
)

// BenchmarkCertify measures the certify rate (samples/s, reported as a
// metric) on MNIST models with full BN initialised as verify train --init
// ibp does, for each architecture and method, with 1 and 2 jobs. The attack
// is off (misclassified samples still get the clean-point check). Run:
// go test -run '^$' -bench Certify -benchtime 1x ./ibp/cert
func BenchmarkCertify(b *testing.B) {
	dir := mnistDir(b)
	cases := []struct {
		arch    string
		method  bound.Method
		samples int
	}{
		{"smallcnn", bound.MethodIBP, 1024},
		{"smallcnn", bound.MethodCROWN, 256},
		{"cnn7", bound.MethodIBP, 256},
		{"cnn7", bound.MethodCROWN, 64},
	}
	for _, tc := range cases {
		meta, err := network.Build(tc.arch, network.Options{InputShape: []int{1, 28, 28}, NumClasses: 10, BN: true})
		if err != nil {
			b.Fatal(err)
		}
		meta.Dataset = "mnist"
		m, err := certtrain.InitParams(meta, certtrain.InitIBP, rand.New(rand.NewPCG(1, 1)))
		if err != nil {
			b.Fatal(err)
		}
		mp := filepath.Join(b.TempDir(), tc.arch+".safetensors")
		if err := network.Save(mp, m); err != nil {
			b.Fatal(err)
		}
		for _, jobs := range []int{1, 2} {
			b.Run(fmt.Sprintf("%s/%s/jobs=%d", tc.arch, tc.method, jobs), func(b *testing.B) {
				total, secs := 0, 0.0
				cpu0 := cpuTime()
				for i := 0; i < b.N; i++ {
					c, err := Certify(context.Background(), Config{ModelPath: mp, DataDir: dir, Eps: 0.01,
						Limit: tc.samples, Method: tc.method, Crown: bound.DefaultCrownOptions(),
						Attack: AttackNone, Jobs: jobs})
					if err != nil {
						b.Fatal(err)
					}
					total += c.Summary.Samples
					secs += c.Summary.Seconds
				}
				b.ReportMetric(float64(total)/secs, "samples/s")
				// CPU time per sample is steadier than wall time on a
				// shared machine (it includes loading the model and data)
				b.ReportMetric(float64(cpuTime()-cpu0)/1e6/float64(total), "cpu-ms/sample")
			})
		}
	}
}
