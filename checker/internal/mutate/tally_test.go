package mutate

import (
	"bytes"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gotest.tools/v3/golden"
)

func TestDiff(t *testing.T) {
	a := "a\nb\nc\nd\ne\nf\ng\nh\ni\nj\nk\nl\nm\n"
	for _, tt := range []struct {
		name, b, want string
	}{
		{"equal", a, ""},
		{"one line changed", strings.Replace(a, "g\n", "G\n", 1),
			"--- x\n+++ y\n@@ -4,7 +4,7 @@\n d\n e\n f\n-g\n+G\n h\n i\n j\n"},
		{"a line removed at the top", strings.TrimPrefix(a, "a\n"),
			"--- x\n+++ y\n@@ -1,4 +1,3 @@\n-a\n b\n c\n d\n"},
		{"a line added at the end", a + "n\n",
			"--- x\n+++ y\n@@ -11,3 +11,4 @@\n k\n l\n m\n+n\n"},
		{"two changes close by share a hunk", strings.Replace(strings.Replace(a, "c\n", "C\n", 1), "h\n", "H\n", 1),
			"--- x\n+++ y\n@@ -1,11 +1,11 @@\n a\n b\n-c\n+C\n d\n e\n f\n g\n-h\n+H\n i\n j\n k\n"},
		{"two changes far apart make two hunks", strings.Replace(strings.Replace(a, "a\n", "A\n", 1), "m\n", "M\n", 1),
			"--- x\n+++ y\n@@ -1,4 +1,4 @@\n-a\n+A\n b\n c\n d\n@@ -10,4 +10,4 @@\n j\n k\n l\n-m\n+M\n"},
		{"into an empty file", "", "--- x\n+++ y\n@@ -1,13 +0,0 @@\n-a\n-b\n-c\n-d\n-e\n-f\n-g\n-h\n-i\n-j\n-k\n-l\n-m\n"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, Diff("x", "y", []byte(a), []byte(tt.b)))
		})
	}
}

func TestParseEquivalents(t *testing.T) {
	eq, err := ParseEquivalents(strings.NewReader(`
[[equivalent]]
mutant = "chan-cap-1/fib.go/Fibonacci/1"
why = "one number computed ahead changes nothing a caller can see"
`))
	require.NoError(t, err)
	assert.Equal(t, []Equivalent{{"chan-cap-1/fib.go/Fibonacci/1", "one number computed ahead changes nothing a caller can see"}}, eq)

	for _, tt := range []struct{ name, toml, want string }{
		{"not toml", "[[equivalent]\n", "not valid TOML"},
		{"unknown key", "[[equivalent]]\nmutant = \"a\"\nwhy = \"b\"\nreason = \"c\"\n", "unknown keys equivalent.reason"},
		{"no id", "[[equivalent]]\nwhy = \"b\"\n", `equivalent 1: "mutant" is empty`},
		{"no reason", "[[equivalent]]\nmutant = \"a\"\n", `equivalent 1: "why" is empty`},
		{"a reason of two lines", "[[equivalent]]\nmutant = \"a\"\nwhy = \"\"\"\nb\nc\"\"\"\n", "more than one line"},
		{"listed twice", "[[equivalent]]\nmutant = \"a\"\nwhy = \"b\"\n[[equivalent]]\nmutant = \"a\"\nwhy = \"c\"\n", "equivalent 2: a is listed twice"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseEquivalents(strings.NewReader(tt.toml))
			assert.ErrorContains(t, err, tt.want)
		})
	}
	eq, err = LoadEquivalents("testdata/no-such-file.toml")
	assert.NoError(t, err, "no list is an empty list")
	assert.Empty(t, eq)
}

func mutant(id string, sched bool) Mutant {
	parts := strings.Split(id, "/")
	return Mutant{ID: id, Operator: parts[0], File: parts[1], Func: parts[2], Sched: sched, Desc: "what " + parts[0] + " does",
		Diff: "--- a/" + parts[1] + "\n+++ b/" + parts[1] + "\n@@ -1 +1 @@\n-old\n+new\n"}
}

var (
	caught = Run{Failing: []string{"tests"}, FailedTests: []string{"TestA"}}
	leaked = Run{Failing: []string{"leak"}, FailedTests: []string{"TestMain"}}
	passed = Run{Passed: true}
)

func TestJudge(t *testing.T) {
	sched, once := mutant("remove-lock/a.go/F/1", true), mutant("boundary/a.go/F/1", false)
	for _, tt := range []struct {
		name   string
		m      Mutant
		runs   []Run
		want   Outcome
		caught int
	}{
		{"scheduling, caught 5 of 5", sched, []Run{caught, caught, leaked, caught, caught}, Killed, 5},
		{"scheduling, passes the third", sched, []Run{caught, caught, passed}, Survived, 2},
		{"scheduling, passes the first", sched, []Run{passed}, Survived, 0},
		{"scheduling, caught only 3 times (grading stopped)", sched, []Run{caught, caught, caught}, Errored, 3},
		{"deterministic, caught once", once, []Run{caught}, Killed, 1},
		{"scheduling, but go vet rejects it", sched, []Run{{Failing: []string{"build"}, Summary: "go vet failed"}}, Killed, 1},
		{"deterministic, passes", once, []Run{passed}, Survived, 0},
		{"does not compile", sched, []Run{{NotCompiled: true, Summary: "a.go:3:1: undefined: x"}}, NotProgram, 0},
		{"does not parse", Mutant{ID: "x/a.go/F/1", Broken: "the change does not parse"}, nil, NotProgram, 0},
		{"the checker failed", once, []Run{{Error: "no go"}}, Errored, 0},
		{"not graded", once, nil, Errored, 0},
	} {
		t.Run(tt.name, func(t *testing.T) {
			r := Judge(tt.m, tt.runs, 5)
			assert.Equal(t, tt.want, r.Outcome, r.Why)
			assert.Equal(t, tt.caught, r.Caught)
		})
	}
	r := Judge(sched, []Run{caught, leaked, caught, caught, caught}, 5)
	assert.Equal(t, []string{"tests", "leak"}, r.Checks)
	assert.Equal(t, []string{"TestA", "TestMain"}, r.Tests)
}

// TestTallyGolden prints a tally with every outcome, a stale entry and
// too many equivalents. go test -update rewrites the golden file.
func TestTallyGolden(t *testing.T) {
	ms := []Mutant{
		mutant("remove-lock/bank.go/Bank.Transfer/1", true),
		mutant("split-lock/bank.go/Bank.Transfer/1", true),
		mutant("swap-locks/bank.go/Bank.Transfer/1", true),
		mutant("boundary/bank.go/Bank.Transfer/1", false),
		mutant("lock-to-rlock/bank.go/Bank.Total/1", true),
		{ID: "remove-wait/bank.go/Bank.Total/1", Broken: "the change does not parse: 3:1: expected operand"},
	}
	graded := map[string]Result{
		ms[0].ID: Judge(ms[0], []Run{caught, caught, leaked, caught, caught}, 5),
		ms[1].ID: Judge(ms[1], []Run{caught, caught, passed}, 5),
		ms[3].ID: Judge(ms[3], []Run{caught}, 5),
		ms[4].ID: Judge(ms[4], []Run{{NotCompiled: true, Summary: "bank.go:40:4: a.mu.RLock undefined"}}, 5),
	}
	eq := []Equivalent{
		{ms[2].ID, "taking both locks highest first is still one global order"},
		{"go-sync/bank.go/Gone/1", "the function is gone"},
	}
	tally := NewTally("08 deadlock-bank", ms, graded, eq, 5)
	assert.Equal(t, []int{2, 1, 1, 2}, []int{tally.Count(Killed), tally.Count(Survived), tally.Count(Listed), tally.Count(NotProgram)})
	assert.False(t, tally.OK())
	var b bytes.Buffer
	tally.Write(&b)
	golden.Assert(t, b.String(), "tally.golden")

	// Killed and within the one-in-ten rule: passes.
	clean := NewTally("01 amdahl", ms[3:4], graded, nil, 5)
	assert.True(t, clean.OK(), clean.Problems())
}

func TestTooManyEquivalents(t *testing.T) {
	var ms []Mutant
	graded := map[string]Result{}
	for i := range 10 {
		m := mutant("boundary/a.go/F/"+string(rune('a'+i)), false)
		ms = append(ms, m)
		graded[m.ID] = Judge(m, []Run{caught}, 5)
	}
	one := NewTally("x", ms, graded, []Equivalent{{ms[0].ID, "why"}}, 5)
	assert.True(t, one.OK(), "one in ten is allowed: %v", one.Problems())
	two := NewTally("x", ms, graded, []Equivalent{{ms[0].ID, "why"}, {ms[1].ID, "why"}}, 5)
	assert.Equal(t, []string{"2 of 10 mutants are listed as equivalent, more than one in ten: write a test that tells some apart"}, two.Problems())
}
