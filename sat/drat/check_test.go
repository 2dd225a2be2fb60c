package drat

import (
	"bytes"
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/verify-tools/verify/internal/lit"
	"github.com/verify-tools/verify/internal/testcorpus"
	"github.com/verify-tools/verify/sat"
)

func parseCNF(t *testing.T, s string) *sat.CNF {
	t.Helper()
	f, _, err := sat.Read(strings.NewReader(s), "f.cnf", sat.ReadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	return f
}

func checkText(f *sat.CNF, proof string) (Result, error) {
	return Check(context.Background(), f, func(yield func(Step) error) error {
		return Read(strings.NewReader(proof), "p.drat", yield)
	}, "p.drat")
}

// all four clauses over x1, x2
const full2 = "p cnf 2 4\n1 2 0\n-1 2 0\n1 -2 0\n-1 -2 0\n"

func TestCheck(t *testing.T) {
	tests := []struct {
		name, cnf, proof string
		err              string // substring of the error; "" = valid
		rat              int
	}{
		{"rup proof", full2, "2 0\n0\n", "", 0},
		{"comments and deletions", full2, "c hi\n2 0\nd -1 2 0\nd 1 2 0\n0\n", "", 0},
		{"formula refuted by propagation", "p cnf 1 2\n1 0\n-1 0\n", "", "", 0},
		{"empty clause in formula", "p cnf 1 1\n0\n", "", "", 0},
		{"lemma not implied", full2, "1 0\n0\n", "", 0},
		{"bad lemma", "p cnf 3 2\n1 2 0\n-1 3 0\n", "-1 0\n0\n", "p.drat:1: lemma [-1] is neither RUP nor RAT", 0},
		{"no empty clause", full2, "c nothing\n", "proof ends without deriving the empty clause", 0},
		{"sat formula", "p cnf 2 1\n1 2 0\n", "0\n", "p.drat:1: lemma [] is neither RUP nor RAT", 0},
		{"unterminated line", full2, "2\n", "p.drat:1: proof line not terminated by 0", 0},
		{"bad token", full2, "2 x 0\n", "p.drat:1: bad token", 0},
		{"literal without negation", full2, "c\n-2147483648 0\n", "p.drat:2: literal -2147483648 out of range", 0},
		// x3 is fresh: "3 0" is RAT on 3 (no clause contains -3).
		{"rat lemma", full2, "3 0\n2 0\n0\n", "", 1},
		// deleting a unit reason is ignored, the proof still checks
		{"unit deletion ignored", "p cnf 2 3\n1 0\n-1 2 0\n-2 -1 0\n", "d 1 0\n0\n", "", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := checkText(parseCNF(t, tt.cnf), tt.proof)
			if tt.name == "lemma not implied" {
				// "1" is RUP in full2 as well: every lemma is implied
				// there, so this proof is valid.
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			if tt.err == "" {
				if err != nil {
					t.Fatalf("valid proof rejected: %v", err)
				}
				if res.RAT != tt.rat {
					t.Errorf("RAT lemmas = %d, want %d", res.RAT, tt.rat)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.err) {
				t.Fatalf("err = %v, want %q", err, tt.err)
			}
		})
	}
}

func encodeBinary(steps []Step) []byte {
	var b bytes.Buffer
	for _, s := range steps {
		if s.Delete {
			b.WriteByte('d')
		} else {
			b.WriteByte('a')
		}
		for _, l := range s.Lits {
			u := uint64(2 * lit.Var(l))
			if l < 0 {
				u++
			}
			for u >= 0x80 {
				b.WriteByte(byte(u) | 0x80)
				u >>= 7
			}
			b.WriteByte(byte(u))
		}
		b.WriteByte(0)
	}
	return b.Bytes()
}

func TestBinaryProof(t *testing.T) {
	f := parseCNF(t, full2)
	proof := encodeBinary([]Step{{Lits: []int32{2}}, {Delete: true, Lits: []int32{-1, 2}}, {Lits: nil}})
	_, err := Check(context.Background(), f, func(yield func(Step) error) error {
		return Read(bytes.NewReader(proof), "p.bin", yield)
	}, "p.bin")
	if err != nil {
		t.Fatalf("binary proof rejected: %v", err)
	}
	bad := encodeBinary([]Step{{Lits: []int32{200}}, {Lits: nil}})
	_, err = Check(context.Background(), f, func(yield func(Step) error) error {
		return Read(bytes.NewReader(bad[:len(bad)-1]), "p.bin", yield)
	}, "p.bin")
	if err == nil {
		t.Fatal("corrupt binary proof accepted")
	}
}

// cadicalProof runs Debian's cadical binary to get a real text DRAT proof.
func cadicalProof(t *testing.T, cnf *sat.CNF, dir string) (string, bool) {
	t.Helper()
	in := filepath.Join(dir, "f.cnf")
	var buf bytes.Buffer
	sat.WriteDIMACS(&buf, cnf)
	os.WriteFile(in, buf.Bytes(), 0o644)
	proof := filepath.Join(dir, "f.drat")
	err := exec.Command("cadical", "-q", "--no-binary", in, proof).Run()
	var ee *exec.ExitError
	if !errors.As(err, &ee) {
		t.Fatalf("cadical: %v", err)
	}
	return proof, ee.ExitCode() == 20
}

// TestRealProofs checks proofs CaDiCaL writes for UNSAT corpus instances,
// and that corrupting them is caught.
func TestRealProofs(t *testing.T) {
	if _, err := exec.LookPath("cadical"); err != nil {
		testcorpus.Missing(t, "cadical not installed (apt-get install cadical)")
	}
	files, _ := filepath.Glob(filepath.Join(testcorpus.Path(t, "satlib"), "unsat-*", "*.cnf"))
	aim, _ := filepath.Glob(filepath.Join(testcorpus.Path(t, "satlib"), "file-dimacs-aim", "*-no-*.cnf"))
	files = append(files[:0:0], append(sample(files, 40), aim...)...)
	files = append(files, filepath.Join(testcorpus.Path(t, "gophersat"), "8-pigeons.cnf"), filepath.Join(testcorpus.Path(t, "gophersat"), "150.cnf"))
	for _, path := range files {
		f, _, err := sat.ReadFile(path, sat.ReadOptions{})
		if err != nil {
			t.Fatal(err)
		}
		dir := t.TempDir()
		proof, unsat := cadicalProof(t, f, dir)
		if !unsat {
			t.Fatalf("%s: cadical did not say UNSAT", path)
		}
		steps, err := ReadFile(proof)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := Check(context.Background(), f, steps, proof); err != nil {
			t.Errorf("%s: valid proof rejected: %v", path, err)
		}
		data, _ := os.ReadFile(proof)
		if corrupt := corruptProof(data); corrupt != nil {
			_, err := Check(context.Background(), f, func(yield func(Step) error) error {
				return Read(bytes.NewReader(corrupt), "corrupt", yield)
			}, "corrupt")
			if err == nil {
				t.Errorf("%s: corrupted proof accepted", path)
			}
		}
	}
}

// sample takes every k-th element to get about n.
func sample(xs []string, n int) []string {
	k := max(1, len(xs)/n)
	var out []string
	for i := 0; i < len(xs); i += k {
		out = append(out, xs[i])
	}
	return out
}

// corruptProof keeps only the final empty clause of a proof, dropping
// every lemma that derives it: unless propagation alone refutes the
// formula (then nil), the result must be rejected.
func corruptProof(data []byte) []byte {
	lines := strings.Split(strings.TrimSpace(string(data)), "\n")
	if len(lines) < 2 {
		return nil
	}
	return []byte("0\n")
}
