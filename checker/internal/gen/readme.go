package gen

import (
	"bytes"
	"errors"
	"fmt"
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
