// Package report writes graded results in the checker's output formats,
// one file per format behind the one-method Format interface: text for
// people, json (version 1) for machines.
package report
