package classify

import (
	"fmt"
	"path/filepath"
	"regexp"
	"strings"
)

// Goroutine is one entry of a goroutine dump.
type Goroutine struct {
	ID    string
	State string // "chan receive", "sync.Mutex.Lock", "running", ...
	// Leaked reports that Go's goroutineleak profile marked it "(leaked)":
	// blocked forever.
	Leaked bool
	// Durable reports a goroutine of a synctest bubble that is durably
	// blocked ("(durable)"): only another goroutine of its bubble, or the
	// bubble's clock, can wake it.
	Durable bool
	// Bubble reports a goroutine of a synctest bubble.
	Bubble bool
	// Frames are the stack, innermost first; the last one may be the
	// "created by" frame (Creator set).
	Frames []Frame
}

// Frame is one function call in a goroutine's stack.
type Frame struct {
	Func string // full name, e.g. example.com/m/bank.(*Bank).Transfer
	File string // absolute path as compiled
	Line string
	// Creator marks the "created by" frame: the go statement that
	// started the goroutine, in another goroutine.
	Creator bool
}

var (
	headerRE = regexp.MustCompile(`^goroutine (\d+) (?:gp=\S+ m=\S+ (?:mp=\S+ )?)?\[([^\]]+)\]:$`)
	// goleak prints "[Goroutine 7 in state chan send, with f on top of the stack:".
	leakHeaderRE = regexp.MustCompile(`^\[Goroutine (\d+) in state ([^,]+), with .* on top of the stack:$`)
	fileRE       = regexp.MustCompile(`^\s+(\S+\.(?:go|s|c)):(\d+)`)
	funcRE       = regexp.MustCompile(`^(\S+)\([^()]*\)$`)
)

// ParseDump reads every goroutine block found in lines. Lines that are not
// part of a dump are ignored, so the whole output of a run can be given.
func ParseDump(lines []string) []Goroutine {
	var out []Goroutine
	var cur *Goroutine
	var fn string
	var creator bool
	for _, raw := range lines {
		line := strings.TrimRight(raw, " \r")
		m := headerRE.FindStringSubmatch(strings.TrimSpace(line))
		if m == nil {
			m = leakHeaderRE.FindStringSubmatch(strings.TrimSpace(line))
		}
		if m != nil {
			state, leaked := cleanState(m[2])
			out = append(out, Goroutine{ID: m[1], State: state, Leaked: leaked, Durable: strings.Contains(m[2], "(durable)"), Bubble: strings.Contains(m[2], "synctest bubble")})
			cur, fn, creator = &out[len(out)-1], "", false
			continue
		}
		if cur == nil {
			continue
		}
		if strings.TrimSpace(line) == "" {
			cur = nil
			continue
		}
		if m := fileRE.FindStringSubmatch(line); m != nil && fn != "" {
			cur.Frames = append(cur.Frames, Frame{Func: fn, File: m[1], Line: m[2], Creator: creator})
			fn, creator = "", false
			continue
		}
		if m := funcRE.FindStringSubmatch(strings.TrimSpace(line)); m != nil {
			fn = m[1]
			continue
		}
		if strings.HasPrefix(strings.TrimSpace(line), "created by ") {
			fn = strings.TrimPrefix(strings.TrimSpace(line), "created by ")
			if i := strings.Index(fn, " in goroutine"); i >= 0 {
				fn = fn[:i]
			}
			creator = true
		}
	}
	return out
}

// cleanState turns a header's bracket, "sync.Mutex.Lock (leaked)",
// "chan send, 2 minutes" or "sleep (durable), synctest bubble 1", into the
// wait ("sync.Mutex.Lock") and whether the leak profile marked it leaked.
func cleanState(s string) (string, bool) {
	leaked := strings.Contains(s, "(leaked)") || strings.Contains(s, ", leaked")
	s, _, _ = strings.Cut(s, ",")
	s = strings.ReplaceAll(s, "(leaked)", "")
	s = strings.ReplaceAll(s, "(durable)", "")
	return strings.TrimSpace(s), leaked
}

// blockedStates are waits that only another goroutine of the program can
// end: if every goroutine of the learner's code is in one, nothing will.
var blockedStates = map[string]bool{
	"sync.Mutex.Lock":         true,
	"sync.RWMutex.Lock":       true,
	"sync.RWMutex.RLock":      true,
	"sync.WaitGroup.Wait":     true,
	"sync.Cond.Wait":          true,
	"semacquire":              true,
	"chan send":               true,
	"chan receive":            true,
	"chan send (nil chan)":    true,
	"chan receive (nil chan)": true,
	"select":                  true,
	"select (no cases)":       true,
}

// Waiter is a goroutine of the learner's code and where it waits.
type Waiter struct {
	ID    string
	State string
	Func  string // short name, e.g. (*Bank).Transfer
	Where string // file:line relative to the package, e.g. bank.go:42
}

func (w Waiter) String() string {
	return fmt.Sprintf("goroutine %s waits in %s at %s (%s)", w.ID, w.State, w.Where, w.Func)
}

// Deadlocked reports whether the dump shows a deadlock of the package with
// the given import path: at least one of its goroutines is blocked, and
// none of them is running, sleeping or waiting on I/O. It returns the
// blocked goroutines with the line where each waits.
func Deadlocked(gs []Goroutine, importPath string) (bool, []Waiter) {
	var waiters []Waiter
	for _, g := range gs {
		f, ok := userFrame(g, importPath)
		if !ok {
			if len(g.Frames) == 0 && (g.State == "running" || g.State == "runnable") {
				// A goroutine running on another thread prints no stack:
				// it may well be the learner's, busy, so this is no deadlock.
				return false, nil
			}
			continue
		}
		if !blockedStates[g.State] {
			return false, nil
		}
		if strings.HasSuffix(f.Func, ".TestMain") {
			// TestMain only waits for the tests to end: not worth a line.
			continue
		}
		waiters = append(waiters, Waiter{
			ID:    g.ID,
			State: g.State,
			Func:  shortFunc(f.Func, importPath),
			Where: filepath.Base(f.File) + ":" + f.Line,
		})
	}
	return len(waiters) > 0, waiters
}

// userFrame returns the innermost frame of g in the learner's package
// (or its external test package), preferring code over tests: when a test
// helper calls into the learner's code, the learner's line is the one to
// read.
func userFrame(g Goroutine, importPath string) (Frame, bool) {
	return innermostFrame(g, importPath, false)
}

// innermostFrame returns the innermost frame of g in the package (or its
// external test package), preferring non-test code; with skipCreator it
// passes over the "created by" frame.
func innermostFrame(g Goroutine, importPath string, skipCreator bool) (Frame, bool) {
	var found *Frame
	for i, f := range g.Frames {
		if (skipCreator && f.Creator) || !inPackage(f.Func, importPath) {
			continue
		}
		if !strings.HasSuffix(f.File, "_test.go") {
			return f, true
		}
		if found == nil {
			found = &g.Frames[i]
		}
	}
	if found == nil {
		return Frame{}, false
	}
	return *found, true
}

func shortFunc(fn, importPath string) string {
	fn = strings.TrimPrefix(fn, importPath+"_test.")
	return strings.TrimPrefix(fn, importPath+".")
}
