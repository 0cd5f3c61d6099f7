package cli

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"github.com/asynckata/kata/checker/internal/handout"
	"github.com/asynckata/kata/checker/internal/runner"
	"github.com/asynckata/kata/checker/internal/tamper"
)

// templateCmd writes the student copy of the repository to one folder.
func templateCmd(ctx context.Context, args []string, env Env) error {
	fs := flag.NewFlagSet("template", flag.ContinueOnError)
	route := fs.String("route", handout.RouteActions, "how the assignment is graded: actions (the workflow in each student repository) or classroom50")
	hintsOpt := fs.String("hints", "all", "hints to include: all, none, or how many per exercise")
	dests, err := parse(fs, args, env)
	if err != nil {
		return err
	}
	if len(dests) != 1 {
		return usageErrorf("name one folder to write the copy to: make student-template DEST=../kata-assignment")
	}
	root, _, err := repo(env)
	if err != nil {
		return err
	}
	if handout.IsStudentCopy(root) {
		return usageErrorf("this is already a student copy: make the template from the kata's own repository")
	}
	dest := dests[0]
	if dest != "" && !filepath.IsAbs(dest) {
		dest = filepath.Join(env.Dir, dest)
	}
	n, err := handout.Write(root, dest, handout.Options{Route: *route, Hints: *hintsOpt, Starter: recordedStarter(ctx, root)})
	if err != nil {
		return usageErrorf("%v", err)
	}
	fmt.Fprintf(env.Stdout, "wrote the student copy to %s (%d files; no solutions/, TEACHING.md or AUTHORING.md; route %s; hints: %s)\n", dest, n, *route, *hintsOpt)
	fmt.Fprintln(env.Stdout, "next: git init it, commit, push it with a token that has the workflow scope, and mark it a template repository (see TEACHING.md)")
	return nil
}

// recordedStarter gives the committed starter of an edit file that a
// learner (or a teacher trying the exercises) has changed, read from git
// by the blob checker/starters.sum records; nil without that record.
func recordedStarter(ctx context.Context, root string) func(string) ([]byte, bool, error) {
	starters, err := tamper.LoadStarters(root)
	if err != nil {
		return nil
	}
	return func(rel string) ([]byte, bool, error) {
		blob, ok := starters[rel]
		if !ok {
			return nil, false, nil
		}
		disk, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(rel)))
		if err == nil && tamper.BlobID(disk) == blob {
			return nil, false, nil
		}
		b, err := runner.GitBlob(ctx, root, blob)
		if err != nil {
			return nil, false, fmt.Errorf("%s is not the starter, and git cannot give the recorded one (%w): restore it with git checkout -- %s", rel, err, rel)
		}
		return b, true, nil
	}
}
