package data

import (
	"bytes"
	"encoding/binary"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// withTrailerSize returns the gzip file g with its trailer's size set to n.
func withTrailerSize(g []byte, n uint32) []byte {
	out := bytes.Clone(g)
	binary.LittleEndian.PutUint32(out[len(out)-4:], n)
	return out
}

// TestGunzippedSize: the trailer's size is a hint capped by what deflate
// can expand the file to and by maxSizeHint.
func TestGunzippedSize(t *testing.T) {
	big := gz(make([]byte, 1<<20)) // compresses about 1000:1
	for _, tc := range []struct {
		name string
		gz   []byte
		want int
	}{
		{"trailer", gz(idxLabels(300)), len(idxLabels(300))},
		{"too short", []byte{1, 2}, 0},
		{"larger than deflate expands", withTrailerSize(gz(idxLabels(3)), 1<<30), 1032 * len(gz(idxLabels(3)))},
		{"capped", withTrailerSize(bytes.Repeat(big, 300), 1<<31), maxSizeHint},
	} {
		if got := gunzippedSize(tc.gz); got != tc.want {
			t.Errorf("%s: %d, want %d", tc.name, got, tc.want)
		}
	}
}

// TestReadFileTrailer: a gzipped file reads the same whatever its
// trailer's size hint, and a trailer that does not match the content is
// an error naming the file (gzip checks it).
func TestReadFileTrailer(t *testing.T) {
	content := idxImages(40, 28, 28)
	dir := t.TempDir()
	for _, tc := range []struct {
		name string
		gz   []byte
		want string // error substring; "" reads content
	}{
		{"right", gz(content), ""},
		{"zero", withTrailerSize(gz(content), 0), "checksum"},
		{"huge", withTrailerSize(gz(content), 1<<31), "checksum"},
	} {
		p := filepath.Join(dir, tc.name+".gz")
		if err := os.WriteFile(p, tc.gz, 0o644); err != nil {
			t.Fatal(err)
		}
		got, _, err := readFile(p, tc.name)
		switch {
		case tc.want == "" && (err != nil || !bytes.Equal(got, content)):
			t.Errorf("%s: %d bytes (err %v), want the %d bytes written", tc.name, len(got), err, len(content))
		case tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), p)):
			t.Errorf("%s: error %v, want one naming %s and %q", tc.name, err, p, tc.want)
		}
	}
}
