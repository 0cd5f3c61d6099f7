package pool

import (
	"context"
	"errors"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestOrderedKeepsOrderAndBound(t *testing.T) {
	var running, most atomic.Int32
	var got []int
	err := Ordered(context.Background(), 3, 20, func(_ context.Context, i int) (int, error) {
		n := running.Add(1)
		defer running.Add(-1)
		for {
			m := most.Load()
			if n <= m || most.CompareAndSwap(m, n) {
				break
			}
		}
		time.Sleep(time.Duration(20-i) * time.Millisecond) // later tasks end first
		return i * i, nil
	}, func(i, v int) {
		assert.Equal(t, i*i, v)
		got = append(got, i)
	})
	require.NoError(t, err)
	assert.Len(t, got, 20)
	for i, v := range got {
		assert.Equal(t, i, v, "emitted in order")
	}
	assert.LessOrEqual(t, most.Load(), int32(3), "at most 3 at once")
	assert.Greater(t, most.Load(), int32(1), "more than one at once")
}

func TestOrderedStopsAtError(t *testing.T) {
	boom := errors.New("boom")
	var started atomic.Int32
	err := Ordered(context.Background(), 1, 10, func(_ context.Context, i int) (int, error) {
		started.Add(1)
		if i == 2 {
			return 0, boom
		}
		return i, nil
	}, func(int, int) {})
	require.ErrorIs(t, err, boom)
	assert.LessOrEqual(t, started.Load(), int32(4), "no new task after the error")
}

func TestOrderedNothing(t *testing.T) {
	require.NoError(t, Ordered(context.Background(), 4, 0, func(context.Context, int) (int, error) { return 0, nil }, func(int, int) {}))
}
