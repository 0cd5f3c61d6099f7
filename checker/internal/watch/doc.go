// Package watch is kata watch's loop: grade the current exercise, re-grade
// it after every save (debounced), redraw a short report, and answer the
// learner's keys (next, hint, list, check all, reset, quit).
//
// The loop only sees channels of changes and keys and the functions its
// Config gives it, so it is tested in virtual time; the command line wires
// it to fsnotify, the terminal and the grader.
package watch
