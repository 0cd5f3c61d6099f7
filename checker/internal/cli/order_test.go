package cli

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/asynckata/kata/checker/internal/manifest"
	"github.com/asynckata/kata/checker/internal/report"
)

// lateIDs is a kata whose exercises 17, 18 and 19 came after 01 to 10 and
// sit in chapters 1, 5 and 6; kata.toml lists them last, as an author
// adding them might.
var lateIDs = func() string {
	var b strings.Builder
	b.WriteString("module = \"example.com/kata\"\n")
	for _, ch := range []int{1, 5, 6} {
		fmt.Fprintf(&b, "\n[[chapter]]\nnumber = %d\ntitle = \"Chapter %d\"\n", ch, ch)
	}
	for _, ex := range []struct {
		id string
		ch int
	}{{"01", 1}, {"09", 5}, {"10", 6}, {"17", 1}, {"18", 5}, {"19", 6}} {
		fmt.Fprintf(&b, "\n[[exercise]]\nid = %q\nslug = \"ex-%s\"\nchapter = %d\ntitle = \"Exercise %s\"\n"+
			"points = 10\nchecks = [\"build\", \"tests\"]\nobjective = \"tests\"\nlimit = \"30s\"\nedit = [\"ex.go\"]\n",
			ex.id, ex.id, ex.ch, ex.id)
	}
	return b.String()
}()

// TestListAndWatchFollowCourseOrder: make list shows the exercises by
// chapter, then id, and names as next the first one not passed in that
// order; make watch (with no EX) starts there, and its n key moves on in
// the same order.
func TestListAndWatchFollowCourseOrder(t *testing.T) {
	tests := []struct {
		name     string
		passed   []string
		wantNext string // "" when every exercise passes
		// wantAfter is the exercise watch's n key moves to from wantNext.
		wantAfter string
	}{
		{"nothing passed", nil, "01", "17"},
		{"01 passed: 17 is next, in chapter 1", []string{"01"}, "17", "09"},
		{"chapter 1 passed", []string{"01", "17"}, "09", "18"},
		{"17 passed, not 01", []string{"17"}, "01", "17"},
		{"all but 19", []string{"01", "17", "09", "18", "10"}, "19", ""},
		{"all passed", []string{"01", "17", "09", "18", "10", "19"}, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := repoDir(t, lateIDs)
			for _, id := range tt.passed {
				rememberResult(t, dir, id, report.StatusPass, "")
			}
			code, out, _ := run(t, dir, "list")
			require.Equal(t, ExitPass, code)
			rows := regexp.MustCompile(`(?m)^  (\d\d) ex-`).FindAllStringSubmatch(out, -1)
			var ids []string
			for _, r := range rows {
				ids = append(ids, r[1])
			}
			assert.Equal(t, []string{"01", "17", "09", "18", "10", "19"}, ids, "list rows")
			assert.Less(t, strings.Index(out, "Chapter 1"), strings.Index(out, "Chapter 5"))
			assert.Less(t, strings.Index(out, "Chapter 5"), strings.Index(out, "Chapter 6"))
			if tt.wantNext == "" {
				assert.Contains(t, out, "Every exercise passes")
			} else {
				assert.Contains(t, out, "Next: make check EX="+tt.wantNext)
			}

			m, err := manifest.Load(dir + "/kata.toml")
			require.NoError(t, err)
			i, err := firstNotPassing(dir, m)
			require.NoError(t, err)
			start := tt.wantNext
			if start == "" {
				start = "01" // every exercise passes: watch starts at the first
			}
			assert.Equal(t, start, m.Exercises[i].ID, "make watch starts there")
			if tt.wantAfter != "" {
				assert.Equal(t, tt.wantAfter, m.Exercises[i+1].ID, "watch's n moves on to")
			}
		})
	}
}
