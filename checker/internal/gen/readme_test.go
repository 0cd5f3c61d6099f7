package gen

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/asynckata/kata/checker/internal/manifest"
)

const toml = `
module = "example.com/kata"
[[chapter]]
number = 2
title = "Goroutines and channels"
course = "asyncio"
teaches = """
Goroutines and
channels."""
[[exercise]]
id = "03"
slug = "crawler"
chapter = 2
title = "Make this crawler concurrent under 2 s"
points = 10
checks = ["build", "tests", "race", "leak", "timing"]
objective = "timing"
limit = "60s"
edit = ["crawler.go"]
`

func TestReadmeStaleThenWritten(t *testing.T) {
	m, err := manifest.Parse(strings.NewReader(toml))
	require.NoError(t, err)
	root := exerciseDir(t)
	readme := "# Kata\n\n" + Begin + "\nold table\n" + End + "\n\nmore\n"
	require.NoError(t, os.WriteFile(filepath.Join(root, "README.md"), []byte(readme), 0o644))

	stale, err := Stale(root, m)
	require.NoError(t, err)
	assert.Equal(t, generated, stale, "README.md is stale, the others missing")

	changed, err := Write(root, m)
	require.NoError(t, err)
	assert.Equal(t, generated, changed)
	b, err := os.ReadFile(filepath.Join(root, "README.md"))
	require.NoError(t, err)
	assert.Contains(t, string(b), "| 2. Goroutines and channels | asyncio | Goroutines and channels. | 03 |\n")
	assert.Contains(t, string(b), "| 03 | [crawler](exercises/03-crawler/README.md): Make this crawler concurrent under 2 s | 2. Goroutines and channels | 10 | timing |")
	assert.True(t, strings.HasSuffix(string(b), End+"\n\nmore\n"), "the rest is kept")

	stale, err = Stale(root, m)
	require.NoError(t, err)
	assert.Empty(t, stale)
}

func TestReadmeWithoutMarkers(t *testing.T) {
	m, err := manifest.Parse(strings.NewReader(toml))
	require.NoError(t, err)
	_, err = Readme([]byte("# no table here\n"), m)
	assert.ErrorContains(t, err, Begin)
}

// TestTableInCourseOrder: the chapter table lists each chapter's
// exercises by id, and the exercise table lists them by chapter, then id,
// wherever kata.toml has them: 17, added later to chapter 1, comes after
// 01 and before chapter 2's.
func TestTableInCourseOrder(t *testing.T) {
	block := func(id string, ch int) string {
		return fmt.Sprintf("\n[[exercise]]\nid = %q\nslug = \"ex-%s\"\nchapter = %d\ntitle = \"Exercise %s\"\n"+
			"points = 10\nchecks = [\"build\", \"tests\"]\nobjective = \"tests\"\nlimit = \"30s\"\nedit = [\"ex.go\"]\n",
			id, id, ch, id)
	}
	chapters := "module = \"example.com/kata\"\n" +
		"[[chapter]]\nnumber = 1\ntitle = \"One\"\n[[chapter]]\nnumber = 2\ntitle = \"Two\"\n[[chapter]]\nnumber = 3\ntitle = \"Three\"\n"
	tests := []struct {
		name      string
		blocks    string
		wantCells []string // the chapter table's exercises cells, chapter by chapter
		wantRows  []string // the exercise table's ids, in order
	}{
		{"in id order", block("01", 1) + block("02", 2) + block("03", 2),
			[]string{"01", "02, 03", "none yet"}, []string{"01", "02", "03"}},
		{"17 listed last", block("01", 1) + block("02", 2) + block("03", 3) + block("17", 1),
			[]string{"01, 17", "02", "03"}, []string{"01", "17", "02", "03"}},
		{"17 listed with its chapter", block("01", 1) + block("17", 1) + block("02", 2),
			[]string{"01, 17", "02", "none yet"}, []string{"01", "17", "02"}},
		{"every chapter gets a late one", block("18", 2) + block("01", 1) + block("02", 2) + block("19", 3) + block("03", 3) + block("17", 1),
			[]string{"01, 17", "02, 18", "03, 19"}, []string{"01", "17", "02", "18", "03", "19"}},
	}
	rowID := regexp.MustCompile(`(?m)^\| (\d\d) \| \[`)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, err := manifest.Parse(strings.NewReader(chapters + tt.blocks))
			require.NoError(t, err)
			table := Table(m)
			for i, cell := range tt.wantCells {
				assert.Contains(t, table, fmt.Sprintf("| %s |\n", cell), "chapter %d", i+1)
			}
			var rows []string
			for _, r := range rowID.FindAllStringSubmatch(table, -1) {
				rows = append(rows, r[1])
			}
			assert.Equal(t, tt.wantRows, rows)
		})
	}
}
