// Package pipeline runs the course's producers and consumer: producers make
// items at their own pace, one consumer processes them, and the question is
// how long each item waits between the two.
package pipeline

// Run has each of producers producers make perProducer items, and one
// consumer process every item made.
//
//   - produce(p) makes producer p's next item (p from 0 to producers-1). It
//     takes a while: that is the producer's pace. A producer makes its
//     items one after the other, so call it perProducer times for each p,
//     never twice at once for the same p.
//   - consume(item) processes one item, and takes a while too. There is
//     one consumer: never call consume while another call is running. If
//     consume returns an error, the consumer stops there: Run calls it no
//     more, stops the producers and returns that error.
//
// Run returns nil once every item has been consumed. Whether it finishes or
// stops early, no goroutine it started is left when it returns.
//
// This version makes every item first and consumes them all after, so the
// first items wait for the whole production run before the consumer even
// looks at them.
func Run(producers, perProducer int, produce func(producer int) Item, consume func(Item) error) error {
	var made []Item
	for p := range producers {
		for range perProducer {
			made = append(made, produce(p))
		}
	}
	for _, item := range made {
		if err := consume(item); err != nil {
			return err
		}
	}
	return nil
}
