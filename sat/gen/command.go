package gen

import (
	"fmt"
	"strconv"
	"strings"
)

// CommandPrefix starts every command line Instance.Command writes.
const CommandPrefix = "verify gen "

// ParseCommand reads a command line written by Instance.Command
// ("verify gen FAMILY --seed S --KEY VALUE ..." without -o) back into its
// family, seed and complete parameters.
func ParseCommand(line string) (Family, uint64, Params, error) {
	rest, ok := strings.CutPrefix(line, CommandPrefix)
	if !ok {
		return Family{}, 0, nil, fmt.Errorf("command %q does not start with %q", line, CommandPrefix)
	}
	words := strings.Fields(rest)
	if len(words) == 0 || len(words)%2 != 1 {
		return Family{}, 0, nil, fmt.Errorf("command %q: want FAMILY then --KEY VALUE pairs", line)
	}
	fam, err := FamilyByName(words[0])
	if err != nil {
		return Family{}, 0, nil, fmt.Errorf("command %q: %w", line, err)
	}
	var seed uint64 = 1
	var settings []string
	for i := 1; i < len(words); i += 2 {
		key, ok := strings.CutPrefix(words[i], "--")
		if !ok {
			return Family{}, 0, nil, fmt.Errorf("command %q: %q is not a --KEY", line, words[i])
		}
		if key == "seed" {
			if seed, err = strconv.ParseUint(words[i+1], 10, 64); err != nil {
				return Family{}, 0, nil, fmt.Errorf("command %q: seed %q is not an unsigned integer", line, words[i+1])
			}
			continue
		}
		settings = append(settings, key+"="+words[i+1])
	}
	p, err := fam.ParseParams(settings)
	if err != nil {
		return Family{}, 0, nil, fmt.Errorf("command %q: %w", line, err)
	}
	return fam, seed, p, nil
}
