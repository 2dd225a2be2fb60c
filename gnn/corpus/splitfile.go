package corpus

import (
	"fmt"
	"io"
	"slices"
	"strings"
)

// DefaultSplitOptions are `verify gnn split`'s unless told: seed 1, a
// tenth of the formulas for validation and a tenth for testing.
func DefaultSplitOptions() SplitOptions { return SplitOptions{Seed: 1, Val: 0.1, Test: 0.1} }

// SplitFileOptions are one `verify gnn split`.
type SplitFileOptions struct {
	Labels string // labels file (JSON lines)
	Out    string // manifest to write (JSON)
	// Suites, when set, is the prefix of PREFIX-train.suite,
	// PREFIX-val.suite and PREFIX-test.suite for `verify bench`.
	Suites string
	Split  SplitOptions
}

// SplitFile splits the records of a labels file (Split), writes the
// manifest and the suites, and tells w what went where.
func SplitFile(opts SplitFileOptions, w io.Writer) (*Manifest, error) {
	recs, err := ReadRecords(opts.Labels)
	if err != nil {
		return nil, err
	}
	m, err := Split(recs, opts.Labels, opts.Split)
	if err != nil {
		return nil, err
	}
	if err := WriteManifest(opts.Out, m); err != nil {
		return nil, err
	}
	if opts.Suites != "" {
		for _, set := range []struct {
			name    string
			entries []Entry
		}{{Train, m.Train}, {Val, m.ValSet}, {Test, m.TestSet}} {
			if err := WriteSuite(opts.Suites+"-"+set.name+".suite", set.name, set.entries); err != nil {
				return nil, err
			}
		}
	}
	held := ""
	if len(m.HeldOut) > 0 {
		held = fmt.Sprintf(" (%d of them in held-out families %s)", heldCount(m), strings.Join(m.HeldOut, ", "))
	}
	fmt.Fprintf(w, "%d groups: train %d, val %d, test %d formulas%s; %d records excluded (not sat); wrote %s\n",
		len(m.Groups), m.Counts[Train], m.Counts[Val], m.Counts[Test], held, m.Excluded, opts.Out)
	return m, nil
}

// heldCount counts the test formulas of held-out families.
func heldCount(m *Manifest) int {
	n := 0
	for _, e := range m.TestSet {
		if slices.Contains(m.HeldOut, e.Family) {
			n++
		}
	}
	return n
}

// Validate checks the shares (each ≥ 0, some left for training) and
// the held-out family names (not empty).
func (o SplitOptions) Validate() error {
	if o.Val < 0 || o.Test < 0 || o.Val+o.Test >= 1 {
		return fmt.Errorf("split: shares val=%g test=%g must be ≥ 0 and leave some for training", o.Val, o.Test)
	}
	for _, f := range o.HoldOut {
		if strings.TrimSpace(f) == "" {
			return fmt.Errorf("split: empty family name to hold out")
		}
	}
	return nil
}
