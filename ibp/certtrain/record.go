package certtrain

// Record is one line of train.jsonl: an epoch's averages over its batches
// and the evaluation after it: on the test set, or with --holdout on the
// held-out training samples (EvalSet says which).
type Record struct {
	Epoch      int     `json:"epoch"`
	Batches    int     `json:"batches"` // training batches averaged (fewer after a mid-epoch resume)
	Eps        float64 `json:"eps"`     // ε of the epoch's last batch
	EpsMean    float64 `json:"eps_mean"`
	Lambda     float64 `json:"lambda"` // λ of the epoch's last batch
	LR         float64 `json:"lr"`
	Loss       float64 `json:"loss"`        // total: κ·robust + (1−κ)·clean + λ·(tight + relu) + l1·Σ|W|
	LossRobust float64 `json:"loss_robust"` // cross-entropy over the margin lower bounds
	LossTight  float64 `json:"loss_tight"`
	LossReLU   float64 `json:"loss_relu"`
	LossClean  float64 `json:"loss_clean"`        // cross-entropy of the clean logits (trained on only with κ < 1)
	LossL1     float64 `json:"loss_l1,omitempty"` // Σ|W| over conv and linear weights (with --l1)
	TrainErr   float64 `json:"train_clean_err"`
	TrainVErr  float64 `json:"train_verified_err"` // at the batch's ε
	TestEps    float64 `json:"test_eps"`           // the target ε
	TestN      int     `json:"test_samples"`
	EvalSet    string  `json:"eval_set,omitempty"` // "holdout" with --holdout; empty: the test set
	CleanErr   float64 `json:"clean_err"`          // test set, BN in eval mode
	VerifiedEr float64 `json:"verified_err"`       // test set, IBP at the target ε
	Seconds    float64 `json:"seconds"`            // training time of the epoch
	EvalSecs   float64 `json:"eval_seconds"`
	// PreciseBNSecs is the time of the precise-BN pass after the epoch.
	PreciseBNSecs float64 `json:"precise_bn_seconds,omitempty"`
	ImagesPerS    float64 `json:"images_per_s"`
}

// EvalName names the set the record's evaluation ran on: "test", or
// "holdout" with --holdout.
func (r Record) EvalName() string {
	if r.EvalSet != "" {
		return r.EvalSet
	}
	return "test"
}
