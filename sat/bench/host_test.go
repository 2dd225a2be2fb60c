package bench

import (
	"os"
	"runtime"
	"testing"
)

func TestParseCPUInfo(t *testing.T) {
	tests := []struct {
		name, info string
		want       Host
	}{
		{"x86", "processor\t: 0\nvendor_id\t: GenuineIntel\nmodel name\t: Intel(R) Xeon(R)  Gold 6130 CPU @ 2.10GHz\n\n" +
			"processor\t: 1\nmodel name\t: Intel(R) Xeon(R)  Gold 6130 CPU @ 2.10GHz\n", Host{"Intel(R) Xeon(R) Gold 6130 CPU @ 2.10GHz", 2}},
		{"arm without a model name", "processor\t: 0\nBogoMIPS\t: 50.00\nCPU implementer\t: 0x41\n\nprocessor\t: 1\n", Host{"", 2}},
		{"raspberry pi", "processor\t: 0\nmodel name\t: ARMv7 Processor rev 4 (v7l)\n\nModel\t\t: Raspberry Pi 3 Model B Rev 1.2\n", Host{"ARMv7 Processor rev 4 (v7l)", 1}},
		{"empty", "", Host{}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := parseCPUInfo([]byte(tc.info)); got != tc.want {
				t.Errorf("got %+v, want %+v", got, tc.want)
			}
		})
	}
}

func TestThisHost(t *testing.T) {
	h := ThisHost()
	if h.CPUModel == "" || h.CPUs < 1 {
		t.Fatalf("ThisHost() = %+v", h)
	}
	if _, err := os.Stat("/proc/cpuinfo"); err != nil && h.CPUModel != runtime.GOARCH {
		t.Errorf("without /proc/cpuinfo the model should be %s, got %q", runtime.GOARCH, h.CPUModel)
	}
}
