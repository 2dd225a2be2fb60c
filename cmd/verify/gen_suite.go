package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/urfave/cli/v2"

	"github.com/verify-tools/verify/internal/atomicfile"
	"github.com/verify-tools/verify/sat/bench"
	"github.com/verify-tools/verify/sat/gen"
)

func genSuiteCommand() *cli.Command {
	return &cli.Command{
		Name:      "suite",
		Usage:     "regenerate every generated instance of suite manifests and check every file's SHA-256",
		UsageText: "verify gen suite MANIFEST.suite ...",
		Description: "For each manifest line whose source is a 'verify gen' command, generates the\n" +
			"instance into its PATH (relative to the module root) and checks its SHA-256\n" +
			"against the line's sha256; every other line's file (e.g. under ../shared/data)\n" +
			"must exist with the recorded SHA-256. Exit 1 on any difference.\n\n" +
			"Example (make hard-corpus):\n" +
			"  verify gen suite benchmarks/sat-hard.suite benchmarks/sat-hard-quick.suite",
		Action: runGenSuite,
	}
}

func runGenSuite(c *cli.Context) error {
	if c.NArg() == 0 {
		return cli.Exit("gen suite: want one or more manifests", 1)
	}
	var generated, checked int
	for _, name := range c.Args().Slice() {
		g, k, err := regenerateSuite(name)
		if err != nil {
			return cli.Exit("gen suite: "+err.Error(), 1)
		}
		generated += g
		checked += k
	}
	fmt.Printf("%d instances generated, %d files checked, every SHA-256 as recorded\n", generated, checked)
	return nil
}

// regenerateSuite regenerates the generated instances of one manifest and
// checks the hashes of all its files.
func regenerateSuite(name string) (generated, checked int, err error) {
	data, err := os.ReadFile(name)
	if err != nil {
		return 0, 0, err
	}
	entries, err := bench.ParseManifest(bytes.NewReader(data), name)
	if err != nil {
		return 0, 0, err
	}
	root := bench.FindModuleRoot(filepath.Dir(name))
	if root == "" {
		return 0, 0, fmt.Errorf("%s: no go.mod above it", name)
	}
	for _, e := range entries {
		where := fmt.Sprintf("%s:%d", name, e.Line)
		path := e.Path
		if !filepath.IsAbs(path) {
			path = filepath.Join(root, path)
		}
		if strings.HasPrefix(e.Source, gen.CommandPrefix) {
			if err := regenerate(e, path); err != nil {
				return 0, 0, fmt.Errorf("%s: %w", where, err)
			}
			generated++
			continue
		}
		got, err := fileSHA256(path)
		if err != nil {
			return 0, 0, fmt.Errorf("%s: %w", where, err)
		}
		if e.SHA256 != "" && got != e.SHA256 {
			return 0, 0, fmt.Errorf("%s: %s has SHA-256 %s, manifest says %s", where, e.Path, got, e.SHA256)
		}
		checked++
	}
	return generated, checked, nil
}

func regenerate(e bench.Entry, path string) error {
	fam, seed, params, err := gen.ParseCommand(e.Source)
	if err != nil {
		return err
	}
	in, err := fam.Generate(seed, params)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := in.WriteDIMACS(&buf); err != nil {
		return err
	}
	sum := sha256.Sum256(buf.Bytes())
	if got := hex.EncodeToString(sum[:]); e.SHA256 != "" && got != e.SHA256 {
		return fmt.Errorf("%q makes SHA-256 %s, manifest says %s", e.Source, got, e.SHA256)
	}
	if old, err := os.ReadFile(path); err == nil && bytes.Equal(old, buf.Bytes()) {
		return nil
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	return atomicfile.WriteFile(path, buf.Bytes(), 0o644)
}

func fileSHA256(path string) (string, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return "", err
	}
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:]), nil
}
