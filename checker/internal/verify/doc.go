// Package verify proves the kata's invariants: the manifest matches the
// folders, every hints file has hints, every untouched starter scores 0
// and fails its objective check, every reference solution scores full
// marks, and every wrong solution is rejected by the check the manifest
// names for it. With Repeat above 1 it grades everything that many times
// and fails on any grade that changes between runs.
package verify
