package runner

import (
	"bytes"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"
)

var osPid = os.Getpid()

// prSetChildSubreaper is prctl's PR_SET_CHILD_SUBREAPER.
const prSetChildSubreaper = 36

var subreaper sync.Once

// enableSubreaper makes this process a child subreaper, once. It is a
// process-wide attribute, inherited by no child.
func enableSubreaper() {
	subreaper.Do(func() {
		_, _, _ = syscall.RawSyscall(syscall.SYS_PRCTL, prSetChildSubreaper, 1, 0)
	})
}

// adopted lists this process's children that it did not start itself:
// orphans re-parented to it as subreaper. Zombies among them are reaped
// and left out.
func adopted() []int {
	entries, err := os.ReadDir("/proc")
	if err != nil {
		return nil
	}
	var out []int
	for _, e := range entries {
		pid, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		stat, err := os.ReadFile(filepath.Join("/proc", e.Name(), "stat"))
		if err != nil {
			continue
		}
		i := bytes.LastIndexByte(stat, ')')
		if i < 0 {
			continue
		}
		f := strings.Fields(string(stat[i+1:]))
		if len(f) < 2 || f[1] != strconv.Itoa(osPid) {
			continue
		}
		if own[pid] {
			continue
		}
		if f[0] == "Z" {
			reap(pid, false)
			continue
		}
		out = append(out, pid)
	}
	return out
}

// reap collects an adopted child's exit status, waiting up to a second
// when block is set (after a SIGKILL).
func reap(pid int, block bool) {
	deadline := time.Now().Add(time.Second)
	for {
		var ws syscall.WaitStatus
		got, err := syscall.Wait4(pid, &ws, syscall.WNOHANG, nil)
		if got == pid || err != nil || !block || time.Now().After(deadline) {
			return
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// runOf reads a process's RunEnv from its environment ("" if unset or
// unreadable).
func runOf(pid int) string {
	b, err := os.ReadFile(filepath.Join("/proc", strconv.Itoa(pid), "environ"))
	if err != nil {
		return ""
	}
	for _, kv := range bytes.Split(b, []byte{0}) {
		if v, ok := bytes.CutPrefix(kv, []byte(RunEnv+"=")); ok {
			return string(v)
		}
	}
	return ""
}

func cmdlineOf(pid int) string {
	b, err := os.ReadFile(filepath.Join("/proc", strconv.Itoa(pid), "cmdline"))
	if err != nil {
		return "?"
	}
	return strings.TrimSpace(strings.ReplaceAll(string(b), "\x00", " "))
}

// sweep kills and reaps the orphans of run id, those of finished runs and
// those no run can be found for, until none is left (a killed orphan's own
// children are adopted in turn), and returns them. An orphan of another
// live run is left to that run's sweep. With id "", only zombies are
// reaped.
func sweep(id string) []orphan {
	var out []orphan
	seen := map[int]bool{}
	for round := 0; round < 50; round++ {
		ownMu.Lock()
		pids := adopted()
		var take []int
		if id != "" {
			for _, pid := range pids {
				r := runOf(pid)
				if r == id || r == "" || !runs[r] {
					take = append(take, pid)
				}
			}
		}
		ownMu.Unlock()
		if len(take) == 0 {
			return out
		}
		for _, pid := range take {
			if !seen[pid] {
				seen[pid] = true
				out = append(out, orphan{pid: pid, cmdline: cmdlineOf(pid)})
			}
			_ = syscall.Kill(pid, syscall.SIGKILL)
		}
		for _, pid := range take {
			reap(pid, true)
		}
		time.Sleep(10 * time.Millisecond)
	}
	return out
}

// killMarked kills, in rounds until none is left, every process but this
// one whose RunEnv starts with prefix (the watchdog's last sweep: the
// processes of a dead checker's runs that left their groups), and returns
// how many it killed. A zombie's environment reads empty, so the dead are
// not counted twice.
func killMarked(prefix string) int {
	killed := map[int]bool{}
	self := os.Getpid()
	for round := 0; round < 40; round++ {
		entries, err := os.ReadDir("/proc")
		if err != nil {
			break
		}
		found := false
		for _, e := range entries {
			pid, err := strconv.Atoi(e.Name())
			if err != nil || pid == self {
				continue
			}
			if run := runOf(pid); run != "" && strings.HasPrefix(run, prefix) {
				_ = syscall.Kill(pid, syscall.SIGKILL)
				killed[pid], found = true, true
			}
		}
		if !found {
			break
		}
		time.Sleep(25 * time.Millisecond)
	}
	return len(killed)
}
