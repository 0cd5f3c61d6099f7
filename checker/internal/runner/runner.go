package runner

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/asynckata/kata/checker/internal/testrun"
)

// Runner builds and runs test binaries for packages of one module.
type Runner struct {
	// Root is the module root the go command runs in.
	Root string
	// Env is the environment of the go command and of git: the
	// checker's own, GORACE included. Test binaries get one of their own
	// (see testEnv).
	Env   []string
	goBin string
	// tool is what `go env` says, asked once in the background from New.
	tool func() (toolchain, error)
}

// QuitGrace is how long a test binary gets to print its goroutine dump
// after SIGQUIT before its process group is killed.
const QuitGrace = 2 * time.Second

// New finds the go command.
func New(ctx context.Context, root string) (*Runner, error) {
	goBin, err := exec.LookPath("go")
	if err != nil {
		return nil, errors.New("the go command is not on PATH: install Go 1.26 (https://go.dev/dl) and open a new terminal")
	}
	env := append(os.Environ(), "GORACE=atexit_sleep_ms=0", "GOWORK=off")
	r := &Runner{Root: root, Env: env, goBin: goBin}
	r.tool = inBackground(func() (toolchain, error) { return r.askToolchain(ctx) })
	return r, nil
}

// inBackground starts f at once and returns a function that waits for
// its result, as often as it is called.
func inBackground[T any](f func() (T, error)) func() (T, error) {
	done := make(chan struct{})
	var v T
	var err error
	go func() {
		defer close(done)
		v, err = f()
	}()
	return func() (T, error) {
		<-done
		return v, err
	}
}

// CgoError says why cgo (and so the race detector) cannot work here.
type CgoError struct{ Reason string }

func (e *CgoError) Error() string {
	return "the checker grades with the race detector, and the cgo exercises call C: both need cgo, but " + e.Reason + ".\n" +
		"When Go finds no C compiler it turns cgo off (CGO_ENABLED=0) instead of failing, so install one, open a new terminal and run the check again:\n" +
		"  Linux:   sudo apt-get install gcc   (Fedora: sudo dnf install gcc; Alpine: apk add build-base)\n" +
		"  macOS:   xcode-select --install    (the Xcode command line tools bring clang)\n" +
		"  Windows: work inside WSL (Ubuntu), then sudo apt-get install gcc there\n" +
		"If a compiler is installed, check that CGO_ENABLED is not set to 0 (go env CGO_ENABLED) and that go env CC names it."
}

// CheckCgo reports a *CgoError when cgo is off or its C compiler missing.
func (r *Runner) CheckCgo(context.Context) error {
	tc, err := r.tool()
	if err != nil {
		return err
	}
	if tc.cgoEnabled != "1" {
		return &CgoError{Reason: "CGO_ENABLED is 0"}
	}
	cc := strings.Fields(tc.cc)
	if len(cc) == 0 {
		return &CgoError{Reason: "go env CC is empty"}
	}
	if _, err := exec.LookPath(cc[0]); err != nil {
		return &CgoError{Reason: fmt.Sprintf("the C compiler %q is not installed", cc[0])}
	}
	return nil
}

func (r *Runner) output(ctx context.Context, args ...string) ([]byte, error) {
	return r.command(ctx, r.goBin, args...)
}

// BuildSpec says which test binary to build.
type BuildSpec struct {
	// Package is the package path relative to Root, e.g. ./exercises/03-crawler.
	Package string
	// Overlay is the path of a go -overlay file, or "".
	Overlay string
	// Race builds with the race detector.
	Race bool
	// Out is where the binary goes.
	Out string
	// Vet runs the full go vet in the build (go test -vet=all): every
	// analyzer, copylocks included, where go test alone runs a few. The go
	// command then vets each package as soon as it is compiled, which on a
	// cold cache costs far less than a go vet after the build.
	Vet bool
}

// BuildFailure is the compiler's or vet's complaint.
type BuildFailure struct {
	Output []string
	// Vet reports that go vet objected (the code compiles).
	Vet bool
}

func (e *BuildFailure) Error() string { return "build failed:\n" + strings.Join(e.Output, "\n") }

// maxBuildOutput bounds what a failing build reports.
const maxBuildOutput = 64 << 10

// Build compiles a test binary. A compile or vet error is a
// *BuildFailure; other errors mean the build could not run.
func (r *Runner) Build(ctx context.Context, spec BuildSpec) error {
	vet := "-vet=off"
	if spec.Vet {
		vet = "-vet=all"
	}
	// -ldflags=-w leaves out the DWARF tables, which nothing reads here
	// (tracebacks and race reports use the runtime's own): a tenth less
	// link time for each of the many binaries verify builds.
	out, err := r.goWithBuildFlags(ctx, spec, "test", "-c", vet, "-ldflags=-w", "-o", spec.Out)
	var exitErr *exec.ExitError
	switch {
	case err == nil:
		if _, statErr := os.Stat(spec.Out); statErr != nil {
			return &BuildFailure{Output: []string{"go test -c wrote no test binary: does the package have test files?"}}
		}
		return nil
	case ctx.Err() != nil:
		return fmt.Errorf("build %s: %w", spec.Package, ctx.Err())
	case errors.As(err, &exitErr):
		return &BuildFailure{Output: buildLines(out, r.Root), Vet: vetHeader(out)}
	}
	return fmt.Errorf("run go test -c: %w", err)
}

// goWithBuildFlags runs `go <verb...>` on spec's package with the flags
// every build of it shares:
// -mod=readonly (a vendor folder or a go.work a learner adds must not swap
// the modules the tests use; GOWORK=off is in Env), -race, -overlay. It
// returns the command's combined output, capped.
func (r *Runner) goWithBuildFlags(ctx context.Context, spec BuildSpec, verb ...string) (string, error) {
	args := append(verb, "-mod=readonly")
	if spec.Race {
		args = append(args, "-race")
	}
	if spec.Overlay != "" {
		args = append(args, "-overlay", spec.Overlay)
	}
	args = append(args, spec.Package)
	env, err := r.BuildEnv()
	if err != nil {
		return "", err
	}
	// The go command's work folders go beside the binary, into the
	// grading's temp folder, so a build that is killed leaves none in
	// the system's.
	work := filepath.Join(filepath.Dir(spec.Out), "gotmp")
	if err := os.MkdirAll(work, 0o700); err != nil {
		return "", fmt.Errorf("make the build's work folder: %w", err)
	}
	env = append(slices.Clip(env), "GOTMPDIR="+work)
	cmd := exec.Command(r.goBin, args...)
	cmd.Dir, cmd.Env = r.Root, env
	out := &capped{max: maxBuildOutput}
	cmd.Stdout, cmd.Stderr = out, out
	err = runGroup(ctx, cmd, nil, nil)
	return out.String(), err
}

// buildLines drops the go command's headers and makes paths relative.
func buildLines(s, root string) []string {
	var out []string
	for _, l := range strings.Split(strings.TrimSpace(s), "\n") {
		if strings.HasPrefix(l, "# ") || strings.TrimSpace(l) == "" {
			continue
		}
		l = strings.ReplaceAll(l, root+string(filepath.Separator), "")
		l = strings.TrimPrefix(l, "."+string(filepath.Separator))
		out = append(out, l)
	}
	return out
}

// TestSpec says how to run a built test binary.
type TestSpec struct {
	Binary string
	// Dir is the package's folder: go test runs binaries there.
	Dir        string
	ImportPath string
	// Run and Skip select tests by regular expression (-test.run, -test.skip).
	Run, Skip string
	// Trace, if set, is where the execution trace goes (-test.trace).
	Trace string
	// Timeout is the binary's own -test.timeout; the wall-clock Limit
	// should leave it a few seconds to print its dump.
	Timeout time.Duration
	Limit   time.Duration
	// Scratch is the folder under which the run gets a folder of its own
	// for HOME, TMPDIR, GOCACHE and the XDG folders, removed after the
	// run; "" means the binary's folder (the grading's temp folder).
	Scratch string
}

// Exit is how a test run ended.
type Exit struct {
	// Killed reports that the wall-clock limit ended the run.
	Killed bool
	// Code is the test binary's exit status (-1 if a signal ended it).
	Code int
	// Leftover lists the processes the tests started and left running
	// ("pid: command line"); they have been killed since.
	Leftover []string
}

// Test runs a test binary with -test.v=test2json and writes the events of
// its run to stdout, as `go tool test2json` would (see
// testrun.Converter). It returns when the binary has exited and every
// process it started has been killed.
func (r *Runner) Test(ctx context.Context, spec TestSpec, stdout io.Writer) (Exit, error) {
	args := []string{"-test.v=test2json", "-test.paniconexit0", "-test.count=1",
		"-test.timeout=" + spec.Timeout.String()}
	if spec.Run != "" {
		args = append(args, "-test.run="+spec.Run)
	}
	if spec.Skip != "" {
		args = append(args, "-test.skip="+spec.Skip)
	}
	if spec.Trace != "" {
		args = append(args, "-test.trace="+spec.Trace)
	}
	cmd := exec.Command(spec.Binary, args...)
	run := newRun()
	defer endRun(run)
	scratch := spec.Scratch
	if scratch == "" {
		scratch = filepath.Dir(spec.Binary)
	}
	scratch = filepath.Join(scratch, "run-"+run)
	defer os.RemoveAll(scratch)
	env, err := testEnv(os.Environ(), scratch, run)
	if err != nil {
		return Exit{}, err
	}
	cmd.Dir, cmd.Env = spec.Dir, env
	cmd.Stdin = nil

	// A pipe we own, so Wait returns when the binary exits even if a
	// grandchild still holds the write end; killing the group ends those.
	pr, pw, err := os.Pipe()
	if err != nil {
		return Exit{}, fmt.Errorf("make a pipe for the test output: %w", err)
	}
	cmd.Stdout, cmd.Stderr = pw, pw
	conv := testrun.NewConverter(stdout, spec.ImportPath)
	copied := make(chan error, 1)
	go func() {
		_, err := io.Copy(conv, pr)
		pr.Close()
		copied <- err
	}()

	limit, cancel := context.WithTimeout(ctx, spec.Limit)
	defer cancel()
	var killed bool
	var leftover map[int]string
	err = runGroup(limit, cmd, func(pgid int) bool {
		if ctx.Err() != nil {
			return false // cut short (Ctrl-C): no dump, kill at once
		}
		killed = true
		quit(pgid, spec.Binary)
		return true
	}, func(pgid int) { leftover = groupProcs(pgid) })
	if cmd.Process != nil {
		pgid := cmd.Process.Pid
		groupGone(pgid)
	}
	// Processes that left the group (Setsid, Setpgid) were adopted by the
	// runner as subreaper: they are leftovers of this run too.
	for _, o := range sweep(run) {
		if leftover == nil {
			leftover = map[int]string{}
		}
		if _, dup := leftover[o.pid]; !dup {
			leftover[o.pid] = o.cmdline + " (it had left the tests' process group)"
		}
	}
	pw.Close()
	cerr := <-copied
	conv.Exited(err)
	if cerr == nil {
		cerr = conv.Close()
	}
	exit := Exit{Killed: killed}
	for pid, cmdline := range leftover {
		exit.Leftover = append(exit.Leftover, fmt.Sprintf("%d: %s", pid, cmdline))
	}
	sort.Strings(exit.Leftover)
	if ctx.Err() != nil {
		return exit, fmt.Errorf("run %s: %w", filepath.Base(spec.Binary), ctx.Err())
	}
	var exitErr *exec.ExitError
	switch {
	case err == nil:
	case errors.As(err, &exitErr):
		exit.Code = exitErr.ExitCode()
	default:
		return exit, fmt.Errorf("run %s: %w", filepath.Base(spec.Binary), err)
	}
	if cerr != nil {
		return exit, fmt.Errorf("read the test output: %w", cerr)
	}
	return exit, nil
}

// runGroup starts cmd in a new process group and waits for it. When ctx
// ends first, onLimit (if any) runs, and if it reports true the group is
// killed after QuitGrace, else at once. Once cmd exits, beforeKill (if
// any) sees the group, and then the group is killed, so nothing it
// started outlives it. The watchdog knows the group while it lives.
func runGroup(ctx context.Context, cmd *exec.Cmd, onLimit func(pgid int) bool, beforeKill func(pgid int)) error {
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := start(cmd); err != nil {
		return err
	}
	pgid := cmd.Process.Pid
	watchGroup(pgid)
	defer unwatchGroup(pgid)
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		select {
		case <-done:
			return
		case <-ctx.Done():
		}
		if onLimit != nil && onLimit(pgid) {
			select {
			case <-done:
			case <-time.After(QuitGrace):
			}
		}
		_ = syscall.Kill(-pgid, syscall.SIGKILL)
	}()
	err := wait(cmd)
	close(done)
	wg.Wait()
	if beforeKill != nil {
		beforeKill(pgid)
	}
	_ = syscall.Kill(-pgid, syscall.SIGKILL)
	return err
}

// groupGone waits (up to a second) until no live process is left in
// process group pgid after its SIGKILL, so that the orphans it leaves
// have been re-parented to the runner by the time they are looked for.
func groupGone(pgid int) {
	deadline := time.Now().Add(time.Second)
	for len(groupProcs(pgid)) > 0 && time.Now().Before(deadline) {
		time.Sleep(5 * time.Millisecond)
	}
}

// capped keeps the first max bytes written to it.
type capped struct {
	mu  sync.Mutex
	buf bytes.Buffer
	max int
}

func (c *capped) Write(p []byte) (int, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if room := c.max - c.buf.Len(); room > 0 {
		c.buf.Write(p[:min(len(p), room)])
	}
	return len(p), nil
}

func (c *capped) String() string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.buf.String()
}
