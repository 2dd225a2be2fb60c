//go:build torch

package certtrain

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"

	"github.com/sugarme/gotch"
	"github.com/verify-tools/verify/ibp/bound"
	"github.com/verify-tools/verify/ibp/data"
	"github.com/verify-tools/verify/ibp/network"
	"github.com/verify-tools/verify/internal/testcorpus"
)

// mnistDir is the MNIST folder of `make testdata` (or `make data`).
func mnistDir(t *testing.T) string {
	t.Helper()
	for _, dir := range []string{
		filepath.Join("..", "..", "testdata", "external", "mnist"),
		filepath.Join("..", "..", "data", "mnist"),
	} {
		if _, err := os.Stat(filepath.Join(dir, "train-images-idx3-ubyte.gz")); err == nil {
			return dir
		}
	}
	testcorpus.Missing(t, "MNIST missing: run 'make testdata'")
	return ""
}

// quickConfig is a small, fast run: the small CNN on a slice of MNIST.
func quickConfig(t *testing.T, out string) Config {
	cfg, err := Defaults("mnist")
	if err != nil {
		t.Fatal(err)
	}
	cfg.Arch, cfg.DataDir, cfg.Out = "smallcnn", mnistDir(t), out
	cfg.Eps, cfg.EpsStart, cfg.EpsLength = 0.1, 1, 2
	cfg.Epochs, cfg.Batch = 5, 50
	cfg.LimitTrain, cfg.LimitTest = 2000, 500
	cfg.LR = 1e-3
	cfg.Device, cfg.Threads = "cpu", 2
	return cfg
}

// pureGoVerified counts the first n test samples that the pure-Go IBP
// certifier (ibp/bound, outward-rounded float64) verifies for a model file.
func pureGoVerified(t *testing.T, path, dataset, dir string, n int, eps float64) int {
	t.Helper()
	m, err := network.Load(path)
	if err != nil {
		t.Fatal(err)
	}
	net, err := bound.Compile(m)
	if err != nil {
		t.Fatal(err)
	}
	set, err := data.Load(dataset, dir, "test")
	if err != nil {
		t.Fatal(err)
	}
	count := 0
	for i := 0; i < n; i++ {
		lb, err := net.MarginLower(set.RawImage(i), int(set.Labels[i]), eps, bound.MethodIBP, bound.DefaultCrownOptions())
		if err != nil {
			t.Fatal(err)
		}
		if bound.Certified(lb) {
			count++
		}
	}
	return count
}

// TestTrainSmallCNN trains the small CNN on 2,000 MNIST images for three
// epochs at ε = 0.1 and checks that its IBP-verified test accuracy clearly
// beats the untrained network's, that the run folder is complete, and that
// the pure-Go certifier agrees with the training code's verified count.
func TestTrainSmallCNN(t *testing.T) {
	out := t.TempDir()
	cfg := quickConfig(t, out)
	sum, err := Run(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	if len(sum.Records) != cfg.Epochs {
		t.Fatalf("%d records, want %d", len(sum.Records), cfg.Epochs)
	}
	last := sum.Records[len(sum.Records)-1]
	t.Logf("records: %+v", sum.Records)
	for _, f := range []string{FileModel, FileBest, FileCheckpoint, FileLog, FilePlot} {
		if _, err := os.Stat(filepath.Join(out, f)); err != nil {
			t.Errorf("run folder: %v", err)
		}
	}
	// The untrained network (same init) verifies next to nothing.
	meta, _ := cfg.Meta([3]int{1, 28, 28}, 10)
	m0, err := InitParams(meta, InitIBP, rand.New(rand.NewPCG(cfg.Seed, streamInit)))
	if err != nil {
		t.Fatal(err)
	}
	untrained := filepath.Join(out, "untrained.safetensors")
	if err := network.Save(untrained, m0); err != nil {
		t.Fatal(err)
	}
	v0 := pureGoVerified(t, untrained, "mnist", cfg.DataDir, cfg.LimitTest, cfg.Eps)
	v1 := pureGoVerified(t, filepath.Join(out, FileModel), "mnist", cfg.DataDir, cfg.LimitTest, cfg.Eps)
	acc0, acc1 := float64(v0)/float64(cfg.LimitTest), float64(v1)/float64(cfg.LimitTest)
	trained := 1 - last.VerifiedEr
	t.Logf("IBP-verified accuracy at ε=%g: untrained %.3f, trained %.3f (training code), %.3f (pure-Go certifier); clean error %.3f",
		cfg.Eps, acc0, trained, acc1, last.CleanErr)
	if !(trained > acc0+0.3) {
		t.Errorf("verified accuracy %.3f does not clearly beat the untrained %.3f", trained, acc0)
	}
	// float32 training bounds vs float64 outward-rounded certifier: a few
	// borderline samples may differ, and the certifier is the stricter.
	if d := trained - acc1; d < -0.002 || d > 0.01 {
		t.Errorf("training code verifies %.3f, pure-Go certifier %.3f", trained, acc1)
	}
	m, err := network.Load(filepath.Join(out, FileModel))
	if err != nil {
		t.Fatal(err)
	}
	if m.Meta.Dataset != "mnist" || m.Meta.TrainEps != 0.1 || m.Meta.Arch != "smallcnn" {
		t.Errorf("model metadata %+v", m.Meta)
	}
	// A second run into the same folder without --resume is refused.
	if _, err := Run(context.Background(), cfg); err == nil || !strings.Contains(err.Error(), "--resume") {
		t.Errorf("second run into a used folder: %v", err)
	}
}

func tensorsOf(t *testing.T, path string) map[string]*network.Tensor {
	t.Helper()
	c, err := loadCheckpoint(path)
	if err != nil {
		t.Fatal(err)
	}
	return c.tensors
}

// TestResumeIsExact: two epochs in one go and one epoch plus a resumed
// second give bit-identical weights, BN statistics and optimiser state.
func TestResumeIsExact(t *testing.T) {
	base := quickConfig(t, "")
	base.LimitTrain, base.LimitTest, base.Epochs = 300, 100, 2
	a, b := base, base
	a.Out, b.Out = t.TempDir(), t.TempDir()
	if _, err := Run(context.Background(), a); err != nil {
		t.Fatal(err)
	}
	b.Epochs = 1
	if _, err := Run(context.Background(), b); err != nil {
		t.Fatal(err)
	}
	b.Epochs, b.Resume = 2, true
	sum, err := Run(context.Background(), b)
	if err != nil {
		t.Fatal(err)
	}
	if len(sum.Records) != 2 || sum.Records[1].Epoch != 2 {
		t.Fatalf("resumed run records %+v", sum.Records)
	}
	ta, tb := tensorsOf(t, filepath.Join(a.Out, FileCheckpoint)), tensorsOf(t, filepath.Join(b.Out, FileCheckpoint))
	if len(ta) != len(tb) {
		t.Fatalf("%d vs %d tensors", len(ta), len(tb))
	}
	for name, x := range ta {
		if !slices.Equal(x.Data, tb[name].Data) {
			t.Errorf("tensor %s differs after resume", name)
		}
	}
	// Resuming without --epochs (Epochs 0) keeps the checkpoint's count:
	// the finished run is not extended to the data set's default.
	b.Epochs = 0
	if sum, err = Run(context.Background(), b); err != nil {
		t.Fatal(err)
	}
	if len(sum.Records) != 2 {
		t.Errorf("resuming a finished 2-epoch run without --epochs trained on: %d records", len(sum.Records))
	}
}

// TestInterruptAndResume cancels a run mid-epoch; the checkpoint written
// then lets --resume finish with the same weights as an uninterrupted run.
func TestInterruptAndResume(t *testing.T) {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	base := quickConfig(t, "")
	base.LimitTrain, base.LimitTest, base.Epochs = 300, 100, 1
	a, b := base, base
	a.Out, b.Out = t.TempDir(), t.TempDir()
	if _, err := Run(context.Background(), a); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	r, err := prepare(b)
	if err != nil {
		t.Fatal(err)
	}
	r.poisonHit = func(epoch, batch int) bool {
		if batch == 3 {
			cancel()
		}
		return false
	}
	if _, err := r.loop(ctx); !errors.Is(err, context.Canceled) || !strings.Contains(err.Error(), "batch 4") {
		t.Fatalf("cancelled run: %v", err)
	}
	b.Resume = true
	if _, err := Run(context.Background(), b); err != nil {
		t.Fatal(err)
	}
	ta, tb := tensorsOf(t, filepath.Join(a.Out, FileCheckpoint)), tensorsOf(t, filepath.Join(b.Out, FileCheckpoint))
	for name, x := range ta {
		if !slices.Equal(x.Data, tb[name].Data) {
			t.Errorf("tensor %s differs after an interrupted run", name)
		}
	}
}

// TestNaNGuard poisons a batch of epoch 2: the run stops naming epoch and
// batch, and the checkpoint of epoch 1 stays.
func TestNaNGuard(t *testing.T) {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	cfg := quickConfig(t, t.TempDir())
	cfg.LimitTrain, cfg.LimitTest, cfg.Epochs = 400, 100, 3
	r, err := prepare(cfg)
	if err != nil {
		t.Fatal(err)
	}
	r.poisonHit = func(epoch, batch int) bool { return epoch == 2 && batch == 1 }
	_, err = r.loop(context.Background())
	var nan *NaNError
	if !errors.As(err, &nan) || nan.Epoch != 2 || nan.Batch != 1 {
		t.Fatalf("error %v, want a NaNError at epoch 2, batch 1", err)
	}
	if !strings.Contains(err.Error(), "epoch 2, batch 1") {
		t.Errorf("message %q does not name the epoch and batch", err)
	}
	c, err := loadCheckpoint(filepath.Join(cfg.Out, FileCheckpoint))
	if err != nil {
		t.Fatal(err)
	}
	if c.state.Epoch != 2 || c.state.Batch != 0 {
		t.Errorf("checkpoint at epoch %d batch %d, want the end of epoch 1", c.state.Epoch, c.state.Batch)
	}
	for name, v := range c.tensors {
		for _, x := range v.Data {
			if x != x {
				t.Fatalf("checkpoint tensor %s holds NaN", name)
			}
		}
	}
}

// TestRunErrorsBeforeTraining: bad data, an architecture that does not fit
// the data, and an unwritable run folder fail before any training.
func TestRunErrorsBeforeTraining(t *testing.T) {
	tiny := t.TempDir() // MNIST-format files of 2×2 images
	writeIDX(t, tiny, "train", 4, 2)
	writeIDX(t, tiny, "t10k", 4, 2)
	corrupt := t.TempDir()
	os.WriteFile(filepath.Join(corrupt, "train-images-idx3-ubyte"), []byte("garbage, not an IDX file at all"), 0o644)
	os.WriteFile(filepath.Join(corrupt, "train-labels-idx1-ubyte"), []byte("garbage, not an IDX file at all"), 0o644)
	file := filepath.Join(t.TempDir(), "file")
	os.WriteFile(file, nil, 0o644)
	cases := []struct {
		name string
		edit func(*Config)
		want string
	}{
		{"missing data", func(c *Config) { c.DataDir = t.TempDir() }, "train-images"},
		{"corrupt data", func(c *Config) { c.DataDir = corrupt }, "magic"},
		{"arch does not fit", func(c *Config) { c.DataDir = tiny }, "does not fit"},
		{"unwritable folder", func(c *Config) { c.Out = filepath.Join(file, "run") }, "run folder"},
		{"bad eps", func(c *Config) { c.Eps = -1 }, "--eps"},
		{"resume without checkpoint", func(c *Config) { c.Resume = true }, "--resume"},
		{"no cuda", func(c *Config) { c.Device = "cuda" }, "cuda"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			cfg := Config{Arch: "smallcnn", Dataset: "mnist", DataDir: t.TempDir(), Out: t.TempDir(), BN: true,
				Init: InitIBP, Eps: 0.1, EpsStart: 1, EpsLength: 1, LR: 1e-3, LRDecay: 0.2, Epochs: 1, Batch: 4, Device: "cpu"}
			if c.name == "no cuda" {
				if CUDAAvailable() {
					t.Skip("a CUDA device is present")
				}
				cfg.DataDir = mnistDir(t)
			}
			c.edit(&cfg)
			_, err := Run(context.Background(), cfg)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("error %v, want one mentioning %q", err, c.want)
			}
		})
	}
}

func writeIDX(t *testing.T, dir, prefix string, n, side int) {
	t.Helper()
	img := []byte{0, 0, 8, 3, 0, 0, 0, byte(n), 0, 0, 0, byte(side), 0, 0, 0, byte(side)}
	img = append(img, make([]byte, n*side*side)...)
	lbl := append([]byte{0, 0, 8, 1, 0, 0, 0, byte(n)}, make([]byte, n)...)
	if err := os.WriteFile(filepath.Join(dir, prefix+"-images-idx3-ubyte"), img, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, prefix+"-labels-idx1-ubyte"), lbl, 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestTrainCIFARFormat trains on synthetic files in CIFAR-10's binary
// format: three channels, the paper's normalisation, ε divided by std and
// boxes clipped to valid pixels. The pure-Go certifier, which applies the
// normalisation from the model file, must verify the same test samples as
// the training code's evaluation.
func TestTrainCIFARFormat(t *testing.T) {
	dir := t.TempDir()
	r := rand.New(rand.NewPCG(4, 4))
	write := func(name string, n int) {
		buf := make([]byte, 0, n*3073)
		for i := 0; i < n; i++ {
			label := byte(r.IntN(2))
			buf = append(buf, label)
			for j := 0; j < 3072; j++ {
				// Two classes: bright or dark images with noise, so a
				// few epochs learn something certifiable.
				v := 60 + r.IntN(40)
				if label == 1 {
					v += 110
				}
				buf = append(buf, byte(v))
			}
		}
		if err := os.WriteFile(filepath.Join(dir, name), buf, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for i := 1; i <= 5; i++ {
		write(fmt.Sprintf("data_batch_%d.bin", i), 40)
	}
	write("test_batch.bin", 60)
	cfg, err := Defaults("cifar10")
	if err != nil {
		t.Fatal(err)
	}
	cfg.Arch, cfg.DataDir, cfg.Out = "smallcnn", dir, t.TempDir()
	cfg.Eps, cfg.EpsStart, cfg.EpsLength, cfg.Epochs, cfg.Batch = 8.0/255, 1, 2, 10, 50
	cfg.LR, cfg.Device, cfg.Threads = 1e-3, "cpu", 1
	sum, err := Run(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	last := sum.Records[len(sum.Records)-1]
	m, err := network.Load(filepath.Join(cfg.Out, FileModel))
	if err != nil {
		t.Fatal(err)
	}
	if m.Meta.Normalization.Std[0] != 0.2023 || m.Meta.Dataset != "cifar10" || m.Meta.InputShape[0] != 3 {
		t.Errorf("model metadata %+v", m.Meta)
	}
	// The trained network through the training code's evaluation (eval
	// mode, normalised box, ε/std, clipping) and through the certifier, at
	// the training ε and beyond it, where only some samples verify.
	net, err := NewNet(m, gotch.CPU)
	if err != nil {
		t.Fatal(err)
	}
	test, err := data.Load("cifar10", dir, "test")
	if err != nil {
		t.Fatal(err)
	}
	var xs []float32
	var ys []int64
	for i := 0; i < test.Len(); i++ {
		xs = append(xs, test.Image(i)...)
		ys = append(ys, int64(test.Labels[i]))
	}
	x, y := toDevice(xs, ys, test.Shape, gotch.CPU)
	partial := false
	for _, eps := range []float64{cfg.Eps, 0.06, 0.1, 0.15} {
		ev := net.evaluate(x, y, eps)
		want := int(ev.n - ev.unverified)
		got := pureGoVerified(t, filepath.Join(cfg.Out, FileModel), "cifar10", dir, 60, eps)
		t.Logf("ε = %.4f: verified by the training code %d/60, by the pure-Go certifier %d/60", eps, want, got)
		if got > want || got < want-1 {
			t.Errorf("ε = %g: pure-Go certifier verifies %d, training code %d", eps, got, want)
		}
		partial = partial || (want > 0 && want < 60)
	}
	if last.CleanErr > 0.1 || !partial {
		t.Errorf("clean error %.3f, some ε partly verified: %t; the comparison says little", last.CleanErr, partial)
	}
}
