package mutate

import (
	"bytes"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gotest.tools/v3/golden"
)

// TestOperatorsGolden makes the mutants of each file under testdata and
// compares their list (ids, what changed, diffs) with its golden file.
// go test -update rewrites them; read the diff before committing it.
func TestOperatorsGolden(t *testing.T) {
	for _, name := range []string{"locks", "channels", "math", "noimport"} {
		t.Run(name, func(t *testing.T) {
			src, err := os.ReadFile(filepath.Join("testdata", name+".go.txt"))
			require.NoError(t, err)
			ms, err := Generate(name+".go", src, name == "locks")
			require.NoError(t, err)
			var b bytes.Buffer
			List(&b, name, ms, nil)
			golden.Assert(t, b.String(), name+".golden")
			for _, m := range ms {
				assert.Empty(t, m.Broken, "%s: every mutant of the fixtures parses", m.ID)
				_, err := parser.ParseFile(token.NewFileSet(), m.File, m.Source, 0)
				assert.NoError(t, err, m.ID)
				assert.NotEqual(t, string(src), string(m.Source), m.ID)
			}
		})
	}
}

// TestEveryOperatorHasASite: the fixtures exercise every operator, so the
// golden files show each one at work.
func TestEveryOperatorHasASite(t *testing.T) {
	seen := map[string]bool{}
	for _, name := range []string{"locks", "channels", "math", "noimport"} {
		src, err := os.ReadFile(filepath.Join("testdata", name+".go.txt"))
		require.NoError(t, err)
		ms, err := Generate(name+".go", src, name == "locks")
		require.NoError(t, err)
		for _, m := range ms {
			seen[m.Operator] = true
		}
	}
	for _, op := range Operators() {
		assert.True(t, seen[op.Name], "no fixture has a site for %s", op.Name)
	}
}

// TestIDsSurviveUnrelatedEdits: a function added before, a comment and a
// blank line in another function, and a change inside another function
// leave every mutant's id (and what it changes) as it was.
func TestIDsSurviveUnrelatedEdits(t *testing.T) {
	src, err := os.ReadFile(filepath.Join("testdata", "channels.go.txt"))
	require.NoError(t, err)
	before, err := Generate("c.go", src, false)
	require.NoError(t, err)
	edited := strings.Replace(string(src), "const Workers = 8\n", "const Workers = 8\n\nfunc helper(a, b int) bool { return a < b+1 }\n", 1)
	edited = strings.Replace(edited, "\tdefer close(jobs)\n", "\t// the feeder owns jobs\n\n\tdefer close(jobs)\n", 1)
	edited = strings.Replace(edited, "\tg.SetLimit(4)\n", "\tg.SetLimit(4)\n\tvar mu sync.Mutex\n\tmu.Lock()\n\tmu.Unlock()\n", 1)
	after, err := Generate("c.go", []byte(edited), false)
	require.NoError(t, err)
	desc := func(ms []Mutant, fn string) map[string]string {
		out := map[string]string{}
		for _, m := range ms {
			if m.Func == fn {
				out[m.ID] = m.Desc
			}
		}
		return out
	}
	for _, fn := range []string{"Crawl", "feed"} {
		assert.Equal(t, desc(before, fn), desc(after, fn), "the mutants of %s", fn)
	}
	assert.NotEmpty(t, desc(after, "helper"), "the new function has mutants of its own")
	assert.Contains(t, desc(after, "Bounded"), "remove-lock/c.go/Bounded/1")
}

// TestKeepAlive: a local variable only the removed code used is kept
// alive with `_ = x`, so the mutant compiles and changes only what it says.
func TestKeepAlive(t *testing.T) {
	src := []byte(`package p

import (
	"context"
	"sync"
)

func f(parent context.Context) {
	ctx, cancel := context.WithCancel(parent)
	defer cancel()
	_ = ctx
	var mu sync.Mutex
	mu.Lock()
	mu.Unlock()
}

func g(ms []*sync.Mutex) {
	for _, m := range ms {
		m.Lock()
	}
	for _, m := range ms {
		m.Unlock()
	}
}
`)
	ms, err := Generate("p.go", src, false)
	require.NoError(t, err)
	byID := map[string]Mutant{}
	for _, m := range ms {
		byID[m.ID] = m
	}
	require.Contains(t, byID, "remove-cancel/p.go/f/1")
	assert.Contains(t, string(byID["remove-cancel/p.go/f/1"].Source), "ctx, cancel := context.WithCancel(parent)\n\t_ = cancel\n\t_ = ctx\n")
	require.Contains(t, byID, "remove-lock/p.go/f/1")
	assert.Contains(t, string(byID["remove-lock/p.go/f/1"].Source), "var mu sync.Mutex\n\t_ = &mu\n}")
	require.Contains(t, byID, "remove-lock/p.go/g/1")
	assert.Contains(t, string(byID["remove-lock/p.go/g/1"].Source), "for _, m := range ms {\n\t\t_ = m\n\t}\n\tfor _, m := range ms {\n\t\t_ = m\n\t}\n", "range variables no longer used")
}

// TestKeepImports: an import only the changed code used becomes a blank
// import, so the mutant compiles.
func TestKeepImports(t *testing.T) {
	src := []byte(`package p

import (
	"runtime"
	"sync"
)

func lanes(jobs []int) {
	var wg sync.WaitGroup
	for range min(runtime.NumCPU(), len(jobs)) {
		wg.Go(func() {})
	}
	wg.Wait()
}
`)
	ms, err := Generate("p.go", src, false)
	require.NoError(t, err)
	var found bool
	for _, m := range ms {
		if m.ID == "bound-4/p.go/lanes/1" {
			found = true
			assert.Contains(t, string(m.Source), "import (\n\t_ \"runtime\"\n\t\"sync\"\n)")
			assert.Contains(t, string(m.Source), "for range 4 {")
		}
		if m.ID == "remove-wait/p.go/lanes/1" {
			assert.Contains(t, string(m.Source), "\t\"runtime\"\n", "runtime is still used")
		}
	}
	assert.True(t, found)
}

func TestGenerateRefusesWhatDoesNotParse(t *testing.T) {
	_, err := Generate("x.go", []byte("package x\nfunc {"), false)
	assert.ErrorContains(t, err, "parse x.go")
}

// TestNoSplitBeforeAConstantReturn: unlocking and locking again right
// before `return nil` changes nothing, so no split-lock mutant is made
// there; before a return that reads guarded state, one is.
func TestNoSplitBeforeAConstantReturn(t *testing.T) {
	src := []byte(`package p

import (
	"errors"
	"sync"
)

type acct struct {
	mu sync.Mutex
	n  int
}

func (a *acct) check(k int) error {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.n < k {
		return errors.New("short")
	}
	return nil
}

func (a *acct) add(k int) int {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.n += k
	return a.n
}
`)
	ms, err := Generate("p.go", src, false)
	require.NoError(t, err)
	var splits []string
	for _, m := range ms {
		if m.Operator == "split-lock" {
			splits = append(splits, m.ID)
		}
	}
	assert.Equal(t, []string{"split-lock/p.go/acct.add/1"}, splits)
}
