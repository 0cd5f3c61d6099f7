package cli

import (
	"flag"
	"fmt"
	"strings"

	"github.com/asynckata/kata/checker/internal/manifest"
	"github.com/asynckata/kata/checker/internal/report"
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
	text, err := listText(root, m)
	if err != nil {
		return err
	}
	_, err = fmt.Fprint(env.Stdout, text)
	return err
}

// listText shows the exercises by chapter, each done, failing (with the
// check that failed) or not tried, a progress bar and the next one to do:
// the first not passed in course order (by chapter, then id, as the
// manifest holds them).
func listText(root string, m *manifest.Manifest) (string, error) {
	st, err := state.Load(root)
	if err != nil {
		return "", err
	}
	return formatList(m, st), nil
}

func formatList(m *manifest.Manifest, st *state.State) string {
	var b strings.Builder
	done, next := 0, ""
	for _, ch := range m.Chapters {
		var rows []string
		for _, ex := range m.Exercises {
			if ex.Chapter != ch.Number {
				continue
			}
			l, tried := st.Last[ex.ID]
			status := "not tried"
			switch {
			case tried && l.Status == report.StatusPass:
				status = fmt.Sprintf("done     %d/%d", l.Score, l.Points)
				done++
			case tried:
				status = "failing  " + failingWhat(l)
			}
			if next == "" && !(tried && l.Status == report.StatusPass) {
				next = ex.ID
			}
			rows = append(rows, fmt.Sprintf("  %s %-16s %-48s %s", ex.ID, ex.Slug, ex.Title, status))
		}
		if len(rows) == 0 {
			continue
		}
		fmt.Fprintf(&b, "Chapter %d: %s\n%s\n\n", ch.Number, ch.Title, strings.Join(rows, "\n"))
	}
	fmt.Fprintf(&b, "%s %d of %d done\n", bar(done, len(m.Exercises), 20), done, len(m.Exercises))
	if next != "" {
		fmt.Fprintf(&b, "Next: make check EX=%s (or make watch EX=%s)\n", next, next)
	} else {
		b.WriteString("Every exercise passes: well done!\n")
	}
	return b.String()
}

// failingWhat names what failed last time: the first failing check, else
// the failure class.
func failingWhat(l state.Last) string {
	switch {
	case l.Check != "":
		s := l.Check
		if l.Failure != "" && l.Failure != "none" && l.Failure != l.Check {
			s += " (" + l.Failure + ")"
		}
		return s
	case l.Failure != "" && l.Failure != "none":
		return l.Failure
	}
	return l.Status
}

// bar draws done out of total as [#####-----] in width cells.
func bar(done, total, width int) string {
	n := 0
	if total > 0 {
		n = done * width / total
	}
	return "[" + strings.Repeat("#", n) + strings.Repeat("-", width-n) + "]"
}
