package cancelworker

import (
	"testing"

	"github.com/asynckata/kata/internal/katatest"
)

// TestMain runs the tests and then fails the run if any goroutine is
// still running.
func TestMain(m *testing.M) {
	katatest.Main(m)
}
