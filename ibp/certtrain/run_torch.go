//go:build torch

package certtrain

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"time"

	"github.com/sugarme/gotch"
	"github.com/verify-tools/verify/ibp/data"
	"github.com/verify-tools/verify/ibp/network"
	"github.com/verify-tools/verify/internal/jsonl"
	"github.com/verify-tools/verify/internal/libtorch"
	"github.com/verify-tools/verify/internal/progress"
)

// Files of a run folder.
const (
	FileModel      = "model.safetensors" // the final network
	FileBest       = "best.safetensors"  // the network with the lowest verified test error
	FileCheckpoint = "checkpoint"        // everything --resume needs
	FileLog        = "train.jsonl"       // one Record per epoch
	FilePlot       = "train.png"         // the records' curves
)

// evalBatch is the batch size of the test-set evaluation.
const evalBatch = 500

// Summary is what a finished (or stopped) run reports.
type Summary struct {
	Records   []Record // every epoch of the run folder
	BestEpoch int
	BestErr   float64
	Device    string
	Threads   int
}

// NaNError reports a non-finite loss or gradient.
type NaNError struct {
	Epoch, Batch int
	Err          error
}

func (e *NaNError) Error() string {
	return fmt.Sprintf("training diverged at epoch %d, batch %d: %v; the run stopped without updating the checkpoint (the last good one is kept)",
		e.Epoch, e.Batch, e.Err)
}

func (e *NaNError) Unwrap() error { return e.Err }

// run is one training run in progress.
type run struct {
	cfg       Config
	train     *data.Set
	test      *data.Set
	net       *Net
	opt       *libtorch.Adam
	st        runState
	recs      []Record
	sched     EpsSchedule
	batches   *batches
	dev       gotch.Device
	threads   int
	testX     [][]float32 // test batches, pixels
	testY     [][]int64
	poisonHit func(epoch, batch int) bool // tests only: make this batch's pixels NaN
}

func (r *run) path(name string) string { return filepath.Join(r.cfg.Out, name) }

// Run trains per cfg and writes the run folder. It checks the data, the
// architecture against the data shape and that the run folder is writable
// before training starts. Cancelling ctx stops after the current batch,
// with a checkpoint (and model) written.
func Run(ctx context.Context, cfg Config) (*Summary, error) {
	// libtorch's thread count (OpenMP) and autograd mode are per OS thread:
	// the whole run stays on one, so --threads holds for every operation and
	// a CPU run is reproducible.
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	r, err := prepare(cfg)
	if err != nil {
		return nil, err
	}
	return r.loop(ctx)
}

// resumable are the settings a resumed run takes from the command line;
// everything else comes from the checkpoint.
func resumable(saved, now Config) Config {
	if now.Epochs > 0 {
		saved.Epochs = now.Epochs
	}
	saved.DataDir, saved.Out = now.DataDir, now.Out
	saved.Device, saved.Threads, saved.LimitTest, saved.Progress = now.Device, now.Threads, now.LimitTest, now.Progress
	saved.Resume = true
	return saved
}

// prepare checks everything and builds the run; the caller keeps its
// goroutine on one OS thread (runtime.LockOSThread) until the run ends.
func prepare(cfg Config) (*run, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	if err := os.MkdirAll(cfg.Out, 0o755); err != nil {
		return nil, fmt.Errorf("run folder: %w", err)
	}
	probe, err := os.CreateTemp(cfg.Out, ".write-test*")
	if err != nil {
		return nil, fmt.Errorf("run folder %s is not writable: %w", cfg.Out, err)
	}
	probe.Close()
	os.Remove(probe.Name())
	r := &run{cfg: cfg}
	var ckpt *checkpoint
	ckptPath := r.path(FileCheckpoint)
	if cfg.Resume {
		if ckpt, err = loadCheckpoint(ckptPath); err != nil {
			return nil, fmt.Errorf("--resume: %w", err)
		}
		r.cfg = resumable(ckpt.state.Config, cfg)
		if err := r.cfg.Validate(); err != nil {
			return nil, err
		}
		r.st = ckpt.state
	} else {
		if _, err := os.Stat(ckptPath); err == nil {
			return nil, fmt.Errorf("run folder %s already holds a checkpoint: pass --resume to continue it, or choose another --out", cfg.Out)
		} else if !errors.Is(err, fs.ErrNotExist) {
			return nil, fmt.Errorf("run folder: %w", err)
		}
		r.st = runState{Epoch: 1, BestErr: 2}
	}
	r.st.Config = r.cfg
	r.st.Config.Progress = nil
	if r.train, err = data.Load(r.cfg.Dataset, r.cfg.DataDir, "train"); err != nil {
		return nil, err
	}
	if r.cfg.Holdout > 0 {
		if r.train, r.test, err = r.train.Holdout(r.cfg.Holdout); err != nil {
			return nil, fmt.Errorf("--holdout: %w", err)
		}
	} else if r.test, err = data.Load(r.cfg.Dataset, r.cfg.DataDir, "test"); err != nil {
		return nil, err
	}
	meta, err := r.cfg.Meta(r.train.Shape, r.train.Classes)
	if err != nil {
		return nil, fmt.Errorf("--arch %s on %s %v: %w", r.cfg.Arch, r.cfg.Dataset, r.train.Shape, err)
	}
	if r.dev, err = device(r.cfg.Device); err != nil {
		return nil, err
	}
	r.threads = libtorch.SetThreads(r.cfg.Threads)
	var m *network.Model
	if ckpt != nil {
		m = ckpt.model()
		if fmt.Sprint(m.Meta) != fmt.Sprint(meta) {
			return nil, fmt.Errorf("--resume: the checkpoint's network (%s) does not match its settings", m.Meta.Arch)
		}
	} else if m, err = InitParams(meta, r.cfg.Init, rand.New(rand.NewPCG(r.cfg.Seed, streamInit))); err != nil {
		return nil, err
	}
	if r.net, err = NewNet(m, r.dev); err != nil {
		return nil, err
	}
	r.opt = libtorch.NewAdam(r.net.params)
	if ckpt != nil {
		if err := ckpt.restoreAdam(r.net, r.opt); err != nil {
			return nil, fmt.Errorf("--resume: %w", err)
		}
		recs, err := jsonl.ReadFile[Record](r.path(FileLog))
		if err != nil {
			return nil, err
		}
		for _, rec := range recs {
			if rec.Epoch < r.st.Epoch {
				r.recs = append(r.recs, rec)
			}
		}
	}
	r.batches = newBatches(r.train, r.cfg.LimitTrain, r.cfg.Batch, r.cfg.Augment && r.cfg.Dataset == "cifar10", r.cfg.Seed)
	if r.batches.Steps() == 0 {
		return nil, fmt.Errorf("no training batches (%d samples, batch %d)", r.batches.n, r.cfg.Batch)
	}
	r.sched = EpsSchedule{Target: r.cfg.TrainEps(), Start: r.cfg.EpsStart, Length: r.cfg.EpsLength, StepsPerEpoch: r.batches.Steps()}
	r.prepareTest()
	return r, nil
}

func device(name string) (gotch.Device, error) {
	switch name {
	case "cpu":
		return gotch.CPU, nil
	case "cuda":
		if libtorch.CUDADevices() == 0 {
			return gotch.CPU, fmt.Errorf("--device cuda: libtorch sees no CUDA device (CUDA build %t); see verify doctor", libtorch.CUDABuild())
		}
		return gotch.CudaIfAvailable(), nil
	}
	return libtorch.Device(), nil
}

// prepareTest cuts the evaluation samples into batches of pixels.
func (r *run) prepareTest() {
	n := r.test.Len()
	if r.cfg.LimitTest > 0 && r.cfg.LimitTest < n {
		n = r.cfg.LimitTest
	}
	size := r.test.ImageSize()
	for s := 0; s < n; s += evalBatch {
		e := min(s+evalBatch, n)
		xs := make([]float32, 0, (e-s)*size)
		ys := make([]int64, 0, e-s)
		for i := s; i < e; i++ {
			xs = append(xs, r.test.Image(i)...)
			ys = append(ys, int64(r.test.Labels[i]))
		}
		r.testX, r.testY = append(r.testX, xs), append(r.testY, ys)
	}
}

func (r *run) summary() *Summary {
	return &Summary{Records: r.recs, BestEpoch: r.st.BestEpoch, BestErr: r.st.BestErr,
		Device: r.dev.Name, Threads: r.threads}
}

func (r *run) saveModel(name string) error {
	return network.Save(r.path(name), r.net.Model())
}

func (r *run) loop(ctx context.Context) (*Summary, error) {
	steps := r.batches.Steps()
	size := r.train.ImageSize()
	xs := make([]float32, r.batches.size*size)
	ys := make([]int64, r.batches.size)
	for ; r.st.Epoch <= r.cfg.Epochs; r.st.Epoch, r.st.Batch = r.st.Epoch+1, 0 {
		epoch := r.st.Epoch
		lr := LRAt(r.cfg.LR, r.cfg.LRDecay, r.cfg.LRMilestones, epoch)
		order := r.batches.order(epoch)
		rec := Record{Epoch: epoch, LR: lr, TestEps: r.cfg.Eps}
		bar := progress.New(r.cfg.Progress, progress.Options{Total: steps - r.st.Batch,
			Desc: fmt.Sprintf("epoch %d/%d", epoch, r.cfg.Epochs), Unit: "batches", Width: 20})
		var wrong, verified int64
		start := time.Now()
		for ; r.st.Batch < steps; r.st.Batch++ {
			k := r.st.Batch
			if err := ctx.Err(); err != nil {
				return r.summary(), r.interrupt(err)
			}
			r.batches.fill(order, epoch, k, xs, ys)
			if r.poisonHit != nil && r.poisonHit(epoch, k) {
				for i := range xs {
					xs[i] = float32(nanValue())
				}
			}
			x, y := toDevice(xs, ys, r.train.Shape, r.dev)
			eps := r.sched.At(epoch, k)
			lambda := r.sched.Lambda(r.cfg.RegLambda, epoch, k)
			res, err := trainStep(r.net, r.opt, x, y, eps, lambda, r.cfg.RegTol, lr, r.cfg.GradClip, r.cfg.Eps == 0, mixOf(r.cfg), nil)
			if err != nil {
				return r.summary(), &NaNError{Epoch: epoch, Batch: k, Err: err}
			}
			rec.Batches++
			rec.Eps, rec.Lambda = eps, lambda
			rec.EpsMean += eps
			rec.Loss += res.loss
			rec.LossRobust += res.robust
			rec.LossTight += res.tight
			rec.LossReLU += res.relu
			rec.LossClean += res.clean
			rec.LossL1 += res.l1
			wrong += res.wrong
			verified += res.verified
			runtime.GC() // frees the batch's libtorch tensors (gotch frees them in finalizers)
			if bar != nil {
				ips := float64(rec.Batches*r.batches.size) / time.Since(start).Seconds()
				bar.Note(fmt.Sprintf("ε=%.4g loss=%.4f %.0f img/s", eps, res.loss, ips))
				bar.Add(1)
			}
		}
		bar.Finish()
		rec.Seconds = time.Since(start).Seconds()
		if b := float64(rec.Batches); b > 0 {
			for _, v := range []*float64{&rec.EpsMean, &rec.Loss, &rec.LossRobust, &rec.LossTight, &rec.LossReLU, &rec.LossClean, &rec.LossL1} {
				*v /= b
			}
			rec.TrainErr = float64(wrong) / (b * float64(r.batches.size))
			rec.TrainVErr = 1 - float64(verified)/(b*float64(r.batches.size))
			rec.ImagesPerS = b * float64(r.batches.size) / rec.Seconds
		}
		if err := r.endEpoch(&rec); err != nil {
			return r.summary(), err
		}
	}
	if err := r.saveModel(FileModel); err != nil {
		return r.summary(), err
	}
	return r.summary(), nil
}

// endEpoch evaluates on the test set (or the held-out split) and writes the records, the plot, the
// best model and the checkpoint.
func (r *run) endEpoch(rec *Record) error {
	if r.cfg.PreciseBN {
		t := time.Now()
		if err := r.preciseBN(); err != nil {
			return fmt.Errorf("precise BN after epoch %d: %w", rec.Epoch, err)
		}
		rec.PreciseBNSecs = time.Since(t).Seconds()
	}
	t := time.Now()
	var ev evalResult
	for i := range r.testX {
		x, y := toDevice(r.testX[i], r.testY[i], r.test.Shape, r.dev)
		b := r.net.evaluate(x, y, r.cfg.Eps)
		ev.n += b.n
		ev.wrong += b.wrong
		ev.unverified += b.unverified
		runtime.GC()
	}
	rec.EvalSecs = time.Since(t).Seconds()
	rec.TestN = int(ev.n)
	if r.cfg.Holdout > 0 {
		rec.EvalSet = r.test.Split
	}
	rec.CleanErr = float64(ev.wrong) / float64(ev.n)
	rec.VerifiedEr = float64(ev.unverified) / float64(ev.n)
	r.recs = append(r.recs, *rec)
	if rec.VerifiedEr < r.st.BestErr {
		r.st.BestErr, r.st.BestEpoch = rec.VerifiedEr, rec.Epoch
		if err := r.saveModel(FileBest); err != nil {
			return err
		}
	}
	next := r.st
	next.Epoch, next.Batch = rec.Epoch+1, 0
	if err := saveCheckpoint(r.path(FileCheckpoint), r.net, r.opt, next); err != nil {
		return err
	}
	if err := jsonl.WriteFile(r.path(FileLog), r.recs); err != nil {
		return err
	}
	return Plot(r.recs, r.path(FilePlot))
}

// interrupt writes a checkpoint at the current batch and the model, so
// --resume continues where the run stopped.
func (r *run) interrupt(cause error) error {
	if err := saveCheckpoint(r.path(FileCheckpoint), r.net, r.opt, r.st); err != nil {
		return errors.Join(cause, err)
	}
	if err := r.saveModel(FileModel); err != nil {
		return errors.Join(cause, err)
	}
	return fmt.Errorf("stopped at epoch %d, batch %d (checkpoint written; --resume continues): %w", r.st.Epoch, r.st.Batch, cause)
}

// CUDAAvailable reports whether libtorch sees a CUDA device.
func CUDAAvailable() bool { return libtorch.CUDADevices() > 0 }
