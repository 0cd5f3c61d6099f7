package runner

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// findTest2json returns the path of a test2json binary.
//
// `go tool test2json` is not shipped prebuilt: the go command builds it,
// without -race, which on a cold cache compiles a second copy of the
// standard library packages it uses (encoding/json, fmt, os...): most of
// the checker's cold-start overhead over a plain `go test -race`. Built
// with the test binaries' own flags (-race, GOEXPERIMENT) instead, it
// reuses the packages the -race build just compiled and costs a link.
// The binary is kept in the user's cache folder, one per toolchain; if
// anything fails, `go tool -n test2json` is the fallback.
func (r *Runner) findTest2json(ctx context.Context) (string, error) {
	if path, err := r.buildTest2json(ctx); err == nil {
		return path, nil
	}
	out, err := r.output(ctx, "tool", "-n", "test2json")
	if err != nil {
		return "", fmt.Errorf("find go tool test2json: %w", err)
	}
	return strings.TrimSpace(string(out)), nil
}

func (r *Runner) buildTest2json(ctx context.Context) (string, error) {
	tc, err := r.tool()
	if err != nil {
		return "", err
	}
	cache, err := os.UserCacheDir()
	if err != nil {
		return "", err
	}
	env := withExperiment(r.Env, tc)
	exp := ""
	for _, kv := range env {
		if v, ok := strings.CutPrefix(kv, "GOEXPERIMENT="); ok {
			exp = v
		}
	}
	name := "test2json-" + safeName(tc.version) + "-race"
	if exp != "" {
		name += "-" + safeName(exp)
	}
	dir := filepath.Join(cache, "asynckata")
	path := filepath.Join(dir, name)
	if _, err := os.Stat(path); err == nil {
		return path, nil
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", err
	}
	tmp, err := os.MkdirTemp(dir, "build-")
	if err != nil {
		return "", err
	}
	defer os.RemoveAll(tmp)
	out := filepath.Join(tmp, "test2json")
	cmd := exec.CommandContext(ctx, r.goBin, "build", "-race", "-o", out, "cmd/test2json")
	cmd.Dir, cmd.Env = r.Root, env
	if b, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("build test2json: %w: %s", err, strings.TrimSpace(string(b)))
	}
	// Rename is atomic: two checkers building at once both end with a
	// whole binary in place.
	if err := os.Rename(out, path); err != nil {
		return "", err
	}
	return path, nil
}

// safeName keeps a file name to letters, digits, dots and dashes.
func safeName(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '.', r == '-':
			return r
		}
		return '-'
	}, s)
}
