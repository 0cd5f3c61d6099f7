// Package state keeps what the checker remembers between runs (how many
// hints each exercise has shown, the last result of each) in one JSON file
// under the git-ignored .kata/ folder. It never touches exercises/ or
// solutions/.
package state
