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
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
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
