// Package score decides an exercise's five checks, its failure class and
// its score from the facts of its runs. It is pure: no I/O, no clock, and
// every rule has a row in its table test.
package score
