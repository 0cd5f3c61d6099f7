package deadlockbank

import (
	"testing"

	"github.com/asynckata/kata/internal/katatest"
)

// TestMain fails the package when a test leaves a goroutine running.
func TestMain(m *testing.M) {
	katatest.Main(m)
}
