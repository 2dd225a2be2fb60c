package data

import (
	"bytes"
	"strings"
	"testing"
)

func TestHoldout(t *testing.T) {
	s := &Set{Dataset: "mnist", Split: "train", Shape: [3]int{1, 2, 2}, Classes: 10,
		Raw: []byte{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}, Labels: []uint8{7, 8, 9}}
	train, held, err := s.Holdout(1)
	if err != nil {
		t.Fatal(err)
	}
	if train.Len() != 2 || !bytes.Equal(train.RawImage(1), []byte{4, 5, 6, 7}) || train.Split != "train" {
		t.Fatalf("training part: %d samples, %v", train.Len(), train.Raw)
	}
	if held.Len() != 1 || !bytes.Equal(held.RawImage(0), []byte{8, 9, 10, 11}) || held.Labels[0] != 9 || held.Split != "holdout" {
		t.Fatalf("held-out part: %d samples, %v %v", held.Len(), held.Raw, held.Labels)
	}
	// appending to the training part must not overwrite the held-out one
	train.Labels = append(train.Labels, 0)
	if held.Labels[0] != 9 {
		t.Fatal("the parts share capacity")
	}
	for _, n := range []int{0, -1, 3, 4} {
		if _, _, err := s.Holdout(n); err == nil || !strings.Contains(err.Error(), "0 < N < 3") {
			t.Errorf("Holdout(%d): %v", n, err)
		}
	}
}
