// Package report writes graded results in the checker's output formats,
// one file per format behind the one-method Format interface: text for
// people, json (version 1) for machines, classroom for GitHub Classroom's
// grading reporter and classroom50 for Classroom 50's result.json. The
// classroom formats also write the text report to a log, fenced so that
// the learner's output it quotes cannot issue GitHub Actions workflow
// commands.
package report
