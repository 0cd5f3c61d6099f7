package grader

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/asynckata/kata/checker/internal/expect"
	"github.com/asynckata/kata/checker/internal/manifest"
	"github.com/asynckata/kata/checker/internal/score"
	"github.com/asynckata/kata/checker/internal/screen"
	"github.com/asynckata/kata/checker/internal/tamper"
	"github.com/asynckata/kata/checker/internal/testrun"
	"github.com/asynckata/kata/internal/katatest"
)

// Honest is what grading trusts beyond the runs themselves.
type Honest struct {
	// Expect lists the tests the protected test files declare: each must
	// report a pass, and no other result may appear. Nil expects nothing.
	Expect *expect.Tests
	// Forbidden are the screen's findings on the graded files.
	Forbidden []string
	// Unreadable says which graded files the screen could not read as the
	// compiler would: not regular files (a symlink, a device), files that
	// cannot be read, Go that does not parse. The build fails on them.
	Unreadable []string
	// Screened maps each graded source file (its absolute path in the
	// exercise folder) to the bytes the screen read: the build compiles
	// exactly these, through the overlay.
	Screened map[string][]byte
	// Extra are the files beyond the edit files (learner mode, cheats).
	Extra []string
	// Starters maps edit files (absolute paths) to the git blob of the
	// recorded starter graded in their place.
	Starters map[string]string
}

// Prepare screens what job grades and lists the tests it expects. sums
// names the protected files (nil: every file but README.md and the edit
// files counts as protected); starters, for verify's starter invariant,
// maps edit files (slash paths from the root) to recorded git blobs.
//
// For the learner's code, a source file beyond the edit files is
// screened and listed in Extra (it scores 0 in strict modes); for a
// solution, a wrong solution, a cheat or the recorded starter, the
// learner's extra files are hidden, so what is graded is the committed
// exercise plus that source. A test file beyond the protected ones is
// always hidden: its tests would count for nothing.
//
// Every graded file is read once, here: it must be a regular file, and
// the bytes the screen read are the bytes the build compiles.
func Prepare(job *Job, root string, ex manifest.Exercise, src Source, sums tamper.Sums, starters map[string]string) error {
	for _, a := range ex.Allow {
		if why := screen.CheckAllow(a); why != "" {
			return fmt.Errorf("exercise %s: kata.toml allow: %s", ex.ID, why)
		}
	}
	for _, a := range ex.API {
		if why := screen.CheckAPI(a); why != "" {
			return fmt.Errorf("exercise %s: kata.toml api: %s", ex.ID, why)
		}
	}
	dir := filepath.Join(root, ex.Dir())
	prefix := filepath.ToSlash(ex.Dir()) + "/"
	protected := func(name string) bool {
		if name == "README.md" || slices.Contains(ex.Edit, name) {
			return false
		}
		if sums == nil {
			return true
		}
		_, ok := sums[prefix+name]
		return ok
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return fmt.Errorf("exercise %s: read its folder: %w", ex.ID, err)
	}
	if job.Replace == nil {
		job.Replace = map[string]string{}
	}
	learner := src == Source{}
	var tests []string
	var support []screen.File
	// graded maps each file name of the package as graded to where its
	// content comes from.
	graded := map[string]string{}
	cgo := slices.Contains(ex.Allow, "C")
	for _, e := range entries {
		name := e.Name()
		source := screen.Source(name) && !e.IsDir() // a source file that is not regular fails the build, below
		if cgo && learner && !e.Type().IsRegular() && !source && !protectedDir(sums, prefix+name) {
			// The C compiler searches the exercise folder for the headers
			// it includes (<bits/types.h> too, from the system's own
			// headers): a folder or link of the learner's there would put
			// its C into the support code's build.
			job.Forbidden = append(job.Forbidden, fmt.Sprintf("%s: a folder or link of yours in an exercise with C: the C compiler looks in the exercise folder for the headers it includes (<bits/...>, <sys/...>), so it would build what is in it with the support code's C; move it out of %s", name, ex.Dir()))
			continue
		}
		if !screen.Source(name) || e.IsDir() {
			continue
		}
		abs := filepath.Join(dir, name)
		switch {
		case protected(name):
			if strings.HasSuffix(name, "_test.go") {
				tests = append(tests, abs)
			}
			if b, err := os.ReadFile(abs); err == nil {
				support = append(support, screen.File{Name: name, Src: b})
			}
		case slices.Contains(ex.Edit, name):
			graded[name] = abs
		case learner:
			job.Extra = append(job.Extra, name)
			graded[name] = abs
		default:
			job.Replace[abs] = "" // the learner's extra file, not part of a clean copy
		}
	}
	// The overlay's files stand in for (or add to) the folder's.
	for target, from := range job.Replace {
		name := filepath.Base(target)
		if filepath.Dir(target) != dir || from == "" || !screen.Source(name) {
			continue
		}
		if _, onDisk := graded[name]; !onDisk && !slices.Contains(ex.Edit, name) && !protected(name) {
			job.Extra = append(job.Extra, name)
		}
		graded[name] = from
	}
	if src.Starter {
		for _, f := range ex.Edit {
			blob, ok := starters[prefix+f]
			if disk, err := os.ReadFile(filepath.Join(dir, f)); ok && err == nil && tamper.BlobID(disk) == blob {
				ok = false // the file on disk is the starter
			}
			if ok {
				if job.Starters == nil {
					job.Starters = map[string]string{}
				}
				job.Starters[filepath.Join(dir, f)] = blob
				delete(graded, f) // the committed starter: nothing to screen
			}
		}
	}
	names := make([]string, 0, len(graded))
	for n := range graded {
		names = append(names, n)
	}
	slices.Sort(names)
	var files []screen.File
	for _, name := range names {
		target := filepath.Join(dir, name)
		if strings.HasSuffix(name, "_test.go") {
			job.Replace[target] = "" // hidden: neither built nor screened
			continue
		}
		b, why := readRegular(graded[name])
		if why != "" {
			job.Unreadable = append(job.Unreadable, fmt.Sprintf("%s: the kata only grades regular files, and %s %s: %s", name, name, why,
				"make it a plain file holding your code (git checkout -- "+filepath.ToSlash(filepath.Join(ex.Dir(), name))+" brings back the starter)"))
			continue
		}
		if job.Screened == nil {
			job.Screened = map[string][]byte{}
		}
		job.Screened[target] = b
		files = append(files, screen.File{Name: name, Src: b})
	}
	for _, f := range screen.Package(files, support, screen.Policy{Allow: ex.Allow, API: ex.API}) {
		if f.Build {
			job.Unreadable = append(job.Unreadable, f.String())
		} else {
			job.Forbidden = append(job.Forbidden, f.String())
		}
	}
	slices.Sort(job.Extra)
	job.Extra = slices.Compact(job.Extra)
	if len(job.Replace) == 0 {
		job.Replace = nil
	}
	want, err := expect.Parse(tests)
	if err == nil {
		job.Expect = &want
	}
	// A protected test that does not parse fails the build, which says why.
	return nil
}

// protectedDir reports whether the folder p (a slash path from the root)
// holds protected files, or whether every file is protected (sums nil).
func protectedDir(sums tamper.Sums, p string) bool {
	if sums == nil {
		return true
	}
	for k := range sums {
		if strings.HasPrefix(k, p+"/") {
			return true
		}
	}
	return false
}

// readRegular reads a graded file, or says why it cannot be graded: it
// is not a regular file (a symbolic link, a device, a folder) or cannot
// be read.
func readRegular(path string) ([]byte, string) {
	fi, err := os.Lstat(path)
	if err != nil {
		return nil, "cannot be read (" + err.Error() + ")"
	}
	switch m := fi.Mode(); {
	case m&os.ModeSymlink != 0:
		return nil, "is a symbolic link"
	case !m.IsRegular():
		return nil, "is not a plain file (" + m.Type().String() + ")"
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, "cannot be read (" + err.Error() + ")"
	}
	defer f.Close()
	// The file opened must be the file checked: no symlink swapped in.
	if fi2, err := f.Stat(); err != nil || !os.SameFile(fi, fi2) {
		return nil, "changed while it was read"
	}
	b, err := io.ReadAll(f)
	if err != nil {
		return nil, "cannot be read (" + err.Error() + ")"
	}
	return b, ""
}

// audit compares a run's results with the tests that had to report.
func (j Job) audit(run *testrun.Run, timing bool) *score.Audit {
	if j.Expect == nil || run == nil {
		return nil
	}
	want := j.Expect.Race
	if timing {
		want = j.Expect.Timing
	}
	a := &score.Audit{}
	for _, name := range want {
		rs := run.Results[name]
		switch {
		case len(rs) == 0 && slices.Contains(run.Started, name):
			a.Missing = append(a.Missing, name+" (started, never finished)")
		case len(rs) == 0:
			a.Missing = append(a.Missing, name)
		case len(rs) == 1 && rs[0] == testrun.Skip:
			a.Skipped = append(a.Skipped, name)
		}
	}
	seen := map[string]bool{}
	for _, n := range run.Started {
		seen[n] = true
	}
	for n := range run.Results {
		seen[n] = true
	}
	names := make([]string, 0, len(seen))
	for n := range seen {
		names = append(names, n)
	}
	slices.Sort(names)
	for _, n := range names {
		switch {
		case !slices.Contains(want, n) && (timing || !slices.Contains(j.Expect.Other, n)):
			a.Forged = append(a.Forged, fmt.Sprintf("a result for %s, which no protected test file runs here", n))
		case len(run.Results[n]) > 1:
			a.Forged = append(a.Forged, fmt.Sprintf("%s reported %d results", n, len(run.Results[n])))
		}
	}
	return a
}

// measures keeps the figures a timing test logged from a protected test
// file ("timing_test.go:42: kata:measure {...}" in that test's output);
// any other kata:measure line is ignored. Without expectations (the
// fixtures), every figure counts.
func (j Job) measures(run *testrun.Run, all []katatest.Measure) []katatest.Measure {
	if j.Expect == nil || run == nil {
		return all
	}
	var out []katatest.Measure
	for _, t := range run.Tests {
		top, _, _ := strings.Cut(t.Name, "/")
		if !slices.Contains(j.Expect.Timing, top) {
			continue
		}
		for _, l := range t.Output {
			if m, ok := trustedMeasure(l, j.Expect.Files); ok {
				out = append(out, m)
			}
		}
	}
	return out
}

func trustedMeasure(line string, files []string) (katatest.Measure, bool) {
	where, rest, ok := strings.Cut(strings.TrimSpace(line), ": ")
	if !ok {
		return katatest.Measure{}, false
	}
	file, num, ok := strings.Cut(where, ":")
	if !ok || num == "" || strings.Trim(num, "0123456789") != "" || !slices.Contains(files, file) {
		return katatest.Measure{}, false
	}
	js, ok := strings.CutPrefix(rest, katatest.Prefix)
	if !ok {
		return katatest.Measure{}, false
	}
	var m katatest.Measure
	if json.Unmarshal([]byte(js), &m) != nil {
		return katatest.Measure{}, false
	}
	return m, true
}

// screened writes the bytes the screen read into tmp (under their own
// names, which stack traces show) and lays them over the files they came
// from, so the build compiles what was screened. It returns how to give
// the compiler's messages back their paths: the copy's path, as the go
// command prints it from root, becomes the file's.
func screened(tmp, root string, job *Job) (*strings.Replacer, error) {
	var pairs []string
	dir := filepath.Join(tmp, "screened")
	for target, b := range job.Screened {
		if err := os.MkdirAll(dir, 0o700); err != nil {
			return nil, fmt.Errorf("make a folder for the screened files: %w", err)
		}
		p := filepath.Join(dir, filepath.Base(target))
		if err := os.WriteFile(p, b, 0o600); err != nil {
			return nil, fmt.Errorf("write the screened copy of %s: %w", filepath.Base(target), err)
		}
		if job.Replace == nil {
			job.Replace = map[string]string{}
		}
		job.Replace[target] = p
		shown, err := filepath.Rel(root, target)
		if err != nil {
			shown = target
		}
		if rel, err := filepath.Rel(root, p); err == nil {
			pairs = append(pairs, rel, shown)
		}
		pairs = append(pairs, p, shown)
	}
	return strings.NewReplacer(pairs...), nil
}

// starters writes the recorded starters into tmp and lays them over the
// edit files.
func (g *Grader) starters(ctx context.Context, tmp string, job *Job) error {
	for target, blob := range job.Starters {
		b, err := g.Runner.GitBlob(ctx, blob)
		if err != nil {
			return fmt.Errorf("read the recorded starter of %s from git: %w", filepath.Base(target), err)
		}
		p := filepath.Join(tmp, "starter-"+filepath.Base(target))
		if err := os.WriteFile(p, b, 0o600); err != nil {
			return fmt.Errorf("write the recorded starter: %w", err)
		}
		if job.Replace == nil {
			job.Replace = map[string]string{}
		}
		job.Replace[target] = p
	}
	return nil
}
