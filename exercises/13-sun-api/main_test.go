package sunapi

import (
	"testing"

	"github.com/asynckata/kata/internal/katatest"
)

// TestMain fails the run if any goroutine is still running once all the
// tests have passed and every server has closed: a handler must not leave
// goroutines behind, even when a service fails or the client hangs up.
func TestMain(m *testing.M) {
	katatest.Main(m)
}
