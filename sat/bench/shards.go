package bench

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sort"
)

// Batches spread over several workers (SLURM array tasks) split the list
// of all instance × solver pairs into Tasks consecutive chunks. Task k runs
// the pairs of chunk k that no results file or shard holds yet, writing
// each record into its own shard DIR/shards/task-K.csv, rewritten
// atomically after every run. Collect merges the shards into results.csv.

// ShardDir is the folder of the workers' shards.
func ShardDir(out string) string { return filepath.Join(out, "shards") }

// ShardPath is task k's shard.
func ShardPath(out string, task int) string {
	return filepath.Join(ShardDir(out), fmt.Sprintf("task-%05d.csv", task))
}

// readAllRecords merges results.csv and every shard of out.
func readAllRecords(out string) ([]Record, error) {
	recs, err := ReadResults(filepath.Join(out, ResultsFile))
	if err != nil {
		return nil, err
	}
	shards, err := filepath.Glob(filepath.Join(ShardDir(out), "task-*.csv"))
	if err != nil {
		return nil, err
	}
	sort.Strings(shards)
	sets := [][]Record{recs}
	for _, s := range shards {
		r, err := ReadResults(s)
		if err != nil {
			return nil, err
		}
		sets = append(sets, r)
	}
	return Merge(sets...), nil
}

// RunTask runs task k of tasks for this batch's instances and solvers.
// Pairs finished anywhere (results.csv or any shard) are skipped, so a
// resubmitted task never redoes work.
func (b *Batch) RunTask(ctx context.Context, task, tasks int, progress func(Record)) (int, error) {
	if task < 0 || task >= tasks {
		return 0, fmt.Errorf("task %d outside 0..%d", task, tasks-1)
	}
	all, err := readAllRecords(b.Out)
	if err != nil {
		return 0, err
	}
	done := Done(all)
	var todo []Pair
	for _, p := range Chunk(Pairs(b.Instances, b.Solvers, nil), task, tasks) {
		if !done[p.Key()] {
			todo = append(todo, p)
		}
	}
	if err := os.MkdirAll(ShardDir(b.Out), 0o755); err != nil {
		return 0, fmt.Errorf("shard folder: %w", err)
	}
	shard := ShardPath(b.Out, task)
	own, err := ReadResults(shard)
	if err != nil {
		return 0, err
	}
	cfg := b.Config
	// Tasks on other nodes must not share temporary files.
	cfg.WorkDir = filepath.Join(b.Out, "tmp", fmt.Sprintf("task-%05d", task))
	cfg.NormDir = filepath.Join(cfg.WorkDir, "normalized")
	n := 0
	err = Run(ctx, todo, cfg, func(r Record) error {
		own = append(own, r)
		n++
		if err := WriteResults(shard, own); err != nil {
			return err
		}
		if progress != nil {
			progress(r)
		}
		return nil
	})
	return n, err
}

// CollectResult is what merging the shards found.
type CollectResult struct {
	Records int
	// Missing lists the tasks whose chunk still has unfinished pairs.
	Missing []int
	// MissingPairs counts those pairs.
	MissingPairs int
}

// Collect merges results.csv and all shards into results.csv (atomically)
// and reports the tasks with unfinished pairs.
func (b *Batch) Collect(tasks int) (CollectResult, error) {
	all, err := readAllRecords(b.Out)
	if err != nil {
		return CollectResult{}, err
	}
	if err := WriteResults(filepath.Join(b.Out, ResultsFile), all); err != nil {
		return CollectResult{}, err
	}
	done := Done(all)
	res := CollectResult{Records: len(all)}
	pairs := Pairs(b.Instances, b.Solvers, nil)
	for k := 0; k < tasks; k++ {
		missing := 0
		for _, p := range Chunk(pairs, k, tasks) {
			if !done[p.Key()] {
				missing++
			}
		}
		if missing > 0 {
			res.Missing = append(res.Missing, k)
			res.MissingPairs += missing
		}
	}
	return res, nil
}
