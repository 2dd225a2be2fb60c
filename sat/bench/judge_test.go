package bench

import (
	"testing"

	"github.com/verify-tools/verify/sat"
)

func TestClaimAndModel(t *testing.T) {
	tests := []struct {
		name      string
		out       output
		ans       Answer
		found     bool
		modelOK   bool
		wantModel []bool
	}{
		{"competition", output{Stdout: []byte("c hello\ns SATISFIABLE\nv -1\nv 2 0\n")}, AnswerSat, true, true, []bool{false, false, true}},
		{"unsat", output{Stdout: []byte("s UNSATISFIABLE\n")}, AnswerUnsat, true, false, nil},
		{"unknown", output{Stdout: []byte("s UNKNOWN\n")}, AnswerNone, true, false, nil},
		{"minisat-file", output{Stdout: []byte("SATISFIABLE\n"), ModelFile: []byte("SAT\n-1 2 0\n")}, AnswerSat, true, true, []bool{false, false, true}},
		{"minisat-unsat", output{Stdout: []byte("UNSATISFIABLE\n"), ModelFile: []byte("UNSAT\n")}, AnswerUnsat, true, false, nil},
		{"minisat-indet", output{ModelFile: []byte("INDET\n")}, AnswerNone, true, false, nil},
		{"truncated-model", output{Stdout: []byte("s SATISFIABLE\nv -1 2\n")}, AnswerSat, true, false, nil},
		{"nothing", output{Stdout: []byte("c working\n")}, AnswerNone, false, false, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ans, found, err := claim(tc.out)
			if err != nil || ans != tc.ans || found != tc.found {
				t.Errorf("claim = %s %v %v, want %s %v", ans, found, err, tc.ans, tc.found)
			}
			m, ok := model(tc.out, 2)
			if ok != tc.modelOK {
				t.Fatalf("model ok = %v, want %v", ok, tc.modelOK)
			}
			if ok {
				for v := 1; v <= 2; v++ {
					if m[v] != tc.wantModel[v] {
						t.Errorf("model %v, want %v", m, tc.wantModel)
					}
				}
			}
		})
	}
	if _, _, err := claim(output{Stdout: []byte("s MAYBE\n")}); err == nil {
		t.Error("unreadable s line accepted")
	}
}

func TestJudgeUsesExitCodeWithoutSLine(t *testing.T) {
	f := sat.NewCNF(1)
	f.AddClause(1)
	load := func(string) (*sat.CNF, error) { return f, nil }
	in := Instance{ID: "x"}
	r := judge(in, Solver{Name: "s"}, execution{ExitCode: 20}, output{}, limits{}, load)
	if r.Status != StatusUnsat {
		t.Errorf("exit 20 without s line: %s", r.Status)
	}
	r = judge(in, Solver{Name: "s"}, execution{ExitCode: 10}, output{Stdout: []byte("v 1 0\n")}, limits{}, load)
	if r.Status != StatusSat || r.Verified != "yes" {
		t.Errorf("exit 10 with model: %+v", r)
	}
}
