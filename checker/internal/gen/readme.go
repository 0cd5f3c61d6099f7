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

// Table renders README.md's chapter table (what each chapter teaches, the
// Python idea it maps, its exercises) and then the exercise table, both in
// course order: by chapter, then id, as the manifest holds them.
func Table(m *manifest.Manifest) string {
	var b strings.Builder
	b.WriteString("| chapter | from the Python course | what it teaches | exercises |\n")
	b.WriteString("|---------|------------------------|-----------------|-----------|\n")
	for _, ch := range m.Chapters {
		var ids []string
		for _, ex := range m.Exercises {
			if ex.Chapter == ch.Number {
				ids = append(ids, ex.ID)
			}
		}
		// A table cell is one line: the manifest's wrapped text is joined.
		teaches := strings.Join(strings.Fields(ch.Teaches), " ")
		exercises := strings.Join(ids, ", ")
		if exercises == "" {
			exercises = "none yet"
		}
		fmt.Fprintf(&b, "| %d. %s | %s | %s | %s |\n", ch.Number, ch.Title, ch.Course, teaches, exercises)
	}
	b.WriteString("\n")
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
