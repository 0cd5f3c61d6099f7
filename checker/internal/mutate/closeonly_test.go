package mutate

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A channel of struct{} that nothing sends on is only closed: a buffer
// cannot change what a receiver sees, so chan-cap-1 leaves it alone. The
// same channel used as a semaphore, or a channel of values, still gets
// its one-slot mutant.
func TestChanCap1SkipsSignalsThatAreOnlyClosed(t *testing.T) {
	for _, tc := range []struct {
		name, src string
		mutated   bool
	}{
		{"closed signal", `package p
func f() { done := make(chan struct{}); go func() { defer close(done) }(); <-done }`, false},
		{"semaphore", `package p
func f() { sem := make(chan struct{}); go func() { sem <- struct{}{} }(); <-sem }`, true},
		{"values", `package p
func f() { out := make(chan int); go func() { out <- 1; close(out) }(); <-out }`, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ms, err := Generate("p.go", []byte(tc.src), false)
			require.NoError(t, err)
			found := false
			for _, m := range ms {
				found = found || m.Operator == "chan-cap-1"
			}
			assert.Equal(t, tc.mutated, found)
		})
	}
}
