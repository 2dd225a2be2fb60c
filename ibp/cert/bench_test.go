package cert

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
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

// BenchmarkCertifyModel compares a whole certify run with its bound kernel
// on a trained model, in the same run: VERIFY_BENCH_MODEL names the model
// file (skipped without it: the models are trained, not committed),
// VERIFY_BENCH_EPS its ε (default 0.1), VERIFY_BENCH_LIMIT the number of
// test images (default 2560), VERIFY_BENCH_CLAIM the claim (real or
// deployed-float32; default real). Sub-benchmarks: kernel (MarginLowerBatch in
// float32 on batches of 256: the bounds alone), auto (the same with
// Auto's float64 reruns) and certify (Certify, IBP, no attack, batch 256,
// 2 jobs). Run with -cpuprofile to see where certify's time goes.
func BenchmarkCertifyModel(b *testing.B) {
	mp := os.Getenv("VERIFY_BENCH_MODEL")
	if mp == "" {
		b.Skip("VERIFY_BENCH_MODEL is not set (a model trained by verify train)")
	}
	eps, limit := 0.1, 2560
	if v := os.Getenv("VERIFY_BENCH_EPS"); v != "" {
		var err error
		if eps, err = strconv.ParseFloat(v, 64); err != nil {
			b.Fatal(err)
		}
	}
	if v := os.Getenv("VERIFY_BENCH_LIMIT"); v != "" {
		var err error
		if limit, err = strconv.Atoi(v); err != nil {
			b.Fatal(err)
		}
	}
	claim := bound.ClaimReal
	if v := os.Getenv("VERIFY_BENCH_CLAIM"); v != "" {
		var err error
		if claim, err = bound.ParseClaim(v); err != nil {
			b.Fatal(err)
		}
	}
	const batch = 256
	in, err := LoadInputsFor(mp, "", mnistDir(b), claim)
	if err != nil {
		b.Fatal(err)
	}
	limit = min(limit, in.Set.Len())
	for _, p := range []struct {
		name string
		p    bound.Precision
	}{{"kernel", bound.Float32}, {"auto", bound.Auto}} {
		b.Run(p.name, func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				for s0 := 0; s0 < limit; s0 += batch {
					idx := make([]int, 0, batch)
					for s := s0; s < min(limit, s0+batch); s++ {
						idx = append(idx, s)
					}
					raws, ys := batchInputs(in, idx)
					if _, err := in.Net.MarginLowerBatch(raws, ys, eps, bound.MethodIBP, bound.CrownOptions{}, p.p); err != nil {
						b.Fatal(err)
					}
				}
			}
			b.ReportMetric(float64(limit*b.N)/b.Elapsed().Seconds(), "samples/s")
		})
	}
	b.Run("certify", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			c, err := Certify(context.Background(), Config{ModelPath: mp, DataDir: mnistDir(b), Eps: eps,
				Limit: limit, Method: bound.MethodIBP, Claim: claim, Attack: AttackNone, Jobs: 2, Batch: batch})
			if err != nil {
				b.Fatal(err)
			}
			if i == 0 {
				b.Logf("certified %d of %d", c.Summary.Certified, c.Summary.Samples)
			}
		}
		b.ReportMetric(float64(limit*b.N)/b.Elapsed().Seconds(), "samples/s")
	})
}
