package main

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
)

var (
	versionRE = regexp.MustCompile(`(?m)^\s*#\s*define\s+TORCH_VERSION_(MAJOR|MINOR|PATCH)\s+(\d+)`)
	includeRE = regexp.MustCompile(`(?m)^\s*#\s*include\s*[<"]([^>"]+)[>"]`)
)

// headerVersion reads libtorch's version ("2.14.1") from torch/version.h.
// Up to PyTorch 2.8 that file defines TORCH_VERSION_MAJOR/MINOR/PATCH
// itself; later releases only include torch/headeronly/version.h, so the
// headers it includes are followed, looked up in the include folders dirs.
func headerVersion(path string, dirs []string) (string, error) {
	parts := map[string]string{}
	seen := map[string]bool{}
	var read func(p string, depth int) error
	read = func(p string, depth int) error {
		if seen[p] {
			return nil
		}
		seen[p] = true
		b, err := os.ReadFile(p)
		if err != nil {
			return fmt.Errorf("reading libtorch's version: %w", err)
		}
		for _, m := range versionRE.FindAllStringSubmatch(string(b), -1) {
			parts[m[1]] = m[2]
		}
		if len(parts) == 3 || depth == 3 {
			return nil
		}
		for _, m := range includeRE.FindAllStringSubmatch(string(b), -1) {
			for _, d := range dirs {
				inc := filepath.Join(d, m[1])
				if _, err := os.Stat(inc); err == nil {
					if err := read(inc, depth+1); err != nil {
						return err
					}
					break
				}
			}
		}
		return nil
	}
	if err := read(path, 0); err != nil {
		return "", err
	}
	if len(parts) != 3 {
		return "", fmt.Errorf("%s: no TORCH_VERSION_MAJOR/MINOR/PATCH, neither in it nor in the headers it includes", path)
	}
	return parts["MAJOR"] + "." + parts["MINOR"] + "." + parts["PATCH"], nil
}
