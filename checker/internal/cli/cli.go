package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"

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
  kata check [--solution | --wrong=NAME] [--format=FORMAT] [--output=FILE]
             [--strict] [--jobs=N] [EX...]
             grade exercises (all of them when none is named). FORMAT is
             text (people), json (machines), classroom (GitHub Classroom's
             grading reporter, to $GITHUB_OUTPUT) or classroom50 (Classroom
             50's result.json). --strict, as the classroom formats always
             do, scores 0 an exercise whose protected files were changed.
             --jobs (default: the number of CPUs) grades N exercises at once
  kata list  the exercises by chapter, with your last result
  kata hint [--all] EX
             the next hint for an exercise (--all: every hint)
  kata verify [--repeat=N] [--jobs=N] [EX...]
             prove every starter fails, every solution passes, every
             wrong solution is rejected (for the kata's authors)
  kata gen   rewrite the files derived from kata.toml and the exercises
             (README's table, the protected files' digests, the classroom
             workflow and test lists)
  kata template DEST
             write the student copy (no solutions) to the new folder DEST

EX is an exercise's number (03 or 3) or its slug (crawler).
`

// Env is what a command may touch of the world outside it.
type Env struct {
	Stdout, Stderr io.Writer
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
	case "verify":
		code, err = verifyCmd(ctx, args[1:], env)
	case "gen":
		err = genCmd(args[1:], env)
	case "template":
		err = templateCmd(args[1:], env)
	case "help", "-h", "-help", "--help":
		fmt.Fprint(env.Stdout, usage)
		return ExitPass
	default:
		err = usageErrorf("unknown command %q: use check, list, hint, verify, gen or template", args[0])
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
	exs, err := m.Select(names)
	var ue *manifest.UnknownError
	if errors.As(err, &ue) {
		return nil, usageErrorf("%v", err)
	}
	return exs, err
}

func color(env Env) bool {
	return env.Terminal && env.Getenv("NO_COLOR") == "" && env.Getenv("TERM") != "dumb"
}
