package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestMakeCheckPassesEXSafely: whatever EX holds, make hands it to the
// checker as one argument, untouched by make or the shell, and the
// checker refuses it before running anything.
func TestMakeCheckPassesEXSafely(t *testing.T) {
	if _, err := exec.LookPath("make"); err != nil {
		t.Skip("make is not installed")
	}
	root, err := filepath.Abs("..")
	require.NoError(t, err)
	canary := filepath.Join(t.TempDir(), "canary")
	for _, ex := range []string{
		"03; touch " + canary,
		"$(touch " + canary + ")",
		"`touch " + canary + "`",
		"'; touch " + canary + "; '",
		`"; touch ` + canary + `; "`,
		"$$(touch " + canary + ")",
		"99",
	} {
		t.Run(ex, func(t *testing.T) {
			cmd := exec.Command("make", "-s", "check", "EX="+ex)
			cmd.Dir = root
			var stderr bytes.Buffer
			cmd.Stderr = &stderr
			err := cmd.Run()
			var exitErr *exec.ExitError
			require.ErrorAs(t, err, &exitErr)
			assert.Contains(t, stderr.String(), "kata: no exercise called", "the checker saw EX and refused it")
			assert.Regexp(t, `make check EX=[0-9]{2}`, stderr.String(), "and said what to type")
			_, statErr := os.Stat(canary)
			assert.True(t, os.IsNotExist(statErr), "EX was run as a command")
		})
	}
}
