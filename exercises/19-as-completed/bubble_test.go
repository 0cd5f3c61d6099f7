package ascompleted

// Every test runs AsCompleted in a synctest bubble, whose clock moves only
// when every goroutine in it waits. Code that never waits (a loop whose
// select always has an arm ready) or that waits for a sync.Mutex (which
// synctest does not count as waiting) while the holder waits for the
// clock, stops the clock for good: the test would hang until the time
// limit and say nothing. bubble watches from outside and says where.

import (
	"fmt"
	"path"
	"runtime"
	"runtime/debug"
	"strings"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"github.com/asynckata/kata/internal/katatest"
)

// stillFor is how long (real time) the fake may see nothing at all (no job
// called, ended or cancelled, no handle call) before bubble calls the
// bubble stuck. A whole test takes well under a second of real time.
const stillFor = 10 * time.Second

var (
	// progress counts the fake's events, in every bubble.
	progress atomic.Int64
	// lastMoment is the virtual time (since AsCompleted was called) of the
	// fake's last event.
	lastMoment atomic.Int64
	// stuckIn names the test whose bubble got stuck: its goroutines are
	// still there, so the tests after it are not run.
	stuckIn atomic.Value
)

// noteProgress records one event of the fake at the virtual moment at.
func noteProgress(at time.Duration) {
	progress.Add(1)
	lastMoment.Store(int64(at))
}

// bubble runs body in a synctest bubble, as synctest.Test(t, body) does,
// from a goroutine of its own, and fails the test when the fake sees
// nothing happen for stillFor.
func bubble(t *testing.T, body func(t *testing.T)) {
	t.Helper()
	if name, _ := stuckIn.Load().(string); name != "" {
		t.Fatalf("not run: in %s, AsCompleted got stuck where time cannot move, and its goroutines are "+
			"still there (that test's message says where).", name)
	}
	// A bubble that ends with goroutines still blocked in it panics, and
	// the panic shows only the goroutine that ran the bubble (this file's).
	// Show every goroutine, so that the checker names the learner's that
	// were left blocked: a worker's send that nobody receives any more.
	debug.SetTraceback("all")
	done := make(chan struct{})
	go func() {
		defer close(done)
		synctest.Test(t, body)
	}()
	tick := time.NewTicker(50 * time.Millisecond)
	defer tick.Stop()
	last, since := progress.Load(), time.Now()
	for {
		select {
		case <-done:
			return
		case <-tick.C:
		}
		if p := progress.Load(); p != last {
			last, since = p, time.Now()
			continue
		}
		if time.Since(since) < stillFor {
			continue
		}
		stuckIn.Store(t.Name())
		katatest.Hung(t, "AsCompleted", stillFor, fmt.Sprintf("In all that time no job started, ended or "+
			"was cancelled, and handle was not called: the virtual clock stood still at %v. Your goroutines: "+
			"%s. In the test's bubble the clock moves only when every goroutine waits, so a goroutine that "+
			"never waits stops it for good: a loop whose select has an arm that is always ready (a "+
			"ctx.Done() that is closed already, a default) spins. Once such an arm has fired, set its "+
			"channel variable to nil, or leave the loop. A goroutine waiting for a sync.Mutex while the "+
			"one holding it waits for a channel or a timer stops the clock too.",
			time.Duration(lastMoment.Load()), strings.Join(learnerWaits(), "; ")))
	}
}

// learnerWaits says where the goroutines running ascompleted.go are:
// "[running] at ascompleted.go:51".
func learnerWaits() []string {
	buf := make([]byte, 1<<20)
	for {
		n := runtime.Stack(buf, true)
		if n < len(buf) {
			buf = buf[:n]
			break
		}
		buf = make([]byte, 2*len(buf))
	}
	counts := map[string]int{}
	var order []string
	for _, block := range strings.Split(string(buf), "\n\n") {
		header, stack, _ := strings.Cut(block, "\n")
		open, end := strings.Index(header, "["), strings.LastIndex(header, "]")
		if open < 0 || end < open {
			continue
		}
		state, _, _ := strings.Cut(header[open+1:end], ",")
		inJob := false // an inner frame is a job's (the fake's, in a _test.go file)
		for _, line := range strings.Split(stack, "\n") {
			if !strings.HasPrefix(line, "\t") {
				continue
			}
			file, _, _ := strings.Cut(strings.TrimSpace(line), " ")
			name := path.Base(file)
			base, _, _ := strings.Cut(name, ":")
			if !strings.HasSuffix(path.Dir(file), "/19-as-completed") {
				continue
			}
			if strings.HasSuffix(base, "_test.go") {
				inJob = inJob || strings.HasPrefix(base, "fake_test.go")
				continue
			}
			if base == "job.go" {
				continue
			}
			place := fmt.Sprintf("[%s] at %s", state, name)
			if inJob {
				place = fmt.Sprintf("[%s] in a job called at %s", state, name)
			}
			if counts[place] == 0 {
				order = append(order, place)
			}
			counts[place]++
			break
		}
	}
	if len(order) == 0 {
		return []string{"(none found)"}
	}
	out := make([]string, len(order))
	for i, p := range order {
		out[i] = p
		if counts[p] > 1 {
			out[i] = fmt.Sprintf("%d goroutines %s", counts[p], p)
		}
	}
	return out
}
