package katatest

import (
	"fmt"
	"io"
	"os"
	"runtime"
	"strings"
	"testing"
	"time"
)

// HungMarker starts the line Hung prints; the stacks of every goroutine
// follow it, so the checker can say where the exercise's goroutines wait.
const HungMarker = "kata:hung "

// Hung fails t at once because call (as the learner would write it, e.g.
// "Transfer(1, 1, 30)") did not return within waited. Call it from the
// test's goroutine where a test gives up waiting for a call that should
// have returned long before. advice says what to try.
//
// Hung prints HungMarker and a dump of every goroutine: when the
// exercise's goroutines all wait where no timer can end the wait (a lock,
// a WaitGroup, a channel send) the checker grades the run `deadlock` and
// names where each waits, rather than calling it a failed assertion; when
// one of them still runs, sleeps, or waits in a select or a receive, the
// code may only be slow, and the test's own message stands.
func Hung(t testing.TB, call string, waited time.Duration, advice string) {
	t.Helper()
	within := waitedText(waited)
	hung(os.Stdout, t.Name(), call, within)
	t.Fatalf("%s did not return within %s. %s", call, within, advice)
}

// waitedText is "2s", or inside a synctest bubble "2h0m0s of virtual
// time": there the clock jumps ahead whenever every goroutine waits, so a
// limit of hours takes no real time, and a learner should not read it as
// real time.
func waitedText(waited time.Duration) string {
	buf := make([]byte, 512)
	header, _, _ := strings.Cut(string(buf[:runtime.Stack(buf, false)]), "\n")
	if strings.Contains(header, "synctest bubble") {
		return waited.String() + " of virtual time"
	}
	return waited.String()
}

func hung(out io.Writer, test, call, waited string) {
	var b strings.Builder
	fmt.Fprintf(&b, "%s%s: %s did not return within %s; every goroutine:\n\n", HungMarker, test, call, waited)
	writeBlocks(&b, allGoroutines(), func(block) bool { return true })
	_, _ = io.WriteString(out, b.String())
}

// writeBlocks writes the blocks keep accepts in the runtime's dump form,
// for the checker's classify.ParseDump.
func writeBlocks(b *strings.Builder, bs []block, keep func(block) bool) {
	for _, g := range bs {
		if keep(g) {
			b.WriteString(g.header + "\n" + g.body + "\n\n")
		}
	}
}
