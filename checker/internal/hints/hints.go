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
		if strings.HasPrefix(line, "## ") && strings.HasPrefix(strings.ToLower(strings.TrimSpace(line[3:])), "hint") {
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
