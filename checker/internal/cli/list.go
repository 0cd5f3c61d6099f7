package cli

import (
	"flag"
	"fmt"
	"strings"

	"github.com/asynckata/kata/checker/internal/state"
)

func list(args []string, env Env) error {
	fs := flag.NewFlagSet("list", flag.ContinueOnError)
	extra, err := parse(fs, args, env)
	if err != nil {
		return err
	}
	if len(extra) > 0 {
		return usageErrorf("list takes no arguments")
	}
	root, m, err := repo(env)
	if err != nil {
		return err
	}
	st, err := state.Load(root)
	if err != nil {
		return err
	}
	var b strings.Builder
	for _, ch := range m.Chapters {
		var rows []string
		for _, ex := range m.Exercises {
			if ex.Chapter != ch.Number {
				continue
			}
			last := "not checked yet"
			if l, ok := st.Last[ex.ID]; ok {
				last = fmt.Sprintf("%s %d/%d", l.Status, l.Score, l.Points)
				if l.Failure != "" && l.Failure != "none" {
					last += " (" + l.Failure + ")"
				}
			}
			rows = append(rows, fmt.Sprintf("  %s %-16s %-46s %s", ex.ID, ex.Slug, ex.Title, last))
		}
		if len(rows) == 0 {
			continue
		}
		fmt.Fprintf(&b, "Chapter %d: %s\n%s\n\n", ch.Number, ch.Title, strings.Join(rows, "\n"))
	}
	b.WriteString("Grade one with: make check EX=<number>\n")
	_, err = fmt.Fprint(env.Stdout, b.String())
	return err
}
