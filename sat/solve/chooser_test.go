package solve

import (
	"bytes"
	"context"
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/verify-tools/verify/sat"
)

// fixedChooser chooses one configuration and records what it was offered.
type fixedChooser struct {
	config  string
	err     error
	offered []string
}

func (c *fixedChooser) Choose(_ context.Context, f *sat.CNF, configs []string) (string, string, error) {
	c.offered = configs
	return c.config, "configuration " + c.config + ", chosen by the test", c.err
}

func TestRunChooser(t *testing.T) {
	cycle := write(t, "cycle.cnf", cycleCNF)
	tests := []struct {
		name    string
		opts    Options
		chooser *fixedChooser
		line    string // a line out must hold
		err     string // or the error
		usage   bool   // the error is an OptionsError
	}{
		{"chosen", Options{Engine: "gini"}, &fixedChooser{config: "default"}, "c configuration default, chosen by the test", "", false},
		{"not the engine's", Options{Engine: "gini"}, &fixedChooser{config: "sat"}, "", `chosen configuration: the gini engine has no configuration "sat"`, false},
		{"chooser fails", Options{Engine: "gini"}, &fixedChooser{err: errors.New("no model")}, "", "solve: no model", false},
		{"explicit too", Options{Engine: "gini", Configuration: "default"}, &fixedChooser{config: "default"}, "", "exclude each other", true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			opts := tc.opts
			opts.File, opts.Chooser, opts.NoModel = cycle, tc.chooser, true
			var out bytes.Buffer
			res, err := Run(context.Background(), opts, &out)
			if tc.err != "" {
				var oe *OptionsError
				if err == nil || !strings.Contains(err.Error(), tc.err) || errors.As(err, &oe) != tc.usage {
					t.Fatalf("error %v, want %q (usage error: %v)", err, tc.err, tc.usage)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if res.Status != sat.Sat || !slices.Contains(strings.Split(out.String(), "\n"), tc.line) {
				t.Errorf("status %v, output:\n%s\nwant line %q", res.Status, out.String(), tc.line)
			}
			if !slices.Equal(tc.chooser.offered, []string{"default"}) {
				t.Errorf("offered %v, want gini's [default]", tc.chooser.offered)
			}
		})
	}
}
