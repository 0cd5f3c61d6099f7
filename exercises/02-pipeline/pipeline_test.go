package pipeline

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/asynckata/kata/internal/katatest"
	"github.com/stretchr/testify/require"
)

// Every test runs Run inside a synctest bubble: time there is virtual, so
// the producers' and consumer's sleeps cost no real time, and a Run that
// can never return (everyone waiting on everyone) is reported at once as
// "deadlock: all goroutines in bubble are blocked" rather than hanging.

// TestEveryItemConsumedOnce checks that every item made is consumed exactly
// once, for a few shapes of pipeline, one of them with a producer that
// takes an hour per item (virtual time: no real time passes): the consumer
// must wait for the producers to be done, however slow, not for a quiet
// spell. When Run returns, no goroutine it started may be left.
func TestEveryItemConsumedOnce(t *testing.T) {
	shapes := []struct {
		producers, perProducer int
		periods                []time.Duration
	}{
		{2, 10, producePeriods},
		{3, 4, producePeriods},
		{1, 1, producePeriods},
		{4, 0, producePeriods},
		{2, 3, []time.Duration{time.Millisecond, time.Hour}},
	}
	for _, shape := range shapes {
		name := fmt.Sprintf("%d producers x %d items, %v per item", shape.producers, shape.perProducer, shape.periods)
		t.Run(name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				k := newKitchen(shape.producers, shape.perProducer)
				k.periods = shape.periods
				before := katatest.Snapshot()
				err := Run(shape.producers, shape.perProducer, k.produce, k.consume)
				busy := k.markReturned()
				call := fmt.Sprintf("Run(%d, %d, ...)", shape.producers, shape.perProducer)
				require.NoErrorf(t, err, "%s returned an error, but consume never returned one", call)
				require.Emptyf(t, busy, "%s returned while %s: Run returns only when every producer "+
					"has finished", call, strings.Join(busy, ", "))
				synctest.Wait()
				katatest.NoGoroutinesLeft(t, before, 0, call+", after every item was consumed")
				k.check(t, call)
			})
		})
	}
}

// TestProducersRunAtOnce checks that the producers run at the same time,
// each in a goroutine of its own, while the consumer consumes in another:
// every producer calls produce for its first item the moment Run starts,
// and consume is never called from a producer's goroutine. (A Run that
// produces and consumes in turn, in one goroutine, has every item consumed
// as soon as it is made, but the producers wait for each other and for
// the consumer.)
func TestProducersRunAtOnce(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		const producers, perProducer = 6, 3
		k := newKitchen(producers, perProducer)
		k.periods = []time.Duration{103 * time.Millisecond, 131 * time.Millisecond, 157 * time.Millisecond,
			173 * time.Millisecond, 191 * time.Millisecond, 211 * time.Millisecond}
		require.NoError(t, Run(producers, perProducer, k.produce, k.consume),
			"Run returned an error, but consume never returned one")
		k.markReturned()
		k.checkAtOnce(t, "Run(6, 3, ...)")
		k.check(t, "Run(6, 3, ...)")
	})
}

// TestConsumerStopsEarly has consume return an error. Run must return that
// error, call consume no more, stop the producers (a producer that is in
// the middle of a produce call finishes it, and then makes no other), and
// leave no goroutine behind: a producer waiting to hand over an item that
// nobody will take waits forever, and one still finishing its produce call
// is one Run started and must wait for.
func TestConsumerStopsEarly(t *testing.T) {
	cases := []struct {
		name                   string
		producers, perProducer int
		periods                []time.Duration
		stopAfter              int
		// calls is how many produce calls a Run that stops its producers
		// at once makes: those begun before the error.
		calls int
	}{
		{
			// consume fails at 357 ms, while producer 0 makes its 4th item
			// (until 419 ms) and producer 1 its 3rd (until 406 ms).
			name:      "2 producers x 10 items, consume fails on the 5th item",
			producers: 2, perProducer: 10, periods: producePeriods, stopAfter: 5, calls: 7,
		},
		{
			// Producer 0 makes an item in 43 ms; consume fails on it at
			// 84 ms, while producer 0 makes its 2nd (until 86 ms) and the
			// 15 others are still making their first (1.013 s each). A
			// producer that finds room to send after the error (someone
			// drains, or the channel has a buffer) must still stop.
			name:      "16 producers x 3 items, consume fails on the 1st item",
			producers: 16, perProducer: 3, stopAfter: 1, calls: 17,
			periods: append([]time.Duration{43 * time.Millisecond}, slices.Repeat([]time.Duration{1013 * time.Millisecond}, 15)...),
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				k := newKitchen(c.producers, c.perProducer)
				k.periods = c.periods
				k.stopAfter = c.stopAfter
				before := katatest.Snapshot()
				err := Run(c.producers, c.perProducer, k.produce, k.consume)
				returned := time.Now()
				busy := k.markReturned()
				require.ErrorIsf(t, err, errEnough, "consume returned an error after %d item(s): Run must stop "+
					"and return it, not %v", c.stopAfter, err)

				k.mu.Lock()
				afterError, afterStop, calls, stoppedAt := k.afterError, k.afterStop, k.produceCalls, k.stoppedAt
				k.mu.Unlock()
				require.Zerof(t, afterError, "consume was called %d more time(s) after it returned an error: "+
					"the consumer stops at its first error", afterError)
				require.Emptyf(t, busy, "Run returned at %v, right after consume failed (at %v), while %s: "+
					"a producer that is in the middle of produce when the consumer stops is still running. "+
					"Tell the producers to stop (cancel a context they watch) and wait for them "+
					"(sync.WaitGroup's Wait) before returning.",
					k.since(returned), k.since(stoppedAt), strings.Join(busy, ", "))
				require.Emptyf(t, afterStop, "consume returned its error at %v, and the producers went on "+
					"making items: %s (%d calls of produce in all; a Run that stops them makes %d). "+
					"After the error, a producer finishes the produce call it is in and stops: check your "+
					"context before each call of produce. (A select whose cases are both ready, a send "+
					"and <-ctx.Done(), picks one at random: it may well send, to a channel someone still "+
					"drains, and go on.)", k.since(stoppedAt), strings.Join(afterStop[:min(3, len(afterStop))], ", ")+
					more(len(afterStop)-3), calls, c.calls)

				// Let every goroutine still in the bubble run until it is
				// blocked or gone; then none that Run started may be left.
				synctest.Wait()
				katatest.NoGoroutinesLeft(t, before, 0, "Run, after consume returned an error")
				k.checkRules(t, "Run, after consume returned an error")
			})
		})
	}
}

// more says how many were left out of a list, if any: " and 4 more".
func more(n int) string {
	if n <= 0 {
		return ""
	}
	return fmt.Sprintf(" and %d more", n)
}
