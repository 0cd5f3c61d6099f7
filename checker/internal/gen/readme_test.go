package gen

import (
	"os"
	"path/filepath"
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
