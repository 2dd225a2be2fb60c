package cert

import (
	"context"
	"encoding/json"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/verify-tools/verify/ibp/bound"
	"github.com/verify-tools/verify/ibp/network"
)

func certifyCentroid(t *testing.T, method bound.Method, eps float64, limit, jobs int) (*Certificate, string, string) {
	t.Helper()
	dir := mnistDir(t)
	tmp := t.TempDir()
	mp := filepath.Join(tmp, "m.safetensors")
	centroidModel(t, dir, mp)
	c, err := Certify(context.Background(), Config{ModelPath: mp, DataDir: dir, Eps: eps, Limit: limit,
		Method: method, Crown: bound.DefaultCrownOptions(), Attack: AttackPGD,
		AttackOptions: bound.DefaultAttackOptions(), Seed: 1, Jobs: jobs, ToolVersion: "test"})
	if err != nil {
		t.Fatal(err)
	}
	return c, mp, dir
}

func TestCertifyAndCheck(t *testing.T) {
	c, mp, dir := certifyCentroid(t, bound.MethodIBP, 0.01, 40, 2)
	s := c.Summary
	t.Logf("summary %+v", s)
	if s.Samples != 40 || s.Certified+s.Attacked+s.Unknown != 40 {
		t.Fatalf("bad summary %+v", s)
	}
	if s.CleanAccuracy < 0.6 || s.Certified == 0 || s.Attacked == 0 {
		t.Fatalf("centroid model should be accurate with certified and attacked samples: %+v", s)
	}
	// round trip through the file, then check
	path := filepath.Join(t.TempDir(), "cert.json")
	if err := Write(path, c); err != nil {
		t.Fatal(err)
	}
	c2, err := Read(path)
	if err != nil {
		t.Fatal(err)
	}
	rep, err := Check(context.Background(), c2, CheckOptions{ModelPath: mp, DataDir: dir, MinCertifiedAcc: s.CertifiedAcc, Jobs: 2})
	if err != nil {
		t.Fatal(err)
	}
	if !rep.OK() {
		t.Fatalf("check of an untouched certificate failed: %v", rep.Failures)
	}
	rep, err = Check(context.Background(), c2, CheckOptions{ModelPath: mp, DataDir: dir, MinCertifiedAcc: s.CertifiedAcc + 0.01, Jobs: 2})
	if err != nil {
		t.Fatal(err)
	}
	if rep.OK() {
		t.Fatal("threshold above the certified accuracy passed")
	}
}

// TestCrownCertifiesAtLeastIBP on a real (centroid) model: per sample, the
// margin lower bounds of CROWN and CROWN-IBP are never below IBP's and
// they certify at least as many.
func TestCrownCertifiesAtLeastIBP(t *testing.T) {
	ci, _, _ := certifyCentroid(t, bound.MethodIBP, 0.02, 30, 2)
	for _, method := range []bound.Method{bound.MethodCROWN, bound.MethodCROWNIBP} {
		cc, _, _ := certifyCentroid(t, method, 0.02, 30, 2)
		for i := range ci.Samples {
			a, b := ci.Samples[i], cc.Samples[i]
			if a.Status == StatusCertified && b.Status != StatusCertified {
				t.Fatalf("sample %d certified by IBP, not by %s", i, method)
			}
			if a.MinMarginLower != nil && (b.MinMarginLower == nil || *b.MinMarginLower < *a.MinMarginLower) {
				t.Fatalf("sample %d: %s bound %v below IBP %v", i, method, b.MinMarginLower, *a.MinMarginLower)
			}
		}
		t.Logf("certified: IBP %d, %s %d of %d", ci.Summary.Certified, method, cc.Summary.Certified, len(ci.Samples))
		if cc.Summary.Certified <= ci.Summary.Certified {
			t.Fatalf("%s certified %d, IBP %d: expected a gain on this model", method, cc.Summary.Certified, ci.Summary.Certified)
		}
	}
}

// TestResultsIndependentOfJobs: the certificate's samples do not depend on
// the number of workers.
func TestResultsIndependentOfJobs(t *testing.T) {
	a, _, _ := certifyCentroid(t, bound.MethodIBP, 0.03, 12, 1)
	b, _, _ := certifyCentroid(t, bound.MethodIBP, 0.03, 12, 2)
	ja, _ := json.Marshal(a.Samples)
	jb, _ := json.Marshal(b.Samples)
	if string(ja) != string(jb) {
		t.Fatal("samples differ between 1 and 2 jobs")
	}
}

func TestCheckCatchesTampering(t *testing.T) {
	c, mp, dir := certifyCentroid(t, bound.MethodIBP, 0.01, 40, 2)
	first := func(status string) int {
		for i, s := range c.Samples {
			if s.Status == status {
				return i
			}
		}
		t.Fatalf("no %s sample", status)
		return -1
	}
	cert, att := first(StatusCertified), first(StatusAttacked)
	unk := -1
	for i, s := range c.Samples {
		if s.Status == StatusUnknown {
			unk = i
		}
	}
	otherModel := filepath.Join(t.TempDir(), "other.safetensors")
	meta, _ := network.Build("mlp", network.Options{InputShape: []int{1, 28, 28}, NumClasses: 10, BN: true})
	om, err := network.RandomParams(meta, rand.New(rand.NewPCG(1, 1)))
	if err != nil {
		t.Fatal(err)
	}
	if err := network.Save(otherModel, om); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name   string
		model  string
		tamper func(c *Certificate)
		want   string
	}{
		{"flip unknown/attacked to certified", mp, func(c *Certificate) {
			i := att
			if unk >= 0 {
				i = unk
			}
			c.Samples[i].Status = StatusCertified
			c.Summary = Summarize(c.Samples)
		}, "certified, but"},
		{"flip certified to unknown", mp, func(c *Certificate) {
			c.Samples[cert].Status = StatusUnknown
			c.Summary = Summarize(c.Samples)
		}, "unknown, but"},
		{"raise eps", mp, func(c *Certificate) { c.Eps *= 3 }, "sample"},
		{"lower eps", mp, func(c *Certificate) { c.Eps /= 2 }, "min_margin_lower"},
		{"swap the model", otherModel, func(c *Certificate) {}, "SHA-256"},
		{"edit the model hash", mp, func(c *Certificate) { c.Model.SHA256 = strings.Repeat("0", 64) }, "SHA-256"},
		{"edit the summary", mp, func(c *Certificate) { c.Summary.Certified++ }, "summary: certified"},
		{"edit the summary rate", mp, func(c *Certificate) { c.Summary.CertifiedAcc = 1 }, "summary: certified_accuracy"},
		{"drop a sample", mp, func(c *Certificate) {
			c.Samples = c.Samples[:len(c.Samples)-1]
			c.Summary = Summarize(c.Samples)
		}, "selection"},
		{"move the adversarial example", mp, func(c *Certificate) {
			x, _ := DecodeExample(c.Samples[att].AdvExample)
			for j := range x {
				x[j] = float32(math.Min(1, float64(x[j])+0.5))
			}
			c.Samples[att].AdvExample = EncodeExample(x)
		}, "leaves the eps-box"},
		{"replace the adversarial example by the clean image", mp, func(c *Certificate) {
			s := &c.Samples[cert]
			x := make([]float32, 784)
			in, _ := LoadInputs(mp, "mnist", dir)
			for j, b := range in.Set.RawImage(cert) {
				x[j] = float32(b) / 255
			}
			cls := (s.Label + 1) % 10
			m := -1.0
			s.Status, s.AdvExample, s.AdvClass, s.AdvMargin = StatusAttacked, EncodeExample(x), &cls, &m
			c.Summary = Summarize(c.Samples)
		}, "not misclassified"},
		{"claim the label as the adversarial class", mp, func(c *Certificate) { v := c.Samples[att].Label; c.Samples[att].AdvClass = &v }, "adv_class"},
		{"claim a class out of range", mp, func(c *Certificate) { v := 10; c.Samples[att].AdvClass = &v }, "adv_class"},
		{"edit the adversarial margin", mp, func(c *Certificate) { v := *c.Samples[att].AdvMargin - 1; c.Samples[att].AdvMargin = &v }, "adv_margin"},
		{"raise a margin bound", mp, func(c *Certificate) { v := *c.Samples[cert].MinMarginLower + 0.1; c.Samples[cert].MinMarginLower = &v }, "min_margin_lower"},
		{"change a label", mp, func(c *Certificate) { c.Samples[0].Label = (c.Samples[0].Label + 1) % 10 }, "label"},
		{"change a prediction", mp, func(c *Certificate) { c.Samples[1].Prediction = (c.Samples[1].Prediction + 1) % 10 }, "prediction"},
		{"change the method", mp, func(c *Certificate) { c.Method = "magic" }, `unknown bound method "magic"`},
		{"change the method to crown", mp, func(c *Certificate) { c.Method = bound.MethodCROWN }, "sample"},
		{"add crown options", mp, func(c *Certificate) { o := bound.DefaultCrownOptions(); c.Crown = &o }, "takes no crown options"},
		{"change a data file hash", mp, func(c *Certificate) { c.Dataset.Files[0].SHA256 = strings.Repeat("1", 64) }, "dataset files"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			buf, _ := json.Marshal(c)
			var cc Certificate
			if err := json.Unmarshal(buf, &cc); err != nil {
				t.Fatal(err)
			}
			tc.tamper(&cc)
			rep, err := Check(context.Background(), &cc, CheckOptions{ModelPath: tc.model, DataDir: dir, MinCertifiedAcc: -1, Jobs: 2})
			if err != nil {
				t.Fatal(err)
			}
			if rep.OK() {
				t.Fatal("tampered certificate passed the check")
			}
			if !strings.Contains(strings.Join(rep.Failures, "\n"), tc.want) {
				t.Fatalf("failures %q do not mention %q", rep.Failures, tc.want)
			}
		})
	}
}

func TestCertifyErrors(t *testing.T) {
	dir := mnistDir(t)
	tmp := t.TempDir()
	mp := filepath.Join(tmp, "m.safetensors")
	centroidModel(t, dir, mp)
	bad := filepath.Join(tmp, "bad.safetensors")
	if err := os.WriteFile(bad, []byte("not a model"), 0o644); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name string
		cfg  Config
		want string
	}{
		{"negative eps", Config{ModelPath: mp, DataDir: dir, Eps: -1, Method: "ibp", Attack: "none"}, "eps"},
		{"bad method", Config{ModelPath: mp, DataDir: dir, Eps: 0.1, Method: "x", Attack: "none"}, "method"},
		{"bad model", Config{ModelPath: bad, DataDir: dir, Eps: 0.1, Method: "ibp", Attack: "none"}, "bad.safetensors"},
		{"missing data", Config{ModelPath: mp, DataDir: tmp, Eps: 0.1, Method: "ibp", Attack: "none"}, "t10k-images"},
		{"wrong dataset shape", Config{ModelPath: mp, DataDir: dir, Dataset: "cifar10", Eps: 0.1, Method: "ibp", Attack: "none"}, "CIFAR-10"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Certify(context.Background(), tc.cfg)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("error %v, want one mentioning %q", err, tc.want)
			}
		})
	}
}

// TestResume: a run resumed from a checkpoint with half the samples done
// gives the same samples as an uninterrupted run; a checkpoint made with
// other settings is refused.
func TestResume(t *testing.T) {
	if !bound.BatchIndependent() {
		t.Skipf("%s: results are sound but may differ in the last bits with the batch, so bit-identical results are not promised", bound.BLAS())
	}
	dir := mnistDir(t)
	tmp := t.TempDir()
	mp := filepath.Join(tmp, "m.safetensors")
	centroidModel(t, dir, mp)
	cfg := Config{ModelPath: mp, DataDir: dir, Eps: 0.02, Limit: 16, Method: bound.MethodIBP,
		Attack: AttackPGD, AttackOptions: bound.DefaultAttackOptions(), Seed: 3, Jobs: 2,
		Checkpoint: filepath.Join(tmp, "cp.json")}
	full, err := Certify(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	half := *full
	half.Samples = append([]Sample(nil), full.Samples...)
	for i := 8; i < 16; i++ {
		half.Samples[i] = Sample{}
	}
	if err := saveCheckpoint(cfg.Checkpoint, &half, 1); err != nil {
		t.Fatal(err)
	}
	done := 0
	cfg.Resume = true
	cfg.OnSample = func() { done++ }
	cfg.Jobs = 1
	res, err := Certify(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	a, _ := json.Marshal(full.Samples)
	b, _ := json.Marshal(res.Samples)
	if string(a) != string(b) || done != 16 || res.Summary.Seconds < 1 {
		t.Fatalf("resumed run differs (progress %d, seconds %v)", done, res.Summary.Seconds)
	}
	cfg.Eps = 0.03
	if _, err := Certify(context.Background(), cfg); err == nil || !strings.Contains(err.Error(), "other settings") {
		t.Fatalf("checkpoint with other eps accepted: %v", err)
	}
	// an interrupted run leaves a checkpoint behind
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	cfg.Resume, cfg.Checkpoint = false, filepath.Join(tmp, "cp2.json")
	if _, err := Certify(ctx, cfg); err == nil || !strings.Contains(err.Error(), "--resume") {
		t.Fatalf("cancelled run: %v", err)
	}
	if _, err := Read(cfg.Checkpoint); err != nil {
		t.Fatalf("no checkpoint after interrupt: %v", err)
	}
}

// TestCheckAcceptsWhatTheBoundsProve: an attacked sample's adv_class may
// be any class that the example's sound bounds prove beats the label, and
// its adv_margin any value within the sound bounds of the margin there (to
// the tolerance): another version's bounds pick and centre them otherwise.
// A margin above every bound the check may use (the per-sample ones and
// the batched passes', wider, far wider with OpenBLAS's order-agnostic
// rounding terms) by more than the tolerance is rejected.
func TestCheckAcceptsWhatTheBoundsProve(t *testing.T) {
	c, mp, dir := certifyCentroid(t, bound.MethodIBP, 0.01, 40, 2)
	in, err := LoadInputs(mp, "mnist", dir)
	if err != nil {
		t.Fatal(err)
	}
	check := func(cc *Certificate) *Report {
		t.Helper()
		rep, err := Check(context.Background(), cc, CheckOptions{ModelPath: mp, DataDir: dir, MinCertifiedAcc: -1, Jobs: 2})
		if err != nil {
			t.Fatal(err)
		}
		return rep
	}
	classes := 0
	for i, s := range c.Samples {
		if s.Status != StatusAttacked {
			continue
		}
		x, err := DecodeExample(s.AdvExample)
		if err != nil {
			t.Fatal(err)
		}
		v := in.Net.CheckAdversarialVerdict(in.Set.RawImage(i), s.Label, c.Eps, x)
		if v.Err != nil {
			t.Fatalf("sample %d: %v", i, v.Err)
		}
		edit := func(cls int, m float64) *Certificate {
			buf, _ := json.Marshal(c)
			var cc Certificate
			if err := json.Unmarshal(buf, &cc); err != nil {
				t.Fatal(err)
			}
			cc.Samples[i].AdvClass, cc.Samples[i].AdvMargin = &cls, &m
			return &cc
		}
		for _, m := range []float64{v.Lo, v.Hi} {
			if rep := check(edit(*s.AdvClass, m)); !rep.OK() {
				t.Fatalf("sample %d: margin %v within the bounds [%v, %v] rejected: %q", i, m, v.Lo, v.Hi, rep.Failures)
			}
		}
		// the widest bounds the check may use: the per-sample ones, the
		// first point pass's (the clean point) and the batched pass's
		hi := v.Hi
		raw := in.Set.RawImage(i)
		if _, vs, xs, err := in.Net.PredictCleanFirst([][]byte{raw}, []int{s.Label}, c.Eps, bound.DefaultPrecision); err == nil && slices.Equal(xs[0], x) && vs[0].Class >= 0 {
			hi = math.Max(hi, vs[0].Hi)
		}
		if vs, err := in.Net.CheckAdversarialBatch([][]byte{raw}, []int{s.Label}, c.Eps, [][]float32{x}, bound.DefaultPrecision); err == nil && vs[0].Class >= 0 {
			hi = math.Max(hi, vs[0].Hi)
		}
		out := hi + 3*boundTol*(1+math.Abs(hi))
		if rep := check(edit(*s.AdvClass, out)); rep.OK() {
			t.Fatalf("sample %d: margin %v above every bound the check uses (%v) accepted", i, out, hi)
		}
		for cls, u := range v.Upper {
			if u < 0 && cls != *s.AdvClass {
				classes++
				if rep := check(edit(cls, *s.AdvMargin)); !rep.OK() {
					t.Fatalf("sample %d: class %d, proven to beat the label (upper bound %v), rejected: %q", i, cls, u, rep.Failures)
				}
			}
		}
	}
	if classes == 0 {
		t.Fatal("no attacked example beats its label with two classes: the class part checks nothing")
	}
}
