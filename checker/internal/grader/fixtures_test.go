package grader_test

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gotest.tools/v3/golden"

	"github.com/asynckata/kata/checker/internal/classify"
	"github.com/asynckata/kata/checker/internal/expect"
	"github.com/asynckata/kata/checker/internal/grader"
	"github.com/asynckata/kata/checker/internal/manifest"
	"github.com/asynckata/kata/checker/internal/runner"
	"github.com/asynckata/kata/checker/internal/score"
)

const module = "github.com/asynckata/kata"

// fixture is a package under checker/testdata/fixtures whose grade is
// compared with checker/testdata/golden/<name>.json.
type fixture struct {
	name    string
	limit   time.Duration
	timing  bool
	failure classify.Class
	// leftover is a command line the fixture starts and leaves running:
	// no process with it may be left on the machine once Grade returns.
	leftover string
	// expect grades with the tests the fixture's _test.go files declare.
	expect bool
	// fast: a goroutine blocked for good must be classed within fastClass,
	// far inside the limit (the leak-profile watchdog or synctest, not the
	// timeout).
	fast bool
}

// fastClass bounds the test run (after the build) of a fixture that must
// not wait for its limit: the binary's start plus the watchdog's two polls.
const fastClass = 5 * time.Second

var fixtures = []fixture{
	{name: "pass", limit: 20 * time.Second, timing: true, failure: classify.None},
	{name: "builderror", limit: 20 * time.Second, failure: classify.Build},
	{name: "assertion", limit: 20 * time.Second, failure: classify.Assertion},
	{name: "panics", limit: 20 * time.Second, failure: classify.Panic},
	{name: "race", limit: 20 * time.Second, failure: classify.Race},
	{name: "leak", limit: 20 * time.Second, failure: classify.Leak},
	{name: "osexit", limit: 20 * time.Second, failure: classify.Crash},
	{name: "timing", limit: 20 * time.Second, timing: true, failure: classify.Timing},
	// After 11: a wrong error, the figure within budget: both shown.
	{name: "timingerror", limit: 20 * time.Second, timing: true, failure: classify.Timing},
	// After 13: a figure over budget whose note is what the fakes saw,
	// a line per call: shown line by line.
	{name: "timingnote", limit: 20 * time.Second, timing: true, failure: classify.Timing},
	{name: "deadlock", limit: 60 * time.Second, failure: classify.Deadlock, fast: true},
	{name: "selfdeadlock", limit: 60 * time.Second, failure: classify.Deadlock, fast: true},
	{name: "chandeadlock", limit: 60 * time.Second, failure: classify.Deadlock, fast: true},
	{name: "hung", limit: 60 * time.Second, failure: classify.Deadlock, fast: true},
	// After 16: the tests wait 30 s each for a call that deadlocked at
	// once; the watchdog grades it within seconds.
	{name: "hungchan", limit: 90 * time.Second, failure: classify.Deadlock, fast: true},
	{name: "hungslow", limit: 20 * time.Second, failure: classify.Assertion},
	{name: "bubbleleak", limit: 60 * time.Second, failure: classify.Leak, fast: true},
	// Run returns while its producers still run: found in the test, then
	// the bubble's panic ends the binary before the next test.
	{name: "leakinrun", limit: 60 * time.Second, failure: classify.Leak, fast: true, expect: true},
	{name: "bubbledeadlock", limit: 60 * time.Second, failure: classify.Deadlock, fast: true},
	// Never a deadlock: asleep for an hour (a timer will wake it).
	{name: "sleeper", limit: 6 * time.Second, failure: classify.Timeout},
	{name: "slow", limit: 6 * time.Second, failure: classify.Timeout},
	{name: "inithang", limit: 6 * time.Second, failure: classify.Timeout},
	{name: "buildtest", limit: 20 * time.Second, failure: classify.Build},
	{name: "panictest", limit: 20 * time.Second, failure: classify.Panic},
	{name: "exitzero", limit: 20 * time.Second, failure: classify.Panic},
	{name: "cgocrash", limit: 20 * time.Second, failure: classify.Fatal},
	{name: "spin", limit: 6 * time.Second, failure: classify.Timeout},
	{name: "mapwrites", limit: 20 * time.Second, failure: classify.Race},
	{name: "mapwritesfatal", limit: 6 * time.Second, timing: true, failure: classify.Fatal},
	{name: "leakserver", limit: 20 * time.Second, failure: classify.Leak},
	// goleak sees goroutines only: this row needs the runner to list the
	// processes the tests left behind (and kill them).
	{name: "leakchild", limit: 20 * time.Second, failure: classify.Leak, leftover: "sleep 317"},
	{name: "raceoutside", limit: 20 * time.Second, failure: classify.Race},
	{name: "flood", limit: 20 * time.Second, failure: classify.Assertion},
	// Multi-line messages, shown whole in the tests and timing checks.
	{name: "multiline", limit: 20 * time.Second, timing: true, failure: classify.Assertion},
	// Graded with the list of expected tests, as exercises are.
	{name: "initexit", limit: 20 * time.Second, failure: classify.Crash, expect: true},
	{name: "forgedtwice", limit: 20 * time.Second, failure: classify.Tampered, expect: true},
	{name: "fakemeasure", limit: 20 * time.Second, timing: true, failure: "timing", expect: true},
	{name: "leaksetsid", limit: 20 * time.Second, failure: classify.Leak, leftover: "sleep 318", expect: true},
}

// Bounds that hold for every fixture, the 50 MB output flood included.
const (
	// maxReport bounds the messages and details of one grade.
	maxReport = 20 << 10
	// maxSys bounds the memory this test process got from the OS.
	maxSys = 300 << 20
)

func root(t *testing.T) string {
	t.Helper()
	r, err := manifest.FindRoot(".")
	require.NoError(t, err)
	return r
}

// TestFixtures grades each fixture package for real and compares the
// normalised grade with its golden file. Run with -update to rewrite them.
func TestFixtures(t *testing.T) {
	if testing.Short() {
		t.Skip("grades real packages; skipped with -short")
	}
	ctx := context.Background()
	repo := root(t)
	r, err := runner.New(ctx, repo)
	require.NoError(t, err)
	g := &grader.Grader{Runner: r}
	for _, fx := range fixtures {
		t.Run(fx.name, func(t *testing.T) {
			applies := []string{manifest.CheckBuild, manifest.CheckTests, manifest.CheckRace, manifest.CheckLeak}
			if fx.timing {
				applies = append(applies, manifest.CheckTiming)
			}
			dir := filepath.Join("checker", "testdata", "fixtures", fx.name)
			var before map[int]bool
			if fx.leftover != "" {
				before = procsWith(fx.leftover)
			}
			job := grader.Job{
				Dir:        dir,
				ImportPath: module + "/" + filepath.ToSlash(dir),
				Applies:    applies,
				Points:     10,
				Limit:      fx.limit,
			}
			if fx.expect {
				files, err := filepath.Glob(filepath.Join(repo, dir, "*_test.go"))
				require.NoError(t, err)
				want, err := expect.Parse(files)
				require.NoError(t, err)
				job.Expect = &want
			}
			start := time.Now()
			rep, err := g.Grade(ctx, job)
			require.NoError(t, err)
			elapsed := time.Since(start)
			assert.Equal(t, fx.failure, rep.Grade.Failure, "failure class")
			// The limit bounds the test runs; a cold machine's first build
			// (the standard library with -race, about 40 s here) comes before.
			assert.Less(t, rep.Ran, fx.limit+10*time.Second, "the checker must return within the limit plus 10 s once the build is done")
			if fx.fast {
				assert.Less(t, rep.Ran, fastClass, "a goroutine blocked for good is found at once, not at the limit")
			}
			if fx.leftover != "" {
				// The runner's SIGKILL may take a moment to land on a busy
				// machine; a process still there after 2 s was left behind.
				left := func() []int {
					var pids []int
					for pid := range procsWith(fx.leftover) {
						if !before[pid] {
							pids = append(pids, pid)
						}
					}
					return pids
				}
				if !assert.Eventually(t, func() bool { return len(left()) == 0 }, 2*time.Second, 20*time.Millisecond) {
					t.Errorf("processes %v (%s) outlived the grading", left(), fx.leftover)
				}
			}
			assert.Less(t, reportSize(rep.Grade), maxReport, "the report must stay short")
			var ms runtime.MemStats
			runtime.ReadMemStats(&ms)
			assert.Less(t, ms.Sys, uint64(maxSys), "the checker's memory must stay bounded")
			t.Logf("graded in %v (tests ran %v); report %d bytes; memory from the OS %d MB", elapsed.Round(time.Millisecond), rep.Ran.Round(time.Millisecond), reportSize(rep.Grade), ms.Sys>>20)

			got := normalise(repo, dir, rep.Grade)
			// go test ./checker/internal/grader -run TestFixtures -update
			// rewrites it.
			golden.Assert(t, string(got), filepath.Join(repo, "checker", "testdata", "golden", fx.name+".json"))
		})
	}
}

// procsWith returns the live processes whose command line (arguments
// joined by spaces) is cmdline.
func procsWith(cmdline string) map[int]bool {
	found := map[int]bool{}
	entries, _ := os.ReadDir("/proc")
	for _, e := range entries {
		pid, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		// A zombie's cmdline is empty, so only live processes match.
		b, err := os.ReadFile(filepath.Join("/proc", e.Name(), "cmdline"))
		if err == nil && strings.Join(strings.Split(strings.TrimRight(string(b), "\x00"), "\x00"), " ") == cmdline {
			found[pid] = true
		}
	}
	return found
}

// reportSize is how many bytes of messages and details a grade carries.
func reportSize(g score.Grade) int {
	n := len(g.Summary)
	for _, c := range g.Checks {
		n += len(c.Message)
		for _, d := range c.Details {
			n += len(d)
		}
	}
	return n
}

var (
	durationRE  = regexp.MustCompile(`\b\d+(\.\d+)?(ns|µs|ms|s|m)\b`)
	goroutineRE = regexp.MustCompile(`(?i)goroutine \d+`)
	addrRE      = regexp.MustCompile(`0x[0-9a-f]+`)
	// Which access of a race the detector reports first varies by run.
	accessRE = regexp.MustCompile(`^(Read|Write) at|^Previous (read|write)|\((running|finished)\) `)
	exitRE   = regexp.MustCompile(`status \d+`)
	// A live goroutine may be caught sleeping, runnable or running.
	liveRE = regexp.MustCompile(`\[(sleep|runnable|running)\]`)
	// Leftover processes are reported with their pid.
	pidRE = regexp.MustCompile(`\bprocess \d+:`)
	// A frame's file and line in a goroutine dump.
	frameLineRE = regexp.MustCompile(`^(\s+)([A-Za-z0-9_.-]+\.(?:go|c|s)):\d+$`)
)

// normalise makes a grade comparable across machines, runs and Go
// versions: paths, durations, goroutine numbers and the lines of the
// standard library's frames (testing.go:1974 on Go 1.26 is :2125 on 1.27)
// vary, the rest, the fixture's own lines included, must not.
func normalise(repo, dir string, g score.Grade) []byte {
	clean := func(s string) string {
		s = strings.ReplaceAll(s, repo+"/", "")
		if m := frameLineRE.FindStringSubmatch(s); m != nil {
			if _, err := os.Stat(filepath.Join(repo, dir, m[2])); err != nil {
				s = m[1] + m[2] + ":N"
			}
		}
		s = durationRE.ReplaceAllString(s, "<dur>")
		s = goroutineRE.ReplaceAllString(s, "goroutine N")
		s = liveRE.ReplaceAllString(s, "[live]")
		s = addrRE.ReplaceAllString(s, "0xADDR")
		s = accessRE.ReplaceAllString(s, "<access>")
		s = pidRE.ReplaceAllString(s, "process N:")
		return exitRE.ReplaceAllString(s, "status N")
	}
	type check struct {
		Name    string   `json:"name"`
		Status  string   `json:"status"`
		Message string   `json:"message"`
		Details []string `json:"details,omitempty"`
	}
	out := struct {
		Failure string  `json:"failure"`
		Score   int     `json:"score"`
		Summary string  `json:"summary"`
		Checks  []check `json:"checks"`
	}{Failure: string(g.Failure), Score: g.Score, Summary: clean(g.Summary)}
	for _, c := range g.Checks {
		cc := check{Name: c.Name, Status: string(c.Status), Message: clean(c.Message)}
		for _, d := range c.Details {
			cc.Details = append(cc.Details, clean(d))
		}
		out.Checks = append(out.Checks, cc)
	}
	var b strings.Builder
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	_ = enc.Encode(out)
	return []byte(b.String())
}
