package scale

import (
	"testing"

	"github.com/asynckata/kata/internal/katatest"
)

// TestMain runs the tests, then fails the run if a goroutine Serve or
// ServeCPU started is still there.
func TestMain(m *testing.M) {
	katatest.Main(m)
}
