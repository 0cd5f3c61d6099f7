package expect

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// TimingPrefix starts the name of every timing test.
const TimingPrefix = "TestTiming"

// Tests is what the protected test files declare.
type Tests struct {
	// Race are the Test* functions of the -race run (TestMain and the
	// timing tests excluded), sorted.
	Race []string
	// Timing are the TestTiming* functions, sorted.
	Timing []string
	// Other are the Fuzz* and Example* functions: they may report a
	// result, but none is required.
	Other []string
	// Files are the base names of the protected test files, to trust the
	// file:line a figure is logged from.
	Files []string
}

// Declared reports whether a protected file declares the top-level test
// name (a subtest "TestX/case" counts as TestX).
func (t Tests) Declared(name string) bool {
	top, _, _ := strings.Cut(name, "/")
	return slices.Contains(t.Race, top) || slices.Contains(t.Timing, top) || slices.Contains(t.Other, top)
}

// Parse reads the test files (full paths).
func Parse(files []string) (Tests, error) {
	var t Tests
	fset := token.NewFileSet()
	for _, p := range files {
		f, err := parser.ParseFile(fset, p, nil, parser.SkipObjectResolution)
		if err != nil {
			return Tests{}, fmt.Errorf("read the protected test file %s: %w", filepath.Base(p), err)
		}
		t.Files = append(t.Files, filepath.Base(p))
		for _, d := range f.Decls {
			fd, ok := d.(*ast.FuncDecl)
			if !ok || fd.Recv != nil || fd.Type.TypeParams != nil {
				continue
			}
			name := fd.Name.Name
			switch {
			case name == "TestMain":
			case isTest(name, "Test") && strings.HasPrefix(name, TimingPrefix):
				t.Timing = append(t.Timing, name)
			case isTest(name, "Test"):
				t.Race = append(t.Race, name)
			case isTest(name, "Fuzz") || isTest(name, "Example"):
				t.Other = append(t.Other, name)
			}
		}
	}
	for _, s := range []*[]string{&t.Race, &t.Timing, &t.Other, &t.Files} {
		slices.Sort(*s)
		*s = slices.Compact(*s)
	}
	return t, nil
}

// isTest applies go test's rule: the prefix, then nothing or a character
// that is not a lower-case letter.
func isTest(name, prefix string) bool {
	if !strings.HasPrefix(name, prefix) {
		return false
	}
	if len(name) == len(prefix) {
		return true
	}
	r, _ := utf8.DecodeRuneInString(name[len(prefix):])
	return !unicode.IsLower(r)
}
