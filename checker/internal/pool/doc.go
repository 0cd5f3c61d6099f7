// Package pool runs a bounded number of tasks at once and hands their
// results back in the order the tasks were given, so a report graded in
// parallel reads the same as one graded in turn.
package pool
