package cli

import (
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/asynckata/kata/checker/internal/handout"
	"github.com/asynckata/kata/checker/internal/hints"
	"github.com/asynckata/kata/checker/internal/manifest"
	"github.com/asynckata/kata/checker/internal/report"
	"github.com/asynckata/kata/checker/internal/state"
)

func hint(args []string, env Env) error {
	fs := flag.NewFlagSet("hint", flag.ContinueOnError)
	all := fs.Bool("all", false, "show every hint at once")
	level := fs.Int("level", 0, "show hint number `N` (make hint EX=03 LEVEL=2)")
	names, err := parse(fs, args, env)
	if err != nil {
		return err
	}
	if *level < 0 {
		return usageErrorf("LEVEL must be a hint number, 1 or more")
	}
	root, ex, err := oneExercise(env, names, "name one exercise: make hint EX=03")
	if err != nil {
		return err
	}
	if *all {
		hs, err := loadHints(root, ex)
		if err != nil {
			return err
		}
		for i, h := range hs {
			fmt.Fprintf(env.Stdout, "Hint %d of %d\n\n%s\n\n", i+1, len(hs), h)
		}
		return nil
	}
	return showHint(root, ex, *level, env.Stdout)
}

func loadHints(root string, ex manifest.Exercise) ([]string, error) {
	f, err := os.Open(filepath.Join(root, ex.HintsFile()))
	if err != nil && handout.IsStudentCopy(root) {
		return nil, usageErrorf("this assignment comes without hints for exercise %s (your teacher left them out): read its README again, or ask your teacher", ex.ID)
	}
	if err != nil {
		return nil, usageErrorf("exercise %s has no hints file %s: restore it with git checkout -- %s", ex.ID, ex.HintsFile(), ex.HintsFile())
	}
	defer f.Close()
	hs, err := hints.Parse(f)
	if err != nil {
		return nil, usageErrorf("%s: %v", ex.HintsFile(), err)
	}
	return hs, nil
}

// showHint writes hint number level, or with level 0 the next one, which
// it remembers. Once the exercise has passed, asking for the next hint
// says so and points to the reference solution instead.
func showHint(root string, ex manifest.Exercise, level int, w io.Writer) error {
	hs, err := loadHints(root, ex)
	if err != nil {
		return err
	}
	if level > len(hs) {
		return usageErrorf("exercise %s has %d hints: LEVEL goes from 1 to %d", ex.ID, len(hs), len(hs))
	}
	st, err := state.Load(root)
	if err != nil {
		return err
	}
	student := handout.IsStudentCopy(root)
	if last, ok := st.Last[ex.ID]; ok && last.Status == report.StatusPass && level == 0 {
		fmt.Fprintf(w, "%s %s already passes (%d/%d). No more hints needed.\n", ex.ID, ex.Slug, last.Score, last.Points)
		if !student {
			fmt.Fprintf(w, "Compare your code with the reference solution: %s\n", referenceFiles(ex))
		}
		fmt.Fprintf(w, "To read a hint anyway: make hint EX=%s LEVEL=1 (up to %d).\n", ex.ID, len(hs))
		return nil
	}
	n := level
	if n == 0 {
		n = min(st.Hints[ex.ID]+1, len(hs))
	}
	if n > st.Hints[ex.ID] {
		st.Hints[ex.ID] = n
		if err := st.Save(); err != nil {
			fmt.Fprintf(w, "kata: warning: could not remember the hint level: %v\n", err)
		}
	}
	fmt.Fprintf(w, "%s %s, hint %d of %d\n\n%s\n\n", ex.ID, ex.Slug, n, len(hs), hs[n-1])
	switch {
	case n < len(hs):
		fmt.Fprintf(w, "Still stuck? make hint EX=%s shows the next one.\n", ex.ID)
	case student:
		fmt.Fprintln(w, "That was the last hint.")
	default:
		fmt.Fprintf(w, "That was the last hint. Once your code passes, compare it with %s.\n", referenceFiles(ex))
	}
	return nil
}

func referenceFiles(ex manifest.Exercise) string {
	files := make([]string, len(ex.Edit))
	for i, f := range ex.Edit {
		files[i] = filepath.Join(ex.SolutionDir(), f)
	}
	return strings.Join(files, ", ")
}
