// Package cli is the checker's command line: it parses arguments, wires
// the manifest, grader, report formats and state together, and turns the
// outcome into an exit code (0 pass, 1 fail, 2 usage or setup error).
package cli
