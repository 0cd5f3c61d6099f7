package parallelmath

import (
	"testing"

	"github.com/asynckata/kata/internal/katatest"
)

// TestMain runs the tests and then fails the run if any goroutine Sum
// started is still running.
func TestMain(m *testing.M) {
	katatest.Main(m)
}
