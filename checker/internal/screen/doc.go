// Package screen reads a learner's source files before anything is built
// and refuses what no solution of the exercise needs. It is an allow-list:
//
//   - Imports: the common set (Common, and golang.org/x/sync) plus what
//     the exercise's kata.toml allow names. Everything else is refused,
//     testing, reflect and the kata's own packages whatever allow says.
//   - Names: a package that can end or change the process offers an
//     allow-list of names (os, os/exec, runtime, unsafe, net/http), with
//     rules where a name is safe only one way: runtime.GOMAXPROCS(0),
//     os.Args[0] read, exec.Command of the test binary itself with
//     constant -test.run arguments, an os.Process only for its Pid.
//   - Protected code: the learner's Go is type-checked (go/types, no go
//     command, every import an empty package but stubs of os and
//     os/exec) with the package's protected files; a name of the support
//     code is usable only when exported (or listed in kata.toml api), a
//     name of a test file never, and support variables never change.
//   - Directives: no //go: directive, build constraint, //line, //export,
//     init function, package-level call of the package's own code, or
//     "kata:" in a literal, comment or constant.
//   - C, read as the compiler reads it (trigraphs refused, backslash-
//     newlines joined, comments removed, digraphs mapped): only #include
//     of allowed headers, #define of constants and #undef; every name
//     declared by the learner's C, the API (kata.toml api, "C.name") or a
//     few libc memory functions; every call to a function with a body.
//
// Learner code runs inside the test binary, so anything it does there is
// invisible to the tests; the screen makes those constructs visible
// before anything runs. It proves what the files contain, not what they
// do: it is a fence, not a proof of honesty.
package screen
