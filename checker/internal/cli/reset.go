package cli

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/asynckata/kata/checker/internal/manifest"
	"github.com/asynckata/kata/checker/internal/runner"
	"github.com/asynckata/kata/checker/internal/state"
	"github.com/asynckata/kata/checker/internal/tamper"
)

// resetCmd restores an exercise's starter files after saving the
// learner's own to a backup folder.
func resetCmd(ctx context.Context, args []string, env Env) error {
	fs := flag.NewFlagSet("reset", flag.ContinueOnError)
	yes := fs.Bool("yes", false, "do not ask for confirmation")
	names, err := parse(fs, args, env)
	if err != nil {
		return err
	}
	root, ex, err := oneExercise(env, names, "name one exercise to reset: make reset EX=03")
	if err != nil {
		return err
	}
	if !*yes {
		fmt.Fprintf(env.Stdout, "Reset %s %s to its starter? This replaces %s; your version is copied to a backup folder first. [y/N] ",
			ex.ID, ex.Slug, strings.Join(ex.Edit, ", "))
		answer, _ := bufio.NewReader(env.stdin()).ReadString('\n')
		if a := strings.ToLower(strings.TrimSpace(answer)); a != "y" && a != "yes" {
			fmt.Fprintln(env.Stdout, "Nothing was changed.")
			return nil
		}
	}
	msg, err := resetExercise(ctx, root, ex, time.Now())
	if err != nil {
		return err
	}
	fmt.Fprintln(env.Stdout, msg)
	return nil
}

// resetExercise copies the learner's edit files to a new backup folder
// under .kata/backup, then writes the starter's versions over them. It
// touches no other file, and writes nothing when a starter cannot be
// found.
func resetExercise(ctx context.Context, root string, ex manifest.Exercise, now time.Time) (string, error) {
	starters := map[string][]byte{}
	for _, f := range ex.Edit {
		b, err := starterFile(ctx, root, filepath.ToSlash(filepath.Join(ex.Dir(), f)))
		if err != nil {
			return "", err
		}
		starters[f] = b
	}
	backup := filepath.Join(state.Dir, "backup", ex.Name()+"-"+now.UTC().Format("20060102-150405"))
	if err := os.MkdirAll(filepath.Join(root, backup), 0o755); err != nil {
		return "", fmt.Errorf("make the backup folder: %w", err)
	}
	saved := 0
	for _, f := range ex.Edit {
		b, err := os.ReadFile(filepath.Join(root, ex.Dir(), f))
		if os.IsNotExist(err) {
			continue
		}
		if err != nil {
			return "", fmt.Errorf("read your %s: %w", f, err)
		}
		if err := os.WriteFile(filepath.Join(root, backup, f), b, 0o644); err != nil {
			return "", fmt.Errorf("back up %s: %w (nothing was reset)", f, err)
		}
		saved++
	}
	for _, f := range ex.Edit {
		if err := os.WriteFile(filepath.Join(root, ex.Dir(), f), starters[f], 0o644); err != nil {
			return "", fmt.Errorf("restore %s: %w (your version is in %s)", f, err, backup)
		}
	}
	return fmt.Sprintf("Reset %s %s: %s restored to the starter. Your files were saved in %s (%d file(s)).",
		ex.ID, ex.Slug, strings.Join(ex.Edit, ", "), backup, saved), nil
}

// starterFile reads the starter version of a file (a path relative to
// root, with slashes): the git blob checker/starters.sum records for it,
// which git keeps whatever the learner commits since; else, in a
// repository without that record, the committed version.
func starterFile(ctx context.Context, root, path string) ([]byte, error) {
	if starters, err := tamper.LoadStarters(root); err == nil {
		if blob, ok := starters[path]; ok {
			b, err := runner.GitBlob(ctx, root, blob)
			if err != nil {
				return nil, fmt.Errorf("find the starter of %s (git blob %s): %w", path, blob, err)
			}
			return b, nil
		}
	}
	out, err := runner.Git(ctx, root, "show", "HEAD:"+path)
	if errors.Is(err, runner.ErrNoGit) {
		return nil, fmt.Errorf("reset needs git to find the starter of %s: install git, or copy the file from the kata's repository", path)
	}
	if err != nil {
		return nil, fmt.Errorf("find the starter of %s: %w", path, err)
	}
	return out, nil
}

// stdin is where questions are answered; tests give their own.
func (e Env) stdin() io.Reader {
	if e.Stdin != nil {
		return e.Stdin
	}
	return os.Stdin
}
