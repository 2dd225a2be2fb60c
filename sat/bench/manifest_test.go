package bench

import (
	"strings"
	"testing"
)

func TestParseManifestProvenance(t *testing.T) {
	const sum = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
	text := `# header
a.cnf
b.cnf sat fam group=fam/x split=dev how=model-checked source="verify gen ksat --seed 1" sha256=` + sum + ` cpu=3.5
../shared/data/c.cnf.xz unsat uf how=unsat:cadical+minisat split=test # comment
`
	es, err := ParseManifest(strings.NewReader(text), "s.suite")
	if err != nil {
		t.Fatal(err)
	}
	if len(es) != 3 {
		t.Fatalf("got %d entries, want 3", len(es))
	}
	if es[0].Path != "a.cnf" || es[0].Expected != AnswerNone || es[0].Family != "" || es[0].Provenance != (Provenance{}) {
		t.Errorf("plain line: %+v", es[0])
	}
	want := Provenance{Group: "fam/x", Split: "dev", How: "model-checked", Source: "verify gen ksat --seed 1", SHA256: sum, CPU: 3.5}
	if es[1].Provenance != want || es[1].Family != "fam" || es[1].Line != 3 {
		t.Errorf("full line: %+v, want %+v", es[1], want)
	}
	if es[2].How != "unsat:cadical+minisat" || es[2].Split != "test" || es[2].Expected != AnswerUnsat {
		t.Errorf("third line: %+v", es[2])
	}
}

func TestParseManifestRejects(t *testing.T) {
	tests := []struct{ name, line, want string }{
		{"unknown-key", "x.cnf sat f colour=red", `unknown key "colour"`},
		{"bad-split", "x.cnf sat f split=train", "split=train"},
		{"bad-how", "x.cnf sat f how=trust-me", "how=trust-me"},
		{"bad-sha", "x.cnf sat f sha256=abc", "sha256=abc"},
		{"bad-cpu", "x.cnf sat f cpu=-1", "cpu=-1"},
		{"empty-value", "x.cnf sat f group=", "no value"},
		{"positional-after-key", "x.cnf split=dev sat", `"sat" after KEY=VALUE`},
		{"unclosed-quote", `x.cnf sat f source="verify gen`, "unclosed"},
		{"too-many", "x.cnf sat f extra", "4 fields"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ParseManifest(strings.NewReader("# c\n"+tc.line+"\n"), "s.suite")
			if err == nil || !strings.Contains(err.Error(), "s.suite:2: ") || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("err = %v, want s.suite:2 and %q", err, tc.want)
			}
		})
	}
}

func TestLoadSuitesKeepsProvenance(t *testing.T) {
	root := t.TempDir()
	writeFile(t, root, "go.mod", "module example\n", 0o644)
	writeFile(t, root, "a.cnf", satCNF, 0o644)
	suite := writeFile(t, root, "s.suite", "a.cnf sat fam group=g split=test how=model-checked cpu=2\n", 0o644)
	insts, err := LoadSuites([]string{suite}, root)
	if err != nil {
		t.Fatal(err)
	}
	want := Provenance{Group: "g", Split: "test", How: "model-checked", CPU: 2}
	if len(insts) != 1 || insts[0].Provenance != want || insts[0].Family != "fam" || insts[0].Expected != AnswerSat {
		t.Errorf("got %+v, want provenance %+v", insts, want)
	}
}
