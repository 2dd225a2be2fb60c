package phasetrain

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"

	"github.com/google/renameio/v2"
)

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

// ReadRecords reads a train.jsonl; a missing file is no records.
func ReadRecords(name string) ([]Record, error) {
	data, err := os.ReadFile(name)
	if os.IsNotExist(err) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var out []Record
	sc := bufio.NewScanner(bytes.NewReader(data))
	for line := 1; sc.Scan(); line++ {
		if len(bytes.TrimSpace(sc.Bytes())) == 0 {
			continue
		}
		var r Record
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			return nil, fmt.Errorf("%s:%d: %w", name, line, err)
		}
		out = append(out, r)
	}
	return out, sc.Err()
}

// WriteRecords replaces name with the records, one JSON line each.
func WriteRecords(name string, recs []Record) error {
	var buf bytes.Buffer
	if err := encodeRecords(&buf, recs); err != nil {
		return err
	}
	return renameio.WriteFile(name, buf.Bytes(), 0o644)
}

func encodeRecords(w io.Writer, recs []Record) error {
	enc := json.NewEncoder(w)
	for _, r := range recs {
		if err := enc.Encode(r); err != nil {
			return err
		}
	}
	return nil
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
