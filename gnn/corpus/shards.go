package corpus

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sort"

	"github.com/verify-tools/verify/internal/atomicfile"
)

// A labelling batch spread over several workers (SLURM array tasks)
// splits its file list into Tasks consecutive chunks. Task k labels the
// files of chunk k that have no record in the labels file or any shard,
// appending to its own shard DIR/shards/task-K.jsonl (one flushed record
// per formula, a torn last line repaired on restart, as Label does);
// files it could not read go to DIR/shards/task-K.failed. MergeShards
// folds the shards into the labels file.

// LabelShardPath is task k's shard in the batch folder dir.
func LabelShardPath(dir string, task int) string {
	return filepath.Join(dir, "shards", fmt.Sprintf("task-%05d.jsonl", task))
}

func failedPath(dir string, task int) string {
	return filepath.Join(dir, "shards", fmt.Sprintf("task-%05d.failed", task))
}

// ChunkFiles returns part k of n nearly equal consecutive parts of files.
func ChunkFiles(files []string, k, n int) []string {
	if n <= 0 || k < 0 || k >= n {
		return nil
	}
	return files[len(files)*k/n : len(files)*(k+1)/n]
}

// labelled returns the paths with a record in the labels file or a shard,
// and the paths recorded as unreadable.
func labelled(out, dir string) (map[string]bool, map[string]bool, error) {
	done, failed := map[string]bool{}, map[string]bool{}
	files := []string{out}
	shards, _ := filepath.Glob(filepath.Join(dir, "shards", "task-*.jsonl"))
	files = append(files, shards...)
	for _, f := range files {
		recs, err := ReadRecords(f)
		if err != nil && !os.IsNotExist(err) {
			return nil, nil, err
		}
		for _, r := range recs {
			done[r.Path] = true
		}
	}
	fails, _ := filepath.Glob(filepath.Join(dir, "shards", "task-*.failed"))
	for _, f := range fails {
		data, err := os.ReadFile(f)
		if err != nil {
			return nil, nil, err
		}
		for _, line := range bytes.Split(data, []byte("\n")) {
			if p, _, ok := bytes.Cut(line, []byte("\t")); ok {
				failed[string(p)] = true
			}
		}
	}
	return done, failed, nil
}

// LabelTask labels chunk task of tasks of files for the labels file out,
// with the batch folder dir.
func LabelTask(ctx context.Context, files []string, task, tasks int, out, dir string, opts LabelOptions) (LabelSummary, error) {
	if task < 0 || task >= tasks {
		return LabelSummary{}, fmt.Errorf("task %d outside 0..%d", task, tasks-1)
	}
	done, failed, err := labelled(out, dir)
	if err != nil {
		return LabelSummary{}, err
	}
	var todo []string
	for _, f := range ChunkFiles(files, task, tasks) {
		if !done[f] && !failed[f] {
			todo = append(todo, f)
		}
	}
	if err := os.MkdirAll(filepath.Join(dir, "shards"), 0o755); err != nil {
		return LabelSummary{}, err
	}
	opts.Out = LabelShardPath(dir, task)
	sum, err := Label(ctx, todo, opts)
	if len(sum.Failed) > 0 {
		if werr := appendFailures(failedPath(dir, task), sum); werr != nil && err == nil {
			err = werr
		}
	}
	return sum, err
}

// appendFailures records unreadable files, one "PATH<TAB>reason" line
// each, appended and synced so earlier runs' entries stay.
func appendFailures(name string, sum LabelSummary) error {
	f, err := os.OpenFile(name, os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o644)
	if err != nil {
		return err
	}
	var b bytes.Buffer
	for i, e := range sum.Failed {
		fmt.Fprintf(&b, "%s\t%s\n", sum.FailedPaths[i], bytes.ReplaceAll([]byte(e.Error()), []byte("\n"), []byte(" ")))
	}
	if _, err := f.Write(b.Bytes()); err != nil {
		f.Close()
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// MergeResult is what MergeShards found.
type MergeResult struct {
	Added   int
	Failed  []string
	Missing []int // tasks with files that have neither a record nor a failure
}

// MergeShards appends to the labels file out (atomically rewritten) every
// shard record whose path it lacks, and reports unfinished tasks.
func MergeShards(files []string, tasks int, out, dir string) (MergeResult, error) {
	var res MergeResult
	main, err := ReadRecords(out)
	if err != nil && !os.IsNotExist(err) {
		return res, err
	}
	have := map[string]bool{}
	var buf bytes.Buffer
	for i := range main {
		have[main[i].Path] = true
		if err := writeRecord(&buf, &main[i]); err != nil {
			return res, err
		}
	}
	shards, _ := filepath.Glob(filepath.Join(dir, "shards", "task-*.jsonl"))
	sort.Strings(shards)
	for _, s := range shards {
		recs, err := ReadRecords(s)
		if err != nil {
			return res, err
		}
		for i := range recs {
			if have[recs[i].Path] {
				continue
			}
			have[recs[i].Path] = true
			if err := writeRecord(&buf, &recs[i]); err != nil {
				return res, err
			}
			res.Added++
		}
	}
	if err := atomicfile.WriteFile(out, buf.Bytes(), 0o644); err != nil {
		return res, err
	}
	_, failed, err := labelled(out, dir)
	if err != nil {
		return res, err
	}
	for f := range failed {
		res.Failed = append(res.Failed, f)
	}
	sort.Strings(res.Failed)
	for k := 0; k < tasks; k++ {
		for _, f := range ChunkFiles(files, k, tasks) {
			if !have[f] && !failed[f] {
				res.Missing = append(res.Missing, k)
				break
			}
		}
	}
	return res, nil
}
