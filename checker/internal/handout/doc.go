// Package handout writes the student copy of the kata: the repository a
// teacher turns into an assignment's template. It holds everything a
// learner needs to run `make check EX=03` (the exercises, their hints, the
// checker, the classroom workflow) and nothing that gives an answer away:
// no solutions/, no git history. The kata's own CI and build litter stay
// behind too. A marker file at the root tells the checker it is in a
// student copy, where verify has no solutions to verify.
package handout
