// Command demo runs the job of exercise 06 for real, as the course's
// program did: 20 readings, 0.5 s to 1.5 s each, until you press Enter.
//
//	go run ./exercises/06-cancel-worker/demo
//
// With the starter, Enter changes nothing: the job runs to its end. With
// a cancellable Run, it stops the moment you press it.
package main

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"time"

	cancelworker "github.com/asynckata/kata/exercises/06-cancel-worker"
)

func main() {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()

	pressed := make(chan time.Time, 1)
	go func() {
		// Left waiting on stdin if the job ends first: the program exits
		// anyway, which is fine for a program, not for a library.
		_, _ = bufio.NewReader(os.Stdin).ReadString('\n')
		pressed <- time.Now()
		cancel()
	}()

	fmt.Println("Making 20 readings (about 20 s). Press Enter to cancel...")
	start := time.Now()
	items, err := cancelworker.Run(ctx, 20)
	end := time.Now()

	for _, it := range items {
		fmt.Printf("  reading %2d: %3d, made at %v\n", it.N, it.Value, it.Made.Sub(start).Round(time.Millisecond))
	}
	fmt.Printf("%d readings in %v", len(items), end.Sub(start).Round(time.Millisecond))
	select {
	case at := <-pressed:
		fmt.Printf("; Run returned %v after you pressed Enter (error: %v)\n", end.Sub(at).Round(time.Microsecond), err)
	default:
		fmt.Printf(" (error: %v)\n", err)
	}
}
