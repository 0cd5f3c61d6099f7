package watch

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/asynckata/kata/checker/internal/manifest"
	"github.com/asynckata/kata/checker/internal/report"
)

// Change is a file of the watched exercise that changed.
type Change struct {
	Path string
	// Missed reports that the change was found by comparing modification
	// times, with no file-system event for it: the editor's saves do not
	// reach the watcher (some WSL2 drives, network file systems).
	Missed bool
}

// Config is what a Session needs from the world around it.
type Config struct {
	// Exercises is every exercise, in order; Start indexes the first one.
	Exercises []manifest.Exercise
	Start     int
	// Grade grades one exercise of the learner's code.
	Grade func(ctx context.Context, ex manifest.Exercise) (report.Exercise, error)
	// Render writes the report of one graded exercise.
	Render func(w io.Writer, e report.Exercise)
	// Hint returns the exercise's next hint, already formatted.
	Hint func(ex manifest.Exercise) (string, error)
	// List returns the exercise list with progress.
	List func() (string, error)
	// Reset restores the exercise's starter files and says where the
	// learner's files were saved.
	Reset func(ex manifest.Exercise) (string, error)
	// Follow starts watching the exercise's folder instead of the last one.
	Follow func(ex manifest.Exercise) error
	// Reference names the reference solution's files to compare with, or
	// "" when there are none (a student copy).
	Reference func(ex manifest.Exercise) string
	// Out gets the screen. Clear, if set, clears it before each redraw.
	Out   io.Writer
	Clear string
	// Debounce is how long the files must stay quiet after a change
	// before grading starts: editors often write a file several times.
	Debounce time.Duration
	// Manual re-grades on Enter only, ignoring changes.
	Manual bool
	// Tick is how often the progress line is redrawn while grading.
	Tick time.Duration
}

// Session is one watch: the current exercise, its last grade, and what the
// learner asked for.
type Session struct {
	cfg     Config
	cur     int
	last    *report.Exercise
	note    string // shown under the report until the next redraw
	confirm bool   // waiting for y/n after x
	missed  bool   // told about a missed event already
}

// New makes a session.
func New(cfg Config) *Session {
	if cfg.Debounce <= 0 {
		cfg.Debounce = 300 * time.Millisecond
	}
	if cfg.Tick <= 0 {
		cfg.Tick = time.Second
	}
	return &Session{cfg: cfg, cur: cfg.Start}
}

// ErrQuit ends Run when the learner presses q.
var ErrQuit = errors.New("quit")

type graded struct {
	ex  report.Exercise
	err error
	all bool
	sum string
}

// Run grades the current exercise, then again after every change (or
// Enter, in manual mode), and answers keys until q, the end of keys, or
// ctx. It returns nil when the learner quit.
func (s *Session) Run(ctx context.Context, changes <-chan Change, keys <-chan rune) error {
	if err := s.follow(); err != nil {
		return err
	}
	var (
		debounce     = time.NewTimer(time.Hour)
		tick         = time.NewTicker(s.cfg.Tick)
		done         = make(chan graded, 1)
		cancel       context.CancelFunc
		started      time.Time
		running, all bool
	)
	debounce.Stop()
	defer tick.Stop()
	stopRun := func() {
		if cancel != nil {
			cancel()
			<-done
			cancel = nil
		}
	}
	defer stopRun()
	start := func(everything bool) {
		stopRun()
		var rctx context.Context
		rctx, cancel = context.WithCancel(ctx)
		running, all, started = true, everything, time.Now()
		ex := s.exercise()
		s.progress(0, everything)
		go func() {
			if everything {
				done <- s.gradeAll(rctx)
				return
			}
			r, err := s.cfg.Grade(rctx, ex)
			done <- graded{ex: r, err: err}
		}()
	}
	start(false)
	for {
		select {
		case <-ctx.Done():
			return nil
		case c := <-changes:
			if s.cfg.Manual {
				continue
			}
			if c.Missed && !s.missed {
				s.missed = true
				s.note = fmt.Sprintf("%s changed but no file event came for it (this happens on some WSL2 drives and network file systems). "+
					"Re-grading anyway; if saves keep going unseen, run make watch with --manual and press Enter to re-grade.", c.Path)
			}
			debounce.Reset(s.cfg.Debounce)
		case <-debounce.C:
			// A save during a run makes that run's verdict stale: start over.
			start(false)
		case <-tick.C:
			if running {
				s.progress(time.Since(started), all)
			}
		case g := <-done:
			cancel()
			cancel, running = nil, false
			s.show(g)
		case k, ok := <-keys:
			if !ok {
				return nil
			}
			act := s.key(k, running)
			switch act {
			case actQuit:
				return nil
			case actGrade:
				start(false)
			case actGradeAll:
				start(true)
			case actFollow:
				if err := s.follow(); err != nil {
					return err
				}
				start(false)
			}
		}
	}
}

type action int

const (
	actNone action = iota
	actQuit
	actGrade
	actGradeAll
	actFollow
)

// key handles one key press and says what Run must do next.
func (s *Session) key(k rune, running bool) action {
	ex := s.exercise()
	if s.confirm {
		s.confirm = false
		if k != 'y' && k != 'Y' {
			s.redraw("Reset cancelled: nothing was changed.")
			return actNone
		}
		msg, err := s.cfg.Reset(ex)
		if err != nil {
			s.redraw("Reset failed: " + err.Error())
			return actNone
		}
		s.note = msg
		return actGrade
	}
	switch k {
	case 'q', 'Q', 3: // 3 is Ctrl-C in a raw terminal
		return actQuit
	case '\r', '\n':
		if s.cfg.Manual && !running {
			return actGrade
		}
	case 'n', 'N':
		if s.last == nil || s.last.Status != report.StatusPass {
			s.redraw(fmt.Sprintf("n moves on once %s %s passes. Keep going, or press h for a hint.", ex.ID, ex.Slug))
			return actNone
		}
		if s.cur+1 >= len(s.cfg.Exercises) {
			s.redraw("That was the last exercise: well done! Press l to see them all, q to quit.")
			return actNone
		}
		s.cur++
		s.last = nil
		s.redraw("")
		return actFollow
	case 'h', 'H':
		text, err := s.cfg.Hint(ex)
		if err != nil {
			text = "No hint: " + err.Error()
		}
		s.redraw(text)
	case 'l', 'L':
		text, err := s.cfg.List()
		if err != nil {
			text = "No list: " + err.Error()
		}
		s.redraw(text)
	case 'c', 'C':
		return actGradeAll
	case 'x', 'X':
		s.confirm = true
		s.redraw(fmt.Sprintf("Reset %s %s to its starter (%s)? Your files are copied to a backup folder first. Press y to reset, any other key to keep them.",
			ex.ID, ex.Slug, strings.Join(ex.Edit, ", ")))
	}
	return actNone
}

func (s *Session) exercise() manifest.Exercise { return s.cfg.Exercises[s.cur] }

func (s *Session) follow() error {
	if s.cfg.Follow == nil {
		return nil
	}
	if err := s.cfg.Follow(s.exercise()); err != nil {
		return fmt.Errorf("watch %s: %w", s.exercise().Dir(), err)
	}
	return nil
}

func (s *Session) gradeAll(ctx context.Context) graded {
	var b strings.Builder
	passed := 0
	for _, ex := range s.cfg.Exercises {
		r, err := s.cfg.Grade(ctx, ex)
		if err != nil {
			return graded{all: true, err: err}
		}
		mark := "fail"
		if r.Status == report.StatusPass {
			mark, passed = "done", passed+1
		}
		fmt.Fprintf(&b, "  %s %-16s %-4s %d/%d\n", ex.ID, ex.Slug, mark, r.Score, r.Points)
	}
	fmt.Fprintf(&b, "\n%d of %d exercises pass.", passed, len(s.cfg.Exercises))
	return graded{all: true, sum: b.String()}
}

func (s *Session) show(g graded) {
	switch {
	case errors.Is(g.err, context.Canceled):
		return
	case g.err != nil:
		s.redraw("Could not grade: " + g.err.Error())
		return
	case g.all:
		s.redraw("Every exercise, graded:\n\n" + g.sum)
		return
	}
	s.last = &g.ex
	s.redraw("")
}

// redraw clears the screen and shows the header, the last report, a note
// and the keys.
func (s *Session) redraw(extra string) {
	var b strings.Builder
	b.WriteString(s.cfg.Clear)
	ex := s.exercise()
	fmt.Fprintf(&b, "kata watch: %s %s (%s)\n\n", ex.ID, ex.Slug, ex.Title)
	if s.last != nil {
		s.cfg.Render(&b, *s.last)
		if s.last.Status == report.StatusPass {
			fmt.Fprintf(&b, "\n%s %s passes.", ex.ID, ex.Slug)
			if ref := s.cfg.Reference(ex); ref != "" {
				fmt.Fprintf(&b, " Compare your code with the reference solution: %s", ref)
			}
			b.WriteString("\nPress n for the next exercise when you are ready.\n")
		}
	}
	if s.note != "" {
		b.WriteString("\n" + s.note + "\n")
		s.note = ""
	}
	if extra != "" {
		b.WriteString("\n" + extra + "\n")
	}
	b.WriteString("\n" + s.keysLine() + "\n")
	_, _ = io.WriteString(s.cfg.Out, b.String())
}

func (s *Session) keysLine() string {
	save := "save a file to re-grade"
	if s.cfg.Manual {
		save = "Enter re-grades"
	}
	return "keys: " + save + " · n next · h hint · l list · c check all · x reset · q quit"
}

// progress shows that grading is under way and for how long.
func (s *Session) progress(elapsed time.Duration, all bool) {
	what := s.exercise().ID + " " + s.exercise().Slug
	if all {
		what = "every exercise"
	}
	if elapsed == 0 {
		fmt.Fprintf(s.cfg.Out, "\ngrading %s ...", what)
		return
	}
	fmt.Fprintf(s.cfg.Out, "\rgrading %s ... %s", what, elapsed.Round(time.Second))
}
