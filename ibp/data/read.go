package data

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"fmt"
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
		var out bytes.Buffer
		out.Grow(gunzippedSize(raw) + bytes.MinRead)
		if _, err := out.ReadFrom(zr); err != nil {
			return nil, rec, fmt.Errorf("%s: gzip data: %w", path, err)
		}
		return out.Bytes(), rec, nil
	}
	return raw, rec, nil
}

// maxSizeHint caps gunzippedSize: the trailer of an untrusted file is
// only a hint, and a wrong one must not allocate much.
const maxSizeHint = 256 << 20

// gunzippedSize returns the size a gzip file's trailer gives for its
// content (modulo 2³², as gzip records it), at most what deflate can
// expand the file to (1032:1) and at most maxSizeHint: reading into a
// buffer of that size avoids growing it by copies (a sixth of the time
// MNIST's test images took to load).
func gunzippedSize(gz []byte) int {
	if len(gz) < 4 {
		return 0
	}
	return min(int(binary.LittleEndian.Uint32(gz[len(gz)-4:])), 1032*len(gz), maxSizeHint)
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
