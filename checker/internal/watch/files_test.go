package watch

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestRelevant(t *testing.T) {
	for path, want := range map[string]bool{
		"ex/crawler.go": true, "ex/kernel.c": true, "ex/kernel.h": true,
		"ex/.crawler.go.swp": false, "ex/crawler.go~": false, "ex/#crawler.go#": false,
		"ex/README.md": false, "ex/4913": false,
	} {
		assert.Equal(t, want, Relevant(path), path)
	}
}

func TestMissedFindsSavesWithoutEvents(t *testing.T) {
	t0 := time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)
	before := map[string]time.Time{"a.go": t0, "b.go": t0, "c.go": t0}
	now := map[string]time.Time{"a.go": t0.Add(time.Second), "b.go": t0.Add(time.Second), "c.go": t0, "d.go": t0}
	got := Missed(before, now, map[string]bool{"b.go": true})
	assert.Equal(t, []Change{{Path: "a.go", Missed: true}, {Path: "d.go", Missed: true}}, got,
		"a.go changed and d.go appeared with no event; b.go had its event; c.go did not change")
}

func TestModTimes(t *testing.T) {
	dir := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dir, "x.go"), []byte("package x"), 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "notes.txt"), []byte("hi"), 0o644))
	got := ModTimes(dir)
	assert.Len(t, got, 1)
	assert.Contains(t, got, filepath.Join(dir, "x.go"))
}
