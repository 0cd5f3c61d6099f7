package gen

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/asynckata/kata/checker/internal/manifest"
	"github.com/asynckata/kata/checker/internal/screen"
	"github.com/asynckata/kata/checker/internal/tamper"
)

// file is one generated file: its path under the root (slash-separated)
// and how its content follows from what is there now (nil if missing).
type file struct {
	name string
	want func(have []byte) ([]byte, error)
}

// files lists every generated file, in the order they are reported.
func files(root string, m *manifest.Manifest) []file {
	whole := func(content func(*manifest.Manifest) ([]byte, error)) func([]byte) ([]byte, error) {
		return func([]byte) ([]byte, error) { return content(m) }
	}
	return append([]file{
		{"README.md", func(b []byte) ([]byte, error) {
			if b == nil {
				return nil, errors.New("README.md is missing: restore it with git checkout -- README.md")
			}
			return Readme(b, m)
		}},
		{tamper.FileName, func([]byte) ([]byte, error) { return tamper.Sum(root, m) }},
		{tamper.StartersFile, func([]byte) ([]byte, error) { return tamper.Starters(root, m) }},
		{WorkflowFile, func([]byte) ([]byte, error) {
			v, err := GoMinor(root)
			if err != nil {
				return nil, err
			}
			return Workflow(m, v)
		}},
		{AutogradingFile, whole(Autograding)},
		{TestsFile, whole(Tests)},
		{AutograderFile, whole(Autograder)},
	}, contractReadmes(root, m)...)
}

// Stale lists the generated files under root that are missing or differ
// from what the manifest and the exercises give, so verify can fail on
// them.
func Stale(root string, m *manifest.Manifest) ([]string, error) {
	out, err := outdated(root, m)
	if err != nil {
		return nil, err
	}
	var names []string
	for _, f := range out {
		if f.name == tamper.FileName {
			// A learner's helper file (a non-test source file beside the
			// edit files) is not a protected file left out of the list:
			// grading names it, and verify hides it.
			have, _ := os.ReadFile(filepath.Join(root, filepath.FromSlash(f.name)))
			if sameButHelpers(have, f.content) {
				continue
			}
		}
		if f.name == tamper.StartersFile {
			// Only a changed list of files counts: the blobs on disk
			// change as soon as a learner edits a starter.
			have, _ := os.ReadFile(filepath.Join(root, filepath.FromSlash(f.name)))
			if have != nil && tamper.SameStarters(have, f.content) {
				continue
			}
		}
		names = append(names, f.name)
	}
	return names, nil
}

// Write brings every generated file under root up to date, creating the
// missing ones, and lists the ones it changed.
func Write(root string, m *manifest.Manifest) ([]string, error) {
	out, err := outdated(root, m)
	if err != nil {
		return nil, err
	}
	var changed []string
	for _, f := range out {
		path := filepath.Join(root, filepath.FromSlash(f.name))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			return nil, fmt.Errorf("make the folder of %s: %w", f.name, err)
		}
		if err := os.WriteFile(path, f.content, 0o644); err != nil {
			return nil, fmt.Errorf("write %s: %w", f.name, err)
		}
		changed = append(changed, f.name)
	}
	return changed, nil
}

// rendered is a generated file's wanted content.
type rendered struct {
	name    string
	content []byte
}

// outdated renders every generated file and returns those that are
// missing or differ from what is on disk.
func outdated(root string, m *manifest.Manifest) ([]rendered, error) {
	var out []rendered
	for _, f := range files(root, m) {
		have, want, err := f.render(root)
		if err != nil {
			return nil, err
		}
		if have == nil || !bytes.Equal(have, want) {
			out = append(out, rendered{f.name, want})
		}
	}
	return out, nil
}

// render reads the file's current content (nil if missing) and computes
// the wanted one.
func (f file) render(root string) (have, want []byte, err error) {
	have, err = os.ReadFile(filepath.Join(root, filepath.FromSlash(f.name)))
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return nil, nil, fmt.Errorf("read %s: %w", f.name, err)
	}
	want, err = f.want(have)
	if err != nil {
		return nil, nil, fmt.Errorf("%s: %w", f.name, err)
	}
	return have, want, nil
}

// sameButHelpers reports whether two renderings of the protected list
// agree on every file but the non-test source files only want lists.
func sameButHelpers(have, want []byte) bool {
	h, err1 := tamper.Parse(bytes.NewReader(have))
	w, err2 := tamper.Parse(bytes.NewReader(want))
	if err1 != nil || err2 != nil {
		return false
	}
	for p, d := range w {
		if _, listed := h[p]; !listed && strings.HasPrefix(p, "exercises/") && screen.Source(p) && !strings.HasSuffix(p, "_test.go") {
			continue
		}
		if h[p] != d {
			return false
		}
	}
	for p := range h {
		if _, ok := w[p]; !ok {
			return false
		}
	}
	return true
}
