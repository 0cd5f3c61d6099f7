package manifest

import (
	"fmt"
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
		{"cheat expects an unknown class", func(s string) string {
			return strings.Replace(s, `unbounded = "tests"`, "unbounded = \"tests\"\n[exercise.cheat]\ninit-exit = \"nothing\"", 1)
		}, `cheat "init-exit": "nothing" is not a failure class`},
		{"cheat name", func(s string) string {
			return strings.Replace(s, `unbounded = "tests"`, "unbounded = \"tests\"\n[exercise.cheat]\n\"Init Exit\" = \"forbidden\"", 1)
		}, `cheat "Init Exit" must be lower-case`},
		{"bad clock", func(s string) string {
			return strings.Replace(s, `edit = ["bank.go"]`, "edit = [\"bank.go\"]\nclock = \"fast\"", 1)
		}, `"clock" must be`},
		{"right name", func(s string) string {
			return strings.Replace(s, `edit = ["bank.go"]`, "edit = [\"bank.go\"]\nright = [\"Per Account\"]", 1)
		}, `right solution "Per Account" must be lower-case`},
		{"right and wrong", func(s string) string {
			return strings.Replace(s, `edit = ["crawler.go"]`, "edit = [\"crawler.go\"]\nright = [\"unbounded\"]", 1)
		}, `"unbounded" is both a right and a wrong solution`},
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

// block is one exercise of chapter ch, as kata.toml writes it.
func block(id string, ch int) string {
	return fmt.Sprintf(`
[[exercise]]
id = %q
slug = "ex-%s"
chapter = %d
title = "Exercise %s"
points = 10
checks = ["build", "tests"]
objective = "tests"
limit = "30s"
edit = ["ex.go"]
`, id, id, ch, id)
}

func chapter(n int) string {
	return fmt.Sprintf("\n[[chapter]]\nnumber = %d\ntitle = \"Chapter %d\"\n", n, n)
}

// TestCourseOrder: the exercises come by chapter, then id, wherever
// kata.toml lists them, and the chapters by number: an exercise added
// later to an early chapter keeps its id and comes with its chapter.
func TestCourseOrder(t *testing.T) {
	tests := []struct {
		name         string
		toml         string
		wantIDs      []string
		wantChapters []int
	}{
		{"in order", chapter(1) + chapter(2) + block("01", 1) + block("02", 2) + block("03", 2),
			[]string{"01", "02", "03"}, []int{1, 2}},
		{"a later id placed in its chapter", chapter(1) + chapter(2) + block("01", 1) + block("17", 1) + block("02", 2),
			[]string{"01", "17", "02"}, []int{1, 2}},
		{"a later id listed last", chapter(1) + chapter(2) + block("01", 1) + block("02", 2) + block("17", 1),
			[]string{"01", "17", "02"}, []int{1, 2}},
		{"a later id listed first", chapter(1) + chapter(2) + block("17", 1) + block("01", 1) + block("02", 2),
			[]string{"01", "17", "02"}, []int{1, 2}},
		{"three chapters, three late ids", chapter(1) + chapter(5) + chapter(6) +
			block("01", 1) + block("09", 5) + block("10", 6) + block("17", 1) + block("18", 5) + block("19", 6),
			[]string{"01", "17", "09", "18", "10", "19"}, []int{1, 5, 6}},
		{"chapters listed out of order", chapter(6) + chapter(1) + block("10", 6) + block("01", 1),
			[]string{"01", "10"}, []int{1, 6}},
		{"a chapter with no exercise", chapter(1) + chapter(2) + chapter(3) + block("05", 3) + block("01", 1),
			[]string{"01", "05"}, []int{1, 2, 3}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, err := Parse(strings.NewReader("module = \"example.com/kata\"\n" + tt.toml))
			require.NoError(t, err)
			var ids []string
			for _, e := range m.Exercises {
				ids = append(ids, e.ID)
			}
			assert.Equal(t, tt.wantIDs, ids)
			var chapters []int
			for _, c := range m.Chapters {
				chapters = append(chapters, c.Number)
			}
			assert.Equal(t, tt.wantChapters, chapters)
			all, err := m.Select(nil)
			require.NoError(t, err)
			assert.Equal(t, m.Exercises, all, "every exercise, in course order")
		})
	}
}

func TestSelectInCourseOrder(t *testing.T) {
	m, err := Parse(strings.NewReader("module = \"example.com/kata\"\n" + chapter(1) + chapter(2) +
		block("01", 1) + block("02", 2) + block("17", 1)))
	require.NoError(t, err)
	got, err := m.Select([]string{"02", "17", "01"})
	require.NoError(t, err)
	require.Len(t, got, 3)
	assert.Equal(t, []string{"01", "17", "02"}, []string{got[0].ID, got[1].ID, got[2].ID})
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

func TestCaseDir(t *testing.T) {
	e := Exercise{ID: "03", Slug: "crawler", Right: []string{"semaphore", "coordinator"},
		Wrong: map[string]string{"unbounded": CheckTiming, "no-wait": CheckLeak}, Cheat: map[string]string{"os-exit": "forbidden"}}
	for _, tc := range []struct {
		kind      Case
		name, dir string
		err       string
	}{
		{RightCase, "coordinator", filepath.Join("solutions", "03-crawler", "right", "coordinator"), ""},
		{WrongCase, "no-wait", filepath.Join("solutions", "03-crawler", "wrong", "no-wait"), ""},
		{CheatCase, "os-exit", filepath.Join("solutions", "03-crawler", "cheat", "os-exit"), ""},
		{RightCase, "no-wait", "", `exercise 03 has no right solution "no-wait" (it has: semaphore, coordinator)`},
		{WrongCase, "semaphore", "", `exercise 03 has no wrong solution "semaphore" (it has: no-wait, unbounded)`},
		{CheatCase, "../wrong/no-wait", "", `exercise 03 has no cheat "../wrong/no-wait" (it has: os-exit)`},
		{CheatCase, "", "", `exercise 03 has no cheat "" (it has: os-exit)`},
	} {
		dir, err := e.CaseDir(tc.kind, tc.name)
		if tc.err != "" {
			assert.EqualError(t, err, tc.err, "%s %q", tc.kind, tc.name)
			continue
		}
		require.NoError(t, err, "%s %q", tc.kind, tc.name)
		assert.Equal(t, tc.dir, dir, "%s %q", tc.kind, tc.name)
	}
	dir, err := Exercise{ID: "01"}.CaseDir(CheatCase, "x")
	assert.Empty(t, dir)
	assert.EqualError(t, err, `exercise 01 has no cheat "x" (it has: none)`)
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
	assert.Equal(t, "03", got[0].ID, "course order")
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
