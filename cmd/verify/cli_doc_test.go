package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/urfave/cli/v2"
)

// cliDoc is docs/cli.md split into sections: a section runs from a
// heading to the next heading of the same or a higher level, so it
// includes its subsections.
type cliDoc struct {
	text     string
	sections []docSection
}

type docSection struct {
	heading string
	body    string // the heading line and everything up to the section's end
}

var headingRE = regexp.MustCompile(`^(#+)\s+(.*)$`)

func parseCLIDoc(text string) cliDoc {
	lines := strings.Split(text, "\n")
	type open struct {
		level int
		start int
	}
	var heads []open
	inFence := false
	for i, l := range lines {
		if strings.HasPrefix(l, "```") {
			inFence = !inFence
			continue
		}
		if m := headingRE.FindStringSubmatch(l); m != nil && !inFence {
			heads = append(heads, open{len(m[1]), i})
		}
	}
	doc := cliDoc{text: text}
	for i, h := range heads {
		end := len(lines)
		for _, next := range heads[i+1:] {
			if next.level <= h.level {
				end = next.start
				break
			}
		}
		doc.sections = append(doc.sections, docSection{
			heading: lines[h.start],
			body:    strings.Join(lines[h.start:end], "\n"),
		})
	}
	return doc
}

// section returns the body of the section whose heading names the command
// path in backticks (“## `verify gnn label`”), or "" when none does.
func (d cliDoc) section(path string) string {
	for _, s := range d.sections {
		if strings.Contains(s.heading, "`"+path+"`") {
			return s.body
		}
	}
	return ""
}

// mentionsFlag reports whether text names the flag as written on the
// command line (--name; a one-letter name also as -n), not merely as the
// prefix of a longer flag (--gnn is not named by --gnn-phases).
func mentionsFlag(text, name string) bool {
	dashes := "--"
	if len(name) == 1 {
		dashes = "--?"
	}
	re := regexp.MustCompile(`(^|[^A-Za-z0-9-])` + dashes + regexp.QuoteMeta(name) + `($|[^A-Za-z0-9-])`)
	return re.MatchString(text)
}

// TestCLIDocCoversEveryFlag: docs/cli.md names every command of this build
// ("verify gnn label worker") and documents every flag of a command in the
// section of that command, or, for commands without a heading of their
// own (gen's families, bench report), in the section of the nearest
// ancestor that has one. The torch build's test run includes this test
// (Makefile's TORCH_CLI_RUN), so train and gnn train are checked there.
func TestCLIDocCoversEveryFlag(t *testing.T) {
	raw, err := os.ReadFile(filepath.Join("..", "..", "docs", "cli.md"))
	if err != nil {
		t.Fatal(err)
	}
	doc := parseCLIDoc(string(raw))
	var walk func(path, section, sectionOf string, cmds []*cli.Command)
	walk = func(parent, section, sectionOf string, cmds []*cli.Command) {
		for _, c := range cmds {
			path := parent + " " + c.Name
			if !strings.Contains(doc.text, path) {
				t.Errorf("docs/cli.md never names the command %q", path)
			}
			sec, of := doc.section(path), path
			if sec == "" {
				sec, of = section, sectionOf
			}
			for _, f := range c.Flags {
				names := f.Names()
				if len(names) == 0 || names[0] == "help" {
					continue
				}
				switch {
				case sec == "":
					t.Errorf("%s --%s: docs/cli.md has no section for %q or a command above it", path, names[0], path)
				case !mentionsFlag(sec, names[0]):
					t.Errorf("%s --%s: not documented in docs/cli.md's section for %q", path, names[0], of)
				}
			}
			walk(path, sec, of, c.Subcommands)
		}
	}
	walk("verify", "", "", newApp().Commands)
}

func TestMentionsFlag(t *testing.T) {
	tests := []struct {
		text, name string
		want       bool
	}{
		{"| `--gnn FILE` | weights |", "gnn", true},
		{"| `--gnn-phases` | on |", "gnn", false},
		{"--timeout T", "timeout", true},
		{"the --timeouts are", "timeout", false},
		{"`--quiet`, `-q`", "q", true},
		{"`--quiet`", "q", false},
		{"`--n` (30)", "n", true},
		{"--no-model", "n", false},
		{"--out", "out", true},
		{"--phases-out FILE", "out", false},
	}
	for _, tt := range tests {
		if got := mentionsFlag(tt.text, tt.name); got != tt.want {
			t.Errorf("mentionsFlag(%q, %q) = %v, want %v", tt.text, tt.name, got, tt.want)
		}
	}
}

func TestParseCLIDocSections(t *testing.T) {
	doc := parseCLIDoc("# top\n## `verify a`\nA --x\n### detail\n--y\n```\n# not a heading\n```\n## `verify b`\n--z\n")
	a := doc.section("verify a")
	for _, want := range []string{"--x", "--y", "# not a heading"} {
		if !strings.Contains(a, want) {
			t.Errorf("section of verify a lacks %q: %q", want, a)
		}
	}
	if strings.Contains(a, "--z") {
		t.Errorf("section of verify a runs into verify b: %q", a)
	}
	if doc.section("verify c") != "" {
		t.Error("a section for an undocumented command")
	}
}
