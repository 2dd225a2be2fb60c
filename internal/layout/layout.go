// Package layout states the project's import rules — the two halves share
// nothing, and internal/ holds only generic pieces — and checks an import
// graph against them. Its test runs the check on the real tree for every
// build tag set.
package layout

import (
	"fmt"
	"slices"
	"strings"
)

// Rule forbids packages under From (a folder of the module, "gnn") to
// depend, directly or through other packages, on packages under To. With
// Exact, the rule is for the package From alone, not the folders below.
type Rule struct {
	From, To string
	Why      string
	Exact    bool
}

// Rules are the project's import rules.
var Rules = []Rule{
	{From: "gnn", To: "ibp", Why: "the SAT/GNN half and the robustness half share nothing but internal/"},
	{From: "sat", To: "ibp", Why: "the SAT/GNN half and the robustness half share nothing but internal/"},
	{From: "ibp", To: "gnn", Why: "the robustness half and the SAT/GNN half share nothing but internal/"},
	{From: "ibp", To: "sat", Why: "the robustness half and the SAT/GNN half share nothing but internal/"},
	{From: "sat", To: "gnn", Why: "sat/ is below gnn/: the GNN plugs into the solve pipeline through interfaces (solve.Seeder), wired by the command"},
	{From: "sat", To: "sat", Exact: true, Why: "package sat is the vocabulary (CNF, DIMACS, answers, phase files), below every other package of sat/"},
	{From: "internal", To: "gnn", Why: "internal/ holds generic pieces, below both halves"},
	{From: "internal", To: "ibp", Why: "internal/ holds generic pieces, below both halves"},
	{From: "internal", To: "sat", Why: "internal/ holds generic pieces, below both halves"},
}

// Graph maps a package's import path to the import paths it imports.
type Graph map[string][]string

// Violation is a package that depends on one a rule forbids it, through
// the import chain Path (the package first, the forbidden one last).
type Violation struct {
	Rule Rule
	Path []string
}

func (v Violation) String() string {
	return fmt.Sprintf("%s imports %s (%s): %s", v.Path[0], v.Path[len(v.Path)-1], v.Rule.Why, strings.Join(v.Path, " → "))
}

// Check returns the violations of rules in g, whose packages belong to
// module, sorted, with one shortest import chain each.
func Check(g Graph, module string, rules []Rule) []Violation {
	var out []Violation
	for _, pkg := range sortedKeys(g) {
		for _, r := range rules {
			if !under(pkg, module, r.From) || (r.Exact && pkg != module+"/"+r.From) {
				continue
			}
			if path := shortestPath(g, pkg, func(p string) bool { return under(p, module, r.To) }); path != nil {
				out = append(out, Violation{Rule: r, Path: path})
			}
		}
	}
	return out
}

// under reports whether pkg is the module's folder dir or below it.
func under(pkg, module, dir string) bool {
	p := module + "/" + dir
	return pkg == p || strings.HasPrefix(pkg, p+"/")
}

// shortestPath searches breadth first from start for a package bad
// accepts and returns the import chain to it, or nil.
func shortestPath(g Graph, start string, bad func(string) bool) []string {
	prev := map[string]string{start: ""}
	queue := []string{start}
	for len(queue) > 0 {
		p := queue[0]
		queue = queue[1:]
		for _, q := range g[p] {
			if _, seen := prev[q]; seen {
				continue
			}
			prev[q] = p
			if bad(q) {
				var path []string
				for x := q; x != ""; x = prev[x] {
					path = append(path, x)
				}
				slices.Reverse(path)
				return path
			}
			queue = append(queue, q)
		}
	}
	return nil
}

func sortedKeys(g Graph) []string {
	keys := make([]string, 0, len(g))
	for k := range g {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
