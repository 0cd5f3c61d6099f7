package ascompleted

import (
	"testing"

	"github.com/asynckata/kata/internal/katatest"
)

// TestMain fails the run if any goroutine is still running once all the
// tests have passed: AsCompleted must leave nothing behind.
func TestMain(m *testing.M) {
	katatest.Main(m)
}
