package handout

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// Marker is the file at the root of a student copy.
const Marker = ".kata-student"

const markerText = `This is a student copy of the Async Kata for Go, written by
make student-template. It has no solutions/: solve the exercises with
make check EX=03, and ask for hints with make hint EX=03.
`

// Left out of the copy, relative to the repository root: answers (the
// solutions and the history that holds them), the kata's own CI (it runs
// verify, which needs the solutions), and what a checkout accumulates.
var leftOut = []string{
	".git",
	"solutions",
	".ci",
	".github/workflows/ci.yml",
	"bin",
	".kata",
	"result.json",
	Marker,
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
func Write(root, dest string) (int, error) { return WriteStarters(root, dest, nil) }

// WriteStarters is Write, with the content of some files taken from
// starter (rel is slash-separated): a teacher whose tree has solved
// exercises still hands out the recorded starters. starter reports false
// for a file to copy as it is.
func WriteStarters(root, dest string, starter func(rel string) ([]byte, bool, error)) (int, error) {
	if dest == "" {
		return 0, errors.New("name the folder to write the copy to: make student-template DEST=../kata-assignment")
	}
	if err := checkDest(root, dest); err != nil {
		return 0, err
	}
	if err := os.MkdirAll(dest, 0o755); err != nil {
		return 0, fmt.Errorf("create %s: %w", dest, err)
	}
	n := 0
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
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
		if slices.Contains(leftOut, filepath.ToSlash(rel)) {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
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
