package cert

import (
	"context"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"github.com/verify-tools/verify/ibp/bound"
)

// TestDeployedClaimCertificate: a --deployed float32 certificate records
// its claim, survives the file and check, certifies no more than the real
// claim on the same samples, and CROWN under it is refused.
func TestDeployedClaimCertificate(t *testing.T) {
	dir := mnistDir(t)
	mp := filepath.Join(t.TempDir(), "m.safetensors")
	centroidModel(t, dir, mp)
	run := func(claim bound.Claim, method bound.Method) (*Certificate, error) {
		return Certify(context.Background(), Config{ModelPath: mp, DataDir: dir, Eps: 0.01, Limit: 30,
			Method: method, Claim: claim, Crown: bound.DefaultCrownOptions(), Attack: AttackNone,
			AttackOptions: bound.DefaultAttackOptions(), Seed: 1, Jobs: 2, ToolVersion: "test"})
	}
	real, err := run("", bound.MethodIBP)
	if err != nil {
		t.Fatal(err)
	}
	dep, err := run(bound.ClaimDeployed32, bound.MethodIBP)
	if err != nil {
		t.Fatal(err)
	}
	if real.Claim != bound.ClaimReal || dep.Claim != bound.ClaimDeployed32 {
		t.Fatalf("claims recorded %q and %q", real.Claim, dep.Claim)
	}
	if dep.Summary.Certified > real.Summary.Certified || dep.Summary.Certified == 0 {
		t.Fatalf("deployed certified %d, real %d", dep.Summary.Certified, real.Summary.Certified)
	}
	for i, s := range dep.Samples {
		if s.MinMarginLower != nil && real.Samples[i].MinMarginLower != nil && *s.MinMarginLower > *real.Samples[i].MinMarginLower {
			t.Fatalf("sample %d: deployed margin bound %v above the real one %v", i, *s.MinMarginLower, *real.Samples[i].MinMarginLower)
		}
	}
	path := filepath.Join(t.TempDir(), "cert.json")
	if err := Write(path, dep); err != nil {
		t.Fatal(err)
	}
	c2, err := Read(path)
	if err != nil {
		t.Fatal(err)
	}
	rep, err := Check(context.Background(), c2, CheckOptions{ModelPath: mp, DataDir: dir, Jobs: 2})
	if err != nil {
		t.Fatal(err)
	}
	if !rep.OK() {
		t.Fatalf("check of a deployed certificate failed: %v", rep.Failures)
	}
	// crown under the deployed claim: refused by certify and by check
	if _, err := run(bound.ClaimDeployed32, bound.MethodCROWNIBP); err == nil {
		t.Error("certify: crown-ibp under the deployed claim gave no error")
	}
	c2.Method = bound.MethodCROWNIBP
	rep, err = Check(context.Background(), c2, CheckOptions{ModelPath: mp, DataDir: dir, Jobs: 2})
	if err != nil || rep.OK() {
		t.Errorf("check of a deployed crown-ibp certificate: err %v, failures %v", err, rep)
	}
}

// TestDecodeClaim: old certificates (no claim) read as real; an unknown
// claim is refused naming the field.
func TestDecodeClaim(t *testing.T) {
	base := map[string]any{"format": 1, "method": "ibp"}
	for _, tc := range []struct {
		claim any
		want  bound.Claim
		err   string
	}{{nil, "", ""}, {"real", bound.ClaimReal, ""}, {"deployed-float32", bound.ClaimDeployed32, ""}, {"float16", "", "claim"}} {
		doc := map[string]any{}
		for k, v := range base {
			doc[k] = v
		}
		if tc.claim != nil {
			doc["claim"] = tc.claim
		}
		buf, _ := json.Marshal(doc)
		c, err := Decode(buf)
		if tc.err != "" {
			if err == nil || !strings.Contains(err.Error(), tc.err) {
				t.Errorf("claim %v: error %v, want one naming %q", tc.claim, err, tc.err)
			}
			continue
		}
		if err != nil {
			t.Fatalf("claim %v: %v", tc.claim, err)
		}
		if got, _ := bound.ParseClaim(string(c.Claim)); got != bound.ClaimReal && tc.want == "" || tc.want != "" && got != tc.want {
			t.Errorf("claim %v read as %q", tc.claim, got)
		}
	}
}
