package phasetrain

// Record is one epoch's line of train.jsonl. Validation figures are on the
// backbone variables of the validation split at threshold 0.5.
type Record struct {
	Epoch     int     `json:"epoch"`
	Steps     int     `json:"steps"`
	LR        float64 `json:"lr"`
	Loss      float64 `json:"loss"`     // mean balanced BCE over the epoch's batches
	ValLoss   float64 `json:"val_loss"` // same loss on the validation split
	ValAcc    float64 `json:"val_accuracy"`
	ValPrec   float64 `json:"val_precision"`
	ValRecall float64 `json:"val_recall"`
	ValF1     float64 `json:"val_f1"`
	GradNorm  float64 `json:"grad_norm"` // mean before clipping
	Best      bool    `json:"best"`      // lowest validation loss so far
	Seconds   float64 `json:"seconds"`
}

// Eval is a model's score on one set at 0.5 and at the tuned threshold.
type Eval struct {
	Formulas int     `json:"formulas"`
	Loss     float64 `json:"loss"`
	Half     Metrics `json:"at_0_5"`
	Tuned    Metrics `json:"at_threshold"`
}

// Summary is the outcome of a run, also written as summary.json.
type Summary struct {
	Records   []Record `json:"-"`
	BestEpoch int      `json:"best_epoch"`
	Epochs    int      `json:"epochs"` // completed
	Stopped   bool     `json:"early_stopped"`
	Threshold float64  `json:"threshold"`
	Trained   string   `json:"trained"`
	Val       Eval     `json:"val"`
	Test      *Eval    `json:"test,omitempty"` // nil when the split has no test set
	Threads   int      `json:"threads"`
	Params    int      `json:"params"`
}
