package fan

import "testing"

func TestFan(t *testing.T) {
	if Fan(4) == 0 {
		t.Fatal("no work done")
	}
}
