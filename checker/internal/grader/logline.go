package grader

import (
	"bufio"
	"os"
	"path/filepath"
	"strings"
	"sync"
)

// logLines returns a classify.Input.IsLog for the package in dir: whether
// a line of one of its _test.go files calls t.Log or t.Logf (a note), as
// opposed to t.Error, t.Fatal or testify (a failure). Test files are
// protected, so reading them from disk reads what ran.
func logLines(dir string) func(file string, line int) bool {
	var mu sync.Mutex
	files := map[string][]string{}
	return func(file string, line int) bool {
		if !strings.HasSuffix(file, "_test.go") || strings.ContainsAny(file, `/\`) {
			return false
		}
		mu.Lock()
		lines, ok := files[file]
		if !ok {
			lines = readLines(filepath.Join(dir, file))
			files[file] = lines
		}
		mu.Unlock()
		if line < 1 || line > len(lines) {
			return false
		}
		s := strings.TrimSpace(lines[line-1])
		return strings.Contains(s, ".Log(") || strings.Contains(s, ".Logf(")
	}
}

func readLines(path string) []string {
	f, err := os.Open(path)
	if err != nil {
		return nil
	}
	defer f.Close()
	var out []string
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for sc.Scan() {
		out = append(out, sc.Text())
	}
	return out
}
