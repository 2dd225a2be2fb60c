package main

import (
	"debug/elf"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strings"
)

// libtorch describes one libtorch installation: where its headers and
// libraries are and the facts the cgo flags depend on.
type libtorch struct {
	Source    string   // "LIBTORCH" or "debian"
	Root      string   // the LIBTORCH folder, or "/usr" for Debian's libtorch-dev
	Includes  []string // -I folders, in order
	LibDir    string   // folder with libtorch.so
	Version   string   // from torch/version.h, e.g. "1.13.0"
	CUDA      bool     // libtorch_cuda.so is present
	ABI       int      // value of _GLIBCXX_USE_CXX11_ABI the libraries were built with
	ABISource string   // how ABI was found
	LibStamp  string   // size and mtime of libtorch_cpu.so: a reinstall changes the key
}

// debianPackages are the packages that provide libtorch and a fast BLAS on Debian.
var debianPackages = []string{"libtorch-dev", "libopenblas0-pthread"}

func multiarch() string {
	switch runtime.GOARCH {
	case "arm64":
		return "aarch64-linux-gnu"
	case "ppc64le":
		return "powerpc64le-linux-gnu"
	case "s390x":
		return "s390x-linux-gnu"
	}
	return "x86_64-linux-gnu"
}

// findLibtorch locates libtorch: the LIBTORCH variable first, then Debian's
// libtorch-dev, which it installs when missing and running as root.
func findLibtorch(install bool) (*libtorch, error) {
	if dir := os.Getenv("LIBTORCH"); dir != "" {
		return fromFolder(dir)
	}
	lt, err := fromDebian()
	if err == nil {
		checkOpenBLAS(install)
		return lt, nil
	}
	if !install || os.Geteuid() != 0 || !haveCommand("apt-get") {
		return nil, fmt.Errorf("libtorch not found (%v).\n"+
			"  Install Debian's package as root:  apt-get install -y %s\n"+
			"  or point LIBTORCH at a libtorch folder or a PyTorch install's torch/ folder\n"+
			"  (the one with include/ and lib/), e.g.\n"+
			"    LIBTORCH=$(python3 -c 'import torch, os; print(os.path.dirname(torch.__file__))') make torch",
			err, strings.Join(debianPackages, " "))
	}
	logf("libtorch not found; installing %s", strings.Join(debianPackages, " "))
	if err := aptInstall(debianPackages...); err != nil {
		return nil, err
	}
	return fromDebian()
}

func fromDebian() (*libtorch, error) {
	inc := "/usr/include/torch/csrc/api/include"
	lib := filepath.Join("/usr/lib", multiarch())
	if _, err := os.Stat(filepath.Join(inc, "torch", "version.h")); err != nil {
		return nil, errors.New("no /usr/include/torch (package libtorch-dev)")
	}
	if _, err := os.Stat(filepath.Join(lib, "libtorch.so")); err != nil {
		return nil, fmt.Errorf("no %s/libtorch.so (package libtorch-dev)", lib)
	}
	// /usr/include is searched by default; naming it with -I would reorder system headers.
	return complete(&libtorch{Source: "debian", Root: "/usr", Includes: []string{inc}, LibDir: lib})
}

// fromFolder accepts a libtorch folder (from the libtorch zip) or a PyTorch
// install's torch/ folder, both with include/ and lib/, or the usr/ folder
// of an unpacked Debian libtorch (libtorch-dev and libtorch2.x extracted
// with dpkg-deb -x), whose libraries are in lib/<multiarch>/.
func fromFolder(dir string) (*libtorch, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, err
	}
	if r, err := filepath.EvalSymlinks(abs); err == nil {
		abs = r
	}
	if strings.ContainsAny(abs, " \t\"'@") {
		return nil, fmt.Errorf("LIBTORCH=%q: cgo does not accept this path (spaces, quotes or @); use a symlink without them", abs)
	}
	lt := &libtorch{
		Source:   "LIBTORCH",
		Root:     abs,
		Includes: []string{filepath.Join(abs, "include"), filepath.Join(abs, "include", "torch", "csrc", "api", "include")},
		LibDir:   filepath.Join(abs, "lib"),
	}
	if _, err := os.Stat(filepath.Join(lt.LibDir, "libtorch.so")); err != nil {
		if deb := filepath.Join(abs, "lib", multiarch()); fileExists(filepath.Join(deb, "libtorch.so")) {
			lt.LibDir = deb
		}
	}
	for _, need := range []string{lt.Includes[1], filepath.Join(lt.LibDir, "libtorch.so")} {
		if _, err := os.Stat(need); err != nil {
			return nil, fmt.Errorf("LIBTORCH=%s is not a libtorch folder or a PyTorch torch/ folder: %s missing", dir, need)
		}
	}
	return complete(lt)
}

var pyVersionRE = regexp.MustCompile(`(?m)^__version__\s*=\s*['"]([^'"]+)['"]`)

// complete fills in version, CUDA and ABI.
func complete(lt *libtorch) (*libtorch, error) {
	api := lt.Includes[len(lt.Includes)-1]
	v, err := headerVersion(filepath.Join(api, "torch", "version.h"), slices.Concat(lt.Includes, []string{filepath.Join(lt.Root, "include")}))
	if err != nil {
		return nil, err
	}
	lt.Version = v
	// A PyTorch install says more (e.g. "2.11.0+cu130") in torch/version.py.
	if lt.Source == "LIBTORCH" {
		if b, err := os.ReadFile(filepath.Join(lt.Root, "version.py")); err == nil {
			if m := pyVersionRE.FindSubmatch(b); m != nil {
				lt.Version = string(m[1])
			}
		}
	}
	_, err = os.Stat(filepath.Join(lt.LibDir, "libtorch_cuda.so"))
	lt.CUDA = err == nil
	if fi, err := os.Stat(filepath.Join(lt.LibDir, "libtorch_cpu.so")); err == nil {
		lt.LibStamp = fmt.Sprintf("%d@%d", fi.Size(), fi.ModTime().Unix())
	} else {
		return nil, fmt.Errorf("%s/libtorch_cpu.so missing", lt.LibDir)
	}
	lt.ABI, lt.ABISource, err = detectABI(lt)
	return lt, err
}

var cmakeABIRE = regexp.MustCompile(`_GLIBCXX_USE_CXX11_ABI=([01])`)

// detectABI finds the libstdc++ ABI libtorch was built with. The dynamic
// symbols of libc10.so are the ground truth: a library built with the C++11
// ABI exports std::__cxx11 types (mangled "__cxx11"), one built with the old
// ABI defines none (imports from libstdc++ are not counted).
// TorchConfig.cmake is the fallback.
func detectABI(lt *libtorch) (int, string, error) {
	c10 := filepath.Join(lt.LibDir, "libc10.so")
	if f, err := elf.Open(c10); err == nil {
		defer f.Close()
		if syms, err := f.DynamicSymbols(); err == nil && len(syms) > 0 {
			for _, s := range syms {
				if s.Section != elf.SHN_UNDEF && strings.Contains(s.Name, "__cxx11") {
					return 1, "std::__cxx11 symbols in " + c10, nil
				}
			}
			return 0, "no std::__cxx11 symbols in " + c10, nil
		}
	}
	for _, p := range []string{
		filepath.Join(lt.Root, "share", "cmake", "Torch", "TorchConfig.cmake"),
		filepath.Join(lt.LibDir, "cmake", "Torch", "TorchConfig.cmake"),
	} {
		if b, err := os.ReadFile(p); err == nil {
			if m := cmakeABIRE.FindSubmatch(b); m != nil {
				return int(m[1][0] - '0'), p, nil
			}
		}
	}
	return 0, "", fmt.Errorf("cannot tell the C++ ABI of %s (no readable libc10.so, no TorchConfig.cmake)", lt.Root)
}

// checkOpenBLAS makes sure Debian's libtorch gets OpenBLAS rather than the
// reference BLAS (≈60× slower on large linear layers).
func checkOpenBLAS(install bool) {
	p := filepath.Join("/usr/lib", multiarch(), "openblas-pthread", "libblas.so.3")
	if _, err := os.Stat(p); err == nil {
		return
	}
	if install && os.Geteuid() == 0 && haveCommand("apt-get") {
		logf("OpenBLAS missing; installing libopenblas0-pthread")
		if err := aptInstall("libopenblas0-pthread"); err == nil {
			return
		}
	}
	logf("warning: libopenblas0-pthread is not installed; Debian's libtorch then uses the reference BLAS,\n" +
		"  about 60x slower on large linear layers. Install it: apt-get install -y libopenblas0-pthread")
}

func aptInstall(pkgs ...string) error {
	args := append([]string{"install", "-y"}, pkgs...)
	run := func(args ...string) error {
		cmd := exec.Command("apt-get", args...)
		cmd.Env = append(os.Environ(), "DEBIAN_FRONTEND=noninteractive")
		cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
		return cmd.Run()
	}
	if err := run(args...); err == nil {
		return nil
	}
	logf("apt-get install failed; running apt-get update and trying again")
	if err := run("update"); err != nil {
		return fmt.Errorf("apt-get update: %w", err)
	}
	if err := run(args...); err != nil {
		return fmt.Errorf("apt-get install %s: %w", strings.Join(pkgs, " "), err)
	}
	return nil
}

func fileExists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}

func haveCommand(name string) bool {
	_, err := exec.LookPath(name)
	return err == nil
}

func (lt *libtorch) kind() string {
	if lt.CUDA {
		return "CUDA"
	}
	return "CPU"
}

// cgoFlags are the #cgo lines for the copy's libtch/lib.go. The key goes in as
// a -D so that Go's build cache, which does not hash system headers, compiles
// again whenever the libtorch behind the flags changes.
func (lt *libtorch) cgoFlags(key string) []string {
	cpp := []string{"-I${SRCDIR}"}
	for _, inc := range lt.Includes {
		cpp = append(cpp, "-I"+inc)
	}
	cpp = append(cpp, fmt.Sprintf("-D_GLIBCXX_USE_CXX11_ABI=%d", lt.ABI), "-DVERIFY_GOTCHPREP_KEY="+key)
	ld := []string{"-L" + lt.LibDir}
	if !isSystemLibDir(lt.LibDir) {
		ld = append(ld, "-Wl,-rpath,"+lt.LibDir)
	}
	if lt.CUDA {
		// Nothing in gotch references libtorch_cuda directly; without
		// --no-as-needed the linker drops it and CUDA never registers.
		// Its own dependencies (cudart, cublas, … in PyTorch's nvidia/
		// packages) are found at run time through its RUNPATH.
		ld = append(ld, "-Wl,--no-as-needed", "-ltorch_cuda", "-lc10_cuda", "-Wl,--as-needed", "-Wl,--allow-shlib-undefined")
	}
	ld = append(ld, "-ltorch", "-ltorch_cpu", "-lc10", "-lstdc++")
	cxx := cxxStd(lt)
	if cxx == "-std=c++20" {
		// gotch's copy of stb_image_resize.h does arithmetic on two enum
		// types, which C++20 deprecates: 16 warnings per compile otherwise.
		cxx += " -Wno-deprecated-enum-enum-conversion"
	}
	return []string{
		"#cgo CPPFLAGS: " + strings.Join(cpp, " "),
		"#cgo CFLAGS: -O2 -Wall -Wno-unused-variable -Wno-deprecated-declarations -Wno-unused-function",
		"#cgo CXXFLAGS: " + cxx + " -O2 -Wno-deprecated-declarations -Wno-sign-compare -Wno-unused-variable -Wno-unused-function",
		"#cgo LDFLAGS: " + strings.Join(ld, " "),
	}
}

func isSystemLibDir(d string) bool {
	return d == "/usr/lib" || d == "/lib" || d == filepath.Join("/usr/lib", multiarch()) || d == filepath.Join("/lib", multiarch())
}
