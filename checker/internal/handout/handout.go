package handout

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/asynckata/kata/checker/internal/hints"
)

// Marker is the file at the root of a student copy.
const Marker = ".kata-student"

const markerText = `This is a student copy of the Async Kata for Go, written by
make student-template. It has no solutions/: solve the exercises with
make check EX=03, and ask for hints with make hint EX=03.
`

// Left out of the copy, relative to the repository root: answers (the
// solutions and the history that holds them), what is written for
// teachers and authors (how the grading can be gamed, how digests are
// regenerated, Classroom 50's autograder), the kata's own CI (it runs
// verify, which needs the solutions), and what a checkout accumulates.
var leftOut = []string{
	".git",
	"solutions",
	"TEACHING.md",
	"AUTHORING.md",
	"classroom",
	".ci",
	".github/workflows/ci.yml",
	"bin",
	".kata",
	"result.json",
	Marker,
}

// The routes a template can be made for.
const (
	// RouteActions grades in the student's repository with the kata's
	// workflow, on plain GitHub Actions.
	RouteActions = "actions"
	// RouteClassroom50 leaves grading to Classroom 50, which installs its
	// own workflow: the copy carries none.
	RouteClassroom50 = "classroom50"
)

// Installed maps, for RouteActions, the kata's classroom files to where a
// student repository needs them.
var Installed = map[string]string{
	"classroom/actions/classroom.yml":    ".github/workflows/classroom.yml",
	"classroom/actions/autograding.json": ".github/classroom/autograding.json",
}

// Options say how the copy is made.
type Options struct {
	// Route is RouteActions (the default) or RouteClassroom50.
	Route string
	// Hints is "all" (the default), "none", or how many hints of each
	// exercise to keep, from the first.
	Hints string
	// Starter, if set, gives the content of some files (rel is
	// slash-separated): a teacher whose tree has solved exercises still
	// hands out the recorded starters. It reports false for a file to copy
	// as it is.
	Starter func(rel string) ([]byte, bool, error)
}

// hintLevels turns Options.Hints into a number of hints to keep, -1 for
// all of them.
func (o Options) hintLevels() (int, error) {
	switch o.Hints {
	case "", "all":
		return -1, nil
	case "none":
		return 0, nil
	}
	n, err := strconv.Atoi(o.Hints)
	if err != nil || n < 0 {
		return 0, fmt.Errorf("HINTS=%s: use all, none, or a number of hints to keep per exercise (HINTS=2)", o.Hints)
	}
	return n, nil
}

// IsStudentCopy reports whether root is a student copy: it carries the
// marker and no solutions.
func IsStudentCopy(root string) bool {
	if _, err := os.Stat(filepath.Join(root, Marker)); err != nil {
		return false
	}
	_, err := os.Stat(filepath.Join(root, "solutions"))
	return errors.Is(err, fs.ErrNotExist)
}

// Write copies the repository at root into dest, leaving out what leftOut
// names, and returns how many files it wrote. dest must be outside the
// repository and either missing or empty: the copy never mixes with, or
// overwrites, anything.
func Write(root, dest string, opt Options) (int, error) {
	starter := opt.Starter
	if dest == "" {
		return 0, errors.New("name the folder to write the copy to: make student-template DEST=../kata-assignment")
	}
	if opt.Route == "" {
		opt.Route = RouteActions
	}
	if opt.Route != RouteActions && opt.Route != RouteClassroom50 {
		return 0, fmt.Errorf("ROUTE=%s: use actions (grading by the workflow in each student repository) or classroom50", opt.Route)
	}
	keep, err := opt.hintLevels()
	if err != nil {
		return 0, err
	}
	if opt.Route == RouteActions {
		for from := range Installed {
			if _, err := os.Stat(filepath.Join(root, from)); err != nil {
				return 0, fmt.Errorf("the actions route needs %s: run make generate in the kata first (%w)", from, err)
			}
		}
	}
	if err := checkDest(root, dest); err != nil {
		return 0, err
	}
	if err := os.MkdirAll(dest, 0o755); err != nil {
		return 0, fmt.Errorf("create %s: %w", dest, err)
	}
	n := 0
	err = filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(root, p)
		if err != nil {
			return err
		}
		if rel == "." {
			return nil
		}
		if slices.Contains(leftOut, filepath.ToSlash(rel)) || (keep == 0 && filepath.ToSlash(rel) == "hints") {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		if keep > 0 && d.Type().IsRegular() && filepath.ToSlash(filepath.Dir(rel)) == "hints" && strings.HasSuffix(rel, ".md") {
			b, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			n++
			return os.WriteFile(filepath.Join(dest, rel), hints.Keep(b, keep), 0o644)
		}
		target := filepath.Join(dest, rel)
		info, err := d.Info()
		if err != nil {
			return err
		}
		switch {
		case d.IsDir():
			return os.MkdirAll(target, info.Mode().Perm()|0o700)
		case d.Type()&fs.ModeSymlink != 0:
			link, err := os.Readlink(p)
			if err != nil {
				return err
			}
			n++
			return os.Symlink(link, target)
		case d.Type().IsRegular():
			n++
			if starter != nil {
				b, ok, err := starter(filepath.ToSlash(rel))
				if err != nil {
					return err
				}
				if ok {
					return os.WriteFile(target, b, info.Mode().Perm())
				}
			}
			return copyFile(p, target, info.Mode().Perm())
		}
		return nil // sockets, pipes: nothing a learner needs
	})
	if err != nil {
		return n, fmt.Errorf("copy the kata to %s: %w", dest, err)
	}
	if opt.Route == RouteActions {
		for from, to := range Installed {
			info, err := os.Stat(filepath.Join(root, from))
			if err != nil {
				return n, err // checked before anything was written
			}
			if err := os.MkdirAll(filepath.Dir(filepath.Join(dest, to)), 0o755); err != nil {
				return n, err
			}
			if err := copyFile(filepath.Join(root, from), filepath.Join(dest, to), info.Mode().Perm()); err != nil {
				return n, fmt.Errorf("install %s: %w", to, err)
			}
			n++
		}
	}
	if err := os.WriteFile(filepath.Join(dest, Marker), []byte(markerText), 0o644); err != nil {
		return n, fmt.Errorf("mark %s as a student copy: %w", dest, err)
	}
	return n + 1, nil
}

// checkDest refuses a destination inside the repository (the copy would
// copy itself, and land in the kata's own tree) or one that holds files.
func checkDest(root, dest string) error {
	realRoot, err := resolve(root)
	if err != nil {
		return fmt.Errorf("find the repository: %w", err)
	}
	realDest, err := resolve(dest)
	if err != nil {
		return fmt.Errorf("find %s: %w", dest, err)
	}
	if rel, err := filepath.Rel(realRoot, realDest); err == nil && (rel == "." || !strings.HasPrefix(rel, "..")) {
		return fmt.Errorf("%s is inside the repository %s: choose a folder outside it, e.g. DEST=../kata-assignment", dest, root)
	}
	entries, err := os.ReadDir(dest)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil
	case err != nil:
		return fmt.Errorf("%s: %w (choose a new folder)", dest, err)
	case len(entries) > 0:
		return fmt.Errorf("%s is not empty: choose a new or empty folder, nothing is overwritten", dest)
	}
	return nil
}

// resolve makes p absolute with symlinks resolved, for the part of it
// that exists.
func resolve(p string) (string, error) {
	abs, err := filepath.Abs(p)
	if err != nil {
		return "", err
	}
	var rest []string
	for cur := abs; ; cur = filepath.Dir(cur) {
		real, err := filepath.EvalSymlinks(cur)
		if err == nil {
			return filepath.Join(append([]string{real}, rest...)...), nil
		}
		if !errors.Is(err, fs.ErrNotExist) || filepath.Dir(cur) == cur {
			return "", err
		}
		rest = append([]string{filepath.Base(cur)}, rest...)
	}
}

func copyFile(src, dst string, perm fs.FileMode) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_CREATE|os.O_EXCL|os.O_WRONLY, perm)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}
