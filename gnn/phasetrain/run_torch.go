//go:build torch

package phasetrain

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"time"

	"github.com/verify-tools/verify/internal/progress"

	"github.com/verify-tools/verify/gnn/phasenet"
	"github.com/verify-tools/verify/internal/atomicfile"
	"github.com/verify-tools/verify/internal/jsonl"
)

// FileSummary is the run's final figures (Summary as JSON).
const FileSummary = "summary.json"

// Run trains on the split's train set, keeps the weights with the lowest
// validation loss, stops after Patience epochs without improvement, tunes
// the seeding threshold on the validation set and writes FileModel (best
// weights with the threshold), FileLast, the checkpoint (every epoch),
// train.jsonl, train.png and summary.json into Out.
//
// Cancelling ctx stops within a step; the checkpoint of the last completed
// epoch is on disk and Resume continues from it exactly (the data order of
// an epoch depends only on the seed and the epoch number).
func Run(ctx context.Context, o Options) (*Summary, error) {
	if err := o.Validate(); err != nil {
		return nil, err
	}
	// libtorch's thread count (OpenMP) and grad mode are per OS thread:
	// keep every torch call of the run on the thread that set them.
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	now := o.Now
	if now == nil {
		now = time.Now
	}
	if err := os.MkdirAll(o.Out, 0o755); err != nil {
		return nil, err
	}
	sp, err := LoadSplit(ctx, o.Split, o.Labels)
	if err != nil {
		return nil, err
	}
	sum := &Summary{Threads: setThreads(o.Threads)}
	ckpt := filepath.Join(o.Out, FileCheckpoint)
	var tr *trainer
	var pr runState
	if o.Resume {
		if tr, pr, err = loadCheckpoint(ckpt); err != nil {
			return nil, fmt.Errorf("resume: %w", err)
		}
		if pr.Seed != o.Seed || pr.Batch != o.Batch || pr.Arch.Hidden != o.Arch.Hidden ||
			pr.Arch.GINLayers != o.Arch.GINLayers || pr.Arch.AttnLayers != o.Arch.AttnLayers {
			return nil, fmt.Errorf("resume: %s was made with seed %d, batch %d, architecture %+v; options ask for seed %d, batch %d, %+v",
				ckpt, pr.Seed, pr.Batch, pr.Arch, o.Seed, o.Batch, o.Arch)
		}
	} else {
		m, err := phasenet.New(o.Arch, o.Seed)
		if err != nil {
			return nil, err
		}
		net, err := NewNet(m)
		if err != nil {
			return nil, err
		}
		tr = newTrainer(net)
		pr = runState{Arch: o.Arch, Seed: o.Seed, Batch: o.Batch, BestLoss: -1}
	}
	recsPath := filepath.Join(o.Out, FileRecords)
	recs, err := jsonl.ReadFile[Record](recsPath)
	if err != nil {
		return nil, err
	}
	if !o.Resume {
		recs = nil
	}
	for len(recs) > 0 && recs[len(recs)-1].Epoch > pr.Epoch {
		recs = recs[:len(recs)-1] // epochs after the checkpoint are redone
	}
	sum.Records = recs
	valBatches := evalBatches(sp.Val, o.Batch)
	for !pr.Stopped && pr.Epoch < o.Epochs {
		rec, err := epoch(ctx, tr, sp.Train, valBatches, o, pr.Epoch+1, now)
		if err != nil {
			return sum, err
		}
		pr.Epoch = rec.Epoch
		if pr.BestLoss < 0 || rec.ValLoss < pr.BestLoss {
			pr.BestLoss, pr.BestEpoch, pr.SinceBest = rec.ValLoss, rec.Epoch, 0
			rec.Best = true
			if err := saveWeights(tr.net, filepath.Join(o.Out, FileModel), o.Arch.Threshold, ""); err != nil {
				return sum, err
			}
		} else {
			pr.SinceBest++
		}
		pr.Stopped = o.Patience > 0 && pr.SinceBest >= o.Patience
		recs = append(recs, rec)
		sum.Records = recs
		if err := jsonl.WriteFile(recsPath, recs); err != nil {
			return sum, err
		}
		if err := WritePlot(filepath.Join(o.Out, FilePlot), recs); err != nil {
			return sum, err
		}
		if err := saveCheckpoint(ckpt, tr, pr); err != nil {
			return sum, err
		}
		if o.Log != nil {
			fmt.Fprintf(o.Log, "epoch %d: loss %.4f, val loss %.4f, val accuracy %.3f, F1 %.3f%s (%.1fs)\n",
				rec.Epoch, rec.Loss, rec.ValLoss, rec.ValAcc, rec.ValF1, map[bool]string{true: ", best"}[rec.Best], rec.Seconds)
		}
	}
	return finish(sum, tr, sp, pr, o)
}

// epochOrder is the data order of an epoch: a permutation drawn from the
// seed and the epoch number only, so a resumed run repeats it.
func epochOrder(seed uint64, epoch, n int) []int {
	return rand.New(rand.NewPCG(seed, uint64(epoch))).Perm(n)
}

func epoch(ctx context.Context, tr *trainer, train []*Sample, val []*Batch, o Options, e int, now func() time.Time) (Record, error) {
	t0 := now()
	rec := Record{Epoch: e, LR: o.LR}
	bs := batches(train, o.Batch, epochOrder(o.Seed, e, len(train)))
	bar := progress.New(o.Progress, progress.Options{Total: len(bs), Desc: fmt.Sprintf("epoch %d/%d", e, o.Epochs), Unit: "batches", Width: 20})
	defer bar.Finish()
	var lossSum, normSum float64
	for _, b := range bs {
		if err := ctx.Err(); err != nil {
			return rec, err
		}
		loss, norm, ok, err := tr.step(b, o.LR, o.WeightDecay, o.GradClip)
		if err != nil {
			return rec, fmt.Errorf("epoch %d step %d: %w", e, rec.Steps+1, err)
		}
		if ok {
			rec.Steps++
			lossSum += loss
			normSum += norm
		}
		bar.Add(1)
	}
	if rec.Steps == 0 {
		return rec, errors.New("no training formula has backbone variables")
	}
	rec.Loss, rec.GradNorm = lossSum/float64(rec.Steps), normSum/float64(rec.Steps)
	ev, err := evaluate(tr.net, val, 0.5)
	if err != nil {
		return rec, err
	}
	rec.ValLoss = ev.Loss
	rec.ValAcc, rec.ValPrec, rec.ValRecall, rec.ValF1 = ev.Half.Accuracy(), ev.Half.Precision(), ev.Half.Recall(), ev.Half.F1()
	rec.Seconds = now().Sub(t0).Seconds()
	return rec, nil
}

// evaluate scores net on batches: the mean batch loss, and the metrics at
// 0.5 and at threshold t.
func evaluate(net *Net, bs []*Batch, t float64) (Eval, error) {
	ev, sc, err := score(net, bs)
	if err != nil {
		return ev, err
	}
	ev.Half, ev.Tuned = sc.At(0.5), sc.At(t)
	return ev, nil
}

func score(net *Net, bs []*Batch) (Eval, Scored, error) {
	var ev Eval
	var sc Scored
	var lossSum float64
	n := 0
	for _, b := range bs {
		loss, ok, err := net.evalLoss(b)
		if err != nil {
			return ev, sc, err
		}
		if ok {
			lossSum += loss
			n++
		}
		probs, err := net.Probabilities(b)
		if err != nil {
			return ev, sc, err
		}
		sc.Prob = append(sc.Prob, probs...)
		sc.Label = append(sc.Label, b.Labels...)
		ev.Formulas += len(probs)
	}
	if n > 0 {
		ev.Loss = lossSum / float64(n)
	}
	return ev, sc, nil
}

// saveWeights writes net's weights with the threshold and provenance.
func saveWeights(net *Net, name string, threshold float64, trained string) error {
	m, err := net.Model()
	if err != nil {
		return err
	}
	m.Config.Threshold, m.Config.Trained = threshold, trained
	return m.Save(name)
}

// finish reloads the best weights, tunes the threshold on the validation
// set, scores the test set and writes the final files.
func finish(sum *Summary, last *trainer, sp *Split, pr runState, o Options) (*Summary, error) {
	best, err := phasenet.Load(filepath.Join(o.Out, FileModel))
	if err != nil {
		return sum, err
	}
	net, err := NewNet(best)
	if err != nil {
		return sum, err
	}
	valBatches := evalBatches(sp.Val, o.Batch)
	ev, sc, err := score(net, valBatches)
	if err != nil {
		return sum, err
	}
	t, _ := sc.TuneThreshold(o.TargetPrecision)
	ev.Half, ev.Tuned = sc.At(0.5), sc.At(t)
	sum.Val, sum.Threshold, sum.BestEpoch, sum.Epochs, sum.Stopped = ev, t, pr.BestEpoch, pr.Epoch, pr.Stopped
	sum.Params = o.Arch.NumParams()
	sum.Trained = fmt.Sprintf("verify gnn train: split %s (%d train, %d val formulas), seed %d, lr %g, batch %d, weight decay %g, best epoch %d of %d",
		o.Split, len(sp.Train), len(sp.Val), o.Seed, o.LR, o.Batch, o.WeightDecay, pr.BestEpoch, pr.Epoch)
	if len(sp.Test) > 0 {
		te, err := evaluate(net, evalBatches(sp.Test, o.Batch), t)
		if err != nil {
			return sum, err
		}
		sum.Test = &te
	}
	if err := saveWeights(net, filepath.Join(o.Out, FileModel), t, sum.Trained); err != nil {
		return sum, err
	}
	if err := saveWeights(last.net, filepath.Join(o.Out, FileLast), t, sum.Trained+" (last epoch)"); err != nil {
		return sum, err
	}
	data, err := json.MarshalIndent(sum, "", "  ")
	if err != nil {
		return sum, err
	}
	return sum, atomicfile.WriteFile(filepath.Join(o.Out, FileSummary), append(data, '\n'), 0o644)
}
