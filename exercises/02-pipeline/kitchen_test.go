package pipeline

import (
	"bytes"
	"errors"
	"fmt"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
)

// The course's producers and consumer, with fixed paces so that every
// figure is exact. The tests run inside a testing/synctest bubble, where
// time is virtual: a sleep takes no real time, and time.Now moves only when
// every goroutine in the bubble is waiting. The paces are odd numbers of
// milliseconds, so that no item is made at the same instant as a round
// 10, 50 or 100 ms tick of a timer in the code under test.
const (
	// consumePeriod is how long the consumer takes per item.
	consumePeriod = 41 * time.Millisecond
	// waitBudget is the most the average item may wait between being made
	// and being consumed: one consume period. A consumer that keeps up
	// with the producers takes each item soon after it is made.
	waitBudget = consumePeriod
)

// producePeriods is how long each producer takes per item: producer p
// takes producePeriods[p % len(producePeriods)]. Together they make an item
// every 58 ms on average, and the consumer needs 41 ms per item: it can
// keep up, if it runs while they produce.
var producePeriods = []time.Duration{103 * time.Millisecond, 131 * time.Millisecond}

// errEnough is what consume returns when the consumer stops early.
var errEnough = errors.New("the consumer has had enough")

// kitchen holds the produce and consume functions the tests give Run, and
// records what happened: when each item was made, when it was consumed,
// which goroutine made each call, and what came after an error or after
// Run returned.
type kitchen struct {
	producers, perProducer int
	// periods is how long each producer takes per item: producer p takes
	// periods[p % len(periods)].
	periods []time.Duration
	// stopAfter, if above 0, makes consume return errEnough once it has
	// processed that many items.
	stopAfter int

	mu           sync.Mutex
	next         []int              // each producer's next Seq
	producing    []int              // calls of produce running, per producer
	produceEnds  []time.Time        // when each producer's running call of produce ends
	produceCalls int                // calls of produce so far
	atOnce       int                // calls of produce running now, all producers together
	maxAtOnce    int                // the most calls of produce seen running at once
	firstCall    []time.Time        // when each producer first called produce (zero: never)
	producerG    []string           // the goroutine each producer's first call came from
	gProducers   map[string][]int   // goroutine -> the producers it made items for
	consumerG    map[string]bool    // goroutines consume was called from
	made         map[Item]time.Time // when each item was made
	consumed     map[Item]int       // how many times each item was consumed
	waits        []time.Duration    // each consumed item's wait, in order
	consumedAt   map[Item]time.Time // when each item was consumed
	unknown      []Item             // items consume got that produce never made
	problems     []string           // broken rules, for the failure message
	consuming    int                // calls of consume running now
	calls        int                // calls of consume so far
	afterError   int                // calls of consume after it returned an error
	stopped      bool               // consume has returned errEnough
	stoppedAt    time.Time          // when it did
	afterStop    []string           // calls of produce begun after consume returned errEnough
	returned     bool               // Run has returned
	afterReturn  []string           // calls of produce or consume begun after Run returned
	lastMade     time.Time          // when the last item was made
	firstTaken   time.Time          // when consume was first called
	start        time.Time          // when the kitchen opened
	badProduce   map[int]bool       // producer numbers out of range
}

func newKitchen(producers, perProducer int) *kitchen {
	return &kitchen{
		producers:   producers,
		perProducer: perProducer,
		periods:     producePeriods,
		next:        make([]int, producers),
		producing:   make([]int, producers),
		produceEnds: make([]time.Time, producers),
		firstCall:   make([]time.Time, producers),
		producerG:   make([]string, producers),
		gProducers:  map[string][]int{},
		consumerG:   map[string]bool{},
		made:        map[Item]time.Time{},
		consumed:    map[Item]int{},
		consumedAt:  map[Item]time.Time{},
		badProduce:  map[int]bool{},
		start:       time.Now(),
	}
}

// since is how long after the kitchen opened t was: "1.03s".
func (k *kitchen) since(t time.Time) time.Duration { return t.Sub(k.start) }

// goroutineID returns the id of the goroutine that calls it, from the
// first line of its stack ("goroutine 42 [running]:").
func goroutineID() string {
	buf := make([]byte, 64)
	buf = buf[:runtime.Stack(buf, false)]
	buf, _ = bytes.CutPrefix(buf, []byte("goroutine "))
	id, _, _ := bytes.Cut(buf, []byte(" "))
	return string(id)
}

// produce makes producer p's next item, taking p's period.
func (k *kitchen) produce(p int) Item {
	g := goroutineID()
	k.mu.Lock()
	if p < 0 || p >= k.producers {
		k.badProduce[p] = true
		k.mu.Unlock()
		return Item{Producer: p, Seq: -1}
	}
	now := time.Now()
	period := k.periods[p%len(k.periods)]
	k.produceCalls++
	if k.returned {
		k.afterReturn = append(k.afterReturn, fmt.Sprintf("produce(%d) at %v", p, k.since(now)))
	}
	if k.stopped {
		k.afterStop = append(k.afterStop, fmt.Sprintf("produce(%d) began at %v", p, k.since(now)))
	}
	if k.firstCall[p].IsZero() {
		k.firstCall[p], k.producerG[p] = now, g
	} else if k.producerG[p] != g {
		k.problem(fmt.Sprintf("producer %d's calls of produce came from different goroutines: give each "+
			"producer one goroutine of its own that makes all of its items", p))
	}
	if !slices.Contains(k.gProducers[g], p) {
		k.gProducers[g] = append(k.gProducers[g], p)
	}
	k.producing[p]++
	k.produceEnds[p] = now.Add(period)
	k.atOnce++
	k.maxAtOnce = max(k.maxAtOnce, k.atOnce)
	if k.producing[p] > 1 {
		k.problem(fmt.Sprintf("produce(%d) was called again while an earlier call for the same producer "+
			"was still running: a producer makes its items one after the other", p))
	}
	k.mu.Unlock()

	time.Sleep(period)

	k.mu.Lock()
	defer k.mu.Unlock()
	k.producing[p]--
	k.atOnce--
	item := Item{Producer: p, Seq: k.next[p]}
	k.next[p]++
	now = time.Now()
	k.made[item] = now
	k.lastMade = now
	return item
}

// consume processes one item, taking consumePeriod.
func (k *kitchen) consume(item Item) error {
	g := goroutineID()
	k.mu.Lock()
	now := time.Now()
	k.calls++
	if k.firstTaken.IsZero() {
		k.firstTaken = now
	}
	if k.returned {
		k.afterReturn = append(k.afterReturn, fmt.Sprintf("consume(%v) at %v", item, k.since(now)))
	}
	if k.stopped {
		k.afterError++
	}
	k.consumerG[g] = true
	k.consuming++
	if k.consuming > 1 {
		k.problem(fmt.Sprintf("consume was running in %d goroutines at once: there is one consumer, "+
			"so call consume from one goroutine only", k.consuming))
	}
	if made, ok := k.made[item]; ok {
		k.consumed[item]++
		k.consumedAt[item] = now
		k.waits = append(k.waits, now.Sub(made))
	} else {
		k.unknown = append(k.unknown, item)
	}
	n := k.calls
	k.mu.Unlock()

	time.Sleep(consumePeriod)

	k.mu.Lock()
	defer k.mu.Unlock()
	k.consuming--
	if k.stopAfter > 0 && n >= k.stopAfter {
		if !k.stopped {
			k.stopped, k.stoppedAt = true, time.Now()
		}
		return errEnough
	}
	return nil
}

// problem records a broken rule once; k.mu is held.
func (k *kitchen) problem(s string) {
	if !slices.Contains(k.problems, s) {
		k.problems = append(k.problems, s)
	}
}

// markReturned records that Run has returned, and lists the producers
// still inside a call of produce at that moment: "producer 1 (its call of
// produce ends at 1.013s)".
func (k *kitchen) markReturned() []string {
	k.mu.Lock()
	defer k.mu.Unlock()
	k.returned = true
	var busy []string
	for p, n := range k.producing {
		if n > 0 {
			busy = append(busy, fmt.Sprintf("producer %d (its call of produce ends at %v)", p, k.since(k.produceEnds[p])))
		}
	}
	return busy
}

// averageWait is the mean of the recorded waits.
func (k *kitchen) averageWait() time.Duration {
	k.mu.Lock()
	defer k.mu.Unlock()
	if len(k.waits) == 0 {
		return 0
	}
	var sum time.Duration
	for _, w := range k.waits {
		sum += w
	}
	return sum / time.Duration(len(k.waits))
}

// longestWait is the largest recorded wait.
func (k *kitchen) longestWait() time.Duration {
	k.mu.Lock()
	defer k.mu.Unlock()
	return slices.Max(append([]time.Duration{0}, k.waits...))
}

// check fails t unless every item was made and consumed exactly once, by
// the rules.
func (k *kitchen) check(t *testing.T, what string) {
	t.Helper()
	k.report(t, what, true, true)
}

// checkRules fails t if Run broke a rule of produce and consume, without
// asking for every item to be made and consumed (Run stopped early).
func (k *kitchen) checkRules(t *testing.T, what string) {
	t.Helper()
	k.report(t, what, false, true)
}

// checkItems fails t unless every item was made and consumed exactly
// once, whoever made the calls: what the timing tests need for their
// figures to mean something.
func (k *kitchen) checkItems(t *testing.T, what string) {
	t.Helper()
	k.report(t, what, true, false)
}

// sharedGoroutines says which roles shared a goroutine: several producers,
// or producers and the consumer. k.mu is held.
func (k *kitchen) sharedGoroutines() []string {
	var out []string
	for g, ps := range k.gProducers {
		slices.Sort(ps)
		names := make([]string, len(ps))
		for i, p := range ps {
			names[i] = fmt.Sprint(p)
		}
		who := "producers " + strings.Join(names, ", ")
		switch {
		case len(ps) > 1 && k.consumerG[g]:
			out = append(out, who+" and the consumer all ran in one goroutine, one call after the other, so "+
				"nothing ran at the same time: start each producer in a goroutine of its own, and consume in "+
				"another one (Run's own will do)")
		case len(ps) > 1:
			out = append(out, who+" made their items in one goroutine, one after the other: start one "+
				"goroutine per producer, so that they all produce at the same time")
		case k.consumerG[g]:
			out = append(out, fmt.Sprintf("producer %d called consume itself, in its own goroutine: a producer "+
				"only makes items and sends them on a channel; the consumer, in a goroutine of its own (Run's "+
				"own will do), receives them and calls consume while the producers go on producing", ps[0]))
		}
	}
	slices.Sort(out)
	return out
}

func (k *kitchen) report(t *testing.T, what string, all, rules bool) {
	t.Helper()
	k.mu.Lock()
	defer k.mu.Unlock()
	var msgs []string
	if rules {
		msgs = append(msgs, k.problems...)
		msgs = append(msgs, k.sharedGoroutines()...)
	}
	for p := range k.badProduce {
		msgs = append(msgs, fmt.Sprintf("produce(%d) was called, but the producers are numbered 0 to %d", p, k.producers-1))
	}
	for p, n := range k.next {
		if all && n != k.perProducer {
			msgs = append(msgs, fmt.Sprintf("producer %d made %d items, want %d: call produce(%d) exactly perProducer times",
				p, n, k.perProducer, p))
		}
	}
	var never, twice []string
	for item := range k.made {
		switch n := k.consumed[item]; {
		case n == 0:
			never = append(never, fmt.Sprint(item))
		case n > 1:
			twice = append(twice, fmt.Sprintf("%v (%d times)", item, n))
		}
	}
	slices.Sort(never)
	slices.Sort(twice)
	if all && len(never) > 0 {
		msgs = append(msgs, fmt.Sprintf("%d of the %d items made were never consumed, e.g. %s: every item made must reach the consumer",
			len(never), len(k.made), never[0]))
	}
	if len(twice) > 0 {
		msgs = append(msgs, fmt.Sprintf("items were consumed more than once: %v", twice))
	}
	if len(k.unknown) > 0 {
		msgs = append(msgs, fmt.Sprintf("consume got items that produce never made, e.g. %v: pass on the items produce returns, unchanged",
			k.unknown[0]))
	}
	if len(k.afterReturn) > 0 {
		msgs = append(msgs, fmt.Sprintf("Run had returned, and still %s was called: Run returns only once "+
			"the producers and the consumer have stopped", strings.Join(k.afterReturn, ", ")))
	}
	if len(msgs) > 0 {
		t.Errorf("%s:\n- %s", what, strings.Join(msgs, "\n- "))
	}
}

// checkAtOnce fails t unless every producer began its first item the
// moment Run was called: each in a goroutine of its own, all at once.
func (k *kitchen) checkAtOnce(t *testing.T, what string) {
	t.Helper()
	k.mu.Lock()
	defer k.mu.Unlock()
	var late []string
	for p, at := range k.firstCall {
		if at.IsZero() {
			late = append(late, fmt.Sprintf("producer %d never called produce", p))
		} else if at.After(k.start) {
			late = append(late, fmt.Sprintf("producer %d only at %v", p, k.since(at)))
		}
	}
	if len(late) > 0 {
		t.Errorf("%s: every producer should call produce for its first item the moment Run starts, but %s "+
			"(at most %d call(s) of produce were seen running at once, for %d producers). Start each "+
			"producer in a goroutine of its own, all of them before the consumer takes its first item.",
			what, strings.Join(late, ", "), k.maxAtOnce, k.producers)
	}
}
