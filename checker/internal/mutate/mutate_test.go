package mutate

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/asynckata/kata/checker/internal/grader"
	"github.com/asynckata/kata/checker/internal/manifest"
)

const kata = `
module = "example.com/kata"
[[chapter]]
number = 1
title = "One"
[[exercise]]
id = "01"
slug = "counter"
chapter = 1
title = "Count"
points = 10
checks = ["build", "tests", "race", "leak"]
objective = "race"
limit = "30s"
edit = ["counter.go"]
[[exercise]]
id = "02"
slug = "empty"
chapter = 1
title = "Nothing to mutate"
points = 10
checks = ["build", "tests"]
objective = "tests"
limit = "30s"
edit = ["empty.go"]
`

const counter = `package counter

import "sync"

type Counter struct {
	mu sync.Mutex
	n  int
}

func (c *Counter) Add(g, k int) {
	var wg sync.WaitGroup
	for range g {
		wg.Go(func() {
			for range k {
				c.mu.Lock()
				c.n++
				c.mu.Unlock()
			}
		})
	}
	wg.Wait()
}

func (c *Counter) Value() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.n
}
`

func repo(t *testing.T, equivalents string) (*Mutator, []manifest.Exercise) {
	t.Helper()
	root := t.TempDir()
	m, err := manifest.Parse(strings.NewReader(kata))
	require.NoError(t, err)
	write := func(rel, content string) {
		p := filepath.Join(root, rel)
		require.NoError(t, os.MkdirAll(filepath.Dir(p), 0o755))
		require.NoError(t, os.WriteFile(p, []byte(content), 0o644))
	}
	write("solutions/01-counter/counter.go", counter)
	write("exercises/01-counter/counter.go", "package counter\n")
	write("solutions/02-empty/empty.go", "package empty\n")
	write("exercises/02-empty/empty.go", "package empty\n")
	if equivalents != "" {
		write("solutions/01-counter/mutants.toml", equivalents)
	}
	return &Mutator{Root: root, Manifest: m, Repeat: 3, Jobs: 2}, m.Exercises
}

// TestRunGradesEachMutantAsOften: scheduling mutants are graded until one
// grading lets them pass or Repeat have caught them; listed equivalents
// are not graded; tallies come out in exercise order.
func TestRunGradesEachMutantAsOften(t *testing.T) {
	mu, exs := repo(t, "[[equivalent]]\nmutant = \"go-sync/counter.go/Counter.Add/1\"\nwhy = \"one goroutine adds the same\"\n")
	var out strings.Builder
	mu.Out = &out
	var lock sync.Mutex
	asked := map[string]int{}
	mu.Grade = func(_ context.Context, ex manifest.Exercise, src grader.Source, runs int, each func(Run) bool) error {
		b, err := os.ReadFile(filepath.Join(src.Files, "counter.go"))
		require.NoError(t, err)
		assert.NotEqual(t, counter, string(b), "the mutant is laid over the solution")
		lock.Lock()
		asked[src.Mutant] = runs
		lock.Unlock()
		for i := range runs {
			r := caught
			if src.Mutant == "remove-lock/counter.go/Counter.Value/1" && i == 1 {
				r = passed
			}
			if src.Mutant == "remove-wait/counter.go/Counter.Add/1" {
				r = Run{NotCompiled: true, Summary: "exercises/01-counter/counter.go:21:2: undefined: x"}
			}
			if !each(r) {
				break
			}
		}
		return nil
	}
	ok, err := mu.Run(context.Background(), exs)
	require.NoError(t, err)
	assert.False(t, ok)
	assert.Equal(t, map[string]int{
		"remove-lock/counter.go/Counter.Add/1":   3,
		"remove-wait/counter.go/Counter.Add/1":   3,
		"remove-lock/counter.go/Counter.Value/1": 3,
	}, asked, "every scheduling mutant asked for Repeat gradings, the equivalent for none")
	got := out.String()
	assert.Contains(t, got, "FAIL 01 counter: 4 mutants: 1 killed, 1 survived, 1 equivalent, 1 not a program\n")
	assert.Contains(t, got, "  not a program remove-wait/counter.go/Counter.Add/1: solutions/01-counter/counter.go:21:2: undefined: x\n", "the compiler's message names the solution's file")
	assert.Contains(t, got, "  SURVIVED      remove-lock/counter.go/Counter.Value/1 (caught by 1 grading, then passed grading 2 of 3)")
	assert.Contains(t, got, "--- solutions/01-counter/counter.go\n      +++ solutions/01-counter/counter.go (mutant)\n")
	assert.Contains(t, got, "FAIL 1 of 3 mutants are listed as equivalent")
	assert.Less(t, strings.Index(got, "01 counter"), strings.Index(got, "ok   02 empty: 0 mutants"))
}

func TestRunReportsABrokenList(t *testing.T) {
	mu, exs := repo(t, "[[equivalent]]\nmutant = \"x\"\n")
	var out strings.Builder
	mu.Out = &out
	mu.Grade = func(context.Context, manifest.Exercise, grader.Source, int, func(Run) bool) error {
		t.Fatal("nothing is graded for an exercise whose list does not parse")
		return nil
	}
	ok, err := mu.Run(context.Background(), exs[:1])
	require.NoError(t, err)
	assert.False(t, ok)
	assert.Contains(t, out.String(), `FAIL 01 counter: `)
	assert.Contains(t, out.String(), `mutants.toml: equivalent 1: "why" is empty`)
}

func TestListGradesNothing(t *testing.T) {
	mu, exs := repo(t, "")
	var out strings.Builder
	mu.Out = &out
	assert.True(t, mu.List(exs))
	assert.Contains(t, out.String(), "01 counter: 4 mutants\n  remove-lock/counter.go/Counter.Add/1 (line 15, scheduling): take no lock: remove c.mu.Lock() and its unlock\n")
	assert.Contains(t, out.String(), "02 empty: 0 mutants\n")
}
