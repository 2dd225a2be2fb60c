package corpus

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
	"testing"
)

// familyDigests pins the bytes every family writes: the SHA-256 of
// instances 0–11 at small size (every small grid point) and 0–5 at
// medium size, seed 7, written one after the other.
var familyDigests = map[string]string{
	"ksat-planted": "b184c98eb6056b77e48d1d55c23df5f87808e9bf61be4ccb8fb7478fb70b9e4b",
	"ksat":         "a1ba27e88abe1e5967ce6242359296131cfa2c5160a4856351ad50fb40f0414d",
	"color-gnp":    "f6c29748d38a1f95aa224746532a2b4b5648ba86a8af02e192485406c887338e",
	"color-struct": "09c7e4f164f0d73b3d18295c12b3294d5f6ad9f4574836509084be6e9f602632",
	"qcp":          "b5d971e970d905cd839a96729799474e12eb2c8504c235cdbba939f8756b825a",
	"card":         "78b0c4be404bd28a7109196c0c0601ab1e71e925ef7733cfca63fecc487f2f15",
	"parity":       "52a4ec65145f33fcec613999666000a1ac85dfb70e3b278b61320245da70fd4b",
	"factor":       "076839437155fb804cc2e563dbb77c1990deb7824abc7ef3fc6cbf7a899fd073",
	"adder-miter":  "9f674454f91492d5f30379df294dd1a5f02737b284e7b0f19c3d82122ae4535f",
}

func TestGridDigests(t *testing.T) {
	ctx := context.Background()
	for _, fam := range Grids() {
		t.Run(fam.Name, func(t *testing.T) {
			h := sha256.New()
			write := func(index int, size Size) {
				in, err := Generate(ctx, fam, 7, index, size)
				if err != nil {
					t.Fatal(err)
				}
				if err := in.WriteDIMACS(h); err != nil {
					t.Fatal(err)
				}
			}
			for i := range instancesPerFamily {
				write(i, Small)
			}
			for i := range 6 {
				write(i, Medium)
			}
			got := hex.EncodeToString(h.Sum(nil))
			if want := familyDigests[fam.Name]; got != want {
				t.Errorf("SHA-256 %s, pinned %s", got, want)
			}
		})
	}
}

// TestCorpusManifestDigest pins the manifest WriteCorpus writes (it holds
// every file's SHA-256 and the manifest's layout).
func TestGenManifestDigest(t *testing.T) {
	dir := t.TempDir()
	var fams []Grid
	for _, n := range []string{"card", "factor"} {
		f, err := GridByName(n)
		if err != nil {
			t.Fatal(err)
		}
		fams = append(fams, f)
	}
	if _, err := WriteGenerated(context.Background(), GenSpec{Dir: dir, Seed: 3, Count: 2, Families: fams, Jobs: 2}, nil); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(filepath.Join(dir, GenManifestName))
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(bytes.TrimSpace(data))
	if got, want := hex.EncodeToString(sum[:]), "4fb24c71a19c752065b251ff8578e9fbd41e546df286fcf3c6e5faed8f4382cb"; got != want {
		t.Errorf("manifest SHA-256 %s, pinned %s\n%s", got, want, data)
	}
}
