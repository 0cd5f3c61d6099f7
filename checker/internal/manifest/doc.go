// Package manifest reads kata.toml, the one ordered list of chapters and
// exercises, and resolves what a learner types (03, 3, crawler) to an
// exercise. Every path the checker uses is derived here from an exercise's
// id and slug; nothing else stores them.
package manifest
