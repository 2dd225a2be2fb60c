package data

import (
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/verify-tools/verify/internal/testcorpus"
)

func mnistDir(t *testing.T) string {
	t.Helper()
	return filepath.Dir(testcorpus.Path(t, "mnist", "t10k-images-idx3-ubyte.gz"))
}

func TestLoadRealMNIST(t *testing.T) {
	dir := mnistDir(t)
	for _, tc := range []struct {
		split string
		n     int
		first uint8
	}{{"train", 60000, 5}, {"test", 10000, 7}} {
		s, err := Load("mnist", dir, tc.split)
		if err != nil {
			t.Fatal(err)
		}
		if s.Len() != tc.n || s.Shape != [3]int{1, 28, 28} || len(s.Raw) != tc.n*784 {
			t.Fatalf("%s: %d samples of %v", tc.split, s.Len(), s.Shape)
		}
		if s.Labels[0] != tc.first {
			t.Errorf("%s: first label %d, want %d", tc.split, s.Labels[0], tc.first)
		}
		if len(s.Files) != 2 || len(s.Files[0].SHA256) != 64 {
			t.Errorf("%s: file records %+v", tc.split, s.Files)
		}
		img := s.Image(0)
		maxv := float32(0)
		for _, v := range img {
			if v < 0 || v > 1 {
				t.Fatalf("pixel %v outside [0,1]", v)
			}
			maxv = max(maxv, v)
		}
		if maxv != 1 {
			t.Errorf("%s: brightest pixel of image 0 is %v, want 1", tc.split, maxv)
		}
	}
}

func idxImages(n, h, w int) []byte {
	b := binary.BigEndian.AppendUint32(nil, idxImagesMagic)
	for _, v := range []int{n, h, w} {
		b = binary.BigEndian.AppendUint32(b, uint32(v))
	}
	return append(b, make([]byte, n*h*w)...)
}

func idxLabels(n int) []byte {
	b := binary.BigEndian.AppendUint32(nil, idxLabelsMagic)
	b = binary.BigEndian.AppendUint32(b, uint32(n))
	return append(b, make([]byte, n)...)
}

func gz(b []byte) []byte {
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	zw.Write(b)
	zw.Close()
	return buf.Bytes()
}

func TestMNISTErrors(t *testing.T) {
	cases := []struct {
		name           string
		images, labels []byte
		want           string
	}{
		{"plain files load", idxImages(3, 4, 4), idxLabels(3), ""},
		{"gzipped files load", gz(idxImages(3, 4, 4)), gz(idxLabels(3)), ""},
		{"bad image magic", idxLabels(30), idxLabels(3), "bad IDX image magic"},
		{"bad label magic", idxImages(3, 4, 4), idxImages(3, 4, 4), "bad IDX label magic"},
		{"truncated images", idxImages(3, 4, 4)[:40], idxLabels(3), "want 64"},
		{"count mismatch", idxImages(3, 4, 4), idxLabels(2), "has 3 images but"},
		{"short header", []byte{0, 0, 8}, idxLabels(3), "too short"},
		{"broken gzip", []byte{0x1f, 0x8b, 1, 2, 3}, idxLabels(3), "gzip"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			os.WriteFile(filepath.Join(dir, "t10k-images-idx3-ubyte"), tc.images, 0o644)
			os.WriteFile(filepath.Join(dir, "t10k-labels-idx1-ubyte"), tc.labels, 0o644)
			s, err := LoadMNIST(dir, "test")
			if tc.want == "" {
				if err != nil || s.Len() != 3 || s.Shape != [3]int{1, 4, 4} {
					t.Fatalf("load failed: %v", err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), dir) {
				t.Fatalf("error %v should name the file and mention %q", err, tc.want)
			}
		})
	}
	if _, err := LoadMNIST(t.TempDir(), "test"); err == nil || !strings.Contains(err.Error(), "t10k-images") {
		t.Fatalf("missing files: %v", err)
	}
}

func TestCIFAR10(t *testing.T) {
	dir := t.TempDir()
	rec := make([]byte, 2*cifarRecord)
	rec[0], rec[cifarRecord] = 3, 9
	rec[1], rec[cifarRecord+1] = 255, 128
	os.WriteFile(filepath.Join(dir, "test_batch.bin"), rec, 0o644)
	s, err := Load("cifar10", dir, "test")
	if err != nil {
		t.Fatal(err)
	}
	if s.Len() != 2 || s.Labels[1] != 9 || s.Image(0)[0] != 1 || s.Shape != [3]int{3, 32, 32} {
		t.Fatalf("bad set: %d samples, labels %v", s.Len(), s.Labels)
	}
	os.WriteFile(filepath.Join(dir, "test_batch.bin"), rec[:100], 0o644)
	if _, err := Load("cifar10", dir, "test"); err == nil || !strings.Contains(err.Error(), "3073-byte") {
		t.Fatalf("truncated file: %v", err)
	}
	rec[0] = 11
	os.WriteFile(filepath.Join(dir, "test_batch.bin"), rec, 0o644)
	if _, err := Load("cifar10", dir, "test"); err == nil || !strings.Contains(err.Error(), "label 11") {
		t.Fatalf("bad label: %v", err)
	}
	if _, err := Load("cifar10", t.TempDir(), "train"); err == nil || !strings.Contains(err.Error(), "data_batch_1.bin") {
		t.Fatalf("missing files: %v", err)
	}
	if _, err := Load("svhn", dir, "test"); err == nil {
		t.Fatal("unknown data set accepted")
	}
}
