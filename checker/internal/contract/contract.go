package contract

import (
	"errors"
	"fmt"
	"io"
	"os"
	"regexp"
	"slices"
	"strings"

	"github.com/BurntSushi/toml"

	"github.com/asynckata/kata/checker/internal/manifest"
)

// FileName is the contract's name in an exercise's folder.
const FileName = "contract.toml"

// EndOfRun is the test name that stands for katatest.Main's end-of-run
// goroutine check: it fails when goroutines are left once every test
// has passed.
const EndOfRun = "TestMain"

// Promise is one line of the README's "Done means".
type Promise struct {
	// Says is the promise, one or two sentences in the README's voice.
	Says string `toml:"says"`
	// Check is the check that fails when the promise is broken.
	Check string `toml:"check"`
	// Tests are the protected top-level tests that fail without it.
	Tests []string `toml:"tests"`
	// BrokenBy are wrong solutions (kata.toml's [exercise.wrong] names)
	// that break the promise: each fails at least one of Tests.
	BrokenBy []string `toml:"broken_by"`
}

// Contract is an exercise's list of promises, in the README's order.
type Contract struct {
	Promises []Promise `toml:"promise"`
}

// Load reads and validates the contract at path.
func Load(path string) (*Contract, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("open the contract: %w", err)
	}
	defer f.Close()
	c, err := Parse(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return c, nil
}

// Parse reads and validates a contract.
func Parse(r io.Reader) (*Contract, error) {
	var c Contract
	md, err := toml.NewDecoder(r).Decode(&c)
	if err != nil {
		return nil, fmt.Errorf("not valid TOML: %w", err)
	}
	if undecoded := md.Undecoded(); len(undecoded) > 0 {
		keys := make([]string, len(undecoded))
		for i, k := range undecoded {
			keys[i] = k.String()
		}
		return nil, fmt.Errorf("unknown keys %s: a contract has only [[promise]] entries, each with says, check, tests and broken_by", strings.Join(keys, ", "))
	}
	if err := c.validate(); err != nil {
		return nil, err
	}
	return &c, nil
}

var (
	testPattern  = regexp.MustCompile(`^Test([^a-z].*)?$`)
	identPattern = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)
	wrongPattern = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)
)

func (c *Contract) validate() error {
	if len(c.Promises) == 0 {
		return errors.New("no [[promise]] entries: write one for each promise of the README's \"Done means\"")
	}
	var errs []error
	said := map[string]int{}
	for i, p := range c.Promises {
		n := i + 1
		bad := func(format string, a ...any) {
			errs = append(errs, fmt.Errorf("promise %d: "+format, append([]any{n}, a...)...))
		}
		says := strings.Join(strings.Fields(p.Says), " ")
		switch {
		case says == "":
			bad(`"says" is empty: write the promise in one or two sentences a learner can check`)
		case said[strings.ToLower(says)] > 0:
			bad("says the same as promise %d: merge the two (list every test and wrong solution in one)", said[strings.ToLower(says)])
		default:
			said[strings.ToLower(says)] = n
		}
		switch {
		case p.Check == "":
			bad(`"check" is empty: name the check that fails when the promise is broken (%s)`, strings.Join(manifest.Checks, ", "))
		case !slices.Contains(manifest.Checks, p.Check):
			bad("check %q is not one of the five: use %s", p.Check, strings.Join(manifest.Checks, ", "))
		}
		if len(p.Tests) == 0 {
			bad(`"tests" is empty: name the protected top-level tests that fail when the promise is broken ("%s" for the end-of-run goroutine check)`, EndOfRun)
		}
		for _, t := range p.Tests {
			switch {
			case strings.Contains(t, "/"):
				bad("test %q is a subtest: name its top-level test %q", t, t[:strings.Index(t, "/")])
			case !testPattern.MatchString(t) || !identPattern.MatchString(t):
				bad("test %q is not a test function's name (TestSomething, or %s)", t, EndOfRun)
			}
		}
		if d := duplicates(p.Tests); len(d) > 0 {
			bad("lists %s twice in \"tests\"", strings.Join(d, ", "))
		}
		if len(p.BrokenBy) == 0 {
			bad(`"broken_by" is empty: name at least one wrong solution (under [exercise.wrong] in kata.toml) that breaks the promise, and write one if there is none`)
		}
		for _, w := range p.BrokenBy {
			if !wrongPattern.MatchString(w) {
				bad("broken_by %q is not a wrong solution's name (lower-case words joined by dashes, as under [exercise.wrong])", w)
			}
		}
		if d := duplicates(p.BrokenBy); len(d) > 0 {
			bad("lists %s twice in \"broken_by\"", strings.Join(d, ", "))
		}
	}
	return errors.Join(errs...)
}

func duplicates(names []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, n := range names {
		if seen[n] && !slices.Contains(out, n) {
			out = append(out, n)
		}
		seen[n] = true
	}
	return out
}

// Tests lists every test the promises name, sorted, without duplicates.
func (c *Contract) Tests() []string {
	var out []string
	for _, p := range c.Promises {
		out = append(out, p.Tests...)
	}
	slices.Sort(out)
	return slices.Compact(out)
}
