// Package hints reads an exercise's hints file: Markdown with one
// "## Hint N" section per hint, from a nudge to nearly the answer.
package hints
