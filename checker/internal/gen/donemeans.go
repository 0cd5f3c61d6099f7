package gen

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/asynckata/kata/checker/internal/contract"
	"github.com/asynckata/kata/checker/internal/manifest"
)

// The markers around the generated "Done means" table of an exercise's
// README, and the heading it sits under.
const (
	ContractBegin = "<!-- contract:begin -->"
	ContractEnd   = "<!-- contract:end -->"
	DoneHeading   = "## Done means"
)

// DoneMeans renders an exercise's "Done means" block from its contract: a
// one-line lead naming the checks make check passes, then one row per
// promise with its check and tests.
func DoneMeans(ex manifest.Exercise, c *contract.Contract) string {
	var b strings.Builder
	fmt.Fprintf(&b, "`make check EX=%s` passes %s: each promise below is checked by the tests beside it.\n\n", ex.ID, and(ex.Checks))
	b.WriteString("| promise | check | tests |\n")
	b.WriteString("|---------|-------|-------|\n")
	for _, p := range c.Promises {
		tests := make([]string, len(p.Tests))
		for i, t := range p.Tests {
			tests[i] = "`" + t + "`"
			if t == contract.EndOfRun {
				tests[i] += " (no goroutine left at the end)"
			}
		}
		fmt.Fprintf(&b, "| %s | %s | %s |\n", cell(p.Says), p.Check, strings.Join(tests, ", "))
	}
	return b.String()
}

// and joins names as a sentence does: "a", "a and b", "a, b and c".
func and(names []string) string {
	switch len(names) {
	case 0:
		return ""
	case 1:
		return names[0]
	}
	return strings.Join(names[:len(names)-1], ", ") + " and " + names[len(names)-1]
}

// cell makes text one Markdown table cell: one line, pipes escaped.
func cell(s string) string {
	return strings.ReplaceAll(strings.Join(strings.Fields(s), " "), "|", `\|`)
}

// ExerciseReadme returns an exercise README's content with its "Done
// means" block brought up to date. A README without the markers gets them
// right under its "## Done means" heading (the text already there stays,
// below the block, for the author to trim).
func ExerciseReadme(content []byte, ex manifest.Exercise, c *contract.Contract) ([]byte, error) {
	block := ContractBegin + "\n" + DoneMeans(ex, c) + ContractEnd
	begin := bytes.Index(content, []byte(ContractBegin))
	end := bytes.Index(content, []byte(ContractEnd))
	switch {
	case begin >= 0 && end > begin:
		var out bytes.Buffer
		out.Write(content[:begin])
		out.WriteString(block)
		out.Write(content[end+len(ContractEnd):])
		return out.Bytes(), nil
	case begin >= 0 || end >= 0:
		return nil, fmt.Errorf("has one of %s and %s but not the other, in that order: put both back (or remove both and run make generate again)", ContractBegin, ContractEnd)
	}
	if !bytes.HasSuffix(content, []byte("\n")) {
		content = append(bytes.Clone(content), '\n')
	}
	at := headingEnd(content)
	if at < 0 {
		return nil, fmt.Errorf("has no %q heading: add it where the promises belong, and make generate writes the table of %s under it", DoneHeading, contract.FileName)
	}
	var out bytes.Buffer
	out.Write(content[:at])
	out.WriteString("\n" + block + "\n")
	if rest := content[at:]; len(rest) > 0 && rest[0] != '\n' {
		out.WriteString("\n")
	}
	out.Write(content[at:])
	return out.Bytes(), nil
}

// headingEnd is the offset just past the "## Done means" heading's line,
// or -1 when there is none.
func headingEnd(content []byte) int {
	off := 0
	for _, line := range bytes.SplitAfter(content, []byte("\n")) {
		if strings.TrimSpace(string(line)) == DoneHeading {
			return off + len(line)
		}
		off += len(line)
	}
	return -1
}

// contractReadmes lists the README of every exercise that has a
// contract.toml: its "Done means" block follows from the contract. An
// exercise without one is left alone here; verify says to write it.
func contractReadmes(root string, m *manifest.Manifest) []file {
	var out []file
	for _, ex := range m.Exercises {
		rel := filepath.ToSlash(filepath.Join(ex.Dir(), contract.FileName))
		path := filepath.Join(root, filepath.FromSlash(rel))
		if _, err := os.Stat(path); err != nil {
			continue
		}
		name := filepath.ToSlash(filepath.Join(ex.Dir(), "README.md"))
		out = append(out, file{name, func(have []byte) ([]byte, error) {
			if have == nil {
				return nil, fmt.Errorf("is missing: restore it with git checkout -- %s", name)
			}
			b, err := os.ReadFile(path)
			if err != nil {
				return nil, fmt.Errorf("read %s: %w", rel, err)
			}
			c, err := contract.Parse(bytes.NewReader(b))
			if err != nil {
				return nil, fmt.Errorf("its table comes from %s, which needs fixing: %w", rel, err)
			}
			return ExerciseReadme(have, ex, c)
		}})
	}
	return out
}
