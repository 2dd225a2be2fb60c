package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestHeaderVersion(t *testing.T) {
	const defines = "#pragma once\n#define TORCH_VERSION_MAJOR 2\n#define TORCH_VERSION_MINOR 14\n#define TORCH_VERSION_PATCH 1\n"
	tests := []struct {
		name    string
		files   map[string]string // relative to the include folder
		want    string
		wantErr string
	}{
		{"defines in version.h (up to 2.8)", map[string]string{
			"api/torch/version.h": "#pragma once\n#define TORCH_VERSION_MAJOR 1\n#define TORCH_VERSION_MINOR 13\n#define TORCH_VERSION_PATCH 0\n",
		}, "1.13.0", ""},
		{"version.h includes torch/headeronly/version.h (2.9 on)", map[string]string{
			"api/torch/version.h":            "#if !defined(TORCH_STABLE_ONLY)\n#include <torch/headeronly/version.h>\n#else\n#error no\n#endif\n",
			"inc/torch/headeronly/version.h": defines,
		}, "2.14.1", ""},
		{"included header missing", map[string]string{
			"api/torch/version.h": "#include <torch/headeronly/version.h>\n",
		}, "", "no TORCH_VERSION_MAJOR"},
		{"an include cycle ends", map[string]string{
			"api/torch/version.h": "#include \"torch/version.h\"\n#define TORCH_VERSION_MAJOR 2\n",
		}, "", "no TORCH_VERSION_MAJOR"},
		{"no version.h", map[string]string{}, "", "reading libtorch's version"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			for rel, body := range tc.files {
				p := filepath.Join(dir, rel)
				os.MkdirAll(filepath.Dir(p), 0o755)
				if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			got, err := headerVersion(filepath.Join(dir, "api/torch/version.h"), []string{filepath.Join(dir, "inc"), filepath.Join(dir, "api")})
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("err = %v, want %q", err, tc.wantErr)
				}
				return
			}
			if err != nil || got != tc.want {
				t.Fatalf("got %q, %v; want %q", got, err, tc.want)
			}
		})
	}
}
