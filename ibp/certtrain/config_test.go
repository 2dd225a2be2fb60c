package certtrain

import (
	"math"
	"strings"
	"testing"
)

func TestConfig(t *testing.T) {
	for _, ds := range []string{"mnist", "cifar10"} {
		c, err := Defaults(ds)
		if err != nil {
			t.Fatal(err)
		}
		c.Out = "run"
		if err := c.Validate(); err != nil {
			t.Errorf("%s defaults invalid: %v", ds, err)
		}
	}
	if _, err := Defaults("svhn"); err == nil {
		t.Error("unknown dataset accepted")
	}
	c, _ := Defaults("mnist")
	c.Out = "run"
	if c.Eps != 0.4 || c.Batch != 256 || c.Epochs != 70 || c.EpsStart != 1 || c.EpsLength != 20 || c.LR != 5e-4 || c.GradClip != 10 {
		t.Errorf("MNIST defaults are not the paper's: %+v", c)
	}
	bad := []func(*Config){
		func(c *Config) { c.Arch = "resnet" },
		func(c *Config) { c.Init = "xavier" },
		func(c *Config) { c.Eps = -0.1 },
		func(c *Config) { c.Eps = 2 },
		func(c *Config) { c.LR = 0 },
		func(c *Config) { c.Batch = 1 },
		func(c *Config) { c.EpsStart = 0 },
		func(c *Config) { c.Device = "tpu" },
		func(c *Config) { c.Out = "" },
	}
	for i, edit := range bad {
		d := c
		edit(&d)
		if err := d.Validate(); err == nil {
			t.Errorf("bad config %d accepted", i)
		}
	}
	for _, tc := range []struct {
		arch  string
		shape [3]int
		ok    bool
	}{{"smallcnn", [3]int{1, 28, 28}, true}, {"cnn7", [3]int{3, 32, 32}, true}, {"smallcnn", [3]int{1, 2, 2}, false}} {
		c.Arch = tc.arch
		meta, err := c.Meta(tc.shape, 10)
		if (err == nil) != tc.ok {
			t.Errorf("%s on %v: %v", tc.arch, tc.shape, err)
		}
		if err == nil && (meta.Dataset != "mnist" || meta.TrainEps != 0.4) {
			t.Errorf("meta %+v", meta)
		}
		if err != nil && !strings.Contains(err.Error(), "does not fit") {
			t.Errorf("error %v", err)
		}
	}
	if n := Normalization("cifar10", 3); n.Std[0] != 0.2023 || n.Mean[2] != 0.4465 {
		t.Errorf("CIFAR-10 normalisation %+v", n)
	}
}

func TestCTBenchOptions(t *testing.T) {
	base, err := Defaults("mnist")
	if err != nil {
		t.Fatal(err)
	}
	base.Out = "x"
	if base.PreciseBN || base.CleanWeight != 0 || base.TrainEpsFactor != 0 || base.L1 != 0 {
		t.Fatalf("CTBench options not off by default: %+v", base)
	}
	if r, c := base.LossWeights(); r != 1 || c != 0 {
		t.Fatalf("default loss weights %v, %v", r, c)
	}
	for _, tc := range []struct {
		name string
		set  func(*Config)
		ok   bool
	}{
		{"kappa 0.7", func(c *Config) { c.SetRobustWeight(0.7) }, true},
		{"kappa 0", func(c *Config) { c.SetRobustWeight(0) }, true},
		{"kappa above 1", func(c *Config) { c.SetRobustWeight(1.5) }, false},
		{"kappa negative", func(c *Config) { c.SetRobustWeight(-0.1) }, false},
		{"factor 2", func(c *Config) { c.TrainEpsFactor = 2 }, true},
		{"factor 0 (unset)", func(c *Config) { c.TrainEpsFactor = 0 }, true},
		{"factor negative", func(c *Config) { c.TrainEpsFactor = -1 }, false},
		{"factor NaN", func(c *Config) { c.TrainEpsFactor = math.NaN() }, false},
		{"l1", func(c *Config) { c.L1 = 2e-6 }, true},
		{"l1 negative", func(c *Config) { c.L1 = -1 }, false},
	} {
		c := base
		tc.set(&c)
		if err := c.Validate(); (err == nil) != tc.ok {
			t.Errorf("%s: Validate() = %v, want ok %v", tc.name, err, tc.ok)
		}
	}
	c := base
	if got := c.TrainEps(); got != c.Eps {
		t.Errorf("unset factor: TrainEps = %v, want %v", got, c.Eps)
	}
	c.Eps, c.TrainEpsFactor = 0.1, 2
	c.SetRobustWeight(0.7)
	if got := c.TrainEps(); math.Abs(got-0.2) > 1e-15 {
		t.Errorf("TrainEps = %v, want 0.2", got)
	}
	if r, cl := c.LossWeights(); math.Abs(r-0.7) > 1e-15 || math.Abs(cl-0.3) > 1e-15 {
		t.Errorf("LossWeights = %v, %v, want 0.7, 0.3", r, cl)
	}
}
