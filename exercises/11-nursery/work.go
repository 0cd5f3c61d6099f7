package nursery

// This file is support code: Run uses it, you do not need to change it.

import (
	"context"
	"time"
)

// The shape of the course's trio demo: two producers of twenty items each,
// one consumer of forty, and a queue of ten between them.
const (
	// Producers is how many producers Run starts.
	Producers = 2
	// ItemsEach is how many items each producer makes, numbered 1 to
	// ItemsEach.
	ItemsEach = 20
	// QueueSize is the capacity of the queue between the producers and the
	// consumer (the course's trio.Queue(capacity=10)).
	QueueSize = 10
)

// Item is one piece of data a producer makes and the consumer processes.
type Item struct {
	// Producer is the producer that made it, 0 to Producers-1.
	Producer int
	// Index is its number within that producer's items, 1 to ItemsEach.
	Index int
	// Value is the data itself: Index*Index, as in the course.
	Value int
	// Made is when it was made.
	Made time.Time
}

// Work is what the producers and the consumer do. The tests supply it: a
// fake that takes the course's times, can be told to fail, and watches
// who is still running.
type Work interface {
	// Make makes item i of producer p and returns it, at once or after a
	// moment. It fails with ctx.Err() when ctx is already done, and with
	// an error of its own when the producer breaks. When ctx is cancelled
	// while it works, Make cleans up, which takes a few milliseconds, and
	// then returns ctx.Err(): the caller must wait for it like any other
	// call.
	Make(ctx context.Context, p, i int) (Item, error)
	// Rest says how long producer p rests after making item i before it
	// makes the next (the course: between 0.5 and 1.5 s). A producer does
	// not rest after its last item. Rest does not wait: the producer does.
	Rest(p, i int) time.Duration
	// Process processes one item, which takes a while (the course: 0.5 s),
	// and returns an error for an item it cannot process. When ctx is
	// cancelled first, Process puts the item back, which takes a few
	// milliseconds, and then returns ctx.Err(): the caller must wait for
	// it like any other call.
	Process(ctx context.Context, it Item) error
}
