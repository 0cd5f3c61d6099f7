package pipeline

import (
	"fmt"
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
// spell.
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
				err := Run(shape.producers, shape.perProducer, k.produce, k.consume)
				require.NoError(t, err, "Run returned an error, but consume never returned one")
				k.check(t, fmt.Sprintf("Run(%d, %d, ...)", shape.producers, shape.perProducer))
			})
		})
	}
}

// TestConsumerStopsEarly has consume return an error after 5 items. Run
// must return that error, call consume no more, and leave no goroutine
// behind: producers waiting to hand over an item nobody will take wait
// forever.
func TestConsumerStopsEarly(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		k := newKitchen(2, 10)
		k.stopAfter = 5
		before := katatest.Snapshot()
		err := Run(2, 10, k.produce, k.consume)
		require.ErrorIs(t, err, errEnough, "consume returned an error after 5 items: Run must stop and return it")

		// Let every goroutine still in the bubble run until it is blocked
		// or gone; then none that Run started may be left, not even one
		// sleeping in produce: Run waits for what it started.
		synctest.Wait()
		katatest.NoGoroutinesLeft(t, before, 0, "Run, after consume returned an error")
		k.mu.Lock()
		defer k.mu.Unlock()
		require.Zerof(t, k.afterError, "consume was called %d more times after it returned an error: "+
			"the consumer stops at its first error", k.afterError)
		require.Emptyf(t, k.problems, "Run broke the rules of produce and consume")
	})
}
