// Package grader grades one package the way DESIGN.md says: build it (with
// and without the race detector), run its functional tests under -race,
// run its TestTiming* tests alone without -race, classify what each run
// printed and score the lot. Solutions are laid over the starter with
// go test -overlay, so nothing is ever written under exercises/ or
// solutions/; binaries and overlay files live in a temporary folder that
// is removed afterwards.
package grader
