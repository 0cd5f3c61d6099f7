// Package mutate changes a reference solution the ways concurrency code
// goes wrong, one small change at a time, and grades each change (a
// mutant) with the grader: a mutant no check rejects shows a promise the
// tests do not hold the code to.
//
// The operators work on the source with go/ast and splice text, so the
// rest of a file, comments included, stays as written, and go/format
// prints the result. Each mutant has an id that survives unrelated edits:
// operator/file/function/index, the index counting that operator's sites
// within the function. Mutants that depend on scheduling (locks,
// channels, waits, contexts, goroutines, bounds) count as killed only
// when every one of Repeat gradings rejects them; deterministic ones
// (boundaries and arithmetic) are graded once. A mutant that does not
// compile is "not a program", counted apart. Mutants listed in
// solutions/NN-slug/mutants.toml as equivalent are not graded; the list
// fails when an entry matches no mutant, or when more than one mutant in
// ten is on it.
package mutate
