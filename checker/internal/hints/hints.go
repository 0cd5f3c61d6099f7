package hints

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"strings"
)

// Parse returns the hints of a hints file, in order. A file without hints,
// or with an empty one, is an error that says which.
func Parse(r io.Reader) ([]string, error) {
	var hints []string
	var cur *strings.Builder
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		line := sc.Text()
		if isHeading(line) {
			hints = append(hints, "")
			cur = &strings.Builder{}
			continue
		}
		if cur == nil {
			continue
		}
		cur.WriteString(line)
		cur.WriteString("\n")
		hints[len(hints)-1] = strings.TrimSpace(cur.String())
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("read hints: %w", err)
	}
	if len(hints) == 0 {
		return nil, errors.New(`no hints: start each hint with a line of its own, "## Hint 1", then "## Hint 2" and so on`)
	}
	for i, h := range hints {
		if h == "" {
			return nil, fmt.Errorf("hint %d is empty", i+1)
		}
	}
	return hints, nil
}

// Keep returns a hints file cut after its first n hints: the text before
// the first hint heading stays, and so do the first n hints.
func Keep(file []byte, n int) []byte {
	lines := strings.SplitAfter(string(file), "\n")
	seen := 0
	for i, line := range lines {
		if isHeading(line) {
			seen++
			if seen > n {
				return []byte(strings.TrimRight(strings.Join(lines[:i], ""), "\n") + "\n")
			}
		}
	}
	return file
}

func isHeading(line string) bool {
	return strings.HasPrefix(line, "## ") && strings.HasPrefix(strings.ToLower(strings.TrimSpace(line[3:])), "hint")
}

// Overlap counts how many of the solution's lines of code a hint repeats:
// lines compared with their spaces trimmed, ignoring blank lines, comments
// and lines of punctuation alone (a closing brace says nothing). It
// returns the repeated lines and the solution's lines that count.
func Overlap(hint, solution string) (repeated, total int) {
	inHint := map[string]bool{}
	for _, l := range strings.Split(hint, "\n") {
		inHint[strings.TrimSpace(l)] = true
	}
	seen := map[string]bool{}
	for _, l := range strings.Split(solution, "\n") {
		l = strings.TrimSpace(l)
		if !substantial(l) || seen[l] {
			continue
		}
		seen[l] = true
		total++
		if inHint[l] {
			repeated++
		}
	}
	return repeated, total
}

func substantial(l string) bool {
	if l == "" || strings.HasPrefix(l, "//") || strings.HasPrefix(l, "package ") {
		return false
	}
	return strings.ContainsFunc(l, func(r rune) bool {
		return r == '_' || ('a' <= r && r <= 'z') || ('A' <= r && r <= 'Z') || ('0' <= r && r <= '9')
	})
}
