package cgobatch

import (
	"testing"

	"github.com/asynckata/kata/internal/katatest"
)

// TestMain fails the package when a test leaves goroutines running.
func TestMain(m *testing.M) {
	katatest.Main(m)
}
