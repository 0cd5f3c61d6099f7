package handout

import (
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// kata writes a small repository with every kind of file the copy keeps
// or leaves out.
func kata(t *testing.T) string {
	t.Helper()
	root := t.TempDir()
	for name, body := range map[string]string{
		"kata.toml":                            "module = \"x\"\n",
		"go.mod":                               "module x\n",
		"Makefile":                             "check:\n",
		"exercises/03-crawler/crawler.go":      "package crawler\n",
		"exercises/03-crawler/crawler_test.go": "package crawler\n",
		"hints/03-crawler.md":                  "# Hints\n\n## Hint 1\nnudge\n\n## Hint 2\ncloser\n\n## Hint 3\nnearly\n",
		"checker/main.go":                      "package main\n",
		"checker/protected.sum":                "",
		"classroom/actions/classroom.yml":      "name: x\n",
		"classroom/actions/autograding.json":   "{}\n",
		".github/workflows/ci.yml":             "name: ci\n",
		"TEACHING.md":                          "how the grading can be gamed\n",
		"AUTHORING.md":                         "make generate rewrites the digests\n",
		".gitignore":                           "/bin/\n",
		"solutions/03-crawler/crawler.go":      "package crawler // the answer\n",
		"solutions/go.mod":                     "module x/solutions\n",
		".git/HEAD":                            "ref: refs/heads/main\n",
		".ci/run":                              "make test\n",
		"bin/kata":                             "binary\n",
		".kata/state.json":                     "{}\n",
		"result.json":                          "{}\n",
	} {
		p := filepath.Join(root, filepath.FromSlash(name))
		require.NoError(t, os.MkdirAll(filepath.Dir(p), 0o755))
		require.NoError(t, os.WriteFile(p, []byte(body), 0o644))
	}
	p := filepath.Join(root, "classroom", "classroom50", "autograder.py")
	require.NoError(t, os.MkdirAll(filepath.Dir(p), 0o755))
	require.NoError(t, os.WriteFile(p, []byte("#!/usr/bin/env python3\n"), 0o755))
	return root
}

func files(t *testing.T, dir string) []string {
	t.Helper()
	var out []string
	require.NoError(t, filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		out = append(out, filepath.ToSlash(rel))
		return nil
	}))
	sort.Strings(out)
	return out
}

// TestWriteLeavesAnswersOut: the copy has the exercises, hints, checker
// and classroom files, and no solutions, history, CI or litter.
func TestWriteLeavesAnswersOut(t *testing.T) {
	root := kata(t)
	dest := filepath.Join(t.TempDir(), "assignment")
	n, err := Write(root, dest, Options{})
	require.NoError(t, err)
	want := []string{
		".github/classroom/autograding.json",
		".github/workflows/classroom.yml",
		".gitignore",
		Marker,
		"Makefile",
		"checker/main.go",
		"checker/protected.sum",
		"exercises/03-crawler/crawler.go",
		"exercises/03-crawler/crawler_test.go",
		"go.mod",
		"hints/03-crawler.md",
		"kata.toml",
	}
	assert.Equal(t, want, files(t, dest), "no TEACHING.md, AUTHORING.md or classroom/: they are for teachers and authors")
	assert.Equal(t, len(want), n)
	b, err := os.ReadFile(filepath.Join(dest, ".github", "workflows", "classroom.yml"))
	require.NoError(t, err)
	assert.Equal(t, "name: x\n", string(b), "the actions route installs the kata's workflow")
	assert.True(t, IsStudentCopy(dest))
	assert.False(t, IsStudentCopy(root))
}

func TestClassroom50RouteCarriesNoWorkflow(t *testing.T) {
	dest := filepath.Join(t.TempDir(), "assignment")
	_, err := Write(kata(t), dest, Options{Route: RouteClassroom50})
	require.NoError(t, err)
	assert.NoFileExists(t, filepath.Join(dest, ".github", "workflows", "classroom.yml"), "Classroom 50 installs its own workflow: no idle one")
	assert.NoFileExists(t, filepath.Join(dest, ".github", "classroom", "autograding.json"))
	assert.FileExists(t, filepath.Join(dest, "exercises", "03-crawler", "crawler.go"))
}

func TestHintsAllNoneOrSome(t *testing.T) {
	root := kata(t)
	for _, tt := range []struct {
		hints string
		want  string // the copy's hints file, "" when there is none
	}{
		{"all", "# Hints\n\n## Hint 1\nnudge\n\n## Hint 2\ncloser\n\n## Hint 3\nnearly\n"},
		{"2", "# Hints\n\n## Hint 1\nnudge\n\n## Hint 2\ncloser\n"},
		{"none", ""},
	} {
		dest := filepath.Join(t.TempDir(), "assignment")
		_, err := Write(root, dest, Options{Hints: tt.hints})
		require.NoError(t, err, tt.hints)
		b, err := os.ReadFile(filepath.Join(dest, "hints", "03-crawler.md"))
		if tt.want == "" {
			assert.True(t, os.IsNotExist(err), "HINTS=none: no hint text at all")
			assert.NoDirExists(t, filepath.Join(dest, "hints"))
			continue
		}
		require.NoError(t, err)
		assert.Equal(t, tt.want, string(b), "HINTS=%s", tt.hints)
	}
	_, err := Write(root, filepath.Join(t.TempDir(), "x"), Options{Hints: "some"})
	assert.ErrorContains(t, err, "use all, none, or a number")
	_, err = Write(root, filepath.Join(t.TempDir(), "x"), Options{Route: "gitlab"})
	assert.ErrorContains(t, err, "use actions")
}

func TestWriteRefuses(t *testing.T) {
	root := kata(t)
	outside := t.TempDir()
	full := filepath.Join(outside, "full")
	require.NoError(t, os.MkdirAll(full, 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(full, "notes.txt"), []byte("mine"), 0o644))
	link := filepath.Join(outside, "link")
	require.NoError(t, os.Symlink(root, link))

	tests := []struct {
		name, dest, want string
	}{
		{"no folder named", "", "name the folder"},
		{"the repository itself", root, "inside the repository"},
		{"a folder inside it", filepath.Join(root, "copy"), "inside the repository"},
		{"a new folder inside it through a symlink", filepath.Join(link, "copy", "deeper"), "inside the repository"},
		{"a folder with files", full, "is not empty"},
		{"a file", filepath.Join(full, "notes.txt"), "choose a new folder"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := files(t, root)
			_, err := Write(root, tt.dest, Options{})
			assert.ErrorContains(t, err, tt.want)
			assert.Equal(t, before, files(t, root), "nothing written into the repository")
		})
	}
	b, err := os.ReadFile(filepath.Join(full, "notes.txt"))
	require.NoError(t, err)
	assert.Equal(t, "mine", string(b), "nothing overwritten")
}

func TestWriteIntoEmptyFolder(t *testing.T) {
	root := kata(t)
	dest := t.TempDir()
	_, err := Write(root, dest, Options{})
	require.NoError(t, err)
	assert.FileExists(t, filepath.Join(dest, "kata.toml"))
	assert.NoDirExists(t, filepath.Join(dest, "solutions"))
}
