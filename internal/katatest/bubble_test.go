package katatest

import (
	"context"
	"errors"
	"io"
	"net/http"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestBubbleFinishes(t *testing.T) {
	var took time.Duration
	stall := Bubble(t, func(t *testing.T) {
		start := time.Now()
		var wg sync.WaitGroup
		var mu sync.Mutex // held briefly: never stops the clock
		for range 10 {
			wg.Go(func() {
				time.Sleep(417 * time.Millisecond)
				mu.Lock()
				defer mu.Unlock()
			})
		}
		wg.Wait()
		took = time.Since(start)
	})
	require.Nil(t, stall)
	assert.Equal(t, 417*time.Millisecond, took, "virtual time is exact")
}

func TestBubbleStalled(t *testing.T) {
	started := time.Now()
	stall := Bubble(t, func(t *testing.T) {
		var mu sync.Mutex
		var wg sync.WaitGroup
		for range 3 {
			wg.Go(func() {
				mu.Lock() // the second and third wait here while the first sleeps
				defer mu.Unlock()
				time.Sleep(time.Second)
			})
		}
		wg.Wait()
	})
	require.NotNil(t, stall, "a mutex held across a sleep stops the bubble's clock")
	require.Len(t, stall.Waits, 1)
	assert.Regexp(t, `^2 goroutines wait in sync.Mutex.Lock at bubble_test.go:\d+$`, stall.Waits[0])
	assert.GreaterOrEqual(t, stall.Goroutines, 4, "the bubble's main goroutine and the three")
	assert.Less(t, time.Since(started), StallAfter+2*time.Second)
}

func TestInBubble(t *testing.T) {
	tests := []struct {
		header  string
		want    bubbleWait
		inside  bool
		comment string
	}{
		{"goroutine 7 [select (durable), synctest bubble 1]:", bubbleWait{"7", "select", true}, true, "durable"},
		{"goroutine 9 [sync.Mutex.Lock, synctest bubble 2]:", bubbleWait{"9", "sync.Mutex.Lock", false}, true, "not durable"},
		{"goroutine 3 [chan receive, 2 minutes, synctest bubble 1]:", bubbleWait{"3", "chan receive", false}, true, "with minutes"},
		{"goroutine 4 [running]:", bubbleWait{}, false, "outside"},
		{"goroutine 5 [chan receive]:", bubbleWait{}, false, "outside"},
	}
	for _, tt := range tests {
		got, ok := inBubble(tt.header)
		assert.Equal(t, tt.inside, ok, tt.comment)
		assert.Equal(t, tt.want, got, tt.comment)
	}
}

func TestStalledBubble(t *testing.T) {
	parse := func(s string) []block { return splitDump(s) }
	_, stalled := stalledBubble(parse("goroutine 1 [select (durable), synctest bubble 1]:\nf()\n\ngoroutine 2 [sync.Mutex.Lock, synctest bubble 1]:\ng()\n"))
	assert.True(t, stalled, "every goroutine waits, one not durably")
	_, stalled = stalledBubble(parse("goroutine 1 [select (durable), synctest bubble 1]:\nf()\n\ngoroutine 2 [runnable, synctest bubble 1]:\ng()\n"))
	assert.False(t, stalled, "one can run")
	_, stalled = stalledBubble(parse("goroutine 1 [select (durable), synctest bubble 1]:\nf()\n\ngoroutine 2 [sleep (durable), synctest bubble 1]:\ng()\n"))
	assert.False(t, stalled, "all durable: the clock moves")
	_, stalled = stalledBubble(parse("goroutine 1 [sync.Mutex.Lock]:\nf()\n"))
	assert.False(t, stalled, "no bubble")
}

func TestNetworkHTTP(t *testing.T) {
	stall := Bubble(t, func(t *testing.T) {
		var n Network
		l := n.Listen("slow.test")
		srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			select {
			case <-time.After(420 * time.Millisecond):
				_, _ = io.WriteString(w, "late "+r.URL.Path)
			case <-r.Context().Done(): // the client hung up
			}
		})}
		served := make(chan error, 1)
		go func() { served <- srv.Serve(l) }()
		tr := &http.Transport{DialContext: n.DialContext}
		client := &http.Client{Transport: tr}

		start := time.Now()
		resp, err := client.Get("http://slow.test/a")
		require.NoError(t, err)
		body, err := io.ReadAll(resp.Body)
		require.NoError(t, err)
		require.NoError(t, resp.Body.Close())
		assert.Equal(t, "late /a", string(body))
		assert.Equal(t, 420*time.Millisecond, time.Since(start), "the answer's delay, exactly")

		ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
		defer cancel()
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, "http://slow.test/b", nil)
		require.NoError(t, err)
		_, err = client.Do(req)
		require.ErrorIs(t, err, context.DeadlineExceeded)

		_, err = client.Get("http://nowhere.test/")
		require.Error(t, err)

		require.NoError(t, srv.Close())
		require.ErrorIs(t, <-served, http.ErrServerClosed)
		tr.CloseIdleConnections()
		_, err = n.DialContext(context.Background(), "tcp", "slow.test:80")
		require.True(t, errors.Is(err, syscall.ECONNREFUSED), "a closed listener refuses: %v", err)
	})
	require.Nil(t, stall)
}
