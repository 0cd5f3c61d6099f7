package pipeline

import (
	"fmt"
	"testing"
	"testing/synctest"
	"time"

	"github.com/asynckata/kata/internal/katatest"
	"github.com/stretchr/testify/require"
)

// TestTimingAverageWait runs the course's pipeline, two producers of 10
// items each and one consumer, in virtual time, and measures how long the
// average item waits between being made and being consumed. The figure is
// exact: it is the same on every run and every machine.
func TestTimingAverageWait(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		const producers, perProducer = 2, 10
		k := newKitchen(producers, perProducer)
		require.NoError(t, Run(producers, perProducer, k.produce, k.consume))
		k.checkItems(t, "Run(2, 10, ...)")

		avg := k.averageWait()
		k.mu.Lock()
		first, last := k.firstTaken.Sub(k.start), k.lastMade.Sub(k.start)
		k.mu.Unlock()
		katatest.Info(t, "longest wait of one item", k.longestWait().String())
		katatest.Info(t, "timeline", fmt.Sprintf("the last item was made at %v, the consumer took its first item at %v", last, first))

		var note string
		switch {
		case avg <= waitBudget:
		case first >= last:
			note = fmt.Sprintf("The consumer took its first item at %v, after the last item was made (at %v): "+
				"every item waited for the whole production run. Run the producers and the consumer at the same "+
				"time, in goroutines, and hand each item over a channel as soon as it is made (make hint EX=02).",
				first, last)
		default:
			note = "Items were consumed while others were still being made, but not soon enough. The consumer " +
				"should take each item as soon as it is made: have every producer send its items on one channel " +
				"that the consumer reads, rather than batching them."
		}
		katatest.WithinDuration(t, "average wait per item", avg, waitBudget, note)
	})
}

// TestTimingUnevenProducers runs one fast producer (an item every 53 ms)
// and one slow one (an item every 1.031 s), 5 items each: a consumer that
// takes each item as soon as it is made keeps every wait short, while one
// that takes the producers' items in turn makes the fast producer's items
// wait for the slow one's.
func TestTimingUnevenProducers(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		const producers, perProducer = 2, 5
		k := newKitchen(producers, perProducer)
		k.periods = []time.Duration{53 * time.Millisecond, 1031 * time.Millisecond}
		require.NoError(t, Run(producers, perProducer, k.produce, k.consume))
		k.checkItems(t, "Run(2, 5, ...) with producers of 53 ms and 1.031 s per item")
		katatest.WithinDuration(t, "average wait per item, one fast and one slow producer", k.averageWait(), waitBudget,
			"A fast producer's items waited for the slow producer's: take whichever item is ready first, "+
				"from one channel that every producer sends on, instead of taking the producers' items in turn.")
	})
}
