package cert

import (
	"context"
	"fmt"

	"github.com/verify-tools/verify/ibp/bound"
)

// The point passes of the samples the ε-pass leaves uncertified: their
// predictions and the proofs that their clean points are misclassified,
// in groups of about a batch (decideGroup), with what the first pass
// leaves open gathered from every group into passes at the end
// (decideLater): a pass over a few points streams every layer's weights
// for little work.

// pointVerdicts runs the first point pass (PredictCleanFirst) on the
// samples ps and sets their predictions (-1 where the pass decides none:
// restVerdicts decides those) and clean-point proofs. A sample whose
// bounds certify it is predicted as its label (its clean point is in the
// box) without a pass.
func pointVerdicts(in *Inputs, c *Certificate, ps []pending) error {
	var rest []int
	for k := range ps {
		ps[k].pred, ps[k].clean, ps[k].proof = int(in.Set.Labels[ps[k].index]), nil, bound.PointVerdict{Class: -1}
		if !bound.Certified(ps[k].lb) {
			rest = append(rest, k)
		}
	}
	if len(rest) == 0 {
		return nil
	}
	raws, ys := pendingInputs(in, ps, rest)
	dec, vs, xs, err := in.Net.PredictCleanFirst(raws, ys, c.Eps, bound.DefaultPrecision)
	if err != nil {
		return err
	}
	for k, j := range rest {
		ps[j].pred, ps[j].x = dec[k], xs[k]
		ps[j].setProof(vs[k])
	}
	return nil
}

// restVerdicts decides the predictions that pointVerdicts left undecided
// among the samples ps (PredictCleanRest), and takes the clean-point
// proofs of its bounds where they prove one; a sample predicted as its
// label keeps none.
func restVerdicts(in *Inputs, c *Certificate, ps []pending) error {
	var rest []int
	for k, p := range ps {
		if p.pred < 0 {
			rest = append(rest, k)
		}
	}
	if len(rest) == 0 {
		return nil
	}
	raws, ys := pendingInputs(in, ps, rest)
	preds, vs, err := in.Net.PredictCleanRest(raws, ys, c.Eps, bound.DefaultPrecision)
	if err != nil {
		return err
	}
	for k, j := range rest {
		ps[j].pred = preds[k]
		switch {
		case vs[k].Class >= 0:
			ps[j].setProof(vs[k])
		case preds[k] == ys[k]:
			// a first pass's proof, kept only where the prediction is
			// not the label (as PredictCleanBatch gives it)
			ps[j].setProof(bound.PointVerdict{Class: -1})
		}
	}
	return nil
}

// setProof records v, a point pass's verdict for the sample's clean point
// p.x, as its proof (or the lack of one).
func (p *pending) setProof(v bound.PointVerdict) {
	p.clean, p.proof = nil, v
	if v.Class >= 0 {
		p.clean = &bound.Adversarial{X: p.x, Class: v.Class, Margin: v.Margin}
	}
}

// pendingInputs returns the images and labels of the samples ps[k], k in ks.
func pendingInputs(in *Inputs, ps []pending, ks []int) ([][]byte, []int) {
	idx := make([]int, len(ks))
	for k, j := range ks {
		idx[k] = ps[j].index
	}
	return batchInputs(in, idx)
}

// decideGroup runs the first point pass on the uncertified samples g (the
// ε-pass's, gathered from any batches) and decides those it can
// (decideAll). The others come back for the passes at the end
// (decideLater): those whose prediction it leaves undecided, and those
// whose prediction is not the label but whose clean point it did not prove
// misclassified.
func decideGroup(ctx context.Context, in *Inputs, c *Certificate, g []pending, jobs int) (done []Sample, later []pending, err error) {
	if err := pointVerdicts(in, c, g); err != nil {
		idx, _ := unzip(g)
		return nil, nil, fmt.Errorf("samples %s: %w", sampleList(idx), err)
	}
	var ready []pending
	for _, p := range g {
		if p.pred < 0 || p.unproven(in) {
			later = append(later, p)
		} else {
			ready = append(ready, p)
		}
	}
	done, err = decideAll(ctx, in, c, ready, jobs)
	return done, later, err
}

// unproven reports whether the sample's prediction is not its label while
// its clean point is not proven misclassified.
func (p *pending) unproven(in *Inputs) bool {
	return p.pred != int(in.Set.Labels[p.index]) && p.clean == nil
}

// decideLater decides the samples ps that decideGroup left open, gathered
// from every group: it predicts the undecided ones (restVerdicts), then
// tries the clean points still unproven with point bounds of their own
// (CheckAdversarialBatch), and decides them all (decideAll).
func decideLater(ctx context.Context, in *Inputs, c *Certificate, ps []pending, jobs int) ([]Sample, error) {
	if len(ps) == 0 {
		return nil, nil
	}
	idx, _ := unzip(ps)
	if err := restVerdicts(in, c, ps); err != nil {
		return nil, fmt.Errorf("samples %s: %w", sampleList(idx), err)
	}
	var un []int
	for k := range ps {
		if ps[k].unproven(in) {
			un = append(un, k)
		}
	}
	if len(un) > 0 {
		raws, ys := pendingInputs(in, ps, un)
		xs := make([][]float32, len(un))
		for k := range un {
			xs[k] = bound.CleanPoint(raws[k], c.Eps)
		}
		vs, err := in.Net.CheckAdversarialBatch(raws, ys, c.Eps, xs, bound.DefaultPrecision)
		if err != nil {
			return nil, fmt.Errorf("samples %s: %w", sampleList(idx), err)
		}
		for k, j := range un {
			ps[j].x = xs[k]
			ps[j].setProof(vs[k])
		}
	}
	return decideAll(ctx, in, c, ps, jobs)
}
