// Package screen reads a learner's source files (go/ast for Go, a token
// scan for C) and lists what no solution of the kata needs and a cheat
// does: init functions, os.Exit, system calls, os.Args, flags, unsafe,
// //go: directives, build constraints, runtime.GOMAXPROCS, runtime/debug,
// os/exec, file writes, the kata's own packages, and the string "kata:".
//
// Learner code runs inside the test binary, so anything it does there is
// invisible to the tests; the screen makes those constructs visible
// before anything runs. It proves what the files contain, not what they
// do: it is a fence, not a proof of honesty.
package screen
