package cgobatch

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// inputs returns n deterministic pseudo-random values, mostly in [-10, 10)
// with a few far larger ones, the same for every run.
func inputs(n int, seed uint64) []float64 {
	r := rand.New(rand.NewPCG(seed, 15))
	xs := make([]float64, n)
	for i := range xs {
		xs[i] = r.Float64()*20 - 10
		if i%97 == 0 {
			xs[i] *= 1e6
		}
	}
	return xs
}

// specials are values where a careless kernel or a fast-math build would
// disagree with the reference: signed zeros, infinities, NaN, subnormals,
// values whose powers overflow.
var specials = []float64{
	0, math.Copysign(0, -1), 1, -1, 0.5, 2.5,
	math.Inf(1), math.Inf(-1), math.NaN(),
	math.SmallestNonzeroFloat64, -math.SmallestNonzeroFloat64,
	2.2250738585072014e-308, // smallest normal
	1e300, -1e300, 1e80, -1e80, math.MaxFloat64, -math.MaxFloat64,
	0.1, 1.0 / 3, math.Pi, -math.E,
}

// apply calls Apply(xs) and turns a panic into a test failure that says
// what the panic means, instead of a stack trace. It also fails the test
// at once when Apply changed its input, since every later check would
// compare against the wrong values.
func apply(t *testing.T, what string, xs []float64) (got []float64) {
	t.Helper()
	before := append([]float64{}, xs...)
	defer requireUnchanged(t, what, before, xs)
	defer func() {
		r := recover()
		if r == nil {
			return
		}
		msg := fmt.Sprint(r)
		if strings.Contains(msg, "Go pointer") {
			require.FailNowf(t, "cgo pointer check",
				"%s panicked: %s. cgo checks every pointer you pass to C: it may point to Go memory, "+
					"but that memory must not itself hold pointers to Go memory that is not pinned. "+
					"A kbatch struct built in Go whose in/out fields point into Go slices is exactly that. "+
					"Either call kernel_batch with the two pointers as plain arguments, or pin the slices "+
					"with a runtime.Pinner before the call (Unpin after), or put the data in C.malloc memory.",
				what, msg)
		}
		if strings.Contains(msg, "index out of range") || strings.Contains(msg, "slice bounds out of range") {
			require.FailNowf(t, "Apply panicked",
				"%s panicked: %s. Taking &xs[i] needs i < len(xs): an empty slice has no element 0 "+
					"(return early when len(xs) == 0), and the last chunk ends at len(xs), not at the next multiple "+
					"of the chunk size (use min(lo+chunk, len(xs))).",
				what, msg)
		}
		require.FailNowf(t, "Apply panicked", "%s panicked: %s", what, msg)
	}()
	return Apply(xs)
}

// requireUnchanged fails t when xs no longer holds the values of before.
func requireUnchanged(t *testing.T, what string, before, xs []float64) {
	t.Helper()
	if t.Failed() {
		return // a panic in Apply is the news, and already said
	}
	for i := range xs {
		if !sameBits(xs[i], before[i]) {
			require.FailNowf(t, "input modified",
				"%s changed its input: xs[%d] was %v before the call and %v after. Apply must leave xs "+
					"alone: write the results to a new slice (out := make([]float64, len(xs))) and pass "+
					"that to C as the output.", what, i, before[i], xs[i])
		}
	}
}

// sameBits reports whether a and b are the same float64: identical bits, or
// both NaN (which NaN bits an operation yields is not portable).
func sameBits(a, b float64) bool {
	return math.Float64bits(a) == math.Float64bits(b) || (math.IsNaN(a) && math.IsNaN(b))
}

// requireMatchesReference fails t at the first element of got that differs
// from Reference(xs), saying where and what it got.
func requireMatchesReference(t *testing.T, what string, xs, got []float64) {
	t.Helper()
	want := Reference(xs)
	require.Lenf(t, got, len(xs),
		"%s returned %d results for %d inputs: it must return exactly one result per input, in order",
		what, len(got), len(xs))
	for i := range want {
		if !sameBits(got[i], want[i]) {
			require.FailNowf(t, "wrong result",
				"%s: element %d of %d: got %v (bits %#016x), want %v (bits %#016x) for input %v. "+
					"Results must be bit-identical to Reference: check that chunk boundaries neither skip "+
					"nor repeat elements (the last chunk is usually shorter), and that out[i] comes from xs[i].",
				what, i, len(xs), got[i], math.Float64bits(got[i]), want[i], math.Float64bits(want[i]), xs[i])
		}
	}
}

// TestReferenceMatchesC checks the support code, not your work: the Go
// reference and the C kernel agree to the last bit, so any difference the
// other tests report comes from how Apply calls the kernel.
func TestReferenceMatchesC(t *testing.T) {
	xs := append(append([]float64{}, specials...), inputs(10_000, 1)...)
	requireMatchesReference(t, "ApplyPerElement (support code)", xs, ApplyPerElement(xs))
}

// TestApplyEmpty checks that an empty or nil slice gives an empty result.
func TestApplyEmpty(t *testing.T) {
	for _, xs := range [][]float64{nil, {}} {
		got := apply(t, fmt.Sprintf("Apply(%#v)", xs), xs)
		require.Emptyf(t, got, "Apply(%#v) returned %v: no input, no results", xs, got)
	}
}

// TestApplySpecialValues checks signed zeros, infinities, NaN and
// subnormals, one at a time and all together.
func TestApplySpecialValues(t *testing.T) {
	for _, x := range specials {
		what := fmt.Sprintf("Apply([]float64{%v})", x)
		requireMatchesReference(t, what, []float64{x}, apply(t, what, []float64{x}))
	}
	xs := append([]float64{}, specials...)
	requireMatchesReference(t, "Apply(special values)", xs, apply(t, "Apply(special values)", xs))
}

// TestApplySizes checks sizes around the powers of two a chunk size is
// likely to be, so that a first, middle or last chunk that is too short or
// too long shows up.
func TestApplySizes(t *testing.T) {
	sizes := []int{1, 2, 3, 7, 8, 9, 100, 255, 256, 257, 1000, 1023, 1024, 1025,
		4095, 4096, 4097, 8191, 8192, 8193, 65535, 65536, 65537, 100_003}
	for _, n := range sizes {
		xs := inputs(n, uint64(n))
		what := fmt.Sprintf("Apply(%d elements)", n)
		requireMatchesReference(t, what, xs, apply(t, what, xs))
	}
}

// TestApplyLarge checks a slice of several hundred thousand elements,
// many chunks long whatever chunk size you pick.
func TestApplyLarge(t *testing.T) {
	xs := inputs(300_007, 42)
	requireMatchesReference(t, "Apply(300007 elements)", xs, apply(t, "Apply(300007 elements)", xs))
}

// severalAtOnce explains what max calls inside the kernel at once means,
// for a failure message.
func severalAtOnce(max int) string {
	return fmt.Sprintf("the C kernel counted %d calls inside it at the same moment, so Apply called it from "+
		"several goroutines at once. kernel.h says the kernel may not be called from several goroutines at "+
		"once: its counters are plain integers, and calls made at the same moment lose counts. Call it for "+
		"one chunk after another, in a plain for loop in the goroutine that called Apply (no go statement, "+
		"WaitGroup or errgroup around the C calls). C calls from several goroutines in parallel are "+
		"exercise 16's subject, with a kernel made for it", max)
}

// TestApplyComputesInC checks that every element goes through the C
// kernel exactly once: the exercise is about calling C well, so an Apply
// that computes in Go (or computes some elements twice) does not count.
func TestApplyComputesInC(t *testing.T) {
	const n = 100_003
	xs := inputs(n, 3)
	resetKernelMaxInFlight()
	_, before := kernelStats()
	got := apply(t, "Apply", xs)
	_, after := kernelStats()
	requireMatchesReference(t, "Apply", xs, got)
	inFlight := kernelMaxInFlight()
	require.LessOrEqualf(t, inFlight, 1, "during Apply(%d elements), %s.", n, severalAtOnce(inFlight))
	computed := after - before
	why := "more than the input: some elements went through the kernel twice"
	if computed < n {
		why = "fewer than the input: some elements were computed in Go rather than in C"
	}
	require.Equalf(t, uint64(n), computed,
		"the C kernel computed %d elements during Apply(%d elements), %s. Compute every element in C exactly "+
			"once, through kernel_batch, kernel_run or kernel_one.",
		computed, n, why)
}

// TestApplyOneGoroutineAtATime checks that Apply calls the kernel from one
// goroutine at a time, as kernel.h requires. The kernel counts the calls
// inside it at the same moment (in C, with atomics), and for this test
// its first calls wait inside, up to companyWait, for a second call to
// arrive: an Apply that sends chunks to C from several goroutines at once
// is then seen doing it every time, however busy the machine. An Apply
// that calls from one goroutine just takes a little longer here.
func TestApplyOneGoroutineAtATime(t *testing.T) {
	const (
		companyCalls = 2                      // the first two calls of each Apply wait...
		companyWait  = 500 * time.Millisecond // ...each up to this long
	)
	defer kernelWaitForCompany(0, 0)
	for _, n := range []int{100_003, 1 << 20} {
		xs := inputs(n, uint64(n)+15)
		what := fmt.Sprintf("Apply(%d elements)", n)
		resetKernelMaxInFlight()
		kernelWaitForCompany(companyCalls, companyWait)
		got := apply(t, what, xs)
		kernelWaitForCompany(0, 0)
		inFlight := kernelMaxInFlight()
		require.LessOrEqualf(t, inFlight, 1, "during %s, %s.", what, severalAtOnce(inFlight))
		requireMatchesReference(t, what, xs, got)
	}
}

// TestApplyDoesNotModifyInput checks that Apply leaves xs alone and
// returns a slice of its own.
func TestApplyDoesNotModifyInput(t *testing.T) {
	xs := inputs(70_001, 7)
	before := append([]float64{}, xs...)
	got := apply(t, "Apply", xs)
	for i := range xs {
		if !sameBits(xs[i], before[i]) {
			require.FailNowf(t, "input modified",
				"Apply changed its input: xs[%d] was %v before the call and %v after. "+
					"Write the results to a new slice (out := make([]float64, len(xs))) and pass that to C as the output.",
				i, before[i], xs[i])
		}
	}
	requireMatchesReference(t, "Apply", xs, got)
	got[0] = 12345
	require.Truef(t, sameBits(xs[0], before[0]),
		"writing to the result of Apply changed the input: the result shares memory with xs. Allocate a new output slice.")
}

// TestApplyResultsAreTheirOwn keeps the result of one call while another
// call runs: each call returns a new slice, so the first result still
// holds its own values afterwards.
func TestApplyResultsAreTheirOwn(t *testing.T) {
	a, b := inputs(5000, 11), inputs(5000, 12)
	first := apply(t, "Apply(a)", a)
	kept := append([]float64{}, first...)
	second := apply(t, "Apply(b)", b)
	requireMatchesReference(t, "Apply(b)", b, second)
	for i := range first {
		if !sameBits(first[i], kept[i]) {
			require.FailNowf(t, "an earlier result overwritten",
				"the result of Apply(a) changed when Apply(b) ran: element %d was %v and became %v. Each call "+
					"must return a slice of its own (out := make([]float64, len(xs)) in every call), not a buffer "+
					"kept between calls: a caller keeps the results it was given.", i, kept[i], first[i])
		}
	}
}

// TestApplyWindow calls Apply on a window in the middle of a larger array
// and checks that the elements on either side are neither read into the
// result nor overwritten: use len(xs), never cap(xs).
func TestApplyWindow(t *testing.T) {
	const pad = 16
	backing := inputs(pad+5000+pad, 9)
	before := append([]float64{}, backing...)
	xs := backing[pad : pad+5000]
	got := apply(t, "Apply(window of a larger slice)", xs)
	requireMatchesReference(t, "Apply(window of a larger slice)", xs, got)
	for i := range backing {
		if !sameBits(backing[i], before[i]) {
			require.FailNowf(t, "memory outside the input overwritten",
				"Apply(xs) changed element %d of the array xs is a window of (the window is %d to %d): "+
					"Apply must read only xs[0:len(xs)] and write only its own output.",
				i, pad, pad+len(xs))
		}
	}
}
