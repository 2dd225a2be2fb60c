package phasetrain

// Metrics scores predicted phases against backbone labels at a seeding
// threshold t: a variable with p ≥ t is predicted true, with p ≤ 1 − t
// false, otherwise it is not seeded. Only backbone variables count.
type Metrics struct {
	Threshold float64 `json:"threshold"`
	Backbone  int     `json:"backbone"` // labelled (backbone) variables
	Seeded    int     `json:"seeded"`   // of those, predicted with confidence ≥ t
	Correct   int     `json:"correct"`  // seeded with the backbone phase
	Positive  int     `json:"positive"` // backbone variables true in every model
	TP        int     `json:"tp"`       // predicted true, backbone true
	FP        int     `json:"fp"`       // predicted true, backbone false
}

// Add scores one formula's probabilities (per variable node) and labels.
func (m *Metrics) Add(prob []float32, label []int8) {
	t := m.Threshold
	for i, l := range label {
		if l == LabelUnknown {
			continue
		}
		m.Backbone++
		if l == LabelTrue {
			m.Positive++
		}
		p := float64(prob[i])
		var pred int8
		switch {
		case p >= t:
			pred = LabelTrue
		case p <= 1-t:
			pred = LabelFalse
		default:
			continue
		}
		m.Seeded++
		if pred == l {
			m.Correct++
		}
		if pred == LabelTrue {
			if l == LabelTrue {
				m.TP++
			} else {
				m.FP++
			}
		}
	}
}

func ratio(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}

// Accuracy is the share of seeded variables whose phase is right (at
// t = 0.5 every variable is seeded, so it is the plain accuracy).
func (m Metrics) Accuracy() float64 { return ratio(m.Correct, m.Seeded) }

// Coverage is the share of backbone variables seeded.
func (m Metrics) Coverage() float64 { return ratio(m.Seeded, m.Backbone) }

// Precision of the phase "true": right among the variables predicted true.
func (m Metrics) Precision() float64 { return ratio(m.TP, m.TP+m.FP) }

// Recall of the phase "true": found among the backbone variables that are
// true (a variable not seeded counts as missed).
func (m Metrics) Recall() float64 { return ratio(m.TP, m.Positive) }

// F1 is the harmonic mean of Precision and Recall.
func (m Metrics) F1() float64 {
	p, r := m.Precision(), m.Recall()
	if p+r == 0 {
		return 0
	}
	return 2 * p * r / (p + r)
}

// Scored is a set of formulas' predictions with their labels.
type Scored struct {
	Prob  [][]float32
	Label [][]int8
}

// At computes the metrics at threshold t.
func (s Scored) At(t float64) Metrics {
	m := Metrics{Threshold: t}
	for i := range s.Prob {
		m.Add(s.Prob[i], s.Label[i])
	}
	return m
}

// TuneThreshold returns the seeding threshold: the lowest t on the grid
// 0.50, 0.51, …, 0.99 at which the seeded phases reach the target
// accuracy, so that as many variables as possible are seeded with that
// precision. When no t reaches it, the t with the best accuracy among
// those seeding at least 1 % of the backbone (0.99 when none does).
func (s Scored) TuneThreshold(target float64) (float64, Metrics) {
	var best Metrics
	bestT, bestAcc := 0.99, -1.0
	for k := 50; k <= 99; k++ {
		t := float64(k) / 100
		m := s.At(t)
		if m.Seeded > 0 && m.Accuracy() >= target {
			return t, m
		}
		if m.Coverage() >= 0.01 && m.Accuracy() > bestAcc {
			bestT, bestAcc, best = t, m.Accuracy(), m
		}
	}
	if bestAcc < 0 {
		return bestT, s.At(bestT)
	}
	return bestT, best
}
