package manifest

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const valid = `
module = "example.com/kata"

[[chapter]]
number = 2
title = "Goroutines and channels"

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
[exercise.wrong]
unbounded = "tests"
unlocked-map = "race"

[[exercise]]
id = "07"
slug = "race-bank"
chapter = 2
title = "Fix the race"
points = 10
checks = ["build", "tests", "race", "leak"]
objective = "race"
limit = "30s"
edit = ["bank.go"]
`

func TestParseValid(t *testing.T) {
	m, err := Parse(strings.NewReader(valid))
	require.NoError(t, err)
	require.Len(t, m.Exercises, 2)
	e := m.Exercises[0]
	assert.Equal(t, "03-crawler", e.Name())
	assert.Equal(t, filepath.Join("exercises", "03-crawler"), e.Dir())
	assert.Equal(t, filepath.Join("solutions", "03-crawler"), e.SolutionDir())
	assert.Equal(t, filepath.Join("solutions", "03-crawler", "wrong", "unbounded"), e.WrongDir("unbounded"))
	assert.Equal(t, filepath.Join("hints", "03-crawler.md"), e.HintsFile())
	assert.Equal(t, "example.com/kata/exercises/03-crawler", m.ImportPath(e))
	assert.Equal(t, 60*time.Second, e.Limit.Duration)
	assert.Equal(t, []string{"unbounded", "unlocked-map"}, e.WrongNames())
	assert.True(t, e.Applies(CheckTiming))
	assert.False(t, m.Exercises[1].Applies(CheckTiming))
	assert.Equal(t, 20, m.MaxScore())
	assert.Equal(t, "Goroutines and channels", m.ChapterOf(e).Title)
}

func TestParseInvalid(t *testing.T) {
	tests := []struct {
		name    string
		edit    func(string) string
		wantErr string
	}{
		{"not toml", func(s string) string { return s + "\n[[[" }, "not valid TOML"},
		{"duplicate id", func(s string) string { return strings.Replace(s, `id = "07"`, `id = "03"`, 1) }, "id 03 is used twice"},
		{"ids out of order", func(s string) string { return strings.Replace(s, `id = "07"`, `id = "02"`, 1) }, "increasing order"},
		{"one-digit id", func(s string) string { return strings.Replace(s, `id = "07"`, `id = "7"`, 1) }, "two digits"},
		{"missing title", func(s string) string { return strings.Replace(s, `title = "Fix the race"`, "", 1) }, `exercise 07: missing "title"`},
		{"missing limit", func(s string) string { return strings.Replace(s, `limit = "30s"`, "", 1) }, `"limit" must be at least`},
		{"bad limit", func(s string) string { return strings.Replace(s, `limit = "30s"`, `limit = "soon"`, 1) }, "not a duration"},
		{"unknown check", func(s string) string { return strings.Replace(s, `"race", "leak"]`, `"race", "leaks"]`, 1) }, `unknown check "leaks"`},
		{"objective not a check", func(s string) string { return strings.Replace(s, `objective = "race"`, `objective = "timing"`, 1) }, `objective "timing" is not one of its checks`},
		{"unknown chapter", func(s string) string {
			return strings.Replace(s, "chapter = 2\ntitle = \"Fix", "chapter = 9\ntitle = \"Fix", 1)
		}, "chapter 9 is not one of"},
		{"unknown key", func(s string) string { return strings.Replace(s, `points = 10`, "points = 10\npoitns = 3", 1) }, "unknown keys"},
		{"wrong names an unknown check", func(s string) string { return strings.Replace(s, `unbounded = "tests"`, `unbounded = "speed"`, 1) }, `names check "speed"`},
		{"bad clock", func(s string) string {
			return strings.Replace(s, `edit = ["bank.go"]`, "edit = [\"bank.go\"]\nclock = \"fast\"", 1)
		}, `"clock" must be`},
		{"edit file is a test", func(s string) string { return strings.Replace(s, `edit = ["bank.go"]`, `edit = ["bank_test.go"]`, 1) }, "not a test"},
		{"edit path escapes", func(s string) string { return strings.Replace(s, `edit = ["bank.go"]`, `edit = ["../x.go"]`, 1) }, "plain .go file name"},
		{"bad slug", func(s string) string { return strings.Replace(s, `slug = "race-bank"`, `slug = "Race Bank"`, 1) }, "lower-case words"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse(strings.NewReader(tt.edit(valid)))
			require.Error(t, err)
			assert.Contains(t, err.Error(), tt.wantErr)
		})
	}
}

func TestLookup(t *testing.T) {
	m, err := Parse(strings.NewReader(valid))
	require.NoError(t, err)
	for _, name := range []string{"03", "3", "003", "crawler", "03-crawler", " 3 "} {
		e, err := m.Lookup(name)
		require.NoError(t, err, name)
		assert.Equal(t, "03", e.ID, name)
	}
	for _, name := range []string{"99", "", "crawl", "03; rm -rf /", "$(id)", "-1", "../03-crawler"} {
		_, err := m.Lookup(name)
		var ue *UnknownError
		require.ErrorAs(t, err, &ue, name)
		assert.Contains(t, err.Error(), "03  crawler", "the error lists the valid ids")
		assert.Contains(t, err.Error(), "make check EX=03")
	}
}

func TestSelect(t *testing.T) {
	m, err := Parse(strings.NewReader(valid))
	require.NoError(t, err)
	all, err := m.Select(nil)
	require.NoError(t, err)
	assert.Len(t, all, 2)
	got, err := m.Select([]string{"race-bank", "3", "03"})
	require.NoError(t, err)
	require.Len(t, got, 2, "no duplicates")
	assert.Equal(t, "03", got[0].ID, "manifest order")
}

func TestFindRoot(t *testing.T) {
	dir := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dir, FileName), []byte(valid), 0o644))
	deep := filepath.Join(dir, "exercises", "03-crawler")
	require.NoError(t, os.MkdirAll(deep, 0o755))
	root, err := FindRoot(deep)
	require.NoError(t, err)
	assert.Equal(t, dir, root)

	_, err = FindRoot(t.TempDir())
	assert.ErrorContains(t, err, "no kata.toml")
}
