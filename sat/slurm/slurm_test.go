package slurm

import (
	"bytes"
	"encoding/json"
	"os"
	"reflect"
	"strings"
	"testing"
	"time"
)

func TestLimits(t *testing.T) {
	tests := []struct {
		timeout   time.Duration
		mem       int64
		runs, par int
		wantT     time.Duration
		wantM     int64
	}{
		// 10 runs, 2 at a time: 5 waves × (60+30 s) × 1.2 + 5 min = 14 min
		{60 * time.Second, 1 << 30, 10, 2, 14 * time.Minute, 1024*2*5/4 + 512},
		// one run of 5000 s: (5030 s × 1.2) + 5 min = 6336 s → 106 min rounded
		{5000 * time.Second, 8 << 30, 1, 1, 106 * time.Minute, 8192*5/4 + 512},
		// unlimited memory counts 4 GiB a run
		{time.Second, 0, 1, 1, 6 * time.Minute, 4096*5/4 + 512},
	}
	for _, tt := range tests {
		gotT, gotM := Limits(tt.timeout, tt.mem, tt.runs, tt.par)
		if gotT != tt.wantT || gotM != tt.wantM {
			t.Errorf("Limits(%v, %d, %d, %d) = %v, %d MB; want %v, %d MB", tt.timeout, tt.mem, tt.runs, tt.par, gotT, gotM, tt.wantT, tt.wantM)
		}
	}
}

func TestFormatAndArray(t *testing.T) {
	if got := FormatTime(26*time.Hour + 3*time.Minute + 4*time.Second); got != "1-02:03:04" {
		t.Errorf("FormatTime = %q", got)
	}
	tests := []struct {
		tasks    []int
		throttle int
		want     string
	}{
		{[]int{0, 1, 2, 3}, 2, "0-3%2"},
		{[]int{4, 1, 7}, 0, "1,4,7"},
		{[]int{5}, 0, "5"},
	}
	for _, tt := range tests {
		if got := ArraySpec(tt.tasks, tt.throttle); got != tt.want {
			t.Errorf("ArraySpec(%v, %d) = %q, want %q", tt.tasks, tt.throttle, got, tt.want)
		}
	}
	spec := Spec{Throttle: 3, Extra: []string{"--account=ml lab"}}
	got := ResubmitCommand(spec, "/runs/x/slurm/job.sh", []int{2, 5})
	if want := "sbatch --array=2,5%3 '--account=ml lab' /runs/x/slurm/job.sh"; got != want {
		t.Errorf("ResubmitCommand = %q, want %q", got, want)
	}
}

func TestParseSacct(t *testing.T) {
	out := "100_0|COMPLETED\n100_1|FAILED\n100_[2-3]|PENDING\n101_1|RUNNING\n100_2|CANCELLED by 0\n999_0|FAILED\n"
	got := parseSacct(out, []string{"100", "101"})
	want := map[int]string{0: "COMPLETED", 1: "RUNNING", 2: "CANCELLED"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("parseSacct = %v, want %v", got, want)
	}
}

func TestScriptAndJobFile(t *testing.T) {
	out := t.TempDir()
	spec := Spec{JobName: "verify-bench", Partition: "short", Time: 90 * time.Minute, MemMB: 2048, CPUsPerTask: 2}
	path, err := WriteScript(out, spec, []string{"/opt/verify", "bench", "worker", "--out", out, "--task"})
	if err != nil {
		t.Fatal(err)
	}
	data, _ := os.ReadFile(path)
	for _, want := range []string{"#SBATCH --time=0-01:30:00", "#SBATCH --mem=2048M", "#SBATCH --partition=short",
		"#SBATCH --cpus-per-task=2", "exec /opt/verify bench worker --out " + out + " --task \"$SLURM_ARRAY_TASK_ID\""} {
		if !strings.Contains(string(data), want) {
			t.Errorf("script lacks %q:\n%s", want, data)
		}
	}
	j := &Job{Kind: "bench", Tasks: 3, Spec: spec, Script: path, JobIDs: []string{"7"}, Payload: []byte(`{"x":1}`)}
	if err := j.Save(out); err != nil {
		t.Fatal(err)
	}
	back, err := LoadJob(out, "bench")
	var payload bytes.Buffer
	if err == nil {
		err = json.Compact(&payload, back.Payload)
	}
	if err != nil || back.Tasks != 3 || back.JobIDs[0] != "7" || payload.String() != `{"x":1}` {
		t.Fatalf("LoadJob = %+v, %v", back, err)
	}
	if _, err := LoadJob(out, "label"); err == nil {
		t.Error("a bench job loaded as a label job")
	}
	if _, err := LoadJob(t.TempDir(), "bench"); err == nil || !strings.Contains(err.Error(), "--slurm") {
		t.Errorf("missing job file: %v", err)
	}
}
