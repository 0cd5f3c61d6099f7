package grader

import (
	"context"
	"sync/atomic"
	"testing"
	"testing/synctest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestQuietMachine: four gradings share a two-CPU machine; while a
// real-time timing run measures, one other grading at most goes on, and
// gradings that arrive later wait until it is over.
func TestQuietMachine(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx := context.Background()
		m := newMachine(4, 1)
		var running atomic.Int32
		finish := make(chan struct{})
		grading := func() {
			require.NoError(t, m.enter(ctx))
			running.Add(1)
			<-finish
			running.Add(-1)
			m.leave()
		}
		for range 3 {
			go grading()
		}
		synctest.Wait()
		require.EqualValues(t, 3, running.Load(), "four shares: three gradings run at once")

		measured := make(chan struct{})
		var done func()
		go func() {
			var err error
			done, err = m.quiet(ctx)
			assert.NoError(t, err)
			close(measured)
		}()
		synctest.Wait() // the timing run waits for quiet
		go grading()    // and then a fourth grading arrives
		synctest.Wait()
		select {
		case <-measured:
			t.Fatal("the timing run started with three other gradings running")
		default:
		}
		assert.EqualValues(t, 3, running.Load(), "a grading arriving after the quiet request must wait behind it")

		finish <- struct{}{} // one of the three ends: two left
		synctest.Wait()
		select {
		case <-measured:
			t.Fatal("the timing run started with two other gradings running")
		default:
		}
		finish <- struct{}{} // one left: quiet enough
		synctest.Wait()
		<-measured
		assert.EqualValues(t, 1, running.Load(), "one grading beside the timing run")

		done()
		synctest.Wait()
		assert.EqualValues(t, 2, running.Load(), "after the timing run the waiting grading starts")
		close(finish)
	})
}

// TestQuietTurnsOneAtATime: two timing runs never measure at once, and
// one alone on a machine of one share still gets its turn.
func TestQuietTurnsOneAtATime(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx := context.Background()
		m := newMachine(1, 1)
		first, err := m.quiet(ctx)
		require.NoError(t, err)
		second := make(chan func(), 1)
		go func() {
			done, err := m.quiet(ctx)
			assert.NoError(t, err)
			second <- done
		}()
		synctest.Wait()
		assert.Empty(t, second, "a second timing run started while the first measured")
		first()
		(<-second)()
	})
}

// TestQuietGivesUpWithItsContext: a grading cancelled while it waits for
// quiet returns, and leaves nothing held.
func TestQuietGivesUpWithItsContext(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		m := newMachine(2, 1)
		require.NoError(t, m.enter(context.Background()))
		require.NoError(t, m.enter(context.Background()))
		ctx, cancel := context.WithCancel(context.Background())
		errc := make(chan error, 1)
		go func() {
			_, err := m.quiet(ctx)
			errc <- err
		}()
		synctest.Wait()
		cancel()
		require.ErrorIs(t, <-errc, context.Canceled)
		m.leave()
		m.leave()
		done, err := m.quiet(context.Background())
		require.NoError(t, err, "the cancelled wait left its turn or shares taken")
		done()
	})
}
