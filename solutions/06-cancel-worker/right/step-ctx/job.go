package cancelworker

import "context"

// Run waits each step on a child context with a timeout.
func Run(ctx context.Context, n int) ([]Item, error) {
	var items []Item
	for i := range n {
		if err := ctx.Err(); err != nil {
			return items, err
		}
		step, cancel := context.WithTimeout(ctx, StepTime(i))
		<-step.Done()
		cancel()
		if err := ctx.Err(); err != nil {
			return items, err
		}
		items = append(items, Make(i))
	}
	return items, nil
}
