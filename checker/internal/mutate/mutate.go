package mutate

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/asynckata/kata/checker/internal/grader"
	"github.com/asynckata/kata/checker/internal/manifest"
	"github.com/asynckata/kata/checker/internal/pool"
	"github.com/asynckata/kata/checker/internal/runner"
)

// GradeFunc grades one exercise from src up to runs times, building it
// once, and hands each grading to each until each returns false.
type GradeFunc func(ctx context.Context, ex manifest.Exercise, src grader.Source, runs int, each func(Run) bool) error

// Mutator makes and grades the mutants of exercises' reference solutions.
type Mutator struct {
	Root     string
	Manifest *manifest.Manifest
	Grade    GradeFunc
	// Out gets each exercise's tally, in exercise order.
	Out io.Writer
	// Progress, if set, gets a line per graded mutant as it finishes.
	Progress io.Writer
	// Repeat is how many gradings a mutant that depends on scheduling
	// must fail (at least one).
	Repeat int
	// Jobs is how many mutants are graded at once (at least one).
	Jobs int
}

// exercise is one exercise's mutants and equivalent list.
type exercise struct {
	ex      manifest.Exercise
	mutants []Mutant
	eq      []Equivalent
	err     error
}

// Mutants makes the mutants of one exercise's reference solution (every
// edit file) and reads its list of equivalent mutants.
func (m *Mutator) Mutants(ex manifest.Exercise) ([]Mutant, []Equivalent, error) {
	rw, err := readWrite(filepath.Join(m.Root, ex.Dir()), filepath.Join(m.Root, ex.SolutionDir()))
	if err != nil {
		return nil, nil, err
	}
	var out []Mutant
	for _, f := range ex.Edit {
		p := filepath.Join(m.Root, ex.SolutionDir(), f)
		src, err := os.ReadFile(p)
		if err != nil {
			return nil, nil, fmt.Errorf("read the reference solution: %w", err)
		}
		ms, err := Generate(f, src, rw)
		if err != nil {
			return nil, nil, fmt.Errorf("%s: %w", filepath.Join(ex.SolutionDir(), f), err)
		}
		for i := range ms {
			ms[i].Diff = strings.Replace(ms[i].Diff, "--- a/"+f+"\n+++ b/"+f+"\n",
				"--- "+filepath.ToSlash(filepath.Join(ex.SolutionDir(), f))+"\n+++ "+filepath.ToSlash(filepath.Join(ex.SolutionDir(), f))+" (mutant)\n", 1)
		}
		out = append(out, ms...)
	}
	eq, err := LoadEquivalents(filepath.Join(m.Root, ex.SolutionDir(), EquivalentFile))
	if err != nil {
		return nil, nil, err
	}
	return out, eq, nil
}

// readWrite reports whether the package (its folder or the solution's)
// uses read-write locks, so that Lock may be made RLock.
func readWrite(dirs ...string) (bool, error) {
	for _, d := range dirs {
		files, err := filepath.Glob(filepath.Join(d, "*.go"))
		if err != nil {
			return false, err
		}
		for _, f := range files {
			if strings.HasSuffix(f, "_test.go") {
				continue
			}
			b, err := os.ReadFile(f)
			if err != nil {
				return false, fmt.Errorf("read %s: %w", f, err)
			}
			if bytes.Contains(b, []byte("RWMutex")) || bytes.Contains(b, []byte(".RLock()")) {
				return true, nil
			}
		}
	}
	return false, nil
}

// List prints every exercise's mutants without grading them.
func (m *Mutator) List(exs []manifest.Exercise) bool {
	ok := true
	for _, ex := range exs {
		ms, eq, err := m.Mutants(ex)
		if err != nil {
			fmt.Fprintf(m.Out, "FAIL %s %s: %v\n", ex.ID, ex.Slug, err)
			ok = false
			continue
		}
		List(m.Out, ex.ID+" "+ex.Slug, ms, eq)
	}
	return ok
}

// Run grades every mutant of the exercises (but the listed equivalents),
// prints each exercise's tally, and reports whether all pass.
func (m *Mutator) Run(ctx context.Context, exs []manifest.Exercise) (bool, error) {
	all := make([]exercise, len(exs))
	type task struct {
		ex     int
		mutant Mutant
	}
	var tasks []task
	left := make([]int, len(exs)) // tasks not yet done, per exercise
	for i, ex := range exs {
		ms, eq, err := m.Mutants(ex)
		all[i] = exercise{ex: ex, mutants: ms, eq: eq, err: err}
		listed := map[string]bool{}
		for _, q := range eq {
			listed[q.Mutant] = true
		}
		for _, mu := range ms {
			if mu.Broken == "" && !listed[mu.ID] {
				tasks = append(tasks, task{i, mu})
				left[i]++
			}
		}
	}
	graded := make([]map[string]Result, len(exs))
	for i := range graded {
		graded[i] = map[string]Result{}
	}
	ok := true
	next := 0
	flush := func() {
		for next < len(exs) && left[next] == 0 {
			e := all[next]
			if e.err != nil {
				fmt.Fprintf(m.Out, "FAIL %s %s: %v\n", e.ex.ID, e.ex.Slug, e.err)
				ok = false
			} else {
				t := NewTally(e.ex.ID+" "+e.ex.Slug, e.mutants, graded[next], e.eq, m.Repeat)
				t.Write(m.Out)
				ok = t.OK() && ok
			}
			next++
		}
	}
	flush()
	err := pool.Ordered(ctx, max(m.Jobs, 1), len(tasks), func(ctx context.Context, i int) (Result, error) {
		t := tasks[i]
		start := time.Now()
		r, err := m.grade(ctx, all[t.ex].ex, t.mutant)
		if err == nil && m.Progress != nil {
			fmt.Fprintf(m.Progress, "mutate: %s %s: %s %s (%d of %d gradings caught it, %.1fs)\n",
				all[t.ex].ex.ID, all[t.ex].ex.Slug, t.mutant.ID, r.Outcome, r.Caught, r.Runs, time.Since(start).Seconds())
		}
		return r, err
	}, func(i int, r Result) {
		t := tasks[i]
		graded[t.ex][t.mutant.ID] = r
		left[t.ex]--
		flush()
	})
	if err != nil {
		return false, err
	}
	return ok, nil
}

// grade lays the mutant over the reference solution and grades it, up
// to Repeat times when it depends on scheduling, stopping at the first
// grading that does not catch it.
func (m *Mutator) grade(ctx context.Context, ex manifest.Exercise, mu Mutant) (Result, error) {
	// The watchdog removes the folder if the checker is killed mid-way.
	dir, err := runner.TempDir("kata-mutant-")
	if err != nil {
		return Result{}, err
	}
	defer func() { _ = runner.RemoveTemp(dir) }()
	if err := os.WriteFile(filepath.Join(dir, mu.File), mu.Source, 0o644); err != nil {
		return Result{}, fmt.Errorf("write the mutant: %w", err)
	}
	var runs []Run
	err = m.Grade(ctx, ex, grader.Source{Mutant: mu.ID, Files: dir}, Needed(mu, m.Repeat), func(r Run) bool {
		// The compiler names the exercise's file (or the mutant's
		// temporary one): name the solution's, which the mutant changes.
		sol := filepath.ToSlash(filepath.Join(ex.SolutionDir(), mu.File))
		r.Summary = strings.NewReplacer(filepath.Join(dir, mu.File), sol, filepath.ToSlash(filepath.Join(ex.Dir(), mu.File)), sol).Replace(r.Summary)
		runs = append(runs, r)
		return !r.Passed && !r.NotCompiled && r.Error == ""
	})
	if err != nil {
		return Result{}, err
	}
	return Judge(mu, runs, m.Repeat), nil
}
