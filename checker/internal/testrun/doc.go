// Package testrun reads the event stream of one test binary run (the
// output of test2json, as `go test -json` prints it) into a typed Run:
// the tests with their outcome and output, and the package's whole output
// in order, kept to a bounded size.
//
// Parsing goes through gotestsum's testjson. The stream may hold non-JSON
// lines and arbitrarily long ones; neither stops the parse.
package testrun
