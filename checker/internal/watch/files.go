package watch

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"
)

// Relevant reports whether a change to the file at path can change a
// grade: Go, C and assembly sources, not an editor's swap or backup file.
func Relevant(path string) bool {
	base := filepath.Base(path)
	if strings.HasPrefix(base, ".") || strings.HasSuffix(base, "~") || strings.HasPrefix(base, "#") {
		return false
	}
	return slices.Contains([]string{".go", ".c", ".h", ".s"}, filepath.Ext(base))
}

// ModTimes returns the modification time of every relevant file of dir.
func ModTimes(dir string) map[string]time.Time {
	out := map[string]time.Time{}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return out
	}
	for _, e := range entries {
		p := filepath.Join(dir, e.Name())
		if e.IsDir() || !Relevant(p) {
			continue
		}
		if info, err := e.Info(); err == nil {
			out[p] = info.ModTime()
		}
	}
	return out
}

// Missed compares two readings of ModTimes and returns a Change, marked
// Missed, for every file that changed (or appeared) with no event for it
// in evented.
func Missed(before, now map[string]time.Time, evented map[string]bool) []Change {
	var out []Change
	for p, t := range now {
		if old, ok := before[p]; (!ok || !old.Equal(t)) && !evented[p] {
			out = append(out, Change{Path: p, Missed: true})
		}
	}
	slices.SortFunc(out, func(a, b Change) int { return strings.Compare(a.Path, b.Path) })
	return out
}
