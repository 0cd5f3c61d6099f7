package amdahl

import (
	"testing"

	"github.com/asynckata/kata/internal/katatest"
)

// TestMain runs the tests, then checks that no goroutine is left running.
func TestMain(m *testing.M) {
	katatest.Main(m)
}
