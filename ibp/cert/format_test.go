package cert

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/verify-tools/verify/ibp/bound"
)

// TestReadErrors: a certificate that does not parse, or names no known
// bound method, is refused with the file name, the line where the JSON is
// at fault, and the problem.
func TestReadErrors(t *testing.T) {
	dir := t.TempDir()
	cases := []struct {
		name, text string
		want       []string
	}{
		{"unknown method", `{"format": 1, "method": "magic"}`,
			[]string{"unknownmethod.json: method: ", `unknown bound method "magic" (want ibp, crown or crown-ibp)`}},
		{"no method", `{"format": 1}`, []string{"nomethod.json: method: no bound method given"}},
		{"syntax", "{\n  \"format\": 1,\n  \"eps\": 0.1,,\n}", []string{"syntax.json:3: not valid JSON: invalid character ','"}},
		{"type", "{\n  \"format\": 1,\n  \"method\": \"ibp\",\n  \"eps\": \"big\"\n}", []string{"type.json:4: not valid JSON", "eps"}},
		{"empty", "", []string{"empty.json:1: not valid JSON"}},
		{"trailing", `{"method": "ibp"} {}`, []string{"trailing.json:1: not valid JSON"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			file := strings.ReplaceAll(tc.name, " ", "") + ".json"
			path := filepath.Join(dir, file)
			if err := os.WriteFile(path, []byte(tc.text), 0o644); err != nil {
				t.Fatal(err)
			}
			_, err := Read(path)
			if err == nil {
				t.Fatal("accepted")
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q lacks %q", err, w)
				}
			}
		})
	}
}

// TestEveryMethodCertifiesAndChecks: a certificate of each method is
// written, read back and re-derived by Check; only CROWN records its
// options, and a CROWN certificate without them (as earlier versions
// wrote) still checks, with the default options.
func TestEveryMethodCertifiesAndChecks(t *testing.T) {
	dir := t.TempDir()
	model := tinyModel(t, dir)
	for _, mi := range bound.Methods() {
		t.Run(string(mi.Method), func(t *testing.T) {
			c := tinyCertificate(t, model, mi.Method)
			if c.Method != mi.Method || (c.Crown != nil) != mi.CrownOptions {
				t.Fatalf("method %q, crown options %v", c.Method, c.Crown)
			}
			variants := map[string]*Certificate{"": c}
			if c.Crown != nil {
				old := *c
				old.Crown = nil
				variants[" without crown options"] = &old
			}
			for name, v := range variants {
				path := filepath.Join(dir, string(mi.Method)+".json")
				if err := Write(path, v); err != nil {
					t.Fatal(err)
				}
				back, err := Read(path)
				if err != nil {
					t.Fatal(err)
				}
				rep, err := Check(context.Background(), back, CheckOptions{ModelPath: model, DataDir: tinyDataDir, MinCertifiedAcc: -1, Jobs: 1})
				if err != nil {
					t.Fatal(err)
				}
				if !rep.OK() {
					t.Fatalf("%s%s: check fails: %v", mi.Method, name, rep.Failures)
				}
			}
		})
	}
}
