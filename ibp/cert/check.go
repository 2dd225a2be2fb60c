package cert

import (
	"context"
	"fmt"
	"math"
	"slices"

	"github.com/verify-tools/verify/ibp/bound"
)

// CheckOptions configure a check.
type CheckOptions struct {
	ModelPath string
	DataDir   string
	// MinCertifiedAcc is the certified accuracy the certificate must reach;
	// negative means no threshold.
	MinCertifiedAcc float64
	Jobs            int
	// Batch is the number of samples bounded together (default
	// DefaultBatch).
	Batch    int
	OnSample func()
}

// Report is the outcome of a check: every claim that failed.
type Report struct {
	Failures []string
	// Summary is recomputed from the re-verified samples.
	Summary Summary
}

// OK reports whether every claim held.
func (r *Report) OK() bool { return len(r.Failures) == 0 }

// relTol is the tolerance for recorded float64 values (margins, rates)
// against recomputed ones: they are recomputed by the same deterministic
// code, so only a different platform's rounding can move them.
const relTol = 1e-6

func near(a, b float64) bool {
	return math.Abs(a-b) <= relTol*(1+math.Max(math.Abs(a), math.Abs(b)))
}

// boundTol is the tolerance for a recorded margin lower bound or
// adversarial margin against the recomputed one: batched float32 bounds summed in another order (another
// BLAS, a processor without the AVX2 kernels) move by about 1e-5 relative.
// Both are sound; the statuses are decided by the recomputed bounds alone.
const boundTol = 1e-4

func nearBound(a, b float64) bool {
	return math.Abs(a-b) <= boundTol*(1+math.Max(math.Abs(a), math.Abs(b)))
}

// Check re-derives every claim of the certificate from the model file and
// the data, independently of the certificate's numbers. An error means the
// check could not run (e.g. unreadable model); failed claims go into the
// report.
func Check(ctx context.Context, c *Certificate, opt CheckOptions) (*Report, error) {
	r := &Report{}
	fail := func(format string, args ...any) { r.Failures = append(r.Failures, fmt.Sprintf(format, args...)) }

	if c.Format != FormatVersion {
		fail("format %d is not supported (want %d)", c.Format, FormatVersion)
		return r, nil
	}
	if c.Norm != NormLinf {
		fail("norm %q is not supported (want %q)", c.Norm, NormLinf)
	}
	method, err := c.Method.Info()
	if err != nil {
		fail("method: %v", err)
		return r, nil
	}
	if c.Crown != nil && !method.CrownOptions {
		fail("method %s takes no crown options, the certificate records %+v", c.Method, *c.Crown)
	}
	if !(c.Eps >= 0) || math.IsInf(c.Eps, 0) {
		fail("eps %v is not a finite value >= 0", c.Eps)
		return r, nil
	}
	claim, err := bound.ParseClaim(string(c.Claim))
	if err != nil {
		fail("claim: %v", err)
		return r, nil
	}
	if err := bound.CheckMethod(claim, c.Method); err != nil {
		fail("%v", err)
		return r, nil
	}
	in, err := LoadInputsFor(opt.ModelPath, c.Dataset.Name, opt.DataDir, claim)
	if err != nil {
		return nil, err
	}
	if in.SHA256 != c.Model.SHA256 {
		fail("model: %s has SHA-256 %s, the certificate was made for %s", opt.ModelPath, in.SHA256, c.Model.SHA256)
	}
	if in.Model.Meta.Arch != c.Model.Arch {
		fail("model: architecture %q, the certificate says %q", in.Model.Meta.Arch, c.Model.Arch)
	}
	if !slices.Equal(in.Model.Meta.Normalization.Mean, c.Normalization.Mean) ||
		!slices.Equal(in.Model.Meta.Normalization.Std, c.Normalization.Std) {
		fail("normalization: the model has %+v, the certificate says %+v", in.Model.Meta.Normalization, c.Normalization)
	}
	if c.Dataset.Split != "test" {
		fail("dataset split %q: certificates cover the test split", c.Dataset.Split)
	}
	if !slices.Equal(in.Set.Files, c.Dataset.Files) {
		fail("dataset files: %s holds %v, the certificate was made with %v", opt.DataDir, in.Set.Files, c.Dataset.Files)
	}
	if c.Attack == AttackPGD && c.AttackOptions == nil {
		fail("attack pgd without attack_options")
	}
	// the selection: indices 0..count-1, in order, all of them
	if c.Selection.Count != len(c.Samples) {
		fail("selection: count %d but %d samples recorded", c.Selection.Count, len(c.Samples))
	}
	if c.Selection.Count > in.Set.Len() {
		fail("selection: count %d but the test split has %d samples", c.Selection.Count, in.Set.Len())
	}
	valid := make([]bool, len(c.Samples))
	for i, s := range c.Samples {
		if s.Index != i {
			fail("sample %d: index %d, want %d (samples are 0..count-1 in order)", i, s.Index, i)
			continue
		}
		if i >= in.Set.Len() {
			continue
		}
		valid[i] = true
	}

	var todo []int
	for i, ok := range valid {
		if ok {
			todo = append(todo, i)
		}
	}
	sampleFails := make([][]string, len(c.Samples))
	// checkSamples checks the samples ps given their bounds, predictions
	// and clean-point proofs; sampleFails[i] is written by one call alone
	checkSamples := func(ps []pending) {
		advs := attackedVerdicts(in, c, ps)
		for j, p := range ps {
			sampleFails[p.index] = checkSampleBoth(in, c, &c.Samples[p.index], p.lb, p.pred, advs[j])
			if opt.OnSample != nil {
				opt.OnSample()
			}
		}
	}
	// As certify does: the ε-pass batch by batch, then the point passes of
	// the samples it leaves uncertified (and of those recorded attacked)
	// in groups of a batch gathered across batches, and the predictions
	// the first point pass leaves undecided at the end.
	batch := opt.Batch
	if batch <= 0 {
		batch = DefaultBatch
	}
	later := &pendingQueue{} // gathered until the end
	eps := &epsStage{in: in, c: c, batch: batch, jobs: opt.Jobs,
		final: func(i int) bool { return c.Samples[i].Status != StatusAttacked },
		done: func(ps []pending) {
			for k := range ps {
				ps[k].pred = int(in.Set.Labels[ps[k].index]) // certified: predicted as labelled
			}
			checkSamples(ps)
		},
		group: func(g []pending, _ int) error {
			if err := pointVerdicts(in, c, g); err != nil {
				idx, _ := unzip(g)
				return fmt.Errorf("samples %s: %w", sampleList(idx), err)
			}
			var now, wait []pending
			for _, p := range g {
				if p.pred < 0 {
					wait = append(wait, p)
				} else {
					now = append(now, p)
				}
			}
			later.add(wait)
			checkSamples(now)
			return nil
		}}
	err = eps.run(ctx, todo)
	if g := later.rest(); err == nil && len(g) > 0 {
		if err = restVerdicts(in, c, g); err != nil {
			idx, _ := unzip(g)
			err = fmt.Errorf("samples %s: %w", sampleList(idx), err)
		} else {
			checkSamples(g)
		}
	}
	if err != nil {
		return nil, err
	}
	if opt.OnSample != nil {
		for range len(c.Samples) - len(todo) {
			opt.OnSample()
		}
	}
	for _, fs := range sampleFails {
		r.Failures = append(r.Failures, fs...)
	}

	// the summary must follow from the samples
	want := Summarize(c.Samples)
	got := c.Summary
	for _, f := range []struct {
		name      string
		got, want int
	}{
		{"samples", got.Samples, want.Samples}, {"correct", got.Correct, want.Correct},
		{"certified", got.Certified, want.Certified}, {"attacked", got.Attacked, want.Attacked},
		{"unknown", got.Unknown, want.Unknown},
	} {
		if f.got != f.want {
			fail("summary: %s = %d, the samples give %d", f.name, f.got, f.want)
		}
	}
	for _, f := range []struct {
		name      string
		got, want float64
	}{
		{"clean_accuracy", got.CleanAccuracy, want.CleanAccuracy}, {"certified_accuracy", got.CertifiedAcc, want.CertifiedAcc},
		{"attacked_rate", got.AttackedRate, want.AttackedRate}, {"unknown_rate", got.UnknownRate, want.UnknownRate},
	} {
		if !near(f.got, f.want) {
			fail("summary: %s = %v, the samples give %v", f.name, f.got, f.want)
		}
	}
	r.Summary = want
	if opt.MinCertifiedAcc >= 0 && !(want.CertifiedAcc >= opt.MinCertifiedAcc) {
		fail("threshold: certified accuracy %.4f is below --min-certified-acc %.4f", want.CertifiedAcc, opt.MinCertifiedAcc)
	}
	return r, nil
}

// checkSampleBoth checks one sample against the batched bounds and, when
// a claim fails there, against the per-sample float64 reference bounds
// (which are a little tighter in float32 runs and are what certificates
// of earlier versions recorded); the sample passes when either holds.
func checkSampleBoth(in *Inputs, c *Certificate, s *Sample, lb []float64, pred int, adv advCheck) []string {
	fs := checkSample(in, c, s, lb, pred, adv)
	if len(fs) == 0 {
		return nil
	}
	raw := in.Set.RawImage(s.Index)
	y := int(in.Set.Labels[s.Index])
	if y < 0 || y >= in.Net.Classes {
		return fs
	}
	ref, err := in.Net.MarginLower(raw, y, c.Eps, c.Method, crownOptions(c))
	if err != nil {
		return fs
	}
	refAdv := func(x []float32) bound.PointVerdict { return in.Net.CheckAdversarialVerdict(raw, y, c.Eps, x) }
	if fs2 := checkSample(in, c, s, ref, in.Net.Predict(pixels(raw)), refAdv); len(fs2) > 0 {
		return fs
	}
	return nil
}

// checkSample re-derives one sample's claims from its margin lower bounds
// lb, prediction pred and adversarial-point check adv, and returns the
// failures.
func checkSample(in *Inputs, c *Certificate, s *Sample, lb []float64, pred int, adv advCheck) []string {
	var fs []string
	fail := func(format string, args ...any) {
		fs = append(fs, fmt.Sprintf("sample %d: ", s.Index)+fmt.Sprintf(format, args...))
	}
	y := int(in.Set.Labels[s.Index])
	if s.Label != y {
		fail("label %d, the data set says %d", s.Label, y)
		return fs
	}
	if pred != s.Prediction {
		fail("prediction %d, the model predicts %d", s.Prediction, pred)
	}
	minLB := bound.MinMargin(lb)
	switch {
	case s.MinMarginLower == nil && !math.IsInf(minLB, -1) && !math.IsNaN(minLB):
		fail("min_margin_lower is null, the bounds give %v", minLB)
	case s.MinMarginLower != nil && !nearBound(*s.MinMarginLower, minLB):
		fail("min_margin_lower %v does not match the recomputed sound bound %v", *s.MinMarginLower, minLB)
	}
	certified := bound.Certified(lb)
	switch s.Status {
	case StatusCertified:
		if !certified {
			fail("certified, but the %s bounds give a margin lower bound of %v <= 0 at eps %v", c.Method, minLB, c.Eps)
		}
		if s.Prediction != y {
			fail("certified, but the prediction %d is not the label %d", s.Prediction, y)
		}
	case StatusAttacked:
		if s.AdvExample == "" || s.AdvMargin == nil || s.AdvClass == nil {
			fail("attacked, but the adversarial example, its class or margin is missing")
			return fs
		}
		x, err := DecodeExample(s.AdvExample)
		if err != nil {
			fail("%v", err)
			return fs
		}
		v := adv(x)
		if v.Err != nil {
			fail("attacked, but %v", v.Err)
			return fs
		}
		if !v.Beats(*s.AdvClass) {
			fail("adv_class %d does not beat the label for certain at the example (class %d does)", *s.AdvClass, v.Class)
		}
		if !marginWithin(*s.AdvMargin, v.Lo, v.Hi) {
			fail("adv_margin %v, the example's margin lies in [%v, %v]", *s.AdvMargin, v.Lo, v.Hi)
		}
	case StatusUnknown:
		if certified && s.Prediction == y {
			fail("unknown, but the %s bounds certify it (margin lower bound %v)", c.Method, minLB)
		}
	default:
		fail("status %q is unknown", s.Status)
	}
	return fs
}

// advCheck proves a point misclassified: its verdict, with the sound
// bounds of the point's margins (CheckAdversarialVerdict's contract).
type advCheck func(x []float32) bound.PointVerdict

// attackedVerdicts checks the recorded examples of the attacked samples
// among idx together (CheckAdversarialBatch) and returns, per sample, a
// check that answers for its recorded example and falls back to
// CheckAdversarialVerdict for any other point. A recorded clean point that
// the point passes (points.go) prove misclassified is answered by their
// proof, as certify made it; any other example gets its own bounds.
func attackedVerdicts(in *Inputs, c *Certificate, ps []pending) []advCheck {
	out := make([]advCheck, len(ps))
	var raws [][]byte
	var ys, at []int
	var xs [][]float32
	for j, p := range ps {
		i := p.index
		raw, y := in.Set.RawImage(i), int(in.Set.Labels[i])
		out[j] = func(x []float32) bound.PointVerdict { return in.Net.CheckAdversarialVerdict(raw, y, c.Eps, x) }
		s := &c.Samples[i]
		if s.Status != StatusAttacked || s.AdvExample == "" || y != s.Label {
			continue
		}
		x, err := DecodeExample(s.AdvExample)
		if err != nil || len(x) != len(raw) {
			continue
		}
		if v := p.clean; v != nil && slices.Equal(x, v.X) {
			out[j] = answerFor(x, p.proof, out[j])
			continue
		}
		raws, ys, xs, at = append(raws, raw), append(ys, y), append(xs, x), append(at, j)
	}
	if len(at) == 0 {
		return out
	}
	vs, err := in.Net.CheckAdversarialBatch(raws, ys, c.Eps, xs, bound.DefaultPrecision)
	if err != nil {
		return out
	}
	for k, j := range at {
		out[j] = answerFor(xs[k], vs[k], out[j])
	}
	return out
}

// answerFor is a check that answers v for the point x0 and asks ref for
// any other.
func answerFor(x0 []float32, v bound.PointVerdict, ref advCheck) advCheck {
	return func(x []float32) bound.PointVerdict {
		if !slices.Equal(x, x0) {
			return ref(x)
		}
		return v
	}
}

// marginWithin reports whether a recorded margin m lies within the sound
// bounds [lo, hi] of the point's margin, to boundTol. The recorded value is
// a report, not part of the proof: a float64 evaluation (inside any sound
// bounds but for rounding) or the centre of the sound bounds certify used,
// which another version may compute differently.
func marginWithin(m, lo, hi float64) bool {
	return m >= lo-boundTol*(1+math.Abs(lo)) && m <= hi+boundTol*(1+math.Abs(hi))
}
