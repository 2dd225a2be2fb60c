package main

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"
)

// The generated C++ of gotch: one function per binding in
// libtch/torch_api_generated.cpp.h, its declaration in torch_api_generated.h.
const (
	genCpp = "torch_api_generated.cpp.h"
	genH   = "torch_api_generated.h"
)

// cfunc is one generated function: lines [start, end] (1-based) of genCpp.
type cfunc struct {
	name       string
	start, end int
}

var cfuncStartRE = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_ \*]*\b(atg_[A-Za-z0-9_]+)\(.*\{\s*$`)

func parseGenCpp(lines []string) ([]cfunc, error) {
	var fns []cfunc
	in := -1
	for i, l := range lines {
		if in < 0 {
			if m := cfuncStartRE.FindStringSubmatch(l); m != nil {
				in = len(fns)
				fns = append(fns, cfunc{name: m[1], start: i + 1})
			}
			continue
		}
		if l == "}" {
			fns[in].end = i + 1
			in = -1
		}
	}
	if in >= 0 {
		return nil, fmt.Errorf("%s: function %s never closes", genCpp, fns[in].name)
	}
	if len(fns) == 0 {
		return nil, fmt.Errorf("%s: no generated functions found", genCpp)
	}
	return fns, nil
}

// cxxStd picks the C++ standard libtorch's headers demand: C++17 since
// PyTorch 2.1; a release that moves to C++20 says so in an #error guard.
func cxxStd(lt *libtorch) string {
	guard := regexp.MustCompile(`__cplusplus\s*<\s*202002L[^\n]*\n\s*#\s*error`)
	for _, inc := range lt.Includes {
		for _, h := range []string{"torch/all.h", "c10/util/C++17.h", "c10/macros/Macros.h"} {
			if b, err := os.ReadFile(filepath.Join(inc, h)); err == nil && guard.Match(b) {
				return "-std=c++20"
			}
		}
	}
	return "-std=c++17"
}

var diagRE = regexp.MustCompile(`^(.*?):(\d+):(\d+):\s+(fatal error|error|note|required from|in expansion of|warning)`)

// dropUncompilable compiles libtch/torch_api.cpp with -fsyntax-only against
// libtorch's headers, maps every error to the generated function it comes
// from, removes those functions from the generated C++ and its header, and
// repeats until the file compiles. It returns the dropped names, sorted, and
// for each the compiler's reason.
func dropUncompilable(libtch string, lt *libtorch) ([]string, map[string]string, error) {
	cxx := os.Getenv("CXX")
	if cxx == "" {
		cxx = "g++"
	}
	args := []string{cxxStd(lt), "-fsyntax-only", "-w", "-fmax-errors=0", "-fdiagnostics-color=never",
		fmt.Sprintf("-D_GLIBCXX_USE_CXX11_ABI=%d", lt.ABI), "-I."}
	for _, inc := range lt.Includes {
		args = append(args, "-I"+inc)
	}
	args = append(args, "torch_api.cpp")
	var dropped []string
	why := map[string]string{}
	for round := 1; ; round++ {
		b, err := os.ReadFile(filepath.Join(libtch, genCpp))
		if err != nil {
			return nil, nil, err
		}
		lines := strings.Split(string(b), "\n")
		fns, err := parseGenCpp(lines)
		if err != nil {
			return nil, nil, err
		}
		t0 := time.Now()
		cmd := exec.Command(cxx, args...)
		cmd.Dir = libtch
		cmd.Env = append(os.Environ(), "LC_ALL=C.UTF-8")
		out, err := cmd.CombinedOutput()
		logf("C++ check round %d: %s %s (%.0fs)", round, cxx, strings.Join(args, " "), time.Since(t0).Seconds())
		if err == nil {
			sort.Strings(dropped)
			return dropped, why, nil
		}
		bad, unattributed := attribute(out, fns)
		if len(bad) == 0 {
			return nil, nil, fmt.Errorf("gotch's C++ does not compile against libtorch %s, and not only in generated bindings:\n%s",
				lt.Version, head(unattributed, 40))
		}
		if len(unattributed) > 0 {
			logf("  (%d error lines in headers this round, expected from the dropped bindings' template instantiations)", len(unattributed))
		}
		names := make([]string, 0, len(bad))
		for n := range bad {
			names = append(names, n)
		}
		sort.Strings(names)
		logf("  dropping %d generated bindings:", len(names))
		for _, n := range names {
			why[n] = bad[n]
			logf("    %s: %s", n, bad[n])
		}
		dropped = append(dropped, names...)
		if err := removeCpp(filepath.Join(libtch, genCpp), lines, fns, bad); err != nil {
			return nil, nil, err
		}
		if err := removeDecls(filepath.Join(libtch, genH), bad); err != nil {
			return nil, nil, err
		}
		if round > 10 {
			return nil, nil, fmt.Errorf("C++ check still failing after %d rounds", round)
		}
	}
}

// attribute maps compiler diagnostics to generated functions: any diagnostic
// located in genCpp (an error, a note such as "in expansion of macro", or an
// instantiation's "required from here") names the function around that line.
// Each function maps to the reason it fails: its first error in genCpp, or,
// when it is named only by a note, the first error that follows the note
// (g++ prints an instantiation's "required from here" before the error in
// the header). Errors located elsewhere are returned as well; when nothing
// can be attributed they are the reason the build cannot work.
func attribute(out []byte, fns []cfunc) (map[string]string, []string) {
	bad := map[string]string{}
	var other []string
	var pending []string // functions named by a note, waiting for their error
	byLine := func(n int) string {
		i := sort.Search(len(fns), func(i int) bool { return fns[i].end >= n })
		if i < len(fns) && fns[i].start <= n {
			return fns[i].name
		}
		return ""
	}
	sc := bufio.NewScanner(bytes.NewReader(out))
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	for sc.Scan() {
		l := sc.Text()
		m := diagRE.FindStringSubmatch(l)
		if m == nil {
			continue
		}
		n, _ := strconv.Atoi(m[2])
		isErr := strings.Contains(m[4], "error")
		why := ""
		if isErr {
			why = strings.TrimSpace(l[len(m[0]):])
			why = strings.TrimSpace(strings.TrimPrefix(why, ":"))
			for _, name := range pending {
				if bad[name] == "" {
					bad[name] = why
				}
			}
			pending = pending[:0]
		}
		if filepath.Base(m[1]) == genCpp {
			if name := byLine(n); name != "" {
				if _, ok := bad[name]; !ok {
					bad[name] = ""
				}
				if isErr && bad[name] == "" {
					bad[name] = why
				} else if !isErr {
					pending = append(pending, name)
				}
				continue
			}
		}
		if isErr {
			other = append(other, l)
		}
	}
	return bad, other
}

func head(lines []string, n int) string {
	if len(lines) > n {
		lines = append(lines[:n:n], fmt.Sprintf("… %d more", len(lines)-n))
	}
	return strings.Join(lines, "\n")
}

// removeCpp deletes the functions named in bad (and the blank line after each).
func removeCpp(path string, lines []string, fns []cfunc, bad map[string]string) error {
	skip := make([]bool, len(lines)+2)
	for _, f := range fns {
		if _, ok := bad[f.name]; !ok {
			continue
		}
		for i := f.start; i <= f.end; i++ {
			skip[i] = true
		}
		if f.end < len(lines) && strings.TrimSpace(lines[f.end]) == "" {
			skip[f.end+1] = true
		}
	}
	var buf bytes.Buffer
	for i, l := range lines {
		if skip[i+1] {
			continue
		}
		buf.WriteString(l)
		if i < len(lines)-1 {
			buf.WriteByte('\n')
		}
	}
	return os.WriteFile(path, buf.Bytes(), 0o644)
}

var declNameRE = regexp.MustCompile(`\b(atg_[A-Za-z0-9_]+)\(`)

// removeDecls deletes the declarations (which may span lines up to the ';')
// of the functions in bad from the generated header.
func removeDecls(path string, bad map[string]string) error {
	b, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	lines := strings.Split(string(b), "\n")
	var buf bytes.Buffer
	for i := 0; i < len(lines); i++ {
		l := lines[i]
		if m := declNameRE.FindStringSubmatch(l); m != nil && !strings.HasPrefix(strings.TrimSpace(l), "//") {
			j := i
			for j < len(lines)-1 && !strings.Contains(lines[j], ";") {
				j++
			}
			if _, ok := bad[m[1]]; ok {
				i = j
				continue
			}
			for k := i; k <= j; k++ {
				buf.WriteString(lines[k])
				if k < len(lines)-1 {
					buf.WriteByte('\n')
				}
			}
			i = j
			continue
		}
		buf.WriteString(l)
		if i < len(lines)-1 {
			buf.WriteByte('\n')
		}
	}
	return os.WriteFile(path, buf.Bytes(), 0o644)
}
