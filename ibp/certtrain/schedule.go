package certtrain

// EpsSchedule is the smoothed ε schedule of Shi et al., stepped per batch:
// ε = 0 before epoch Start (1-based); over the next Length epochs it grows
// as a·s⁴ for the first quarter of the ramp's batches and linearly after,
// with a continuous slope where the two meet, and reaches Target on the
// last batch of epoch Start+Length−1; it stays at Target afterwards.
type EpsSchedule struct {
	Target        float64
	Start, Length int
	StepsPerEpoch int // batches per epoch
}

// rampMid is the fraction of the ramp that is polynomial.
const rampMid = 0.25

// At is ε for batch (0-based) of epoch (1-based).
func (s EpsSchedule) At(epoch, batch int) float64 {
	if epoch < s.Start || s.Target == 0 {
		return 0
	}
	total := float64(s.Length * s.StepsPerEpoch)
	// k counts the ramp's batches from 1, so its last batch has k = total.
	k := float64((epoch-s.Start)*s.StepsPerEpoch + batch + 1)
	if k >= total {
		return s.Target
	}
	m := rampMid * total
	// a·m⁴ + 4a·m³·(total − m) = Target: polynomial up to m, then the
	// tangent line at m up to total.
	a := s.Target / (m*m*m*m + 4*m*m*m*(total-m))
	if k <= m {
		return a * k * k * k * k
	}
	return a*m*m*m*m + 4*a*m*m*m*(k-m)
}

// Ramping reports whether ε is below its target at this batch: the warm-up,
// in which the regularisers apply.
func (s EpsSchedule) Ramping(epoch, batch int) bool {
	return s.At(epoch, batch) < s.Target
}

// Lambda is the regularisers' weight λ0·(1 − ε/Target) while ramping, else 0.
func (s EpsSchedule) Lambda(lambda0 float64, epoch, batch int) float64 {
	if !s.Ramping(epoch, batch) {
		return 0
	}
	return lambda0 * (1 - s.At(epoch, batch)/s.Target)
}

// LRAt is the learning rate of epoch (1-based): base multiplied by decay
// once for every milestone the epoch is past (PyTorch's MultiStepLR stepped
// after each epoch).
func LRAt(base, decay float64, milestones []int, epoch int) float64 {
	lr := base
	for _, m := range milestones {
		if epoch > m {
			lr *= decay
		}
	}
	return lr
}
