package cli

import (
	"flag"
	"fmt"

	"github.com/asynckata/kata/checker/internal/gen"
	"github.com/asynckata/kata/checker/internal/handout"
)

// genCmd rewrites the files derived from kata.toml.
func genCmd(args []string, env Env) error {
	fs := flag.NewFlagSet("gen", flag.ContinueOnError)
	extra, err := parse(fs, args, env)
	if err != nil {
		return err
	}
	if len(extra) > 0 {
		return usageErrorf("gen takes no arguments")
	}
	root, m, err := repo(env)
	if err != nil {
		return err
	}
	if handout.IsStudentCopy(root) {
		return usageErrorf("this is a student copy: its generated files (the protected files' digests among them) come from the kata's repository and are not rewritten here; nothing was changed. Grade your work with make check EX=03")
	}
	changed, err := gen.Write(root, m)
	if err != nil {
		return err
	}
	if len(changed) == 0 {
		fmt.Fprintln(env.Stdout, "generated files are up to date")
	}
	for _, f := range changed {
		fmt.Fprintln(env.Stdout, "updated", f)
	}
	return nil
}
