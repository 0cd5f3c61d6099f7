package supervisor_test

import (
	"fmt"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/asynckata/kata/internal/katatest"

	supervisor "github.com/asynckata/kata/exercises/18-supervisor"
)

// parentEnv marks the test process in its children's environment, so a child
// started without WorkerEnv=1 stops at once instead of running every test
// again (and starting pools of its own, and so on).
const parentEnv = "SUPERVISOR_TEST_PARENT"

func TestMain(m *testing.M) {
	// A worker process: serve jobs, never run the tests.
	if os.Getenv(supervisor.WorkerEnv) == "1" {
		os.Exit(supervisor.ServeWorker(os.Stdin, os.Stdout))
	}
	if parent := os.Getenv(parentEnv); parent != "" {
		fmt.Fprintf(os.Stderr, "supervisor: process %d was started by the test process %s without %s=1 "+
			"in its environment, so it refuses to run the tests a second time. Start each worker with "+
			"cmd.Env = append(os.Environ(), supervisor.WorkerEnv+\"=1\").\n", os.Getpid(), parent, supervisor.WorkerEnv)
		os.Exit(2)
	}
	os.Setenv(parentEnv, strconv.Itoa(os.Getpid()))
	// Under -race every process sleeps 1 s when it exits unless told not to;
	// workers inherit this through os.Environ().
	if g := os.Getenv("GORACE"); !strings.Contains(g, "atexit_sleep_ms") {
		os.Setenv("GORACE", strings.TrimSpace(g+" atexit_sleep_ms=0"))
	}
	katatest.Main(m)
}
