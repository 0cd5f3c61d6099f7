// Package contract reads an exercise's contract.toml: what "done" means
// for the exercise, promise by promise. Each promise is a sentence a
// learner can check, the check that fails when it is broken, the
// protected top-level tests that fail without it ("TestMain" names the
// end-of-run goroutine check of katatest.Main), and the wrong solutions
// that break it. make generate writes the README's "Done means" table
// from it (package gen); verify proves it (package verify).
package contract
