package nursery

// The fake Work the tests give Run, in virtual time (testing/synctest): it
// takes the course's times, fails where a test tells it to, and records
// what every producer and the consumer did and when, so that the tests
// can tell whether each of them stopped.

import (
	"context"
	"fmt"
	"sort"
	"sync"
	"time"
)

const (
	// processTime is how long Process takes per item (the course: 0.5 s).
	processTime = 500 * time.Millisecond
	// cleanupTime is how long a cancelled Process takes to put its item
	// back before it returns.
	cleanupTime = 20 * time.Millisecond
	// makeCleanupTime is how long a Make that is cancelled while it works
	// (when the test gives Make a duration) takes to clean up before it
	// returns: longer than a cancelled Process, so that a Run that waits
	// for the consumer alone returns before the producers are done.
	makeCleanupTime = 35 * time.Millisecond
)

// rests are the producers' pauses after each item, in milliseconds: the
// course's random.random() + .5, drawn once and written down so that every
// run is the same.
var rests = [Producers][ItemsEach - 1]int{
	{730, 1210, 560, 940, 1330, 610, 880, 1070, 520, 1440, 690, 1160, 830, 590, 1290, 1010, 660, 1370, 780},
	{1150, 640, 990, 700, 1260, 840, 570, 1390, 760, 1020, 610, 1310, 920, 540, 1180, 870, 1430, 650, 1090},
}

// key names one item: producer and index.
type key struct{ p, i int }

func (k key) String() string { return fmt.Sprintf("item %d of producer %d", k.i, k.p) }

// fakeWork implements Work.
type fakeWork struct {
	failMake    map[key]error // Make fails for these items
	failProcess map[key]error // Process fails for these items, after processTime
	restScale   int           // the rests are this many times the table's
	processTime time.Duration // how long Process takes
	makeTime    time.Duration // how long Make takes (0: it returns at once)

	mu          sync.Mutex
	start       time.Time             // when Run was called
	made        map[key]time.Time     // items made, and when
	processed   map[key]int           // items processed to the end, how often
	active      map[key]bool          // Process calls in progress
	making      map[key]bool          // Make calls in progress
	started     map[key]time.Duration // when each Process call began
	finished    map[key]time.Duration // when each Process call that ran to its end ended
	nextIndex   [Producers]int        // the index each producer should make next
	lastCall    [Producers]time.Duration
	failedAt    time.Duration // when the first injected failure happened (-1: none)
	failedErr   error
	returned    bool     // Run has returned
	afterReturn []string // calls that came after Run returned
	problems    []string // calls that break Work's contract
}

func newFakeWork() *fakeWork {
	w := &fakeWork{
		failMake:    map[key]error{},
		failProcess: map[key]error{},
		made:        map[key]time.Time{},
		processed:   map[key]int{},
		active:      map[key]bool{},
		making:      map[key]bool{},
		started:     map[key]time.Duration{},
		finished:    map[key]time.Duration{},
		failedAt:    -1,
		restScale:   1,
		processTime: processTime,
	}
	for p := range Producers {
		w.nextIndex[p] = 1
	}
	return w
}

// begin marks the moment Run is called.
func (w *fakeWork) begin() {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.start = time.Now()
}

// now is the time since Run was called.
func (w *fakeWork) now() time.Duration { return time.Since(w.start) }

func (w *fakeWork) Rest(p, i int) time.Duration {
	if p < 0 || p >= Producers || i < 1 || i >= ItemsEach {
		w.mu.Lock()
		w.problems = append(w.problems, fmt.Sprintf("Rest(%d, %d) was called: producers are 0 to %d "+
			"and rest after items 1 to %d (not after their last)", p, i, Producers-1, ItemsEach-1))
		w.mu.Unlock()
		return 0
	}
	return time.Duration(rests[p][i-1]*w.restScale) * time.Millisecond
}

func (w *fakeWork) Make(ctx context.Context, p, i int) (Item, error) {
	if err := w.makeBegin(ctx, p, i); err != nil {
		return Item{}, err
	}
	k := key{p, i}
	if w.makeTime > 0 {
		// Make takes a while here; cancelled in the middle, it cleans up
		// first, and the caller must wait for it.
		timer := time.NewTimer(w.makeTime)
		defer timer.Stop()
		select {
		case <-timer.C:
		case <-ctx.Done():
			time.Sleep(makeCleanupTime)
			w.mu.Lock()
			defer w.mu.Unlock()
			delete(w.making, k)
			return Item{}, ctx.Err()
		}
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	delete(w.making, k)
	if err := w.failMake[k]; err != nil {
		w.fail(w.now(), err)
		return Item{}, err
	}
	it := Item{Producer: p, Index: i, Value: i * i, Made: time.Now()}
	w.made[k] = it.Made
	return it, nil
}

// makeBegin records a call of Make and checks it against Work's contract;
// a non-nil error is what Make returns at once.
func (w *fakeWork) makeBegin(ctx context.Context, p, i int) error {
	w.mu.Lock()
	defer w.mu.Unlock()
	k := key{p, i}
	now := w.now()
	if p < 0 || p >= Producers || i < 1 || i > ItemsEach {
		w.problems = append(w.problems, fmt.Sprintf("Make(ctx, %d, %d) was called: producers are 0 to %d, "+
			"items 1 to %d", p, i, Producers-1, ItemsEach))
		return fmt.Errorf("no such item: producer %d, item %d", p, i)
	}
	w.lastCall[p] = now
	if w.returned {
		w.afterReturn = append(w.afterReturn, fmt.Sprintf("producer %d called Make for item %d at %v, "+
			"after Run had returned", p, i, now))
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	if i != w.nextIndex[p] {
		w.problems = append(w.problems, fmt.Sprintf("producer %d made item %d when its next item was %d: "+
			"each producer makes its items once, in order", p, i, w.nextIndex[p]))
	}
	if prev, ok := w.made[key{p, i - 1}]; ok {
		if gap, rest := time.Since(prev), w.Rest(p, i-1); gap < rest {
			w.problems = append(w.problems, fmt.Sprintf("producer %d made item %d only %v after item %d: "+
				"it should rest Rest(%d, %d) = %v between them", p, i, gap, i-1, p, i-1, rest))
		}
	}
	w.nextIndex[p] = i + 1
	w.making[k] = true
	return nil
}

func (w *fakeWork) Process(ctx context.Context, it Item) error {
	k := key{it.Producer, it.Index}
	w.mu.Lock()
	now := w.now()
	if w.returned {
		w.afterReturn = append(w.afterReturn, fmt.Sprintf("the consumer called Process for %v at %v, "+
			"after Run had returned", k, now))
	}
	made, ok := w.made[k]
	switch {
	case !ok || !made.Equal(it.Made) || it.Value != it.Index*it.Index:
		w.problems = append(w.problems, fmt.Sprintf("Process was given %+v, which Make never returned", it))
	case w.processed[k] > 0 || w.active[k]:
		w.problems = append(w.problems, fmt.Sprintf("Process was given %v twice: the consumer must take "+
			"each item off the queue once", k))
	}
	w.active[k] = true
	w.started[k] = now
	w.mu.Unlock()

	timer := time.NewTimer(w.processTime)
	defer timer.Stop()
	select {
	case <-timer.C:
		w.mu.Lock()
		defer w.mu.Unlock()
		delete(w.active, k)
		w.processed[k]++
		w.finished[k] = w.now()
		if err := w.failProcess[k]; err != nil {
			w.fail(w.now(), err)
			return err
		}
		return nil
	case <-ctx.Done():
		// Put the item back: the cleanup a cancelled call must be given
		// time to finish.
		time.Sleep(cleanupTime)
		w.mu.Lock()
		defer w.mu.Unlock()
		delete(w.active, k)
		return ctx.Err()
	}
}

// fail records an injected failure. Call with w.mu held.
func (w *fakeWork) fail(now time.Duration, err error) {
	if w.failedAt < 0 {
		w.failedAt, w.failedErr = now, err
	}
}

// markReturned records that Run has returned and says which calls of
// Process and Make were still in progress: "the consumer's Process for
// item 3 of producer 0", "producer 1's Make for item 1".
func (w *fakeWork) markReturned() (active []string) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.returned = true
	for k := range w.active {
		active = append(active, fmt.Sprintf("the consumer's Process for %v", k))
	}
	for k := range w.making {
		active = append(active, fmt.Sprintf("producer %d's Make for item %d", k.p, k.i))
	}
	sort.Strings(active)
	return active
}

// snapshot returns copies of what the fake recorded.
func (w *fakeWork) snapshot() (processed int, twice []string, problems, afterReturn []string) {
	w.mu.Lock()
	defer w.mu.Unlock()
	for k, n := range w.processed {
		processed++
		if n > 1 {
			twice = append(twice, k.String())
		}
	}
	return processed, twice, append([]string(nil), w.problems...), append([]string(nil), w.afterReturn...)
}

// failure returns when the first injected failure happened, or -1.
func (w *fakeWork) failure() (time.Duration, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.failedAt, w.failedErr
}

// workAfter lists the items made and the Process calls begun after t
// (since Run was called): work done by a sibling that should have been
// cancelled at t.
func (w *fakeWork) workAfter(t time.Duration) []string {
	w.mu.Lock()
	defer w.mu.Unlock()
	type event struct {
		at   time.Duration
		what string
	}
	var events []event
	for k, at := range w.made {
		if d := at.Sub(w.start); d > t {
			events = append(events, event{d, fmt.Sprintf("producer %d made item %d at %v", k.p, k.i, d)})
		}
	}
	for k, d := range w.started {
		if d > t {
			events = append(events, event{d, fmt.Sprintf("the consumer began processing %v at %v", k, d)})
		}
	}
	sort.Slice(events, func(i, j int) bool {
		if events[i].at != events[j].at {
			return events[i].at < events[j].at
		}
		return events[i].what < events[j].what
	})
	out := make([]string, len(events))
	for i, e := range events {
		out[i] = e.what
	}
	return out
}

// processedAfter lists the Process calls that ran to their end after t:
// calls that the scope's cancellation did not reach.
func (w *fakeWork) processedAfter(t time.Duration) []string {
	w.mu.Lock()
	defer w.mu.Unlock()
	var ks []key
	for k, d := range w.finished {
		if d > t {
			ks = append(ks, k)
		}
	}
	sort.Slice(ks, func(i, j int) bool { return w.finished[ks[i]] < w.finished[ks[j]] })
	var out []string
	for _, k := range ks {
		out = append(out, fmt.Sprintf("Process for %v ran to its end at %v", k, w.finished[k]))
	}
	return out
}

// lastProcessed returns when the last Process call that ran to its end
// ended.
func (w *fakeWork) lastProcessed() time.Duration {
	w.mu.Lock()
	defer w.mu.Unlock()
	var last time.Duration
	for _, d := range w.finished {
		last = max(last, d)
	}
	return last
}

// lastMakeAfter returns the producers' last Make calls that came after t,
// for messages: "producer 1 called Make at 5.38s".
func (w *fakeWork) lastMakeAfter(t time.Duration) []string {
	w.mu.Lock()
	defer w.mu.Unlock()
	var out []string
	for p, at := range w.lastCall {
		if at > t {
			out = append(out, fmt.Sprintf("producer %d called Make at %v", p, at))
		}
	}
	return out
}

// callerCtx is a caller's context that can tell whether the contexts Run
// derives from it were cancelled when Run returned. A context made with
// context.WithTimeout, WithCancel or WithDeadline from a parent that has an
// AfterFunc method registers with it (as context.AfterFunc does), and
// unregisters when it is cancelled: a registration still there after Run
// returned is a context Run made and never cancelled.
type callerCtx struct {
	context.Context // Background: no deadline, no values

	mu      sync.Mutex
	done    chan struct{}
	err     error
	waiting map[int]func() // the registered functions, by number
	next    int
}

func newCallerCtx() *callerCtx {
	return &callerCtx{Context: context.Background(), done: make(chan struct{}), waiting: map[int]func(){}}
}

func (c *callerCtx) Done() <-chan struct{} { return c.done }

func (c *callerCtx) Err() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.err
}

// AfterFunc registers f to run when c is cancelled; stop unregisters it.
func (c *callerCtx) AfterFunc(f func()) (stop func() bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.err != nil {
		go f()
		return func() bool { return false }
	}
	id := c.next
	c.next++
	c.waiting[id] = f
	return func() bool {
		c.mu.Lock()
		defer c.mu.Unlock()
		_, ok := c.waiting[id]
		delete(c.waiting, id)
		return ok
	}
}

// registered is how many contexts derived from c still wait on it.
func (c *callerCtx) registered() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.waiting)
}
