package scale

import (
	"testing"

	"github.com/stretchr/testify/require"
)

// TestServeAnswersEveryClient runs Serve and ServeCPU over crowds of a few
// shapes and checks that every client got exactly one answer, its own,
// before the server returned; then that nothing the server started is
// left. (TestTimingServe checks the answers of the 10,000 clients; here,
// under -race, 2,000 are enough, and cost a hundredth of the time.)
func TestServeAnswersEveryClient(t *testing.T) {
	// The small crowds first: a server that leaves goroutines behind is
	// told so with one client, not two thousand.
	shapes := []shape{oneClient, hourShape, noClient, smallShape}
	inBubble(t, servers, shapes, func(t *testing.T, srv server, sh shape) {
		r := serveOn(start(sh), sh, srv)
		r.checkAnswers(t)
		r.checkNothingLeft(t)
	})
}

// TestServeReturnsWhenDone checks that the server returns as soon as the
// listener has closed and the last client has its answer: not before
// (answers would come after it returned) and not more than 1 ms after,
// also when one client's answer takes an hour. Waiting for a while, or
// checking every so often, is not waiting for the clients.
func TestServeReturnsWhenDone(t *testing.T) {
	shapes := []shape{noClient, hourShape, smallShape}
	inBubble(t, servers, shapes, func(t *testing.T, srv server, sh shape) {
		s := start(sh)
		r := serveOn(s, sh, srv)
		r.checkAnswers(t)
		last := max(s.closeAt, s.lastAnswer())
		late := r.returned - last
		require.LessOrEqualf(t, late, lateBudget, "%s returned at %v, %v after the listener closed and the "+
			"last client had its answer (at %v). Return as soon as the last client is answered: wait for the "+
			"goroutines that serve the clients (a sync.WaitGroup), not for a while, and not by checking "+
			"every so often.", r.what(), r.returned, late, last)
		r.checkNothingLeft(t)
	})
}

// TestServeLeavesNothingRunning checks, right after the server returns,
// that no goroutine it started is still there: not one serving a client,
// and not one that stays after its client has left, waiting for something
// that will never come.
func TestServeLeavesNothingRunning(t *testing.T) {
	inBubble(t, servers, []shape{smallShape}, func(t *testing.T, srv server, sh shape) {
		r := serveOn(start(sh), sh, srv)
		r.checkNothingLeft(t)
		r.checkAnswers(t)
	})
}
