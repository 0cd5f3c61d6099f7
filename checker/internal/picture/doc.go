// Package picture turns an execution trace into a picture a learner can
// read without learning the trace viewer: one lane per goroutine that ran
// the exercise's code, coloured by what it was doing over time (running,
// ready, waiting on I/O, blocked, sleeping), as one SVG file.
//
// Traces are read with golang.org/x/exp/trace, the maintained parser.
package picture
