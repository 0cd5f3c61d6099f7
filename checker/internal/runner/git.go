package runner

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
)

var blobID = regexp.MustCompile(`^[0-9a-f]{40}([0-9a-f]{24})?$`)

// GitBlob reads one blob of the repository's git history by its id, as
// `git cat-file blob` does.
func (r *Runner) GitBlob(ctx context.Context, id string) ([]byte, error) {
	return GitBlob(ctx, r.Root, id)
}

// GitBlob reads one blob of the git repository at root.
func GitBlob(ctx context.Context, root, id string) ([]byte, error) {
	if !blobID.MatchString(id) {
		return nil, fmt.Errorf("%q is not a git blob id", id)
	}
	return command(ctx, root, os.Environ(), "git", "cat-file", "blob", id)
}

// command runs a short helper command in Root and returns its stdout.
func (r *Runner) command(ctx context.Context, name string, args ...string) ([]byte, error) {
	return command(ctx, r.Root, r.Env, name, args...)
}

func command(ctx context.Context, dir string, env []string, name string, args ...string) ([]byte, error) {
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Dir, cmd.Env = dir, env
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := start(cmd); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	err := wait(cmd)
	if err != nil {
		return nil, fmt.Errorf("%s %s: %w: %s", filepath.Base(name), strings.Join(args, " "), err, strings.TrimSpace(stderr.String()))
	}
	return stdout.Bytes(), nil
}

// ErrNoGit says git is not installed.
var ErrNoGit = errors.New("git is not installed")

// Git runs git with args in dir and returns its standard output.
func Git(ctx context.Context, dir string, args ...string) ([]byte, error) {
	if _, err := exec.LookPath("git"); err != nil {
		return nil, ErrNoGit
	}
	return command(ctx, dir, os.Environ(), "git", args...)
}
