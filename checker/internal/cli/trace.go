package cli

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/asynckata/kata/checker/internal/manifest"
	"github.com/asynckata/kata/checker/internal/picture"
	"github.com/asynckata/kata/checker/internal/state"
)

// traceFile makes the trace folder under the state folder and returns the
// absolute path of the exercise's trace in it.
func traceFile(root string, ex manifest.Exercise) (string, error) {
	dir := filepath.Join(root, state.Dir, "trace")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", fmt.Errorf("make %s: %w", dir, err)
	}
	return filepath.Join(dir, ex.Name()+".trace"), nil
}

// drawTrace turns the recorded trace into a picture beside it and says
// where both are. A trace that cannot be drawn is still worth opening with
// go tool trace, so problems are warnings.
func drawTrace(root string, m *manifest.Manifest, ex manifest.Exercise, tracePath string, env Env) {
	rel := func(p string) string {
		if r, err := filepath.Rel(root, p); err == nil {
			return r
		}
		return p
	}
	f, err := os.Open(tracePath)
	if err != nil {
		fmt.Fprintf(env.Stderr, "kata: no trace was written (%v): the tests may have stopped before it was saved\n", err)
		return
	}
	defer f.Close()
	fmt.Fprintf(env.Stderr, "trace:   %s (open it with: go tool trace %s)\n", rel(tracePath), rel(tracePath))
	tl, err := picture.Read(f, m.ImportPath(ex))
	if err != nil {
		fmt.Fprintf(env.Stderr, "kata: warning: could not draw the trace: %v\n", err)
		return
	}
	svgPath := tracePath[:len(tracePath)-len(filepath.Ext(tracePath))] + ".svg"
	out, err := os.Create(svgPath)
	if err == nil {
		err = picture.WriteSVG(out, tl, fmt.Sprintf("%s %s: the goroutines that ran your code", ex.ID, ex.Slug))
		if cerr := out.Close(); err == nil {
			err = cerr
		}
	}
	if err != nil {
		fmt.Fprintf(env.Stderr, "kata: warning: could not write the picture: %v\n", err)
		return
	}
	fmt.Fprintf(env.Stderr, "picture: %s (open it in a web browser): %d goroutine lane(s), at most %d waiting on I/O at once\n",
		rel(svgPath), len(tl.Lanes), tl.MostAtOnce(picture.IO))
}
