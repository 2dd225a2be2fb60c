package data

import (
	"fmt"
	"path/filepath"
)

// cifarRecord is the size of one CIFAR-10 binary record: a label byte and
// 3x32x32 pixel bytes, channel-major.
const cifarRecord = 1 + 3*32*32

// LoadCIFAR10 reads the CIFAR-10 binary version (data_batch_1.bin ...
// data_batch_5.bin for train, test_batch.bin for test) from dir or from
// dir/cifar-10-batches-bin.
func LoadCIFAR10(dir, split string) (*Set, error) {
	names := []string{"test_batch.bin"}
	if split == "train" {
		names = []string{"data_batch_1.bin", "data_batch_2.bin", "data_batch_3.bin", "data_batch_4.bin", "data_batch_5.bin"}
	}
	if _, _, err := findFile(dir, names[0]); err != nil {
		if _, _, err2 := findFile(filepath.Join(dir, "cifar-10-batches-bin"), names[0]); err2 == nil {
			dir = filepath.Join(dir, "cifar-10-batches-bin")
		}
	}
	s := &Set{Dataset: "cifar10", Split: split, Shape: [3]int{3, 32, 32}, Classes: 10}
	for _, n := range names {
		path, name, err := findFile(dir, n)
		if err != nil {
			return nil, fmt.Errorf("CIFAR-10 %s: %w (the binary version, cifar-10-binary.tar.gz, unpacked)", split, err)
		}
		buf, rec, err := readFile(path, name)
		if err != nil {
			return nil, err
		}
		if len(buf) == 0 || len(buf)%cifarRecord != 0 {
			return nil, fmt.Errorf("%s: %d bytes is not a whole number of %d-byte CIFAR-10 records", path, len(buf), cifarRecord)
		}
		for off := 0; off < len(buf); off += cifarRecord {
			label := buf[off]
			if label > 9 {
				return nil, fmt.Errorf("%s: record %d has label %d (want 0-9)", path, off/cifarRecord, label)
			}
			s.Labels = append(s.Labels, label)
			s.Raw = append(s.Raw, buf[off+1:off+cifarRecord]...)
		}
		s.Files = append(s.Files, rec)
	}
	return s, nil
}
