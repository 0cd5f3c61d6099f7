package classify

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestVetAdvice(t *testing.T) {
	for _, tc := range []struct {
		name  string
		lines []string
		want  []string // the start of each piece of advice
	}{
		{"wg.Add in the goroutine", []string{"exercises/16-cgo-parallel/parallel.go:22:10: WaitGroup.Add called from inside new goroutine"},
			[]string{"What vet means: wg.Add runs inside the goroutine it counts"}},
		{"a lock passed by value", []string{"exercises/07-race-bank/bank.go:40:9: String passes lock by value: example.com/kata/exercises/07-race-bank.Bank contains sync.Mutex"},
			[]string{"What vet means: a value that holds a sync.Mutex"}},
		{"a lock copied by assignment", []string{"x.go:3:2: assignment copies lock value to b: sync.Mutex"},
			[]string{"What vet means: a value that holds a sync.Mutex"}},
		{"a lost cancel", []string{"x.go:9:7: the cancel function returned by context.WithTimeout should be called, not discarded, to avoid a context leak"},
			[]string{"What vet means: the cancel function of a context"}},
		{"each kind once, in order", []string{
			"x.go:9:7: the cancel function is not used on all paths (possible context leak)",
			"x.go:12:3: WaitGroup.Add called from inside new goroutine",
			"x.go:20:3: WaitGroup.Add called from inside new goroutine",
		}, []string{"What vet means: the cancel function", "What vet means: wg.Add"}},
		{"a compile error, no advice", []string{"x.go:5:41: undefined: undefinedThing"}, nil},
		{"another vet finding, no advice", []string{"x.go:5:2: fmt.Sprintf format %d has arg s of wrong type string"}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := VetAdvice(tc.lines)
			if !assert.Len(t, got, len(tc.want)) {
				return
			}
			for i, w := range tc.want {
				assert.Contains(t, got[i], w)
			}
		})
	}
}
