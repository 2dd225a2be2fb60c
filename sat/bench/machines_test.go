package bench

import (
	"reflect"
	"strings"
	"testing"
)

func TestMachines(t *testing.T) {
	on := func(r Record, model string, pinned string) Record {
		r.CPUModel, r.HostCPUs, r.Pinned = model, 2, pinned
		return r
	}
	recs := []Record{
		on(rec("a", "S1", StatusSat, 1), "Xeon", "0"), on(rec("a", "S2", StatusSat, 1), "Xeon", "1"),
		on(rec("b", "S1", StatusSat, 1), "Xeon", "0"), on(rec("b", "S2", StatusSat, 1), "EPYC", ""),
		rec("c", "S1", StatusSat, 1), on(rec("c", "S2", StatusSat, 1), "EPYC", ""), // an old row: not "mixed"
	}
	ms, mixed := machines(recs)
	want := []Machine{{"Xeon", 2, 3, 3}, {"EPYC", 2, 2, 0}, {"", 0, 1, 0}}
	if !reflect.DeepEqual(ms, want) || !reflect.DeepEqual(mixed, []string{"b"}) {
		t.Fatalf("machines %+v mixed %v, want %+v [b]", ms, mixed, want)
	}
	text := machineLines(ms, mixed)
	for _, w := range []string{"Timed on Xeon, 2 CPUs: 3 runs, 3 pinned", "Timed on unknown machine", "! 1 instances have runs timed on different CPU models (b)"} {
		if !strings.Contains(text, w) {
			t.Errorf("lines lack %q:\n%s", w, text)
		}
	}
	b := &Batch{Out: "runs", Previous: recs, Config: Config{Host: Host{CPUModel: "Xeon", CPUs: 2}}}
	if w := b.HostMismatch(); !strings.Contains(w, "2 on EPYC") || !strings.Contains(w, "this one is Xeon") {
		t.Errorf("host mismatch warning %q", w)
	}
	b.Config.Host.CPUModel = "EPYC"
	b.Previous = recs[3:]
	if w := b.HostMismatch(); w != "" {
		t.Errorf("same machine and unknown rows warned: %q", w)
	}
}
