// Package gen writes the parts of the repository that are derived from
// kata.toml (for now, the exercise table in README.md) and tells whether a
// committed copy has gone stale.
package gen
