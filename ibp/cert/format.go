// Package cert produces and checks per-sample robustness certificates: the
// JSON files written by `verify certify` and re-derived by `verify check`.
// The format is documented in docs/certificates.md.
package cert

import (
	"bytes"
	"encoding/base64"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"os"

	"github.com/verify-tools/verify/ibp/bound"
	"github.com/verify-tools/verify/ibp/data"
	"github.com/verify-tools/verify/ibp/network"
	"github.com/verify-tools/verify/internal/atomicfile"
)

// FormatVersion is the certificate format this package writes and checks.
const FormatVersion = 1

// Sample statuses.
const (
	StatusCertified = "certified" // every margin lower bound > 0
	StatusAttacked  = "attacked"  // a misclassified point in the box is recorded
	StatusUnknown   = "unknown"   // neither
)

// NormLinf is the only threat model: an l-infinity ball in pixel space.
const NormLinf = "linf"

// Certificate is the whole JSON document.
type Certificate struct {
	Format        int                   `json:"format"`
	Tool          string                `json:"tool"`
	ToolVersion   string                `json:"tool_version"`
	Created       string                `json:"created"`
	Model         ModelInfo             `json:"model"`
	Dataset       DatasetInfo           `json:"dataset"`
	Eps           float64               `json:"eps"`
	Norm          string                `json:"norm"`
	Method        bound.Method          `json:"method"`
	Claim         bound.Claim           `json:"claim,omitempty"` // absent in certificates before claims: real
	Crown         *bound.CrownOptions   `json:"crown,omitempty"`
	Attack        string                `json:"attack"`
	AttackOptions *bound.AttackOptions  `json:"attack_options,omitempty"`
	Seed          uint64                `json:"seed"`
	Normalization network.Normalization `json:"normalization"`
	Selection     Selection             `json:"selection"`
	Samples       []Sample              `json:"samples"`
	Summary       Summary               `json:"summary"`
}

// ModelInfo identifies the model file.
type ModelInfo struct {
	File   string `json:"file"`
	SHA256 string `json:"sha256"`
	Arch   string `json:"arch"`
}

// DatasetInfo identifies the data files read.
type DatasetInfo struct {
	Name  string      `json:"name"`
	Split string      `json:"split"`
	Files []data.File `json:"files"`
}

// Selection says which samples of the split are covered: indices
// 0 .. Count-1, in order.
type Selection struct {
	Count int `json:"count"`
}

// Sample is the verdict on one test sample.
type Sample struct {
	Index      int    `json:"index"`
	Label      int    `json:"label"`
	Prediction int    `json:"prediction"`
	Status     string `json:"status"`
	// MinMarginLower is the smallest sound lower bound of z_label - z_j over
	// the box (null when unbounded).
	MinMarginLower *float64 `json:"min_margin_lower"`
	// For attacked samples: the class that wins, the float64 margin
	// min_j z_label - z_j at the example, and the example as base64 of
	// little-endian float32 pixels (CHW, in [0,1]).
	AdvClass   *int     `json:"adv_class,omitempty"`
	AdvMargin  *float64 `json:"adv_margin,omitempty"`
	AdvExample string   `json:"adv_example,omitempty"`
}

// Summary aggregates the samples.
type Summary struct {
	Samples          int     `json:"samples"`
	Correct          int     `json:"correct"`
	Certified        int     `json:"certified"`
	Attacked         int     `json:"attacked"`
	Unknown          int     `json:"unknown"`
	CleanAccuracy    float64 `json:"clean_accuracy"`
	CertifiedAcc     float64 `json:"certified_accuracy"`
	AttackedRate     float64 `json:"attacked_rate"`
	UnknownRate      float64 `json:"unknown_rate"`
	Seconds          float64 `json:"seconds"`
	SamplesPerSecond float64 `json:"samples_per_second"`
}

// Summarize counts the samples; Seconds and SamplesPerSecond are left 0.
func Summarize(samples []Sample) Summary {
	s := Summary{Samples: len(samples)}
	for _, x := range samples {
		if x.Prediction == x.Label {
			s.Correct++
		}
		switch x.Status {
		case StatusCertified:
			s.Certified++
		case StatusAttacked:
			s.Attacked++
		case StatusUnknown:
			s.Unknown++
		}
	}
	if n := float64(s.Samples); n > 0 {
		s.CleanAccuracy = float64(s.Correct) / n
		s.CertifiedAcc = float64(s.Certified) / n
		s.AttackedRate = float64(s.Attacked) / n
		s.UnknownRate = float64(s.Unknown) / n
	}
	return s
}

// finite returns a pointer to v, or nil when v is not finite (JSON has no
// infinities).
func finite(v float64) *float64 {
	if math.IsInf(v, 0) || math.IsNaN(v) {
		return nil
	}
	return &v
}

// EncodeExample packs float32 pixels as base64 of little-endian bytes.
func EncodeExample(x []float32) string {
	buf := make([]byte, 0, 4*len(x))
	for _, v := range x {
		buf = binary.LittleEndian.AppendUint32(buf, math.Float32bits(v))
	}
	return base64.StdEncoding.EncodeToString(buf)
}

// DecodeExample unpacks EncodeExample's output.
func DecodeExample(s string) ([]float32, error) {
	buf, err := base64.StdEncoding.DecodeString(s)
	if err != nil {
		return nil, fmt.Errorf("adversarial example is not base64: %w", err)
	}
	if len(buf)%4 != 0 {
		return nil, fmt.Errorf("adversarial example has %d bytes, not a whole number of float32", len(buf))
	}
	out := make([]float32, len(buf)/4)
	for i := range out {
		out[i] = math.Float32frombits(binary.LittleEndian.Uint32(buf[4*i:]))
	}
	return out, nil
}

// Encode returns the certificate as indented JSON, as Write stores it.
func Encode(c *Certificate) ([]byte, error) {
	buf, err := json.MarshalIndent(c, "", "  ")
	if err != nil {
		return nil, fmt.Errorf("encode certificate: %w", err)
	}
	return append(buf, '\n'), nil
}

// Write stores the certificate as indented JSON, atomically.
func Write(path string, c *Certificate) error {
	buf, err := Encode(c)
	if err != nil {
		return err
	}
	return atomicfile.WriteFile(path, buf, 0o644)
}

// Read loads a certificate (Decode); errors name the file, and the line
// where the JSON is at fault.
func Read(path string) (*Certificate, error) {
	buf, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read certificate: %w", err)
	}
	c, err := Decode(buf)
	var le *LineError
	if errors.As(err, &le) {
		return nil, fmt.Errorf("certificate %s:%d: %w", path, le.Line, le.Err)
	}
	if err != nil {
		return nil, fmt.Errorf("certificate %s: %w", path, err)
	}
	return c, nil
}

// Decode parses a certificate: one JSON object of the format whose method
// is a bound method (bound.ParseMethod). Its claims are not checked here
// (Check does that). A JSON error whose place is known is a *LineError.
func Decode(buf []byte) (*Certificate, error) {
	var c Certificate
	if err := json.Unmarshal(buf, &c); err != nil {
		return nil, jsonError(buf, err)
	}
	if _, err := bound.ParseMethod(string(c.Method)); err != nil {
		return nil, fmt.Errorf("method: %w", err)
	}
	if _, err := bound.ParseClaim(string(c.Claim)); err != nil {
		return nil, fmt.Errorf("claim: %w", err)
	}
	return &c, nil
}

// LineError is a decoding error at a line of the certificate (1-based).
type LineError struct {
	Line int
	Err  error
}

func (e *LineError) Error() string { return fmt.Sprintf("line %d: %v", e.Line, e.Err) }

func (e *LineError) Unwrap() error { return e.Err }

// jsonError says where in buf a decoding error lies, when it knows.
func jsonError(buf []byte, err error) error {
	var off int64 = -1
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syn):
		off = syn.Offset
	case errors.As(err, &typ):
		off = typ.Offset
	}
	err = fmt.Errorf("not valid JSON: %w", err)
	if off < 0 || off > int64(len(buf)) {
		return err
	}
	return &LineError{Line: 1 + bytes.Count(buf[:off], []byte{'\n'}), Err: err}
}
