package bench

import (
	"fmt"
	"sort"
	"strings"
)

// Machine counts the runs of a results set timed on one kind of machine.
type Machine struct {
	CPUModel string // "" for rows that do not say (older files)
	CPUs     int    // the machine's logical CPUs; 0 unknown
	Runs     int
	Pinned   int // runs bound to a CPU of their own
}

// machines counts the runs per machine, most runs first, and lists the
// instances whose solvers were timed on different CPU models: their
// ratios compare machines as much as solvers.
func machines(recs []Record) (ms []Machine, mixed []string) {
	type key struct {
		model string
		cpus  int
	}
	idx := make(map[key]int)
	models := make(map[string]map[string]bool) // instance → CPU models
	for _, r := range recs {
		k := key{r.CPUModel, r.HostCPUs}
		i, ok := idx[k]
		if !ok {
			i = len(ms)
			idx[k] = i
			ms = append(ms, Machine{CPUModel: r.CPUModel, CPUs: r.HostCPUs})
		}
		ms[i].Runs++
		if r.Pinned != "" {
			ms[i].Pinned++
		}
		if r.CPUModel != "" {
			if models[r.Instance] == nil {
				models[r.Instance] = make(map[string]bool)
			}
			models[r.Instance][r.CPUModel] = true
		}
	}
	sort.SliceStable(ms, func(i, j int) bool { return ms[i].Runs > ms[j].Runs })
	for inst, m := range models {
		if len(m) > 1 {
			mixed = append(mixed, inst)
		}
	}
	sort.Strings(mixed)
	return ms, mixed
}

// describe is the machine's line in the summary.
func (m Machine) describe() string {
	name := m.CPUModel
	if name == "" {
		name = "unknown machine (rows from before verify bench recorded it)"
	}
	if m.CPUs > 0 {
		name += fmt.Sprintf(", %d CPUs", m.CPUs)
	}
	return fmt.Sprintf("%s: %d runs, %d pinned to a CPU of their own", name, m.Runs, m.Pinned)
}

// machineLines are the summary's lines about where the runs were timed.
func machineLines(ms []Machine, mixed []string) string {
	var b strings.Builder
	for _, m := range ms {
		b.WriteString("Timed on " + m.describe() + ".\n")
	}
	if len(mixed) > 0 {
		ex := strings.Join(mixed, ", ")
		if len(mixed) > 3 {
			ex = strings.Join(mixed[:3], ", ") + ", ..."
		}
		fmt.Fprintf(&b, "! %d instances have runs timed on different CPU models (%s): their ratios compare machines as well as solvers.\n",
			len(mixed), ex)
	}
	return b.String()
}
