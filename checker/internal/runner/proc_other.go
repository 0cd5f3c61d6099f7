//go:build !linux

package runner

import (
	"os"
	"syscall"
)

// groupProcs cannot list a group's processes without /proc: leftover
// processes are still killed, just not reported.
func groupProcs(int) map[int]string { return nil }

// quit sends SIGQUIT to the whole group where /proc is not available: the
// test binary leads it, and what it started dies with it anyway.
func quit(pgid int, _ string) { _ = syscall.Kill(-pgid, syscall.SIGQUIT) }

var osPid = os.Getpid()

// enableSubreaper has no equivalent here: a process that leaves its group
// is not found.
func enableSubreaper() {}

// sweep finds no orphans without a subreaper.
func sweep(string) []orphan { return nil }

// killMarked cannot find processes by their environment without /proc.
func killMarked(string) int { return 0 }

// dieWithChecker has no equivalent here: the watchdog kills the groups.
func dieWithChecker(*syscall.SysProcAttr) {}
