package bench

import (
	"os"
	"path/filepath"
	"testing"
)

func TestCactusWithNothingSolved(t *testing.T) {
	recs := []Record{
		{Instance: "a.cnf", Solver: "x", Status: StatusTimeout, Time: 60, Timeout: 60},
		{Instance: "a.cnf", Solver: "y", Status: StatusUnknown, Time: 3, Timeout: 60},
	}
	name := filepath.Join(t.TempDir(), "cactus.png")
	if err := Cactus(recs, []string{"x", "y"}, ClockWall, name); err != nil {
		t.Fatal(err)
	}
	if st, err := os.Stat(name); err != nil || st.Size() == 0 {
		t.Fatalf("no plot written: %v", err)
	}
}
