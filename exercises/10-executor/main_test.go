package executor

import (
	"fmt"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/asynckata/kata/internal/katatest"
)

// testParentEnv marks the test process in its children's environment, so a child
// started without WorkerEnv=1 stops at once instead of running every test
// again.
const testParentEnv = "EXECUTOR_TEST_PARENT"

// TestMain serves jobs when the binary runs as a worker process; otherwise
// it runs the tests, then fails the run if any goroutine is left running.
func TestMain(m *testing.M) {
	if os.Getenv(WorkerEnv) == "1" {
		os.Exit(ServeWorker(os.Stdin, os.Stdout))
	}
	if parent := os.Getenv(testParentEnv); parent != "" {
		fmt.Fprintf(os.Stderr, "executor: process %d was started by the test process %s without %s=1; "+
			"start workers with StartWorker.\n", os.Getpid(), parent, WorkerEnv)
		os.Exit(2)
	}
	os.Setenv(testParentEnv, strconv.Itoa(os.Getpid()))
	// Under -race every process sleeps 1 s when it exits unless told not to;
	// workers inherit this.
	if g := os.Getenv("GORACE"); !strings.Contains(g, "atexit_sleep_ms") {
		os.Setenv("GORACE", strings.TrimSpace(g+" atexit_sleep_ms=0"))
	}
	katatest.Main(m)
}
