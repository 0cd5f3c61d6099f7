package watch

import (
	"context"
	"fmt"
	"io"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/asynckata/kata/checker/internal/manifest"
	"github.com/asynckata/kata/checker/internal/report"
)

// fake is the world a session runs in: a grader that takes a second of
// virtual time per exercise and passes exercises once told to.
type fake struct {
	mu       sync.Mutex
	grades   []string // exercise ids, in the order graded
	finished int
	passing  map[string]bool
	resets   []string
	followed []string
	screen   strings.Builder
}

func (f *fake) config(exs []manifest.Exercise) Config {
	return Config{
		Exercises: exs,
		Grade: func(ctx context.Context, ex manifest.Exercise) (report.Exercise, error) {
			f.mu.Lock()
			f.grades = append(f.grades, ex.ID)
			pass := f.passing[ex.ID]
			f.mu.Unlock()
			select {
			case <-ctx.Done():
				return report.Exercise{}, ctx.Err()
			case <-time.After(time.Second):
			}
			f.mu.Lock()
			f.finished++
			f.mu.Unlock()
			r := report.Exercise{ID: ex.ID, Slug: ex.Slug, Points: 10, Status: report.StatusFail, Failure: "timing"}
			if pass {
				r.Status, r.Score, r.Failure = report.StatusPass, 10, "none"
			}
			return r, nil
		},
		Render: func(w io.Writer, e report.Exercise) {
			fmt.Fprintf(w, "[%s %s %d/%d]\n", e.ID, e.Status, e.Score, e.Points)
		},
		Hint: func(ex manifest.Exercise) (string, error) { return "HINT for " + ex.ID, nil },
		List: func() (string, error) { return "LIST", nil },
		Reset: func(ex manifest.Exercise) (string, error) {
			f.mu.Lock()
			defer f.mu.Unlock()
			f.resets = append(f.resets, ex.ID)
			return "backed up to .kata/backup/" + ex.ID, nil
		},
		Follow: func(ex manifest.Exercise) error {
			f.mu.Lock()
			defer f.mu.Unlock()
			f.followed = append(f.followed, ex.ID)
			return nil
		},
		Reference: func(ex manifest.Exercise) string { return ex.SolutionDir() + "/x.go" },
		Out:       lockedWriter{f},
		Debounce:  300 * time.Millisecond,
	}
}

type lockedWriter struct{ f *fake }

func (w lockedWriter) Write(p []byte) (int, error) {
	w.f.mu.Lock()
	defer w.f.mu.Unlock()
	return w.f.screen.Write(p)
}

func (f *fake) snapshot() (grades []string, finished int, screen string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]string(nil), f.grades...), f.finished, f.screen.String()
}

func (f *fake) clearScreen() {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.screen.Reset()
}

var exercises = []manifest.Exercise{
	{ID: "03", Slug: "crawler", Title: "T3", Edit: []string{"crawler.go"}},
	{ID: "07", Slug: "race-bank", Title: "T7", Edit: []string{"bank.go"}},
}

// session runs a session in the background of a bubble and returns its
// inputs and a function that waits for it to end.
func session(t *testing.T, cfg Config) (chan Change, chan rune, func() error) {
	changes, keys := make(chan Change), make(chan rune)
	var err error
	done := make(chan struct{})
	go func() {
		err = New(cfg).Run(t.Context(), changes, keys)
		close(done)
	}()
	return changes, keys, func() error { <-done; return err }
}

func TestDebounceGradesOnceAfterABurstOfSaves(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		f := &fake{}
		changes, keys, wait := session(t, f.config(exercises))
		time.Sleep(2 * time.Second) // the first grade ends
		for range 3 {
			changes <- Change{Path: "crawler.go"}
			time.Sleep(100 * time.Millisecond) // an editor writing the file in bursts
		}
		time.Sleep(150 * time.Millisecond) // 250 ms after the last save
		grades, _, _ := f.snapshot()
		assert.Len(t, grades, 1, "no grade may start while saves keep coming")
		time.Sleep(100 * time.Millisecond) // now quiet for over 300 ms
		synctest.Wait()
		grades, _, _ = f.snapshot()
		assert.Equal(t, []string{"03", "03"}, grades, "one grade for the whole burst")
		keys <- 'q'
		require.NoError(t, wait())
	})
}

func TestSaveDuringAGradeRestartsIt(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		f := &fake{}
		changes, keys, wait := session(t, f.config(exercises))
		time.Sleep(500 * time.Millisecond) // the first grade is half done
		changes <- Change{Path: "crawler.go"}
		time.Sleep(2 * time.Second)
		grades, finished, _ := f.snapshot()
		assert.Equal(t, []string{"03", "03"}, grades)
		assert.Equal(t, 1, finished, "the stale grade is cancelled, only the new one finishes")
		keys <- 'q'
		require.NoError(t, wait())
	})
}

func TestNextOnlyOncePassed(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		f := &fake{passing: map[string]bool{}}
		changes, keys, wait := session(t, f.config(exercises))
		time.Sleep(2 * time.Second)
		keys <- 'n'
		synctest.Wait()
		_, _, screen := f.snapshot()
		assert.Contains(t, screen, "n moves on once 03 crawler passes")

		f.mu.Lock()
		f.passing["03"] = true
		f.mu.Unlock()
		f.clearScreen()
		changes <- Change{Path: "crawler.go"}
		time.Sleep(2 * time.Second)
		_, _, screen = f.snapshot()
		assert.Contains(t, screen, "03 crawler passes. Compare your code with the reference solution: solutions/03-crawler/x.go")
		assert.Contains(t, screen, "Press n for the next exercise")

		keys <- 'n'
		time.Sleep(2 * time.Second)
		grades, _, screen := f.snapshot()
		assert.Equal(t, []string{"03", "03", "07"}, grades)
		assert.Contains(t, screen, "kata watch: 07 race-bank")
		f.mu.Lock()
		assert.Equal(t, []string{"03", "07"}, f.followed, "the watcher follows the new exercise's folder")
		f.mu.Unlock()
		keys <- 'q'
		require.NoError(t, wait())
	})
}

func TestResetAsksFirst(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		f := &fake{}
		_, keys, wait := session(t, f.config(exercises))
		time.Sleep(2 * time.Second)
		keys <- 'x'
		synctest.Wait()
		_, _, screen := f.snapshot()
		assert.Contains(t, screen, "Reset 03 crawler to its starter (crawler.go)?")
		keys <- 'n' // not y: keep the files
		synctest.Wait()
		_, _, screen = f.snapshot()
		assert.Contains(t, screen, "Reset cancelled")
		assert.Empty(t, f.resets)

		keys <- 'x'
		keys <- 'y'
		time.Sleep(2 * time.Second)
		grades, _, screen := f.snapshot()
		assert.Equal(t, []string{"03"}, f.resets)
		assert.Contains(t, screen, "backed up to .kata/backup/03")
		assert.Equal(t, []string{"03", "03"}, grades, "the restored starter is graded again")
		keys <- 'q'
		require.NoError(t, wait())
	})
}

func TestHintListAndCheckAll(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		f := &fake{passing: map[string]bool{"07": true}}
		_, keys, wait := session(t, f.config(exercises))
		time.Sleep(2 * time.Second)
		keys <- 'h'
		keys <- 'l'
		synctest.Wait()
		_, _, screen := f.snapshot()
		assert.Contains(t, screen, "HINT for 03")
		assert.Contains(t, screen, "LIST")
		keys <- 'c'
		time.Sleep(3 * time.Second)
		_, _, screen = f.snapshot()
		assert.Contains(t, screen, "1 of 2 exercises pass.")
		keys <- 'q'
		require.NoError(t, wait())
	})
}

func TestManualModeGradesOnEnterOnly(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		f := &fake{}
		cfg := f.config(exercises)
		cfg.Manual = true
		changes, keys, wait := session(t, cfg)
		time.Sleep(2 * time.Second)
		changes <- Change{Path: "crawler.go"}
		time.Sleep(2 * time.Second)
		grades, _, screen := f.snapshot()
		assert.Len(t, grades, 1, "manual mode ignores file changes")
		assert.Contains(t, screen, "Enter re-grades")
		keys <- '\r'
		time.Sleep(2 * time.Second)
		grades, _, _ = f.snapshot()
		assert.Len(t, grades, 2)
		keys <- 'q'
		require.NoError(t, wait())
	})
}

func TestMissedEventSuggestsManual(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		f := &fake{}
		changes, keys, wait := session(t, f.config(exercises))
		time.Sleep(2 * time.Second)
		changes <- Change{Path: "exercises/03-crawler/crawler.go", Missed: true}
		time.Sleep(2 * time.Second)
		grades, _, screen := f.snapshot()
		assert.Len(t, grades, 2, "a change found without an event is still graded")
		assert.Contains(t, screen, "no file event came")
		assert.Contains(t, screen, "--manual")
		keys <- 'q'
		require.NoError(t, wait())
	})
}

func TestEndOfKeysEndsTheSession(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		f := &fake{}
		_, keys, wait := session(t, f.config(exercises))
		close(keys)
		require.NoError(t, wait())
	})
}
