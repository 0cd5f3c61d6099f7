package gen

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/asynckata/kata/checker/internal/manifest"
)

// The markers around the generated table in README.md.
const (
	Begin = "<!-- exercises:begin -->"
	End   = "<!-- exercises:end -->"
)

// Table renders the exercise table for README.md, chapter by chapter.
func Table(m *manifest.Manifest) string {
	var b strings.Builder
	b.WriteString("| # | exercise | chapter | points | the starter fails |\n")
	b.WriteString("|---|----------|---------|--------|-------------------|\n")
	for _, ex := range m.Exercises {
		ch := m.ChapterOf(ex)
		fmt.Fprintf(&b, "| %s | [%s](%s/README.md): %s | %d. %s | %d | %s |\n",
			ex.ID, ex.Slug, filepath.ToSlash(ex.Dir()), ex.Title, ch.Number, ch.Title, ex.Points, ex.Objective)
	}
	return b.String()
}

// Readme returns README.md's content with the table between the markers
// brought up to date.
func Readme(content []byte, m *manifest.Manifest) ([]byte, error) {
	begin := bytes.Index(content, []byte(Begin))
	end := bytes.Index(content, []byte(End))
	if begin < 0 || end < begin {
		return nil, errors.New("README.md has no " + Begin + " ... " + End + " block for the exercise table")
	}
	var out bytes.Buffer
	out.Write(content[:begin+len(Begin)])
	out.WriteString("\n")
	out.WriteString(Table(m))
	out.Write(content[end:])
	return out.Bytes(), nil
}

// Stale lists the generated files under root that differ from what the
// manifest gives, so verify can fail on them.
func Stale(root string, m *manifest.Manifest) ([]string, error) {
	var stale []string
	for name, want := range files(m) {
		have, err := os.ReadFile(filepath.Join(root, name))
		if err != nil {
			return nil, fmt.Errorf("read %s: %w", name, err)
		}
		got, err := want(have)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		if !bytes.Equal(have, got) {
			stale = append(stale, name)
		}
	}
	return stale, nil
}

// Write brings every generated file under root up to date and lists the
// ones it changed.
func Write(root string, m *manifest.Manifest) ([]string, error) {
	var changed []string
	for name, want := range files(m) {
		path := filepath.Join(root, name)
		have, err := os.ReadFile(path)
		if err != nil {
			return nil, fmt.Errorf("read %s: %w", name, err)
		}
		got, err := want(have)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		if bytes.Equal(have, got) {
			continue
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			return nil, fmt.Errorf("write %s: %w", name, err)
		}
		changed = append(changed, name)
	}
	return changed, nil
}

// files maps each generated file to the function that updates its content.
func files(m *manifest.Manifest) map[string]func([]byte) ([]byte, error) {
	return map[string]func([]byte) ([]byte, error){
		"README.md": func(b []byte) ([]byte, error) { return Readme(b, m) },
	}
}
