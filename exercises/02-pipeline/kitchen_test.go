package pipeline

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
)

// The course's producers and consumer, with fixed paces so that every
// figure is exact. The tests run inside a testing/synctest bubble, where
// time is virtual: a sleep takes no real time, and time.Now moves only when
// every goroutine in the bubble is waiting.
const (
	// consumePeriod is how long the consumer takes per item.
	consumePeriod = 40 * time.Millisecond
	// waitBudget is the most the average item may wait between being made
	// and being consumed: one consume period. A consumer that keeps up
	// with the producers takes each item soon after it is made.
	waitBudget = consumePeriod
)

// producePeriods is how long each producer takes per item: producer p
// takes producePeriods[p % len(producePeriods)]. Together they make an item
// every 57 ms on average, and the consumer needs 40 ms per item: it can
// keep up, if it runs while they produce.
var producePeriods = []time.Duration{100 * time.Millisecond, 130 * time.Millisecond}

// errEnough is what consume returns when the consumer stops early.
var errEnough = errors.New("the consumer has had enough")

// kitchen holds the produce and consume functions the tests give Run, and
// records what happened: when each item was made, when it was consumed.
type kitchen struct {
	producers, perProducer int
	// periods is how long each producer takes per item: producer p takes
	// periods[p % len(periods)].
	periods []time.Duration
	// stopAfter, if above 0, makes consume return errEnough once it has
	// processed that many items.
	stopAfter int

	mu         sync.Mutex
	next       []int              // each producer's next Seq
	producing  []int              // calls of produce running, per producer
	made       map[Item]time.Time // when each item was made
	consumed   map[Item]int       // how many times each item was consumed
	waits      []time.Duration    // each consumed item's wait, in order
	consumedAt map[Item]time.Time // when each item was consumed
	unknown    []Item             // items consume got that produce never made
	problems   []string           // broken rules, for the failure message
	consuming  int                // calls of consume running now
	calls      int                // calls of consume so far
	afterError int                // calls of consume after it returned an error
	stopped    bool               // consume has returned errEnough
	lastMade   time.Time          // when the last item was made
	firstTaken time.Time          // when consume was first called
	start      time.Time          // when the kitchen opened
	badProduce map[int]bool       // producer numbers out of range
}

func newKitchen(producers, perProducer int) *kitchen {
	return &kitchen{
		producers:   producers,
		perProducer: perProducer,
		periods:     producePeriods,
		next:        make([]int, producers),
		producing:   make([]int, producers),
		made:        map[Item]time.Time{},
		consumed:    map[Item]int{},
		consumedAt:  map[Item]time.Time{},
		badProduce:  map[int]bool{},
		start:       time.Now(),
	}
}

// produce makes producer p's next item, taking p's period.
func (k *kitchen) produce(p int) Item {
	k.mu.Lock()
	if p < 0 || p >= k.producers {
		k.badProduce[p] = true
		k.mu.Unlock()
		return Item{Producer: p, Seq: -1}
	}
	k.producing[p]++
	if k.producing[p] > 1 {
		k.problem(fmt.Sprintf("produce(%d) was called again while an earlier call for the same producer "+
			"was still running: a producer makes its items one after the other", p))
	}
	k.mu.Unlock()

	time.Sleep(k.periods[p%len(k.periods)])

	k.mu.Lock()
	defer k.mu.Unlock()
	k.producing[p]--
	item := Item{Producer: p, Seq: k.next[p]}
	k.next[p]++
	now := time.Now()
	k.made[item] = now
	k.lastMade = now
	return item
}

// consume processes one item, taking consumePeriod.
func (k *kitchen) consume(item Item) error {
	k.mu.Lock()
	now := time.Now()
	k.calls++
	if k.firstTaken.IsZero() {
		k.firstTaken = now
	}
	if k.stopped {
		k.afterError++
	}
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
		k.stopped = true
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
	k.mu.Lock()
	defer k.mu.Unlock()
	var msgs []string
	msgs = append(msgs, k.problems...)
	for p := range k.badProduce {
		msgs = append(msgs, fmt.Sprintf("produce(%d) was called, but the producers are numbered 0 to %d", p, k.producers-1))
	}
	for p, n := range k.next {
		if n != k.perProducer {
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
	if len(never) > 0 {
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
	if len(msgs) > 0 {
		t.Errorf("%s:\n- %s", what, strings.Join(msgs, "\n- "))
	}
}
