// Command gotchprep prepares the libtorch build of verify: it locates
// libtorch, copies gotch from the module cache into the ignored build folder,
// drops the generated bindings that this libtorch cannot compile, writes cgo
// flags matching its location, CPU/CUDA flavour and C++ ABI, and writes
// build/go.torch.mod, the project's go.mod plus a replace of gotch by that
// copy, for `go build -modfile=build/go.torch.mod -tags torch`.
//
// Nothing outside the build folder changes. A stamp keyed by the libtorch
// (location, version, flavour, ABI, library file) and by this program's
// version makes a second run a no-op. See docs/torch.md.
package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"time"
)

const (
	gotchPath    = "github.com/sugarme/gotch"
	gotchVersion = "v0.9.1"
	// prepVersion changes whenever the preparation produces different output.
	prepVersion = "5"
)

// stamp is written to build/gotch/VERIFY_PREPARED.json after a successful
// preparation.
type stamp struct {
	Key         string            `json:"key"`     // prepKey
	LibKey      string            `json:"lib_key"` // libKey, in the cgo flags
	Gotch       string            `json:"gotch"`
	Libtorch    *libtorch         `json:"libtorch"`
	DroppedC    []string          `json:"dropped_c"`
	DroppedWhy  map[string]string `json:"dropped_why"` // dropped C binding -> the compiler's first error in it
	DroppedGo   []string          `json:"dropped_go"`
	KeptAlive   int               `json:"kept_alive"`  // functions patched by keepArgsAlive
	SizedSlots  int               `json:"sized_slots"` // allocations patched by sizeOutSlots
	PreparedAt  string            `json:"prepared_at"`
	PrepSeconds float64           `json:"prep_seconds"`
}

const stampName = "VERIFY_PREPARED.json"

var (
	quiet  bool
	srcDir string // pristine gotch folder; "" = the module cache
)

func logf(format string, args ...any) {
	if !quiet {
		fmt.Fprintf(os.Stderr, "gotchprep: "+format+"\n", args...)
	}
}

func main() {
	out := flag.String("out", "build", "ignored folder that receives the gotch copy and go.torch.mod")
	force := flag.Bool("force", false, "prepare again even when the stamp matches")
	install := flag.Bool("install", true, "install Debian's libtorch-dev and OpenBLAS with apt-get when missing and running as root")
	show := flag.Bool("print", false, "print the libtorch found and the cgo flags, change nothing")
	listDropped := flag.Bool("dropped", false, "after preparing, print the dropped C bindings to stdout, one per line with the compiler's reason")
	flag.StringVar(&srcDir, "src", os.Getenv("GOTCHPREP_SRC"), "pristine gotch "+gotchVersion+" folder to copy (default: from the module cache, downloading it if needed; env GOTCHPREP_SRC)")
	flag.BoolVar(&quiet, "q", false, "log nothing when the copy is up to date")
	flag.Parse()
	if err := run(*out, *force, *install, *show); err != nil {
		fmt.Fprintln(os.Stderr, "gotchprep:", err)
		os.Exit(1)
	}
	if *listDropped && !*show {
		if err := printDropped(os.Stdout, *out); err != nil {
			fmt.Fprintln(os.Stderr, "gotchprep:", err)
			os.Exit(1)
		}
	}
}

func run(out string, force, install, show bool) error {
	root, err := moduleRoot()
	if err != nil {
		return err
	}
	if !filepath.IsAbs(out) {
		out = filepath.Join(root, out)
	}
	lt, err := findLibtorch(install && !show)
	if err != nil {
		return err
	}
	key := prepKey(lt)
	dest := filepath.Join(out, "gotch")
	if show {
		b, _ := json.MarshalIndent(lt, "", "  ")
		fmt.Printf("%s\nkey %s\n%s\n", b, key, strings.Join(lt.cgoFlags(libKey(lt)), "\n"))
		return nil
	}
	if !force {
		if st, err := readStamp(dest); err == nil && st.Key == key {
			logf("gotch copy up to date (libtorch %s %s at %s, %d bindings dropped)", lt.Version, lt.kind(), lt.Root, len(st.DroppedC))
			return writeModfile(root, out)
		}
	}
	quiet = false
	if err := ensureCompiler(install); err != nil {
		return err
	}
	t0 := time.Now()
	logf("libtorch %s (%s) at %s: headers %s, libraries %s, C++11 ABI=%d (%s)",
		lt.Version, lt.kind(), lt.Root, strings.Join(lt.Includes, " "), lt.LibDir, lt.ABI, lt.ABISource)
	src := srcDir
	if src == "" {
		if src, err = gotchDir(root); err != nil {
			return err
		}
	}
	tmp := dest + ".tmp"
	if err := os.RemoveAll(tmp); err != nil {
		return err
	}
	logf("copying %s into %s", src, dest)
	if err := copyTree(src, tmp); err != nil {
		return err
	}
	libtch := filepath.Join(tmp, "libtch")
	droppedC, why, err := dropUncompilable(libtch, lt)
	if err != nil {
		return err
	}
	droppedGo, err := dropCgoCallers(libtch, droppedC)
	if err != nil {
		return err
	}
	more, err := dropGoDependents(tmp, gotchPath)
	if err != nil {
		return err
	}
	droppedGo = append(droppedGo, more...)
	logf("dropped %d C bindings and %d Go functions that call them", len(droppedC), len(droppedGo))
	kept := 0
	for _, dir := range []string{tmp, filepath.Join(tmp, "ts")} {
		n, err := keepArgsAlive(dir)
		if err != nil {
			return fmt.Errorf("keeping arguments alive in %s: %w", dir, err)
		}
		kept += n
	}
	logf("kept the arguments of %d functions alive across their libtorch calls", kept)
	slots, err := sizeOutSlots(filepath.Join(tmp, "ts"))
	if err != nil {
		return fmt.Errorf("sizing output slots: %w", err)
	}
	logf("sized and freed %d output-slot allocations", slots)
	if err := writeLibGo(libtch, lt, libKey(lt)); err != nil {
		return err
	}
	st := stamp{Key: key, LibKey: libKey(lt), Gotch: gotchPath + "@" + gotchVersion, Libtorch: lt, DroppedC: droppedC, DroppedWhy: why, DroppedGo: droppedGo, KeptAlive: kept, SizedSlots: slots,
		PreparedAt: time.Now().UTC().Format(time.RFC3339), PrepSeconds: time.Since(t0).Seconds()}
	b, _ := json.MarshalIndent(st, "", "  ")
	if err := os.WriteFile(filepath.Join(tmp, stampName), append(b, '\n'), 0o644); err != nil {
		return err
	}
	if err := os.RemoveAll(dest); err != nil {
		return err
	}
	if err := os.Rename(tmp, dest); err != nil {
		return err
	}
	logf("prepared %s in %.0fs", dest, time.Since(t0).Seconds())
	return writeModfile(root, out)
}

// ensureCompiler makes sure a C++ compiler is there: the preparation runs it,
// and so does cgo for gotch's wrapper.
func ensureCompiler(install bool) error {
	cxx := os.Getenv("CXX")
	if cxx == "" {
		cxx = "g++"
	}
	if haveCommand(cxx) {
		return nil
	}
	if cxx == "g++" && install && os.Geteuid() == 0 && haveCommand("apt-get") {
		logf("g++ not found; installing it")
		return aptInstall("g++")
	}
	return fmt.Errorf("no C++ compiler %q: install g++ (apt-get install -y g++) or set CXX", cxx)
}

func moduleRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for d := dir; ; d = filepath.Dir(d) {
		if _, err := os.Stat(filepath.Join(d, "go.mod")); err == nil {
			return d, nil
		}
		if filepath.Dir(d) == d {
			return "", fmt.Errorf("no go.mod above %s", dir)
		}
	}
}

// libKey identifies the libtorch: its location, version, flavour, ABI and
// library file. It goes into the copy's cgo flags, so that Go's build cache,
// which hashes the package's files and flags but not system headers,
// compiles again for a different libtorch. It leaves out this program's
// version: a new gotchprep whose output is unchanged keeps the cached compile.
func libKey(lt *libtorch) string {
	h := sha256.New()
	fmt.Fprintln(h, runtime.GOOS, runtime.GOARCH, lt.Source, lt.Root, strings.Join(lt.Includes, ":"), lt.LibDir, lt.Version, lt.CUDA, lt.ABI, lt.LibStamp)
	return hex.EncodeToString(h.Sum(nil))[:16]
}

// prepKey identifies one preparation: the same key means the same copy.
func prepKey(lt *libtorch) string {
	h := sha256.New()
	fmt.Fprintln(h, prepVersion, gotchPath, gotchVersion, libKey(lt))
	return hex.EncodeToString(h.Sum(nil))[:16]
}

func readStamp(dest string) (*stamp, error) {
	b, err := os.ReadFile(filepath.Join(dest, stampName))
	if err != nil {
		return nil, err
	}
	var st stamp
	return &st, json.Unmarshal(b, &st)
}

// gotchDir returns gotch's folder in the module cache, downloading it
// through the module proxy when it is not there yet.
func gotchDir(root string) (string, error) {
	cmd := exec.Command("go", "mod", "download", "-json", gotchPath+"@"+gotchVersion)
	cmd.Dir = root
	cmd.Stderr = os.Stderr
	b, err := cmd.Output()
	if err != nil {
		return "", fmt.Errorf("go mod download %s@%s: %w", gotchPath, gotchVersion, err)
	}
	var m struct{ Dir, Error string }
	if err := json.Unmarshal(b, &m); err != nil {
		return "", err
	}
	if m.Error != "" || m.Dir == "" {
		return "", fmt.Errorf("go mod download %s@%s: %s", gotchPath, gotchVersion, m.Error)
	}
	return m.Dir, nil
}

// copyTree copies a read-only module-cache folder into a writable one.
func copyTree(src, dst string) error {
	return filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		to := filepath.Join(dst, rel)
		if d.IsDir() {
			return os.MkdirAll(to, 0o755)
		}
		if !d.Type().IsRegular() {
			return nil
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(to, b, 0o644)
	})
}

// writeLibGo replaces libtch/lib.go (gotch's cgo flags, made for its own
// libtorch download with CUDA) and records what the copy was prepared for in
// libtch/verify_prepared.go.
func writeLibGo(libtch string, lt *libtorch, key string) error {
	var b bytes.Buffer
	fmt.Fprintf(&b, "package libtch\n\n// Written by verify's cmd/gotchprep for libtorch %s (%s) at %s. Do not edit.\n\n", lt.Version, lt.kind(), lt.Root)
	for _, l := range lt.cgoFlags(key) {
		fmt.Fprintf(&b, "// %s\n", l)
	}
	b.WriteString("import \"C\"\n")
	if err := os.WriteFile(filepath.Join(libtch, "lib.go"), b.Bytes(), 0o644); err != nil {
		return err
	}
	b.Reset()
	fmt.Fprintf(&b, `package libtch

// Facts about the libtorch this copy of gotch was prepared for, written by
// verify's cmd/gotchprep. Upstream gotch has no such file.
const (
	PreparedLibtorchVersion = %q
	PreparedLibtorchRoot    = %q
	PreparedLibtorchCUDA    = %t
	PreparedCXX11ABI        = %d
	PreparedLibtorchKey     = %q
)
`, lt.Version, lt.Root, lt.CUDA, lt.ABI, key)
	return os.WriteFile(filepath.Join(libtch, "verify_prepared.go"), b.Bytes(), 0o644)
}

// writeModfile writes out/go.torch.mod (the project's go.mod plus a replace
// of gotch by the prepared copy) and out/go.torch.sum (a copy of go.sum), but
// only when their content changes.
func writeModfile(root, out string) error {
	mod, err := os.ReadFile(filepath.Join(root, "go.mod"))
	if err != nil {
		return err
	}
	if !bytes.Contains(mod, []byte(gotchPath+" ")) {
		return fmt.Errorf("go.mod does not require %s; run: go get %s@%s", gotchPath, gotchPath, gotchVersion)
	}
	rel, err := filepath.Rel(root, filepath.Join(out, "gotch"))
	if err != nil || strings.HasPrefix(rel, "..") {
		rel = filepath.Join(out, "gotch") // outside the module: absolute
	} else {
		rel = "./" + filepath.ToSlash(rel)
	}
	// Relative replace paths are resolved from the main module's root (the
	// folder of go.mod), not from the folder of the -modfile.
	mod = append(mod, fmt.Sprintf("\n// Added by cmd/gotchprep: build against the prepared copy.\nreplace %s => %s\n", gotchPath, rel)...)
	sum, err := os.ReadFile(filepath.Join(root, "go.sum"))
	if err != nil && !os.IsNotExist(err) {
		return err
	}
	if err := writeIfChanged(filepath.Join(out, "go.torch.mod"), mod); err != nil {
		return err
	}
	return writeIfChanged(filepath.Join(out, "go.torch.sum"), sum)
}

func writeIfChanged(path string, b []byte) error {
	if old, err := os.ReadFile(path); err == nil && bytes.Equal(old, b) {
		return nil
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	return os.WriteFile(path, b, 0o644)
}
