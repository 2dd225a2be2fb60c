package cert

import (
	"context"
	"errors"
	"math/rand/v2"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/verify-tools/verify/ibp/bound"
	"github.com/verify-tools/verify/ibp/network"
)

// tinyDataDir holds the first four MNIST test images and labels, plain
// IDX files (ibp/data's fuzz seeds).
const tinyDataDir = "../data/testdata/mnist4"

// tinyModel writes a small random MNIST-shaped ReLU network (flatten,
// linear 784x8, batch norm, ReLU, linear 8x10) to dir and returns its path.
func tinyModel(t testing.TB, dir string) string {
	t.Helper()
	meta := network.Meta{Format: network.FormatVersion, Arch: "tiny", InputShape: []int{1, 28, 28}, NumClasses: 10,
		Dataset:       "mnist",
		Normalization: network.Normalization{Mean: []float64{0.1307}, Std: []float64{0.3081}},
		Layers: []network.Layer{{Kind: network.KindFlatten},
			{Kind: network.KindLinear, In: 784, Out: 8, Weight: "a.w", Bias: "a.b"},
			{Kind: network.KindBatchNorm, Eps: 1e-5, Weight: "n.w", Bias: "n.b", RunningMean: "n.m", RunningVar: "n.v"},
			{Kind: network.KindReLU},
			{Kind: network.KindLinear, In: 8, Out: 10, Weight: "c.w", Bias: "c.b"}}}
	m, err := network.RandomParams(meta, rand.New(rand.NewPCG(2, 3)))
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "tiny.safetensors")
	if err := network.Save(path, m); err != nil {
		t.Fatal(err)
	}
	return path
}

// tinyCertificate certifies the four tiny samples with method.
func tinyCertificate(t testing.TB, model string, method bound.Method) *Certificate {
	t.Helper()
	c, err := Certify(context.Background(), Config{ModelPath: model, DataDir: tinyDataDir, Eps: 0.02,
		Method: method, Crown: bound.DefaultCrownOptions(), Attack: AttackPGD,
		AttackOptions: bound.AttackOptions{Steps: 5, Restarts: 1, StepSize: 0.25}, Seed: 1, Jobs: 1, ToolVersion: "test"})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// FuzzReadCertificate: whatever the bytes, Decode gives a certificate or
// an error that says what is wrong (the JSON line, or the field), never a
// panic; a decoded certificate encodes and decodes to itself, and Check
// re-derives it against a real model and data without panicking. The
// seeds are certificates of the tiny model for every method, an earlier
// version's CROWN certificate (no "crown" options) and broken variants.
func FuzzReadCertificate(f *testing.F) {
	model := tinyModel(f, f.TempDir())
	for _, mi := range bound.Methods() {
		buf, err := Encode(tinyCertificate(f, model, mi.Method))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(buf)
		if mi.Method == bound.MethodCROWN {
			f.Add([]byte(strings.Replace(string(buf), `"crown": {`, `"old_crown": {`, 1)))
		}
		f.Add(buf[:len(buf)/3])
		f.Add([]byte(strings.Replace(string(buf), `"method": "`+string(mi.Method)+`"`, `"method": "magic"`, 1)))
	}
	f.Add([]byte(`{}`))
	f.Add([]byte(`null`))
	f.Add([]byte(`{"format": 1, "method": "ibp", "samples": [{"index": 0, "status": "attacked", "adv_example": "AAAA"}]}`))
	f.Fuzz(func(t *testing.T, buf []byte) {
		c, err := Decode(buf)
		if err != nil {
			var le *LineError
			if !errors.As(err, &le) && !strings.HasPrefix(err.Error(), "method: ") && !strings.HasPrefix(err.Error(), "not valid JSON: ") {
				t.Fatalf("error %q says neither where nor what", err)
			}
			return
		}
		again, err := Encode(c)
		if err != nil {
			t.Fatalf("a decoded certificate does not encode: %v", err)
		}
		c2, err := Decode(again)
		if err != nil {
			t.Fatalf("a re-encoded certificate does not decode: %v", err)
		}
		if !reflect.DeepEqual(c, c2) {
			t.Fatalf("the certificate changed in an encode/decode round trip:\n%+v\n%+v", c, c2)
		}
		rep, err := Check(context.Background(), c, CheckOptions{ModelPath: model, DataDir: tinyDataDir, MinCertifiedAcc: -1, Jobs: 1, Batch: 3})
		if err == nil && rep == nil {
			t.Fatal("Check returned neither a report nor an error")
		}
	})
}
