package cli

import (
	"bufio"
	"bytes"
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/fsnotify/fsnotify"
	"golang.org/x/term"

	"github.com/asynckata/kata/checker/internal/grader"
	"github.com/asynckata/kata/checker/internal/handout"
	"github.com/asynckata/kata/checker/internal/manifest"
	"github.com/asynckata/kata/checker/internal/report"
	"github.com/asynckata/kata/checker/internal/state"
	"github.com/asynckata/kata/checker/internal/watch"
)

// watchCmd grades the current exercise again after every save until the
// learner quits.
func watchCmd(ctx context.Context, args []string, env Env) error {
	fs := flag.NewFlagSet("watch", flag.ContinueOnError)
	manual := fs.Bool("manual", false, "re-grade when you press Enter instead of on every save")
	names, err := parse(fs, args, env)
	if err != nil {
		return err
	}
	names = splitNames(names)
	if len(names) > 1 {
		return usageErrorf("watch follows one exercise at a time: make watch EX=03")
	}
	root, m, err := repo(env)
	if err != nil {
		return err
	}
	start := 0
	if len(names) == 1 {
		exs, err := selectExercises(m, names)
		if err != nil {
			return err
		}
		start = indexOf(m.Exercises, exs[0].ID)
	} else if start, err = firstNotPassing(root, m); err != nil {
		return err
	}
	g, err := newGrader(ctx, root, env, false, 1) // the session draws its own progress line
	if err != nil {
		return err
	}
	prot := loadProtection(root, false, env)

	w, err := fsnotify.NewWatcher()
	if err != nil {
		return fmt.Errorf("watch files: %w (try --manual)", err)
	}
	defer w.Close()

	out := env.Stdout
	keys := make(chan rune)
	raw := false
	if env.StdinTerminal {
		if f, ok := env.stdin().(*os.File); ok {
			if old, err := term.MakeRaw(int(f.Fd())); err == nil {
				raw = true
				defer term.Restore(int(f.Fd()), old)
			}
		}
	}
	if raw {
		// A raw terminal does not turn \n into \r\n by itself.
		out = crlf{env.Stdout}
	}
	go readKeys(env.stdin(), raw, keys)

	var mu sync.Mutex
	current := ""
	cfg := watch.Config{
		Exercises: m.Exercises,
		Start:     start,
		Grade: func(ctx context.Context, ex manifest.Exercise) (report.Exercise, error) {
			e, err := gradeExercise(ctx, g, root, m, ex, grader.Source{}, prot)
			if err == nil {
				var res report.Result
				res.Add(e)
				remember(root, res, env)
			}
			return e, err
		},
		Render: func(w io.Writer, e report.Exercise) {
			res := report.Result{Version: report.Version}
			res.Add(e)
			_ = report.Text{Color: color(env)}.Write(w, &res)
		},
		Hint: func(ex manifest.Exercise) (string, error) {
			var b bytes.Buffer
			err := showHint(root, ex, 0, &b)
			return b.String(), err
		},
		List: func() (string, error) { return listText(root, m) },
		Reset: func(ex manifest.Exercise) (string, error) {
			return resetExercise(ctx, root, ex, time.Now())
		},
		Follow: func(ex manifest.Exercise) error {
			mu.Lock()
			defer mu.Unlock()
			if current != "" {
				_ = w.Remove(current)
			}
			current = filepath.Join(root, ex.Dir())
			return w.Add(current)
		},
		Reference: func(ex manifest.Exercise) string {
			if handout.IsStudentCopy(root) {
				return ""
			}
			return referenceFiles(ex)
		},
		Out:    out,
		Manual: *manual,
	}
	if color(env) {
		cfg.Clear = "\x1b[H\x1b[2J"
	}
	changes := make(chan watch.Change)
	wctx, cancel := context.WithCancel(ctx)
	defer cancel()
	go forwardChanges(wctx, w, func() string { mu.Lock(); defer mu.Unlock(); return current }, changes)
	err = watch.New(cfg).Run(wctx, changes, keys)
	fmt.Fprintln(out, "\nkata watch: bye. Your last results are in make list.")
	return err
}

func indexOf(exs []manifest.Exercise, id string) int {
	for i, e := range exs {
		if e.ID == id {
			return i
		}
	}
	return 0
}

// firstNotPassing is the first exercise, in course order (by chapter, then
// id, as the manifest holds them), whose last result is not a pass.
func firstNotPassing(root string, m *manifest.Manifest) (int, error) {
	st, err := state.Load(root)
	if err != nil {
		return 0, err
	}
	for i, ex := range m.Exercises {
		if st.Last[ex.ID].Status != report.StatusPass {
			return i, nil
		}
	}
	return 0, nil
}

// forwardChanges turns file-system events in the watched folder into
// changes, and every PollEvery compares modification times so that a save
// the events missed is still seen (and said to be missed).
func forwardChanges(ctx context.Context, w *fsnotify.Watcher, dir func() string, changes chan<- watch.Change) {
	const pollEvery = time.Second
	poll := time.NewTicker(pollEvery)
	defer poll.Stop()
	seen := watch.ModTimes(dir())
	evented := map[string]bool{}
	send := func(c watch.Change) {
		select {
		case changes <- c:
		case <-ctx.Done():
		}
	}
	for {
		select {
		case <-ctx.Done():
			return
		case ev, ok := <-w.Events:
			if !ok {
				return
			}
			if !watch.Relevant(ev.Name) || !ev.Has(fsnotify.Write|fsnotify.Create|fsnotify.Rename|fsnotify.Remove) {
				continue
			}
			evented[ev.Name] = true
			send(watch.Change{Path: ev.Name})
		case <-w.Errors:
		case <-poll.C:
			now := watch.ModTimes(dir())
			for _, c := range watch.Missed(seen, now, evented) {
				send(c)
			}
			seen, evented = now, map[string]bool{}
		}
	}
}

// readKeys sends each key pressed (raw terminal) or the first letter of
// each line (anything else; an empty line is Enter), and closes keys at
// the end of the input.
func readKeys(r io.Reader, raw bool, keys chan<- rune) {
	defer close(keys)
	br := bufio.NewReader(r)
	for {
		if raw {
			k, _, err := br.ReadRune()
			if err != nil {
				return
			}
			keys <- k
			continue
		}
		line, err := br.ReadString('\n')
		if s := strings.TrimSpace(line); s != "" {
			keys <- []rune(s)[0]
		} else if err == nil {
			keys <- '\r'
		}
		if err != nil {
			return
		}
	}
}

// crlf writes \r\n for every \n, as a raw terminal needs.
type crlf struct{ w io.Writer }

func (c crlf) Write(p []byte) (int, error) {
	if _, err := c.w.Write(bytes.ReplaceAll(p, []byte("\n"), []byte("\r\n"))); err != nil {
		return 0, err
	}
	return len(p), nil
}
