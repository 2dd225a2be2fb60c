package gen

import (
	"crypto/sha256"
	"encoding/hex"
	"testing"
)

// familyDigests pins the bytes every family writes at its small setting
// and its other branch (digestExtra), seeds 7 and 8 (the hard suites pin
// larger instances by SHA-256).
var familyDigests = map[string]string{
	"factor":       "29ae512f2c69ece2a1e3928756dc2d6220cac639f5a751a1e6c6cefbd6d286b7",
	"miter":        "89d193f6a468df56b5fae4f421c6f2e5a5f25bdad4ec510ee54b011d03cbf060",
	"arx":          "8d987819ce9d549f85502d58c787dfbe8554df204379b6e8d67ad4a750e719aa",
	"latin":        "7b10a546e0d3f4261ecbb2165c6622c00bc2777383a26b29dba6abc6cb1bd28b",
	"colour":       "c1c39046428459aa863a22498a7a156766fc0a3921b6f16fc9b63eb38c6f384c",
	"pigeon":       "f6872b545523ce67453e22c9e54f0b0f470b125c74fde72ae3f28da1b4f8fc11",
	"tseitin":      "5ba72676c8fd7c6b8de0b3f70cc38d1166f716434af752cdaec2a51b8874e408",
	"xorsat":       "85c915ba260f15054bf36f49f90db341271f692aa04bde00c71cee134bcc11e0",
	"ksat":         "c2b1c37017359ebfd45dd1580dd9c1dc23b2b2437e75f02553ac8beca3ad92c3",
	"ksat-clauses": "e61a61994e98ae08bc2c9bae821b6cac87176c188e9c76316820a1577f2dc27d",
	"color-gnp":    "d4e6af0721560bb4642ba6963e417db9a3b693ad5602bbded613802e7dc04ea0",
	"color-struct": "30e07ab08f19cd4e9892acbd84f0f7120b5798e0d5c0a752b1c8dff5183d4da4",
	"qcp":          "612946d74f2dbe46184b02f7c0dd9f4d712faaa30b2b60b6cf54ec65d4ce33ca",
	"card":         "161e52d2a3e31d16097f7e90c2855c973cd95fc39e03e38bf80bbb678e600eb7",
	"parity":       "8fd50089b6f677179adc6d774e2ab7a819d52b2029663e318b2f54719807df3e",
	"adder-miter":  "603e59eb99a09302feb70e1907619dbe2410e20a6da2108aaf58fe5a14952903",
}

var digestExtra = map[string][]string{
	"factor": {"bits=16", "prime=1"},
	"colour": {"n=40", "k=3", "deg=300", "planted=0"},
	"ksat":   {"k=3", "n=40", "ratio=4000", "planted=0"},
}

func TestFamilyDigests(t *testing.T) {
	for _, f := range Families() {
		t.Run(f.Name, func(t *testing.T) {
			h := sha256.New()
			for _, settings := range [][]string{small[f.Name], digestExtra[f.Name]} {
				if settings == nil {
					continue
				}
				for _, seed := range []uint64{7, 8} {
					b, _ := generate(t, f, seed, settings)
					h.Write(b)
				}
			}
			if got, want := hex.EncodeToString(h.Sum(nil)), familyDigests[f.Name]; got != want {
				t.Errorf("SHA-256 %s, pinned %s", got, want)
			}
		})
	}
}
