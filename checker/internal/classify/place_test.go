package classify

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestRacePlaces(t *testing.T) {
	report := strings.Split(`==================
WARNING: DATA RACE
Read at 0x00c0000202d8 by goroutine 14:
  example.com/kata/exercises/07-race-bank.(*Bank).Transfer()
      /repo/exercises/07-race-bank/bank.go:32 +0x84
  example.com/kata/exercises/07-race-bank.runWorkers.func1()
      /repo/exercises/07-race-bank/bank_test.go:56 +0x1a4

Previous write at 0x00c0000202d8 by goroutine 18:
  example.com/kata/exercises/07-race-bank.(*Bank).Transfer()
      /repo/exercises/07-race-bank/bank.go:39 +0x1f0
  example.com/kata/exercises/07-race-bank.runWorkers.func1()
      /repo/exercises/07-race-bank/bank_test.go:56 +0x1a4

Goroutine 14 (running) created at:
  example.com/kata/exercises/07-race-bank.runWorkers()
      /repo/exercises/07-race-bank/bank_test.go:48 +0x1d2
==================
==================
WARNING: DATA RACE
Write at 0x00c0000202e0 by goroutine 15:
  example.com/kata/exercises/07-race-bank.(*Bank).Deposit()
      /repo/exercises/07-race-bank/bank.go:60 +0x84
==================`, "\n")
	assert.Equal(t, []Place{
		{File: "bank.go", Line: 32, Note: "data race: this read in (*Bank).Transfer races with a write at bank.go:39 in (*Bank).Transfer, with no lock or channel between them"},
		{File: "bank.go", Line: 39, Note: "data race: this write in (*Bank).Transfer races with a read at bank.go:32 in (*Bank).Transfer, with no lock or channel between them"},
	}, racePlaces(report, bankPkg), "the first report's two accesses, in the learner's file, not the test's")

	// A race whose accesses are both in the tests names no learner line.
	inTests := strings.ReplaceAll(strings.Join(report[:16], "\n"), "/bank.go:", "/bank_test.go:")
	assert.Empty(t, racePlaces(strings.Split(inTests, "\n"), bankPkg))
}

func TestStuckAndLeakPlaces(t *testing.T) {
	stuck := []Stuck{
		{ID: "8", State: "sync.Mutex.Lock", Waits: "a sync.Mutex (Lock)", Where: "bank.go:42", Func: "(*Bank).Transfer", Started: "bank_test.go:44 (runPair)"},
		{ID: "9", State: "chan send", Waits: "a channel send", Where: "bank_test.go:60", Func: "worker", InTest: true},
		{ID: "10", State: "sleep", Where: "pipeline.go:40", Func: "Run.func1", Started: "pipeline.go:35 (Run)"},
	}
	assert.Equal(t, []Place{
		{File: "bank.go", Line: 42, Note: "deadlock: goroutine 8 waits here on a sync.Mutex (Lock), in (*Bank).Transfer, forever"},
		{File: "pipeline.go", Line: 40, Note: "deadlock: goroutine 10 waits here on , in Run.func1, forever"},
	}, stuckPlaces(stuck), "test files are not the learner's lines")
	assert.Equal(t, []Place{
		{File: "bank.go", Line: 42, Note: "goroutine leak: a goroutine was still running here (sync.Mutex.Lock), in (*Bank).Transfer"},
		{File: "pipeline.go", Line: 35, Note: "goroutine leak: the goroutine started here was still running (sleep at pipeline.go:40)"},
	}, leakPlaces(stuck), "where it was started, when the learner's code started it")
}

func TestBuildPlaces(t *testing.T) {
	assert.Equal(t, []Place{
		{File: "exercises/07-race-bank/bank.go", Line: 48, Note: `fmt.Sprintf format %d has arg "x" of wrong type string`},
		{File: "exercises/07-race-bank/bank.go", Line: 3, Note: "undefined: x"},
	}, BuildPlaces([]string{
		"# github.com/asynckata/kata/exercises/07-race-bank",
		`exercises/07-race-bank/bank.go:48:19: fmt.Sprintf format %d has arg "x" of wrong type string`,
		"vet: ./exercises/07-race-bank/bank.go:3:2: undefined: x",
		"exercises/07-race-bank/bank_test.go:7:2: undefined: Sub",
		"FAIL	github.com/asynckata/kata/exercises/07-race-bank [build failed]",
	}))
}
