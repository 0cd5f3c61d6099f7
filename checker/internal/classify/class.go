package classify

// Class is a failure class, in the order of precedence DESIGN.md fixes.
type Class string

// The failure classes. None means the run passed.
const (
	None      Class = "none"
	Build     Class = "build"
	Timeout   Class = "timeout"
	Deadlock  Class = "deadlock"
	Race      Class = "race"
	Leak      Class = "leak"
	Fatal     Class = "fatal"
	Panic     Class = "panic"
	Crash     Class = "crash"
	Assertion Class = "assertion"
	// Timing is a timing check over its budget (or a failed timing test):
	// set by scoring, never by Classify.
	Timing   Class = "timing"
	Tampered Class = "tampered"
	// Forbidden: the learner-code screen found a construct the kata
	// forbids (or, in strict modes, a file beyond the edit files).
	Forbidden Class = "forbidden"
)

// Stops reports whether the class ends the test binary before its tests
// are done, so later checks of the same run cannot be trusted.
func (c Class) Stops() bool {
	switch c {
	case Build, Timeout, Deadlock, Fatal, Panic, Crash:
		return true
	}
	return false
}
