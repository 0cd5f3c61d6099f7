package cli

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
)

// destination is where check writes its report.
type destination struct {
	// path is the file; empty means stdout.
	path string
	// appendTo adds to the file instead of replacing it: $GITHUB_OUTPUT
	// collects a step's outputs.
	appendTo bool
}

// destinationFor picks the destination: --output if given, else the
// format's usual place ($GITHUB_OUTPUT for classroom, result.json in the
// current folder for classroom50), else stdout. The folder must exist,
// so a typo fails before minutes of grading rather than after.
func destinationFor(format, output string, env Env) (destination, error) {
	var d destination
	switch {
	case output != "":
		d.path = output
	case format == "classroom" && env.Getenv("GITHUB_OUTPUT") != "":
		d = destination{path: env.Getenv("GITHUB_OUTPUT"), appendTo: true}
	case format == "classroom50":
		d.path = "result.json"
	default:
		return d, nil
	}
	if !filepath.IsAbs(d.path) {
		d.path = filepath.Join(env.Dir, d.path)
	}
	if fi, err := os.Stat(filepath.Dir(d.path)); err != nil || !fi.IsDir() {
		return d, usageErrorf("cannot write %s: its folder does not exist (create it, or choose another --output)", d.path)
	}
	return d, nil
}

// write puts the report in place. A replaced file is written beside and
// renamed over, so a reader never sees half a report.
func (d destination) write(stdout io.Writer, b []byte) error {
	switch {
	case d.path == "":
		_, err := stdout.Write(b)
		return err
	case d.appendTo:
		return appendTo(d.path, b)
	}
	return writeAtomic(d.path, b)
}

// appendTo adds b to the file at path in one write, creating it if need be.
func appendTo(path string, b []byte) error {
	f, err := os.OpenFile(path, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
	if err != nil {
		return fmt.Errorf("open %s: %w", path, err)
	}
	if _, err := f.Write(b); err != nil {
		f.Close()
		return fmt.Errorf("append to %s: %w", path, err)
	}
	return f.Close()
}

// writeAtomic writes b to a new file beside path and renames it over
// path: a reader sees the old file or the whole new one, never a part.
func writeAtomic(path string, b []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*")
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(b); err != nil {
		tmp.Close()
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := tmp.Chmod(0o644); err != nil {
		tmp.Close()
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}
