package screen

import (
	"bufio"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A case under testdata/ is one package to screen:
//
//	what the case shows, in a line or two
//	allow: net/http runtime
//	api: C.kernel_batch
//	want: os.Exit
//	want: init
//	why: ends the test binary
//	-- crawler.go --
//	package crawler ...
//	-- protected/fetch.go --
//	package crawler ...
//
// Files under protected/ are the package's protected files; the others
// are the learner's. Each want line is the Name of one finding, in the
// order Package returns them (by file, then line); no want line means the
// code must pass. why, if given, is part of the first finding's Why.
type screenCase struct {
	pol       Policy
	want      []string
	why       string
	learner   []File
	protected []File
}

func readCase(t *testing.T, path string) screenCase {
	t.Helper()
	f, err := os.Open(path)
	require.NoError(t, err)
	defer f.Close()
	var c screenCase
	var cur *File
	var protected bool
	flush := func() {
		if cur == nil {
			return
		}
		if protected {
			c.protected = append(c.protected, *cur)
		} else {
			c.learner = append(c.learner, *cur)
		}
	}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if name, ok := strings.CutPrefix(line, "-- "); ok && strings.HasSuffix(name, " --") {
			flush()
			name = strings.TrimSuffix(name, " --")
			name, protected = strings.CutPrefix(name, "protected/")
			cur = &File{Name: name}
			continue
		}
		if cur != nil {
			cur.Src = append(cur.Src, line+"\n"...)
			continue
		}
		key, value, _ := strings.Cut(line, ": ")
		switch key {
		case "allow":
			c.pol.Allow = strings.Fields(value)
		case "api":
			c.pol.API = strings.Fields(value)
		case "want":
			c.want = append(c.want, value)
		case "why":
			c.why = value
		}
	}
	require.NoError(t, sc.Err())
	flush()
	require.NotEmpty(t, c.learner, "%s has no learner file", path)
	return c
}

// TestCases runs every case under testdata/.
func TestCases(t *testing.T) {
	paths, err := filepath.Glob(filepath.Join("testdata", "*.txt"))
	require.NoError(t, err)
	require.NotEmpty(t, paths)
	for _, p := range paths {
		t.Run(strings.TrimSuffix(filepath.Base(p), ".txt"), func(t *testing.T) {
			c := readCase(t, p)
			got := Package(c.learner, c.protected, c.pol)
			var names []string
			for _, f := range got {
				names = append(names, f.Name)
				assert.True(t, slices.ContainsFunc(c.learner, func(l File) bool { return l.Name == f.File }), "a finding names a learner file: %v", f)
				assert.Positive(t, f.Line)
				assert.NotEmpty(t, f.Why)
			}
			assert.Equal(t, c.want, names, "%v", got)
			if c.why != "" && len(got) > 0 {
				assert.Contains(t, got[0].Why, c.why)
			}
		})
	}
}

func TestFindingString(t *testing.T) {
	got := Package([]File{{Name: "crawler.go", Src: []byte("package p\nimport \"os\"\nfunc init() {\n\tos.Exit(0)\n}\n")}}, nil, Policy{Allow: []string{"os"}})
	require.Len(t, got, 2)
	assert.Equal(t, "crawler.go:4: os.Exit: os.Exit ends the test binary, so the tests after it never run. Of os, your code may use only "+allowedNames("os"), got[1].String())
}

func TestSource(t *testing.T) {
	assert.True(t, Source("helper.go"))
	assert.True(t, Source("x_test.go"))
	assert.True(t, Source("k.c"))
	assert.True(t, Source("x.syso"))
	assert.False(t, Source("notes.txt"))
	assert.False(t, Source("_scratch.go"))
	assert.False(t, Source(".hidden.go"))
}

func TestStubsLoad(t *testing.T) {
	s := loadStubs()
	for _, name := range []string{"Cmd", "Command", "CommandContext", "ExitError"} {
		assert.NotNil(t, s["os/exec"].Scope().Lookup(name), "os/exec stub: %s", name)
	}
	for _, name := range []string{"Process", "File", "Args", "Executable", "Stdout"} {
		assert.NotNil(t, s["os"].Scope().Lookup(name), "os stub: %s", name)
	}
}

func TestCheckAllow(t *testing.T) {
	assert.Empty(t, CheckAllow("net/http"))
	assert.Empty(t, CheckAllow("C"))
	assert.NotEmpty(t, CheckAllow("testing"))
	assert.NotEmpty(t, CheckAllow("reflect"))
	assert.NotEmpty(t, CheckAllow("github.com/asynckata/kata/internal/katatest"))
	assert.NotEmpty(t, CheckAllow("github.com/x/y"))
	assert.Empty(t, CheckAPI("taskLog"))
	assert.Empty(t, CheckAPI("Task.run"))
	assert.Empty(t, CheckAPI("C.kernel_batch"))
	assert.NotEmpty(t, CheckAPI("C."))
	assert.NotEmpty(t, CheckAPI("a b"))
}
