package counter

import (
	"testing"

	"github.com/asynckata/kata/internal/katatest"
)

func TestMain(m *testing.M) { katatest.Main(m) }
