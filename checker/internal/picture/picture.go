package picture

import (
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"golang.org/x/exp/trace"
)

// State is what a goroutine was doing during a segment of its lane.
type State string

// The states a lane shows, each with its own colour.
const (
	Running  State = "running"  // on a CPU
	Runnable State = "runnable" // ready, waiting for a CPU
	IO       State = "I/O"      // waiting on the network or a system call
	Blocked  State = "blocked"  // waiting on a channel, lock, WaitGroup or select
	Sleeping State = "sleeping" // time.Sleep or a timer
)

// Segment is one stretch of a lane in one state.
type Segment struct {
	From, To time.Duration // since the start of the trace
	State    State
}

// Lane is one goroutine that ran the exercise's code.
type Lane struct {
	ID       int64
	Name     string // the learner's function it started in or ran, e.g. Crawl.func1
	Segments []Segment
}

// Timeline is every lane of the exercise's goroutines over one run.
type Timeline struct {
	Lanes []Lane
	End   time.Duration
}

// Read reads an execution trace and keeps the goroutines that ran code of
// pkg's non-test files (the learner's code and the support files beside
// it): the goroutines the learner started, and the test goroutine while it
// called into the exercise.
func Read(r io.Reader, pkg string) (*Timeline, error) {
	tr, err := trace.NewReader(r)
	if err != nil {
		return nil, fmt.Errorf("read the trace: %w", err)
	}
	type goroutine struct {
		name    string
		ours    bool
		state   State
		since   time.Duration
		segs    []Segment
		started bool
	}
	gs := map[trace.GoID]*goroutine{}
	get := func(id trace.GoID) *goroutine {
		g := gs[id]
		if g == nil {
			g = &goroutine{}
			gs[id] = g
		}
		return g
	}
	var t0 trace.Time
	var last time.Duration
	first := true
	for {
		ev, err := tr.ReadEvent()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("read the trace: %w", err)
		}
		if first {
			t0, first = ev.Time(), false
		}
		now := ev.Time().Sub(t0)
		last = now
		if ev.Kind() != trace.EventStateTransition {
			continue
		}
		st := ev.StateTransition()
		if st.Resource.Kind != trace.ResourceGoroutine {
			continue
		}
		id := st.Resource.Goroutine()
		g := get(id)
		from, to := st.Goroutine()
		// The transitioning goroutine's stack: its start on creation, else
		// the event's own stack when it is the one moving (blocking).
		stack := st.Stack
		if stack == trace.NoStack && ev.Goroutine() == id {
			stack = ev.Stack()
		}
		if name := learnerFunc(stack, pkg); name != "" {
			g.ours = true
			if g.name == "" || from == trace.GoNotExist {
				g.name = name
			}
		}
		if g.started && g.state != "" && now > g.since {
			g.segs = append(g.segs, Segment{From: g.since, To: now, State: g.state})
		}
		g.started = true
		g.state, g.since = stateOf(to, st.Reason), now
		if g.state == Blocked && waitsOnIO(stack) {
			// Blocked on a channel inside the HTTP client or os/exec is
			// waiting for the network or a process: I/O to the learner.
			g.state = IO
		}
	}
	tl := &Timeline{End: last}
	for id, g := range gs {
		if !g.ours {
			continue
		}
		if g.state != "" && last > g.since {
			g.segs = append(g.segs, Segment{From: g.since, To: last, State: g.state})
		}
		tl.Lanes = append(tl.Lanes, Lane{ID: int64(id), Name: g.name, Segments: merge(g.segs)})
	}
	slices.SortFunc(tl.Lanes, func(a, b Lane) int { return int(a.ID - b.ID) })
	return tl, nil
}

// stateOf maps a goroutine state and the runtime's reason to a lane state;
// "" for a goroutine that no longer exists.
func stateOf(s trace.GoState, reason string) State {
	switch s {
	case trace.GoRunning:
		return Running
	case trace.GoRunnable:
		return Runnable
	case trace.GoSyscall:
		return IO
	case trace.GoWaiting:
		switch {
		case strings.Contains(reason, "network"), strings.Contains(reason, "syscall"), strings.Contains(reason, "I/O"):
			return IO
		case strings.Contains(reason, "sleep"):
			return Sleeping
		}
		return Blocked
	}
	return ""
}

// waitsOnIO reports whether a blocked goroutine waits inside the network,
// HTTP or process packages.
func waitsOnIO(s trace.Stack) bool {
	for f := range s.Frames() {
		for _, p := range []string{"net/http.", "net.", "os/exec.", "os.(*File).", "internal/poll."} {
			if strings.HasPrefix(f.Func, p) {
				return true
			}
		}
	}
	return false
}

// learnerFunc returns the outermost function of stack that belongs to pkg
// and is not in a _test.go file, shortened ("Crawl.func1"): the entry into
// the exercise's code, which names the lane better than a helper it calls.
// It returns "" when no frame is the package's.
func learnerFunc(s trace.Stack, pkg string) string {
	name := ""
	for f := range s.Frames() {
		if strings.HasPrefix(f.Func, pkg+".") && !strings.HasSuffix(f.File, "_test.go") {
			name = strings.TrimPrefix(f.Func, pkg+".")
		}
	}
	return name
}

// merge joins neighbouring segments in the same state.
func merge(segs []Segment) []Segment {
	var out []Segment
	for _, s := range segs {
		if n := len(out); n > 0 && out[n-1].State == s.State && out[n-1].To == s.From {
			out[n-1].To = s.To
			continue
		}
		out = append(out, s)
	}
	return out
}

// MostAtOnce is the largest number of lanes in state s at the same moment.
func (t *Timeline) MostAtOnce(s State) int {
	type edge struct {
		at    time.Duration
		delta int
	}
	var edges []edge
	for _, l := range t.Lanes {
		for _, seg := range l.Segments {
			if seg.State == s {
				edges = append(edges, edge{seg.From, 1}, edge{seg.To, -1})
			}
		}
	}
	slices.SortFunc(edges, func(a, b edge) int {
		if a.at != b.at {
			return int(a.at - b.at)
		}
		return a.delta - b.delta // an end before a start at the same moment
	})
	most, cur := 0, 0
	for _, e := range edges {
		cur += e.delta
		most = max(most, cur)
	}
	return most
}
