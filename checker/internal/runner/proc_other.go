//go:build !linux

package runner

import "syscall"

// groupProcs cannot list a group's processes without /proc: leftover
// processes are still killed, just not reported.
func groupProcs(int) map[int]string { return nil }

// quit sends SIGQUIT to the whole group where /proc is not available; the
// dump then comes mixed with test2json's own, which is still readable.
func quit(pgid int, _ string) { _ = syscall.Kill(-pgid, syscall.SIGQUIT) }
