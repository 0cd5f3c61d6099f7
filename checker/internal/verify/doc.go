// Package verify proves the kata's invariants: the manifest matches the
// folders, every hints file has hints, every untouched starter scores 0
// and fails its objective check, every reference solution scores full
// marks, and every wrong solution is rejected by the check the manifest
// names for it. With Repeat above 1 it grades everything that many times
// and fails on any grade that changes between runs.
//
// It also proves each exercise's contract.toml: the file exists, every
// test a promise names is a protected top-level test ("TestMain" for the
// end-of-run goroutine check), every protected test is named by some
// promise, every broken_by is a wrong solution of kata.toml, and each
// such wrong solution, graded, fails at least one of the promise's tests.
// A wrong solution whose kata.toml check is not timing has no timing run
// once it fails its check, so only a timing wrong solution proves a
// promise checked by TestTiming* tests alone.
package verify
