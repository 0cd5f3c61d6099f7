package mutate

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/BurntSushi/toml"
)

// EquivalentFile is the list of an exercise's equivalent mutants, in its
// solutions folder.
const EquivalentFile = "mutants.toml"

// Equivalent is a mutant no test can or should tell from the reference.
type Equivalent struct {
	Mutant string `toml:"mutant"`
	Why    string `toml:"why"`
}

type equivalents struct {
	Equivalent []Equivalent `toml:"equivalent"`
}

// ParseEquivalents reads a mutants.toml.
func ParseEquivalents(r io.Reader) ([]Equivalent, error) {
	var e equivalents
	md, err := toml.NewDecoder(r).Decode(&e)
	if err != nil {
		return nil, fmt.Errorf("not valid TOML: %w", err)
	}
	if undecoded := md.Undecoded(); len(undecoded) > 0 {
		keys := make([]string, len(undecoded))
		for i, k := range undecoded {
			keys[i] = k.String()
		}
		return nil, fmt.Errorf("unknown keys %s: the file has only [[equivalent]] entries, each with mutant and why", strings.Join(keys, ", "))
	}
	var errs []error
	seen := map[string]bool{}
	for i, q := range e.Equivalent {
		n := i + 1
		switch {
		case strings.TrimSpace(q.Mutant) == "":
			errs = append(errs, fmt.Errorf("equivalent %d: \"mutant\" is empty: copy the id kata mutate prints", n))
		case seen[q.Mutant]:
			errs = append(errs, fmt.Errorf("equivalent %d: %s is listed twice: keep one entry", n, q.Mutant))
		}
		seen[q.Mutant] = true
		if strings.TrimSpace(q.Why) == "" {
			errs = append(errs, fmt.Errorf("equivalent %d: \"why\" is empty: say in one line why no behaviour the README promises changes", n))
		} else if strings.Contains(strings.TrimSpace(q.Why), "\n") {
			errs = append(errs, fmt.Errorf("equivalent %d: \"why\" is more than one line: say it in one", n))
		}
	}
	return e.Equivalent, errors.Join(errs...)
}

// LoadEquivalents reads the list at path; a missing file lists none.
func LoadEquivalents(path string) ([]Equivalent, error) {
	f, err := os.Open(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("open the list of equivalent mutants: %w", err)
	}
	defer f.Close()
	eq, err := ParseEquivalents(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return eq, nil
}
