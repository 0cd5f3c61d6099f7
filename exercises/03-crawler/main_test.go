package crawler

import (
	"testing"

	"github.com/asynckata/kata/internal/katatest"
)

// TestMain fails the run if any goroutine is still running once all the
// tests have passed: Crawl must not leave workers behind, even when it is
// cancelled.
func TestMain(m *testing.M) {
	katatest.Main(m)
}
