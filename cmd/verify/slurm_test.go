//go:build slurm

package main

// These tests submit real job arrays. `make slurm-test` starts a
// single-node SLURM cluster (benchmarks/slurm/single-node.sh), runs them
// with SLURM_CONF set, and stops the daemons.

import (
	"bufio"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/verify-tools/verify/gnn/corpus"
	"github.com/verify-tools/verify/sat/bench"
)

func requireCluster(t *testing.T) {
	t.Helper()
	if os.Getenv("SLURM_CONF") == "" {
		t.Fatal("SLURM_CONF is not set: run these tests with 'make slurm-test'")
	}
	if _, err := exec.LookPath("sbatch"); err != nil {
		t.Fatal("sbatch not found: run these tests with 'make slurm-test'")
	}
}

var jobIDRe = regexp.MustCompile(`submitted SLURM job (\d+):`)

// waitJob waits until squeue no longer lists the job.
func waitJob(t *testing.T, id string) {
	t.Helper()
	deadline := time.Now().Add(4 * time.Minute)
	for time.Now().Before(deadline) {
		out, err := exec.Command("squeue", "-h", "-j", id).CombinedOutput()
		if err == nil && strings.TrimSpace(string(out)) == "" {
			return
		}
		if err != nil && strings.Contains(string(out), "Invalid job id") {
			return
		}
		time.Sleep(500 * time.Millisecond)
	}
	t.Fatalf("SLURM job %s did not finish within 4 minutes", id)
}

func submit(t *testing.T, args ...string) {
	t.Helper()
	r := runCLI(t, nil, args...)
	m := jobIDRe.FindStringSubmatch(r.stdout)
	if r.code != 0 || m == nil {
		t.Fatalf("submit: exit %d\n%s\n%s", r.code, r.stdout, r.stderr)
	}
	waitJob(t, m[1])
}

// answers maps instance|solver to status.
func answers(t *testing.T, dir string) map[string]string {
	t.Helper()
	recs, err := bench.ReadResults(filepath.Join(dir, bench.ResultsFile))
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, r := range recs {
		out[r.Instance+"|"+r.Solver] = string(r.Status) + "/" + r.Verified
	}
	return out
}

func TestSlurmBench(t *testing.T) {
	requireCluster(t)
	suite := external(t, "satlib", "unsat-dimacs-dubois")
	uf := external(t, "satlib", "sat-uniform-20-91", "uf20-01.cnf")
	root := t.TempDir()
	local, remote := filepath.Join(root, "local"), filepath.Join(root, "slurm")
	common := []string{"--suite", suite, "--suite", uf, "--solver", "verify", "--solver", "minisat", "--timeout", "30s", "--mem", "2GiB", "--quiet"}
	if r := runCLI(t, nil, append([]string{"bench", "--out", local}, common...)...); r.code != 0 {
		t.Fatalf("local run: exit %d\n%s", r.code, r.stderr)
	}
	submit(t, append([]string{"bench", "--slurm", "--per-task", "5", "--out", remote}, common...)...)
	if r := runCLI(t, nil, "bench", "collect", remote); r.code != 0 {
		t.Fatalf("collect: exit %d\n%s\n%s", r.code, r.stdout, r.stderr)
	}
	want := answers(t, local)
	if got := answers(t, remote); !equalMaps(got, want) {
		t.Fatalf("SLURM answers differ from the local run:\n got %v\nwant %v", got, want)
	}

	// Lose task 1's work: collect must name it and print the command that
	// resubmits exactly it; running that command completes the batch.
	recs, _ := bench.ReadResults(filepath.Join(remote, bench.ResultsFile))
	lost, _ := bench.ReadResults(bench.ShardPath(remote, 1))
	lostKeys := bench.Done(lost)
	var kept []bench.Record
	for _, r := range recs {
		if !lostKeys[r.Key()] {
			kept = append(kept, r)
		}
	}
	bench.WriteResults(filepath.Join(remote, bench.ResultsFile), kept)
	os.Remove(bench.ShardPath(remote, 1))
	r := runCLI(t, nil, "bench", "collect", remote)
	if r.code != exitIncomplete || !strings.Contains(r.stderr, "1 of 6 tasks unfinished") {
		t.Fatalf("collect after loss: exit %d\n%s", r.code, r.stderr)
	}
	resubmit := resubmitLine(t, r.stderr)
	if !strings.Contains(resubmit, "--array=1 ") {
		t.Fatalf("resubmit command %q does not name exactly task 1", resubmit)
	}
	out, err := exec.Command("sh", "-c", strings.Replace(resubmit, "sbatch ", "sbatch --parsable ", 1)).Output()
	if err != nil {
		t.Fatalf("%s: %v", resubmit, err)
	}
	waitJob(t, strings.TrimSpace(string(out)))
	if r := runCLI(t, nil, "bench", "collect", remote); r.code != 0 {
		t.Fatalf("collect after resubmission: exit %d\n%s", r.code, r.stderr)
	}
	if got := answers(t, remote); !equalMaps(got, want) {
		t.Fatalf("after resubmission answers differ:\n got %v\nwant %v", got, want)
	}
}

// resubmitLine extracts the sbatch command collect printed.
func resubmitLine(t *testing.T, stderr string) string {
	t.Helper()
	sc := bufio.NewScanner(strings.NewReader(stderr))
	for sc.Scan() {
		if l := strings.TrimSpace(sc.Text()); strings.HasPrefix(l, "sbatch ") {
			return l
		}
	}
	t.Fatalf("no sbatch command in:\n%s", stderr)
	return ""
}

func equalMaps(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

func TestSlurmLabel(t *testing.T) {
	requireCluster(t)
	dir := t.TempDir()
	in := filepath.Join(dir, "in")
	os.Mkdir(in, 0o755)
	src := external(t, "satlib", "sat-uniform-20-91")
	for _, n := range []string{"uf20-01.cnf", "uf20-02.cnf", "uf20-03.cnf", "uf20-04.cnf", "uf20-05.cnf"} {
		data, _ := os.ReadFile(filepath.Join(src, n))
		os.WriteFile(filepath.Join(in, n), data, 0o644)
	}
	local, remote := filepath.Join(dir, "local.jsonl"), filepath.Join(dir, "slurm.jsonl")
	if r := runCLI(t, nil, "gnn", "label", "--quiet", "--out", local, in); r.code != 0 {
		t.Fatalf("local label: exit %d\n%s", r.code, r.stderr)
	}
	submit(t, "gnn", "label", "--slurm", "--per-task", "2", "--jobs", "1", "--out", remote, in)
	if r := runCLI(t, nil, "gnn", "label", "collect", "--out", remote); r.code != 0 {
		t.Fatalf("collect: exit %d\n%s\n%s", r.code, r.stdout, r.stderr)
	}
	if a, b := backbones(t, local), backbones(t, remote); !equalMaps(a, b) {
		t.Fatalf("SLURM labels differ from the local run:\n got %v\nwant %v", b, a)
	}
}

func backbones(t *testing.T, file string) map[string]string {
	t.Helper()
	recs, err := corpus.ReadRecords(file)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, r := range recs {
		bb := append([]int32(nil), r.Backbone...)
		sort.Slice(bb, func(i, j int) bool { return bb[i] < bb[j] })
		out[filepath.Base(r.Path)] = fmt.Sprint(r.Status, bb)
	}
	return out
}
