package cgoparallel

import (
	"testing"

	"github.com/asynckata/kata/internal/katatest"
)

// TestMain fails the run if any goroutine is still running once all the
// tests have passed.
func TestMain(m *testing.M) {
	katatest.Main(m)
}
