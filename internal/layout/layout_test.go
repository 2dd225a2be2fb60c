package layout

import (
	"errors"
	"fmt"
	"go/build"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func TestCheck(t *testing.T) {
	const m = "example.com/v"
	rules := []Rule{{From: "gnn", To: "ibp", Why: "halves"}, {From: "ibp", To: "gnn", Why: "halves"}, {From: "sat", To: "sat", Exact: true, Why: "vocabulary"}}
	tests := []struct {
		name string
		g    Graph
		want []string // the import chains found, joined by " "
	}{
		{"clean", Graph{
			m + "/gnn/a":   {m + "/sat", m + "/internal/x", "fmt"},
			m + "/ibp/b":   {m + "/internal/x"},
			m + "/sat":     {"fmt"},
			m + "/cmd/run": {m + "/gnn/a", m + "/ibp/b"}, // commands may use both
		}, nil},
		{"direct", Graph{
			m + "/gnn/a": {m + "/ibp/b"},
			m + "/ibp/b": nil,
		}, []string{m + "/gnn/a " + m + "/ibp/b"}},
		{"transitive through a shared package", Graph{
			m + "/gnn/a":      {m + "/internal/x"},
			m + "/internal/x": {m + "/internal/y"},
			m + "/internal/y": {m + "/ibp/b"},
			m + "/ibp/b":      nil,
		}, []string{m + "/gnn/a " + m + "/internal/x " + m + "/internal/y " + m + "/ibp/b"}},
		{"both ways, shortest chain", Graph{
			m + "/gnn/a":      {m + "/sat", m + "/ibp/b"},
			m + "/sat":        {m + "/ibp/b"},
			m + "/ibp/b":      {m + "/gnn/g/deep"},
			m + "/gnn/g/deep": nil,
		}, []string{
			m + "/gnn/a " + m + "/ibp/b",
			m + "/ibp/b " + m + "/gnn/g/deep",
		}},
		{"an exact rule is for the package alone", Graph{
			m + "/sat":        {m + "/sat/engine"},
			m + "/sat/engine": {m + "/sat"},
			m + "/sat/solve":  {m + "/sat/engine"},
		}, []string{m + "/sat " + m + "/sat/engine"}},
		{"the folder itself and a prefix that is not a folder", Graph{
			m + "/gnn":     {m + "/ibpx"},
			m + "/gnnx":    {m + "/ibp"},
			m + "/ibp":     nil,
			m + "/ibpx":    nil,
			m + "/gnn/sub": {m + "/ibp"},
		}, []string{m + "/gnn/sub " + m + "/ibp"}},
		{"cycle", Graph{
			m + "/gnn/a": {m + "/sat"},
			m + "/sat":   {m + "/gnn/a"},
		}, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var got []string
			for _, v := range Check(tc.g, m, rules) {
				got = append(got, strings.Join(v.Path, " "))
				if !strings.Contains(v.String(), v.Rule.Why) {
					t.Errorf("message %q does not give the reason", v)
				}
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("violations\n%q\nwant\n%q", got, tc.want)
			}
		})
	}
}

// TestTreeFollowsRules reads the imports of every package of the module,
// its tests' included, for each build tag set (go/build applies the
// build constraints, cgo files included; nothing is compiled or
// downloaded, so every tag set can be checked on any machine) and checks
// them against Rules.
func TestTreeFollowsRules(t *testing.T) {
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	mod, err := os.ReadFile(filepath.Join(root, "go.mod"))
	if err != nil {
		t.Fatal(err)
	}
	module := modulePath(mod)
	if module == "" {
		t.Fatalf("%s/go.mod names no module", root)
	}
	for _, tag := range []string{"", "torch", "cadical", "openblas", "slurm"} {
		t.Run("tags="+tag, func(t *testing.T) {
			g, err := importGraph(root, module, tag)
			if err != nil {
				t.Fatal(err)
			}
			if len(g) < 10 {
				t.Fatalf("found only %d packages under %s", len(g), root)
			}
			for _, v := range Check(g, module, Rules) {
				t.Error(v)
			}
		})
	}
}

func modulePath(gomod []byte) string {
	for _, line := range strings.Split(string(gomod), "\n") {
		if rest, ok := strings.CutPrefix(strings.TrimSpace(line), "module "); ok {
			return strings.Trim(strings.TrimSpace(rest), `"`)
		}
	}
	return ""
}

// importGraph reads the packages under root with the build tag (none when
// empty) set.
func importGraph(root, module, tag string) (Graph, error) {
	ctx := build.Default
	ctx.CgoEnabled = true
	ctx.BuildTags = nil
	if tag != "" {
		ctx.BuildTags = []string{tag}
	}
	g := Graph{}
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() {
			return nil
		}
		name := d.Name()
		if path != root && (strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_") || name == "testdata" || name == "build") {
			return filepath.SkipDir
		}
		if _, err := os.Stat(filepath.Join(path, "go.mod")); err == nil && path != root {
			return filepath.SkipDir // another module
		}
		p, err := ctx.ImportDir(path, 0)
		var none *build.NoGoError
		if errors.As(err, &none) {
			return nil
		}
		if err != nil {
			return fmt.Errorf("%s: %w", path, err)
		}
		rel, err := filepath.Rel(root, path)
		if err != nil {
			return err
		}
		imp := module
		if rel != "." {
			imp += "/" + filepath.ToSlash(rel)
		}
		g[imp] = slices.Concat(p.Imports, p.TestImports, p.XTestImports)
		return nil
	})
	return g, err
}
