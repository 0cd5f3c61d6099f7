package fib

import (
	"testing"

	"github.com/asynckata/kata/internal/katatest"
)

// TestMain runs the tests, then fails the run if any goroutine is still
// there: every caller below stops after a few numbers, and a generator that
// does not notice waits forever to send the next one.
func TestMain(m *testing.M) {
	katatest.Main(m)
}
