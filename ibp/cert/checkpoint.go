package cert

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"

	"github.com/verify-tools/verify/ibp/bound"
)

// saveCheckpoint writes the certificate so far; samples not yet done have
// an empty status. The summary holds only the elapsed seconds.
func saveCheckpoint(path string, c *Certificate, seconds float64) error {
	cp := *c
	cp.Samples = append([]Sample(nil), c.Samples...)
	cp.Summary = Summary{Seconds: seconds}
	return Write(path, &cp)
}

// resume loads finished samples from a checkpoint into c when the checkpoint
// was made with the same settings, and returns the seconds already spent. A
// missing checkpoint starts from scratch.
func resume(path string, c *Certificate) (float64, error) {
	old, err := Read(path)
	if errors.Is(err, fs.ErrNotExist) {
		return 0, nil
	}
	if err != nil {
		return 0, fmt.Errorf("resume: %w", err)
	}
	if a, b := settings(old), settings(c); a != b {
		return 0, fmt.Errorf("resume: checkpoint %s was made with other settings (model, data, eps, method, attack, seed or sample count); remove it or drop --resume", path)
	}
	for i, s := range old.Samples {
		if s.Status != "" {
			if s.Index != i {
				return 0, fmt.Errorf("resume: checkpoint %s: sample %d has index %d", path, i, s.Index)
			}
			c.Samples[i] = s
		}
	}
	return old.Summary.Seconds, nil
}

// settings is the part of a certificate that must match to resume.
func settings(c *Certificate) string {
	key := struct {
		Model         string
		Dataset       DatasetInfo
		Eps           float64
		Method        bound.Method
		Claim         bound.Claim
		Crown         any
		Attack        string
		AttackOptions any
		Seed          uint64
		Count         int
	}{c.Model.SHA256, c.Dataset, c.Eps, c.Method, c.Claim, c.Crown, c.Attack, c.AttackOptions, c.Seed, c.Selection.Count}
	buf, _ := json.Marshal(key)
	return string(buf)
}

// RemoveCheckpoint deletes a checkpoint after the certificate is written.
func RemoveCheckpoint(path string) error {
	if err := os.Remove(path); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("remove checkpoint: %w", err)
	}
	return nil
}
