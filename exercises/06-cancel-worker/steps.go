package cancelworker

// This file is support code: Run uses it, you do not need to change it.

import "time"

// Item is one reading the job produced.
type Item struct {
	// N numbers the items in the order they are made: 0, 1, 2, ...
	N int
	// Value is the reading itself, between 1 and 100.
	Value int
	// Made is when the item was finished.
	Made time.Time
}

// StepTime is how long the job waits before item n is ready: between
// 0.5 s and 1.5 s, like the course's generate_data, which slept
// random.random() + 0.5 seconds per item. It is not random here, so that
// the tests know when each item is due.
func StepTime(n int) time.Duration {
	return 500*time.Millisecond + time.Duration(n*7717%1000)*time.Millisecond
}

// Make finishes item n, now: call it once the wait of StepTime(n) is
// over. It takes no time.
func Make(n int) Item {
	return Item{N: n, Value: 1 + (n*7919+n*n*31)%100, Made: time.Now()}
}
