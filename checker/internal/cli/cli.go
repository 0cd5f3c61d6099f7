package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"unicode"

	"github.com/asynckata/kata/checker/internal/manifest"
)

// Exit codes.
const (
	ExitPass  = 0
	ExitFail  = 1
	ExitUsage = 2
)

const usage = `kata: grade the Async Kata for Go exercises

usage:
  kata check [--solution | --wrong=NAME | --right=NAME] [--format=FORMAT]
             [--output=FILE] [--strict] [--jobs=N] [EX...]
             grade exercises (all of them when none is named). FORMAT is
             text (people), json (machines), classroom (GitHub Classroom's
             grading reporter, to $GITHUB_OUTPUT) or classroom50 (Classroom
             50's result.json). --strict, as the classroom formats always
             do, scores 0 an exercise whose protected files were changed.
             --jobs (default: twice the CPUs) grades N exercises at once
  kata watch [--manual] [EX]
             grade an exercise (EX, or the first not passing yet), then
             again after every save; keys: n next, h hint, l list,
             c check all, x reset, q quit (--manual: Enter re-grades)
  kata list  the exercises by chapter: done, failing or not tried, your
             progress and the next one to do
  kata hint [--all | --level=N] EX
             the next hint for an exercise (--all: every hint; --level:
             hint number N)
  kata reset [--yes] EX
             put the starter's files back, after copying yours to a
             backup folder under .kata/backup (asks first unless --yes)
  kata verify [--repeat=N] [--jobs=N] [--quick] [EX...]
             prove every starter fails, every solution (the reference and
             the other right ones) passes, every wrong solution is
             rejected, and each exercise's contract.toml holds (for the
             kata's authors; --quick grades only the starters, the
             reference solutions and the cheats)
  kata mutate [--repeat=N] [--jobs=N] [--list] [EX...]
             change each reference solution the ways concurrency code
             goes wrong and grade every change (mutant): each must be
             rejected, N of N times when scheduling decides (default 5),
             or be listed in solutions/NN-slug/mutants.toml with why it
             is equivalent (--list: print the mutants, grade nothing)
  kata gen   rewrite the files derived from kata.toml and the exercises
             (README's table, the protected files' digests, the classroom
             workflow and test lists, each exercise README's "Done
             means" table from its contract.toml)
  kata template [--hints=all|none|N] [--route=actions|classroom50] DEST
             write the student copy (no solutions, nothing for teachers or
             authors) to the new folder DEST
  kata warm  compile what the exercises import (nothing of yours) into
             Go's build cache; the classroom workflow saves the cache
             after it, before grading runs any learner code
  kata grades [--output=FILE] DIR...
             merge a class's result.json files (workflow artifacts or
             Classroom 50's) into one CSV: student, points per exercise,
             total, flags

EX is an exercise's number (03 or 3) or its slug (crawler); check takes
several ("03 07" or 03,07).
`

// Env is what a command may touch of the world outside it.
type Env struct {
	Stdout, Stderr io.Writer
	// Stdin answers questions (reset) and carries watch's keys; nil means
	// os.Stdin. StdinTerminal reports whether it is a terminal.
	Stdin         io.Reader
	StdinTerminal bool
	// Dir is where the checker was started; the repository root is found
	// from there.
	Dir string
	// Getenv reads the environment (NO_COLOR, TERM).
	Getenv func(string) string
	// Terminal reports whether Stdout is a terminal.
	Terminal bool
}

// Main runs the command line args and returns the exit code.
func Main(ctx context.Context, args []string, env Env) int {
	if len(args) == 0 {
		fmt.Fprint(env.Stderr, usage)
		return ExitUsage
	}
	var err error
	code := ExitPass
	switch args[0] {
	case "check":
		code, err = check(ctx, args[1:], env)
	case "list":
		err = list(args[1:], env)
	case "hint":
		err = hint(args[1:], env)
	case "watch":
		err = watchCmd(ctx, args[1:], env)
	case "reset":
		err = resetCmd(ctx, args[1:], env)
	case "verify":
		code, err = verifyCmd(ctx, args[1:], env)
	case "mutate":
		code, err = mutateCmd(ctx, args[1:], env)
	case "gen":
		err = genCmd(args[1:], env)
	case "template":
		err = templateCmd(ctx, args[1:], env)
	case "grades":
		err = gradesCmd(args[1:], env)
	case "warm":
		err = warmCmd(ctx, args[1:], env)
	case "help", "-h", "-help", "--help":
		fmt.Fprint(env.Stdout, usage)
		return ExitPass
	default:
		err = usageErrorf("unknown command %q: use check, watch, list, hint, reset, verify, mutate, gen or template", args[0])
	}
	var ue *usageError
	switch {
	case err == nil:
		return code
	case errors.As(err, &ue), errors.Is(err, flag.ErrHelp):
		if !errors.Is(err, flag.ErrHelp) {
			fmt.Fprintf(env.Stderr, "kata: %v\n", err)
		}
		return ExitUsage
	case ctx.Err() != nil:
		fmt.Fprintln(env.Stderr, "kata: interrupted")
		return ExitUsage
	default:
		fmt.Fprintf(env.Stderr, "kata: %v\n", err)
		return ExitUsage
	}
}

// usageError is a mistake in what was typed or in the repository's set-up:
// exit code 2 and a message that says what to do.
type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

func usageErrorf(format string, a ...any) error {
	return &usageError{msg: fmt.Sprintf(format, a...)}
}

// parse parses flags that may come before, between or after the
// positional arguments.
func parse(fs *flag.FlagSet, args []string, env Env) ([]string, error) {
	fs.SetOutput(env.Stderr)
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return nil, err
			}
			return nil, usageErrorf("%v (see kata help)", err)
		}
		if fs.NArg() == 0 {
			return pos, nil
		}
		pos = append(pos, fs.Arg(0))
		args = fs.Args()[1:]
	}
}

// repo finds the repository root and loads its manifest.
func repo(env Env) (string, *manifest.Manifest, error) {
	root, err := manifest.FindRoot(env.Dir)
	if err != nil {
		return "", nil, usageErrorf("%v", err)
	}
	m, err := manifest.Load(root + string(os.PathSeparator) + manifest.FileName)
	if err != nil {
		return "", nil, usageErrorf("%v", err)
	}
	return root, m, nil
}

// selectExercises resolves names, refusing anything that is not an id or
// a slug before any process runs.
func selectExercises(m *manifest.Manifest, names []string) ([]manifest.Exercise, error) {
	exs, err := m.Select(splitNames(names))
	var ue *manifest.UnknownError
	if errors.As(err, &ue) {
		return nil, usageErrorf("%v", err)
	}
	return exs, err
}

func color(env Env) bool {
	return env.Terminal && env.Getenv("NO_COLOR") == "" && env.Getenv("TERM") != "dumb"
}

// oneExercise finds the repository and the one exercise names must name,
// or says how to name it (usage).
func oneExercise(env Env, names []string, usage string) (string, manifest.Exercise, error) {
	if len(splitNames(names)) != 1 {
		return "", manifest.Exercise{}, usageErrorf("%s", usage)
	}
	root, m, err := repo(env)
	if err != nil {
		return "", manifest.Exercise{}, err
	}
	exs, err := selectExercises(m, names)
	if err != nil {
		return "", manifest.Exercise{}, err
	}
	return root, exs[0], nil
}

// splitNames lets one argument name several exercises, as make passes EX
// whole: EX="03 07" and EX=03,07 both name 03 and 07.
func splitNames(names []string) []string {
	var out []string
	for _, n := range names {
		out = append(out, strings.FieldsFunc(n, func(r rune) bool { return r == ',' || unicode.IsSpace(r) })...)
	}
	return out
}
