package tamper

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
[[exercise]]
id = "03"
slug = "crawler"
chapter = 2
title = "Crawl"
points = 10
checks = ["build", "tests"]
objective = "tests"
limit = "60s"
edit = ["crawler.go"]
[[exercise]]
id = "07"
slug = "bank"
chapter = 2
title = "Bank"
points = 10
checks = ["build", "tests"]
objective = "tests"
limit = "60s"
edit = ["bank.go"]
`

// repo writes a small kata: two exercises, shared helpers, and litter
// that is not protected.
func repo(t *testing.T) (string, *manifest.Manifest) {
	t.Helper()
	m, err := manifest.Parse(strings.NewReader(toml))
	require.NoError(t, err)
	root := t.TempDir()
	for name, body := range map[string]string{
		"exercises/03-crawler/README.md":            "# story\n",
		"exercises/03-crawler/crawler.go":           "package crawler\n",
		"exercises/03-crawler/crawler_test.go":      "package crawler\n// test\n",
		"exercises/03-crawler/fetch.go":             "package crawler\n// support\n",
		"exercises/03-crawler/testdata/site.txt":    "fixture\n",
		"exercises/03-crawler/.crawler_test.go.swp": "editor litter\n",
		"exercises/07-bank/bank.go":                 "package bank\n",
		"exercises/07-bank/bank_test.go":            "package bank\n// test\n",
		"internal/katatest/measure.go":              "package katatest\n",
		"internal/katatest/README.md":               "not Go\n",
	} {
		p := filepath.Join(root, filepath.FromSlash(name))
		require.NoError(t, os.MkdirAll(filepath.Dir(p), 0o755))
		require.NoError(t, os.WriteFile(p, []byte(body), 0o644))
	}
	return root, m
}

func TestProtected(t *testing.T) {
	root, m := repo(t)
	files, err := Protected(root, m)
	require.NoError(t, err)
	assert.Equal(t, []string{
		"exercises/03-crawler/crawler_test.go",
		"exercises/03-crawler/fetch.go",
		"exercises/03-crawler/testdata/site.txt",
		"exercises/07-bank/bank_test.go",
		"internal/katatest/measure.go",
	}, files, "README.md, edit files, hidden files and non-Go shared files are not protected")
}

func TestProtectedSkipsAMissingFolder(t *testing.T) {
	root, m := repo(t)
	require.NoError(t, os.RemoveAll(filepath.Join(root, "exercises", "07-bank")))
	files, err := Protected(root, m)
	require.NoError(t, err, "make generate keeps working while an exercise is being written")
	assert.NotContains(t, files, "exercises/07-bank/bank_test.go")
}

func TestSumParsesBack(t *testing.T) {
	root, m := repo(t)
	b, err := Sum(root, m)
	require.NoError(t, err)
	assert.Contains(t, string(b), "  exercises/03-crawler/crawler_test.go\n")
	sums, err := Parse(strings.NewReader(string(b)))
	require.NoError(t, err)
	assert.Len(t, sums, 5)

	again, err := Sum(root, m)
	require.NoError(t, err)
	assert.Equal(t, string(b), string(again), "the list is deterministic")
}

func TestParseRejectsGarbage(t *testing.T) {
	for name, text := range map[string]string{
		"no separator": "abc exercises/03-crawler/crawler_test.go\n",
		"short digest": "abc  exercises/03-crawler/crawler_test.go\n",
		"not hex":      strings.Repeat("z", 64) + "  exercises/03-crawler/crawler_test.go\n",
		"missing path": strings.Repeat("a", 64) + "  \n",
	} {
		t.Run(name, func(t *testing.T) {
			_, err := Parse(strings.NewReader("# comment\n\n" + text))
			assert.ErrorContains(t, err, "line 3")
		})
	}
}

func TestChanged(t *testing.T) {
	tests := []struct {
		name   string
		ex     string
		change func(t *testing.T, root string)
		want   []string
	}{
		{name: "untouched", ex: "03"},
		{
			name:   "appended comment in a test",
			ex:     "03",
			change: appendTo("exercises/03-crawler/crawler_test.go", "// I was here\n"),
			want:   []string{"exercises/03-crawler/crawler_test.go"},
		},
		{
			name:   "deleted fixture",
			ex:     "03",
			change: remove("exercises/03-crawler/testdata/site.txt"),
			want:   []string{"exercises/03-crawler/testdata/site.txt"},
		},
		{
			name:   "changed shared helper counts for every exercise",
			ex:     "07",
			change: appendTo("internal/katatest/measure.go", "func init() {}\n"),
			want:   []string{"internal/katatest/measure.go"},
		},
		{
			name:   "another exercise's test is not this one's business",
			ex:     "07",
			change: appendTo("exercises/03-crawler/crawler_test.go", "// x\n"),
		},
		{
			name:   "the learner's own files may change",
			ex:     "03",
			change: appendTo("exercises/03-crawler/crawler.go", "func Crawl() {}\n"),
		},
		{
			name:   "README may change",
			ex:     "03",
			change: appendTo("exercises/03-crawler/README.md", "my notes\n"),
		},
		{
			name:   "an extra file beside them is fine",
			ex:     "03",
			change: appendTo("exercises/03-crawler/helper.go", "package crawler\n"),
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			root, m := repo(t)
			b, err := Sum(root, m)
			require.NoError(t, err)
			sums, err := Parse(strings.NewReader(string(b)))
			require.NoError(t, err)
			if tt.change != nil {
				tt.change(t, root)
			}
			ex, err := m.Lookup(tt.ex)
			require.NoError(t, err)
			got, err := sums.Changed(root, ex)
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
		})
	}
}

func TestChangedWithoutEntriesBlamesTheList(t *testing.T) {
	root, m := repo(t)
	ex, err := m.Lookup("03")
	require.NoError(t, err)
	got, err := Sums{}.Changed(root, ex)
	require.NoError(t, err)
	assert.Equal(t, []string{FileName}, got, "lines removed from the list must not hide a change")
}

func TestLoad(t *testing.T) {
	root, m := repo(t)
	_, err := Load(root)
	assert.ErrorContains(t, err, "make generate")

	b, err := Sum(root, m)
	require.NoError(t, err)
	p := filepath.Join(root, filepath.FromSlash(FileName))
	require.NoError(t, os.MkdirAll(filepath.Dir(p), 0o755))
	require.NoError(t, os.WriteFile(p, b, 0o644))
	sums, err := Load(root)
	require.NoError(t, err)
	assert.Len(t, sums, 5)

	require.NoError(t, os.WriteFile(p, []byte("garbage\n"), 0o644))
	_, err = Load(root)
	assert.ErrorContains(t, err, "git checkout -- "+FileName)
}

func appendTo(name, text string) func(*testing.T, string) {
	return func(t *testing.T, root string) {
		f, err := os.OpenFile(filepath.Join(root, filepath.FromSlash(name)), os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
		require.NoError(t, err)
		_, err = f.WriteString(text)
		require.NoError(t, err)
		require.NoError(t, f.Close())
	}
}

func remove(name string) func(*testing.T, string) {
	return func(t *testing.T, root string) {
		require.NoError(t, os.Remove(filepath.Join(root, filepath.FromSlash(name))))
	}
}
