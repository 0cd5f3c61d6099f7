// Command kata grades the Async Kata for Go exercises.
//
// It only wires: the command line lives in internal/cli.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"

	"github.com/asynckata/kata/checker/internal/cli"
	"github.com/asynckata/kata/checker/internal/runner"
)

func main() {
	if runner.IsWatchdog() {
		// This process is a checker's watchdog (see runner.UseWatchdog).
		os.Exit(runner.WatchdogMain())
	}
	runner.UseWatchdog()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	go func() {
		// The first Ctrl-C ends the runs and removes their folders; a
		// second one ends the checker at once (the watchdog cleans up).
		<-ctx.Done()
		stop()
	}()
	dir, _ := os.Getwd()
	code := cli.Main(ctx, os.Args[1:], cli.Env{
		Stdout:        os.Stdout,
		Stderr:        os.Stderr,
		Stdin:         os.Stdin,
		StdinTerminal: isTerminal(os.Stdin),
		Dir:           dir,
		Getenv:        os.Getenv,
		Terminal:      isTerminal(os.Stdout),
	})
	stop()
	os.Exit(code)
}

func isTerminal(f *os.File) bool {
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}
