package data

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"os"
)

// readFile reads a file whole, decompressing it when it is gzipped (detected
// from its content), and returns the record of the bytes on disk.
func readFile(path, name string) ([]byte, File, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, File{}, fmt.Errorf("read data file: %w", err)
	}
	sum := sha256.Sum256(raw)
	rec := File{Name: name, SHA256: hex.EncodeToString(sum[:])}
	if bytes.HasPrefix(raw, []byte{0x1f, 0x8b}) {
		zr, err := gzip.NewReader(bytes.NewReader(raw))
		if err != nil {
			return nil, rec, fmt.Errorf("%s: gzip header: %w", path, err)
		}
		out, err := io.ReadAll(zr)
		if err != nil {
			return nil, rec, fmt.Errorf("%s: gzip data: %w", path, err)
		}
		return out, rec, nil
	}
	return raw, rec, nil
}

// findFile returns the first of the candidate names that exists in dir.
func findFile(dir string, names ...string) (string, string, error) {
	for _, n := range names {
		p := dir + string(os.PathSeparator) + n
		if _, err := os.Stat(p); err == nil {
			return p, n, nil
		}
	}
	return "", "", fmt.Errorf("none of %v found in %s", names, dir)
}
