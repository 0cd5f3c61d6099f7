package cli

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"github.com/asynckata/kata/checker/internal/handout"
	"github.com/asynckata/kata/checker/internal/hints"
	"github.com/asynckata/kata/checker/internal/state"
)

func hint(args []string, env Env) error {
	fs := flag.NewFlagSet("hint", flag.ContinueOnError)
	all := fs.Bool("all", false, "show every hint at once")
	names, err := parse(fs, args, env)
	if err != nil {
		return err
	}
	if len(names) != 1 || names[0] == "" {
		return usageErrorf("name one exercise: make hint EX=03")
	}
	root, m, err := repo(env)
	if err != nil {
		return err
	}
	exs, err := selectExercises(m, names)
	if err != nil {
		return err
	}
	ex := exs[0]
	f, err := os.Open(filepath.Join(root, ex.HintsFile()))
	if err != nil {
		return usageErrorf("exercise %s has no hints file %s: restore it with git checkout -- %s", ex.ID, ex.HintsFile(), ex.HintsFile())
	}
	defer f.Close()
	hs, err := hints.Parse(f)
	if err != nil {
		return usageErrorf("%s: %v", ex.HintsFile(), err)
	}
	if *all {
		for i, h := range hs {
			fmt.Fprintf(env.Stdout, "Hint %d of %d\n\n%s\n\n", i+1, len(hs), h)
		}
		return nil
	}
	st, err := state.Load(root)
	if err != nil {
		return err
	}
	n := min(st.Hints[ex.ID]+1, len(hs))
	st.Hints[ex.ID] = n
	if err := st.Save(); err != nil {
		fmt.Fprintf(env.Stderr, "kata: warning: could not remember the hint level: %v\n", err)
	}
	fmt.Fprintf(env.Stdout, "%s %s, hint %d of %d\n\n%s\n\n", ex.ID, ex.Slug, n, len(hs), hs[n-1])
	if n < len(hs) {
		fmt.Fprintf(env.Stdout, "Still stuck? make hint EX=%s shows the next one.\n", ex.ID)
	} else if handout.IsStudentCopy(root) {
		fmt.Fprintln(env.Stdout, "That was the last hint.")
	} else {
		fmt.Fprintf(env.Stdout, "That was the last hint. The reference is in %s once you are done.\n", ex.SolutionDir())
	}
	return nil
}
