package drat

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/verify-tools/verify/sat"
)

// CheckFiles checks the DRAT proof in proofPath against the formula in
// cnfPath (sat.ReadFile; strict reading on request) and writes the verdict
// to w: a 'c' line with the proof's counts and 's VERIFIED', or
// 's NOT VERIFIED' with the reason as the error.
func CheckFiles(ctx context.Context, cnfPath, proofPath string, strict bool, w io.Writer) (Result, error) {
	t0 := time.Now()
	f, _, err := sat.ReadFile(cnfPath, sat.ReadOptions{Strict: strict})
	if err != nil {
		return Result{}, err
	}
	steps, err := ReadFile(proofPath)
	if err != nil {
		return Result{}, err
	}
	res, err := Check(ctx, f, steps, proofPath)
	if err != nil {
		fmt.Fprintln(w, "s NOT VERIFIED")
		return res, err
	}
	fmt.Fprintf(w, "c %d lemmas (%d RAT), %d deletions (%d ignored), checked in %.3fs\n",
		res.Lemmas, res.RAT, res.Deletions, res.IgnoredDeletions, time.Since(t0).Seconds())
	fmt.Fprintln(w, "s VERIFIED")
	return res, nil
}
