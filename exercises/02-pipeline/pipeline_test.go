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
// once, for a few shapes of pipeline.
func TestEveryItemConsumedOnce(t *testing.T) {
	for _, shape := range []struct{ producers, perProducer int }{{2, 10}, {3, 4}, {1, 1}, {4, 0}} {
		t.Run(fmt.Sprintf("%d producers x %d items", shape.producers, shape.perProducer), func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				k := newKitchen(shape.producers, shape.perProducer)
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

		// A second of virtual time is plenty for a producer to finish the
		// item it was making and notice it should stop.
		katatest.NoGoroutinesLeft(t, before, time.Second, "Run, after consume returned an error")
		k.mu.Lock()
		defer k.mu.Unlock()
		require.Zerof(t, k.afterError, "consume was called %d more times after it returned an error: "+
			"the consumer stops at its first error", k.afterError)
		require.Emptyf(t, k.problems, "Run broke the rules of produce and consume")
	})
}
