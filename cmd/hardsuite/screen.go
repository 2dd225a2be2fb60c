package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"regexp"
	"strings"

	"github.com/verify-tools/verify/sat/gen"
)

// screenRecord is one line of the screening results.
type screenRecord struct {
	ID     string  `json:"id"`
	Path   string  `json:"path"`
	Stage  string  `json:"stage"`
	Solver string  `json:"solver"`
	Answer string  `json:"answer"`
	CPU    float64 `json:"cpu_s"`
	Model  string  `json:"model"`
}

// candidate is a screened instance with an established answer.
type candidate struct {
	ID, Path, Family, Group, Source, How, Answer string
	CPU                                          float64
	Split                                        string
}

// readGenerated reads ID → 'verify gen' command line.
func readGenerated(name string) (map[string]string, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	out := make(map[string]string)
	sc := bufio.NewScanner(f)
	for line := 1; sc.Scan(); line++ {
		text := strings.TrimSpace(sc.Text())
		if text == "" || strings.HasPrefix(text, "#") {
			continue
		}
		id, args, ok := strings.Cut(text, " ")
		if !ok {
			return nil, fmt.Errorf("%s:%d: want ID and verify gen arguments", name, line)
		}
		fam, seed, p, err := gen.ParseCommand(gen.CommandPrefix + strings.TrimSpace(args))
		if err != nil {
			return nil, fmt.Errorf("%s:%d: %w", name, line, err)
		}
		in := gen.Instance{Family: fam.Name, Seed: seed, Params: p}
		out[id] = in.Command("")
	}
	return out, sc.Err()
}

// readScreen reads the screening results: the cadical screen record and
// the confirmations by other solvers, by instance ID.
func readScreen(name string) (screens map[string]screenRecord, confirms map[string][]screenRecord, err error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, nil, err
	}
	defer f.Close()
	screens = make(map[string]screenRecord)
	confirms = make(map[string][]screenRecord)
	sc := bufio.NewScanner(f)
	for line := 1; sc.Scan(); line++ {
		var r screenRecord
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			return nil, nil, fmt.Errorf("%s:%d: %w", name, line, err)
		}
		switch r.Stage {
		case "screen":
			screens[r.ID] = r
		case "confirm":
			confirms[r.ID] = append(confirms[r.ID], r)
		default:
			return nil, nil, fmt.Errorf("%s:%d: unknown stage %q", name, line, r.Stage)
		}
	}
	return screens, confirms, sc.Err()
}

var (
	sat09ID = regexp.MustCompile(`^sat09-random-medium/(\d)SAT/[A-Z]+/(\d+)/`)
	seedSfx = regexp.MustCompile(`-s\d+$`)
)

// classify names the family and generator group of an instance ID.
func classify(id string) (family, group string) {
	if m := sat09ID.FindStringSubmatch(id); m != nil {
		family = "sat09-" + m[1] + "sat"
		return family, family + "/n" + m[2]
	}
	if strings.HasPrefix(id, "satlib/uniform_random/UF250") {
		return "uf250", "uf250"
	}
	if rest, ok := strings.CutPrefix(id, "satlib/"); ok {
		parts := strings.Split(rest, "/")
		family = "satlib-" + strings.ToLower(parts[len(parts)-2])
		return family, family
	}
	family, name, _ := strings.Cut(id, "/")
	return family, family + "/" + seedSfx.ReplaceAllString(name, "")
}

// sourceLabel is the answer a shared instance's folder states and who
// established it: SATLIB's UF250 sat/unsat folders, SAT09's SATISFIABLE
// folders; "" when the folder says nothing.
func sourceLabel(id string) (answer, by string) {
	switch {
	case strings.HasPrefix(id, "satlib/uniform_random/") && strings.Contains(id, "/unsat/"):
		return "unsat", "satlib"
	case strings.HasPrefix(id, "satlib/uniform_random/") && strings.Contains(id, "/sat/"):
		return "sat", "satlib"
	case strings.HasPrefix(id, "sat09-random-medium/") && strings.Contains(id, "/SATISFIABLE/"):
		return "sat", "sat09"
	}
	return "", ""
}

// establish decides the answer of a screened instance and how it is
// known; ok is false when it is not established. construction is the
// answer known without solving (by a generator's construction or a
// source's label), by names who knows it. An answer contradicting it or a
// second solver is an error.
func establish(s screenRecord, confirms []screenRecord, construction, by string) (answer, how string, ok bool, err error) {
	for _, c := range confirms {
		if c.Answer != "unknown" && c.Answer != s.Answer {
			return "", "", false, fmt.Errorf("%s: cadical says %s, %s says %s", s.ID, s.Answer, c.Solver, c.Answer)
		}
	}
	if construction != "" && s.Answer != "unknown" && construction != s.Answer {
		return "", "", false, fmt.Errorf("%s: cadical says %s, %s says %s", s.ID, s.Answer, by, construction)
	}
	switch s.Answer {
	case "sat":
		if s.Model == "WRONG" {
			return "", "", false, fmt.Errorf("%s: cadical's model is wrong", s.ID)
		}
		return "sat", "model-checked", s.Model == "checked", nil
	case "unsat":
		for _, c := range confirms {
			if c.Answer == "unsat" {
				return "unsat", "unsat:cadical+" + c.Solver, true, nil
			}
		}
		if construction == "unsat" {
			return "unsat", "unsat:" + by + "+cadical", true, nil
		}
	}
	return "", "", false, nil
}
