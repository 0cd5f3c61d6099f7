package classify

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestSaid(t *testing.T) {
	tests := []struct {
		name string
		out  []string
		want []string
	}{
		{
			name: "every line of a multi-line t.Errorf",
			out: []string{
				"=== RUN   TestEvery/2_producers",
				"    pipeline_test.go:42: Run(2, 10, ...):",
				"        - consume was running in 2 goroutines at once",
				"          (deeper)",
				"--- FAIL: TestEvery/2_producers (0.00s)",
			},
			want: []string{"Run(2, 10, ...):", "- consume was running in 2 goroutines at once", "(deeper)"},
		},
		{
			name: "testify's Error and Messages, not its trace or test name",
			out: []string{
				"    pipeline_test.go:67: ",
				"        \tError Trace:\t/abs/pipeline_test.go:67",
				"        \t            \t/abs/helper_test.go:12",
				"        \tError:      \tNot equal: ",
				"        \t            \texpected: 3",
				"        \tTest:       \tTestConsumerStopsEarly",
				"        \tMessages:   \tconsume was called 15 more times",
				"        \t            \tafter it returned an error",
			},
			want: []string{"Not equal:", "expected: 3", "consume was called 15 more times", "after it returned an error"},
		},
		{
			name: "a failed figure, and every line of its note",
			out: []string{
				`    timing_test.go:30: kata:measure {"what":"p50","observed":"1.3s","budget":"at most 1s","ok":false,"note":"the weather call started after the location answered:\n  0s location starts\n  420ms weather starts"}`,
				"    timing_test.go:30: p50: 1.3s (budget: at most 1s). the weather call started after the location answered:",
				"          0s location starts",
				"          420ms weather starts",
			},
			want: []string{"p50: 1.3s (budget: at most 1s)", "the weather call started after the location answered:", "0s location starts", "420ms weather starts"},
		},
		{
			name: "no goroutine dump, race line, marker or figure message",
			out: []string{
				"kata:hung TestX: Run did not return within 2s; every goroutine:",
				"goroutine 7 [chan send]:",
				"example.com/m.Run()",
				"\t/abs/m.go:3 +0x1",
				"    job_test.go:52: found unexpected goroutines: 1 left",
				"        Do the waiting on Run's own goroutine.",
				"        goroutine 31 [sleep (durable), synctest bubble 3]:",
				"        time.Sleep(0x1dcd6500)",
				"    testing.go:1712: race detected during execution of test",
				`    timing_test.go:30: kata:measure {"what":"w","observed":"1s","budget":"at most 2ms","ok":false}`,
				"    timing_test.go:30: w: 1s (budget: at most 2ms). note",
				"        more of the note",
				"printed by the code",
				"panic: boom",
				"    x_test.go:9: after the panic",
			},
			want: []string{"found unexpected goroutines: 1 left", "Do the waiting on Run's own goroutine.", "w: 1s (budget: at most 2ms)"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, Said(tt.out))
		})
	}
}
