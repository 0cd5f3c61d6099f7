package katatest

import (
	"fmt"
	"runtime"
	"slices"
	"strings"
	"testing"
	"testing/synctest"
	"time"
)

// StallAfter is how long (real time) a bubble must show the same stalled
// goroutines before Bubble gives up on it. One look is proof enough (see
// Bubble); the wait only keeps a machine too busy to schedule a goroutine
// that was just woken from being taken for a stall.
const StallAfter = time.Second

// stallPoll is how often Bubble looks at the bubble's goroutines.
const stallPoll = 50 * time.Millisecond

// Stall is what Bubble saw when the bubble's clock stopped for good.
type Stall struct {
	// Waits says where the goroutines that stopped the clock wait, one
	// line per place, most goroutines first: "19 goroutines wait in
	// sync.Mutex.Lock at server.go:57".
	Waits []string
	// Goroutines is how many goroutines the bubble had, all waiting.
	Goroutines int
}

func (s *Stall) String() string { return strings.Join(s.Waits, "; ") }

// Bubble runs f in a testing/synctest bubble, as synctest.Test(t, f) does,
// and watches the bubble from outside while it runs. It returns nil once f
// has returned (and the bubble's goroutines have ended).
//
// A bubble's clock moves only when every goroutine in it is durably
// blocked. A goroutine waiting for a sync.Mutex (or an RWMutex, or a
// channel made outside the bubble) is blocked, but not durably: synctest
// counts it as busy, so the clock does not move while it waits. When the
// goroutine holding that mutex waits for the clock (a timer, a service
// that answers after a delay), nothing can ever move again: the bubble is
// stalled, and synctest.Test would wait for ever. Bubble sees this from
// outside: every goroutine of the bubble waits, at least one of them not
// durably, and the picture stays the same for StallAfter. Then it gives up
// on the bubble, leaves its goroutines where they are (they never run
// again), and returns where they wait; the caller reports it and fails
// the test. Outside a bubble, the same code would not stop: it would make
// its callers take turns.
//
// Call Bubble from the test's goroutine. When f fails the test, Bubble
// returns nil and t has failed, as with synctest.Test.
func Bubble(t *testing.T, f func(*testing.T)) *Stall {
	t.Helper()
	pc, _, _, _ := runtime.Caller(1)
	pkg := packageOf(runtime.FuncForPC(pc).Name())

	done := make(chan struct{})
	go func() {
		// synctest.Test calls t.FailNow here when f failed: it ends this
		// goroutine, and the deferred close still tells the test.
		defer close(done)
		synctest.Test(t, f)
	}()
	tick := time.NewTicker(stallPoll)
	defer tick.Stop()
	var seen string // the stalled picture last seen, "" when not stalled
	var since time.Time
	for {
		select {
		case <-done:
			return nil
		case <-tick.C:
		}
		gs := allGoroutines()
		key, stalled := stalledBubble(gs)
		switch {
		case !stalled:
			seen = ""
		case key != seen:
			seen, since = key, time.Now()
		case time.Since(since) >= StallAfter:
			return stallOf(gs, pkg)
		}
	}
}

// bubbleWait is one goroutine of a bubble, from its dump header.
type bubbleWait struct {
	id      string
	state   string // "chan receive", "sync.Mutex.Lock"...
	durable bool
}

// inBubble reads a dump header: "goroutine 7 [select (durable), synctest
// bubble 1]:". ok is false for a goroutine outside every bubble.
func inBubble(header string) (w bubbleWait, ok bool) {
	open, end := strings.Index(header, "["), strings.LastIndex(header, "]")
	if open < 0 || end < open || !strings.Contains(header[open:end], "synctest bubble") {
		return bubbleWait{}, false
	}
	fields := strings.Fields(header)
	if len(fields) < 2 {
		return bubbleWait{}, false
	}
	state, _, _ := strings.Cut(header[open+1:end], ", ")
	w = bubbleWait{id: fields[1], state: state}
	if s, ok := strings.CutSuffix(state, " (durable)"); ok {
		w.state, w.durable = s, true
	}
	return w, true
}

// activeStates are the states of a goroutine that runs or can run, or
// that waits for something outside the process.
var activeStates = []string{"running", "runnable", "syscall", "copystack", "preempted", "IO wait"}

// stalledBubble reports whether the dump shows a stalled bubble: every
// bubble goroutine waits, at least one not durably. key identifies the
// picture, to see that it does not change.
func stalledBubble(gs []block) (key string, stalled bool) {
	var ids []string
	nonDurable := false
	for _, g := range gs {
		w, ok := inBubble(g.header)
		if !ok {
			continue
		}
		if strings.Contains(w.state, "(scan)") || slices.Contains(activeStates, w.state) {
			return "", false
		}
		nonDurable = nonDurable || !w.durable
		ids = append(ids, w.id+" "+w.state)
	}
	slices.Sort(ids)
	return strings.Join(ids, "\n"), nonDurable
}

// stallOf says where the goroutines that keep the bubble's clock from
// moving wait: in the package's non-test files when the wait is there,
// else in the first frame outside the runtime and sync.
func stallOf(gs []block, pkg string) *Stall {
	counts := map[string]int{}
	s := &Stall{}
	for _, g := range gs {
		w, ok := inBubble(g.header)
		if !ok {
			continue
		}
		s.Goroutines++
		if w.durable {
			continue
		}
		where := learnerLine(g.body, pkg)
		if where == "" {
			where = firstOwnFrame(g.body)
		}
		counts[w.state+" at "+where]++
	}
	places := make([]string, 0, len(counts))
	for p := range counts {
		places = append(places, p)
	}
	slices.SortFunc(places, func(a, b string) int {
		if counts[a] != counts[b] {
			return counts[b] - counts[a]
		}
		return strings.Compare(a, b)
	})
	for _, p := range places {
		noun := "goroutines wait"
		if counts[p] == 1 {
			noun = "goroutine waits"
		}
		s.Waits = append(s.Waits, fmt.Sprintf("%d %s in %s", counts[p], noun, p))
	}
	return s
}

// firstOwnFrame returns "file.go:NN" of the first frame of stack that is
// not in the runtime, sync or internal packages.
func firstOwnFrame(stack string) string {
	lines := strings.Split(stack, "\n")
	for i := 0; i+1 < len(lines); i++ {
		fn := strings.TrimSpace(lines[i])
		if strings.HasPrefix(lines[i], "\t") || fn == "" || strings.HasPrefix(fn, "runtime.") ||
			strings.HasPrefix(fn, "sync.") || strings.HasPrefix(fn, "internal/") {
			continue
		}
		file, _, _ := strings.Cut(strings.TrimSpace(lines[i+1]), " ")
		return file[strings.LastIndex(file, "/")+1:]
	}
	return "an unknown place"
}
