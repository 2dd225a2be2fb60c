package certtrain

import "fmt"

// popStats accumulates per-channel population statistics from batches
// (Chan et al.'s pairwise combination of means and sums of squared
// deviations, in float64): after every batch is added, Mean and Var are
// the mean and the unbiased variance over all the values seen, as if
// computed in one pass over the whole set (not the mean of the batches'
// variances, which misses the spread of the batch means).
type popStats struct {
	n    float64   // values per channel so far
	mean []float64 // per channel
	m2   []float64 // per channel: sum of squared deviations from mean
}

// add merges one batch's per-channel mean and biased variance over count
// values per channel.
func (p *popStats) add(mean, biasedVar []float64, count float64) error {
	if len(mean) != len(biasedVar) {
		return fmt.Errorf("popStats: %d means but %d variances", len(mean), len(biasedVar))
	}
	if p.mean == nil {
		p.mean, p.m2 = make([]float64, len(mean)), make([]float64, len(mean))
	}
	if len(mean) != len(p.mean) {
		return fmt.Errorf("popStats: batch of %d channels, earlier ones %d", len(mean), len(p.mean))
	}
	if count <= 0 {
		return nil
	}
	tot := p.n + count
	for c := range mean {
		d := mean[c] - p.mean[c]
		p.mean[c] += d * count / tot
		p.m2[c] += biasedVar[c]*count + d*d*p.n*count/tot
	}
	p.n = tot
	return nil
}

// result returns the per-channel mean and unbiased variance (the
// convention of BN's running variance); a single value gives variance 0.
func (p *popStats) result() (mean, variance []float64) {
	mean = append([]float64(nil), p.mean...)
	variance = make([]float64, len(p.m2))
	if p.n > 1 {
		for c, m := range p.m2 {
			variance[c] = m / (p.n - 1)
		}
	}
	return mean, variance
}
