package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// fakeTorch lays out a PyTorch install's torch/ folder (CUDA wheel) with
// empty libraries; libc10.so is not ELF, so the ABI comes from TorchConfig.cmake.
func fakeTorch(t *testing.T, cuda bool, guard string) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "torch")
	files := map[string]string{
		"include/torch/csrc/api/include/torch/version.h": "#pragma once\n#define TORCH_VERSION_MAJOR 2\n#define TORCH_VERSION_MINOR 11\n#define TORCH_VERSION_PATCH 0\n",
		"include/torch/csrc/api/include/torch/all.h":     guard,
		"version.py":                          "__version__ = '2.11.0+cu130'\ngit_version = 'x'\n",
		"share/cmake/Torch/TorchConfig.cmake": `set(TORCH_CXX_FLAGS "-D_GLIBCXX_USE_CXX11_ABI=1")` + "\n",
		"lib/libtorch.so":                     "",
		"lib/libtorch_cpu.so":                 "",
		"lib/libc10.so":                       "not elf",
	}
	if cuda {
		files["lib/libtorch_cuda.so"] = ""
		files["lib/libc10_cuda.so"] = ""
	}
	for rel, body := range files {
		p := filepath.Join(dir, rel)
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func TestPyTorchFolderCUDA(t *testing.T) {
	dir := fakeTorch(t, true, "#if !defined(_MSC_VER) && __cplusplus < 201703L\n#error C++17 or later compatible compiler is required to use PyTorch.\n#endif\n")
	lt, err := fromFolder(dir)
	if err != nil {
		t.Fatal(err)
	}
	if lt.Version != "2.11.0+cu130" || !lt.CUDA || lt.ABI != 1 || !strings.HasSuffix(lt.ABISource, "TorchConfig.cmake") {
		t.Errorf("facts %+v", lt)
	}
	if got := strings.Join(lt.Includes, " "); got != dir+"/include "+dir+"/include/torch/csrc/api/include" {
		t.Errorf("includes %s", got)
	}
	flags := strings.Join(lt.cgoFlags("abc123"), "\n")
	for _, want := range []string{
		"-I" + dir + "/include ", "-D_GLIBCXX_USE_CXX11_ABI=1", "-DVERIFY_GOTCHPREP_KEY=abc123",
		"-L" + dir + "/lib", "-Wl,-rpath," + dir + "/lib",
		"-Wl,--no-as-needed -ltorch_cuda -lc10_cuda -Wl,--as-needed", "-ltorch -ltorch_cpu -lc10", "-std=c++17",
	} {
		if !strings.Contains(flags, want) {
			t.Errorf("flags lack %q:\n%s", want, flags)
		}
	}
}

func TestPyTorchFolderCPUAndCXX20(t *testing.T) {
	dir := fakeTorch(t, false, "#if !defined(_MSC_VER) && __cplusplus < 202002L\n#error C++20 or later compatible compiler is required to use PyTorch.\n#endif\n")
	lt, err := fromFolder(dir)
	if err != nil {
		t.Fatal(err)
	}
	flags := strings.Join(lt.cgoFlags("k"), "\n")
	if lt.CUDA || strings.Contains(flags, "cuda") {
		t.Errorf("CPU libtorch got CUDA flags:\n%s", flags)
	}
	if !strings.Contains(flags, "-std=c++20 -Wno-deprecated-enum-enum-conversion") {
		t.Errorf("C++20 guard not honoured:\n%s", flags)
	}
}

func TestNotALibtorchFolder(t *testing.T) {
	if _, err := fromFolder(t.TempDir()); err == nil || !strings.Contains(err.Error(), "not a libtorch folder") {
		t.Errorf("err = %v", err)
	}
}

// On a machine with Debian's libtorch-dev the ELF probe must find the C++11 ABI.
func TestDebianLibtorch(t *testing.T) {
	lt, err := fromDebian()
	if err != nil {
		t.Skip("no Debian libtorch-dev here:", err)
	}
	if lt.ABI != 1 || !strings.Contains(lt.ABISource, "__cxx11") || lt.CUDA {
		t.Errorf("Debian libtorch facts %+v", lt)
	}
	for _, f := range lt.cgoFlags("k") {
		if strings.Contains(f, "rpath") {
			t.Errorf("rpath to a system folder: %s", f)
		}
	}
}

// An unpacked Debian libtorch (dpkg-deb -x of libtorch-dev and libtorch2.x)
// is a usr/ folder whose libraries are in lib/<multiarch>/ and whose
// version.h only includes torch/headeronly/version.h, as in Debian's 2.14.
func TestUnpackedDebianFolder(t *testing.T) {
	usr := filepath.Join(t.TempDir(), "usr")
	lib := "lib/" + multiarch() + "/"
	for rel, body := range map[string]string{
		"include/torch/csrc/api/include/torch/version.h": "#include <torch/headeronly/version.h>\n",
		"include/torch/headeronly/version.h":             "#define TORCH_VERSION_MAJOR 2\n#define TORCH_VERSION_MINOR 14\n#define TORCH_VERSION_PATCH 1\n",
		"include/torch/csrc/api/include/torch/all.h":     "#if !defined(_MSC_VER) && __cplusplus < 202002L\n#error C++20 or later compatible compiler is required to use PyTorch.\n#endif\n",
		lib + "libtorch.so":                              "",
		lib + "libtorch_cpu.so":                          "",
		lib + "libc10.so":                                "not elf",
		lib + "cmake/Torch/TorchConfig.cmake":            `set(TORCH_CXX_FLAGS "-D_GLIBCXX_USE_CXX11_ABI=1")` + "\n",
	} {
		p := filepath.Join(usr, rel)
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	lt, err := fromFolder(usr)
	if err != nil {
		t.Fatal(err)
	}
	if lt.Version != "2.14.1" || lt.CUDA || lt.ABI != 1 || lt.LibDir != filepath.Join(usr, "lib", multiarch()) {
		t.Errorf("facts %+v", lt)
	}
	flags := strings.Join(lt.cgoFlags("k"), "\n")
	for _, want := range []string{"-I" + usr + "/include ", "-std=c++20", "-L" + lt.LibDir, "-Wl,-rpath," + lt.LibDir} {
		if !strings.Contains(flags, want) {
			t.Errorf("flags lack %q:\n%s", want, flags)
		}
	}
}

func TestPrintDropped(t *testing.T) {
	out := t.TempDir()
	st := stamp{DroppedC: []string{"atg_qr", "atg_x"}, DroppedWhy: map[string]string{"atg_qr": "‘qr’ is not a member of ‘torch’"}}
	b, _ := json.Marshal(st)
	os.MkdirAll(filepath.Join(out, "gotch"), 0o755)
	if err := os.WriteFile(filepath.Join(out, "gotch", stampName), b, 0o644); err != nil {
		t.Fatal(err)
	}
	var w strings.Builder
	if err := printDropped(&w, out); err != nil {
		t.Fatal(err)
	}
	if want := "atg_qr: ‘qr’ is not a member of ‘torch’\natg_x: (no reason recorded)\n"; w.String() != want {
		t.Errorf("printed %q, want %q", w.String(), want)
	}
	if err := printDropped(&w, t.TempDir()); err == nil {
		t.Error("no stamp, no error")
	}
}
