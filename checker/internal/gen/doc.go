// Package gen writes the parts of the repository that are derived from
// kata.toml and the exercises, and tells whether a committed copy has gone
// stale, so that verify can fail on it: the exercise table in README.md,
// the protected files' digests (checker/protected.sum), the classroom
// files (GitHub Classroom's workflow and legacy test list, and Classroom
// 50's declarative tests and autograder), and the "Done means" table of
// each exercise's README, from its contract.toml.
package gen
