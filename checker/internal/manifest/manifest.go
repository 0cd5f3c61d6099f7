package manifest

import (
	"cmp"
	"errors"
	"fmt"
	"io"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/BurntSushi/toml"
)

// FileName is the manifest's name at the repository root.
const FileName = "kata.toml"

// The five checks an exercise can be graded on.
const (
	CheckBuild  = "build"
	CheckTests  = "tests"
	CheckRace   = "race"
	CheckLeak   = "leak"
	CheckTiming = "timing"
)

// Checks lists every check in report order.
var Checks = []string{CheckBuild, CheckTests, CheckRace, CheckLeak, CheckTiming}

// Manifest is the parsed kata.toml.
type Manifest struct {
	// Module is the Go module path of the repository (from go.mod's
	// point of view: exercises are packages under Module/exercises/).
	Module string `toml:"module"`
	// Chapters are in the order of their numbers.
	Chapters []Chapter `toml:"chapter"`
	// Exercises are in course order (CourseOrder: by chapter, then id),
	// wherever kata.toml lists them: every list, "next" and table
	// follows it.
	Exercises []Exercise `toml:"exercise"`
}

// Chapter groups exercises under one topic of the course.
type Chapter struct {
	Number int    `toml:"number"`
	Title  string `toml:"title"`
	// Course names the part of the Python course the chapter translates.
	Course string `toml:"course"`
	// Teaches says in a few lines what the chapter teaches and which
	// Python idea it maps to Go (shown in the README's chapter table).
	Teaches string `toml:"teaches"`
}

// Exercise is one graded exercise.
type Exercise struct {
	ID      string `toml:"id"`
	Slug    string `toml:"slug"`
	Chapter int    `toml:"chapter"`
	Title   string `toml:"title"`
	Points  int    `toml:"points"`
	// Checks are the checks that apply; the others are reported as skip.
	Checks []string `toml:"checks"`
	// Objective is the check the untouched starter must fail.
	Objective string `toml:"objective"`
	// Limit bounds the wall-clock time of all test runs of the exercise.
	Limit Duration `toml:"limit"`
	// Edit lists the files the learner changes; the solution replaces them.
	Edit []string `toml:"edit"`
	// Wrong maps each wrong solution's folder name to the check that must
	// reject it.
	Wrong map[string]string `toml:"wrong"`
	// Cheat maps each cheat case (a folder under solutions/<ex>/cheat/
	// whose files are laid over the exercise's folder: same names
	// replace, new names are added) to the failure class it must get.
	// verify proves each scores 0, by default and with --strict.
	Cheat map[string]string `toml:"cheat"`
	// Right names other right solutions (folders under
	// solutions/<ex>/right/), written in styles other than the
	// reference's: verify proves each scores full marks, so a test that
	// refuses right code in another style is caught.
	Right []string `toml:"right"`
	// Allow names the packages beyond the screen's common set that the
	// exercise's task needs, e.g. "net/http", "os/exec", "C".
	Allow []string `toml:"allow"`
	// API names what the README hands out of the protected support code
	// beyond its exported names: "name", "Type.name", or "C.name" (C
	// names are refused unless listed).
	API []string `toml:"api"`
	// Clock is how the exercise's timing tests measure: "real" (the
	// default: sockets, processes, CPU) or "virtual" (inside a
	// testing/synctest bubble). Real-time runs are never run side by side.
	Clock string `toml:"clock"`
}

// CheatClasses are the failure classes a cheat case may expect.
var CheatClasses = []string{"forbidden", "tampered", "build", "timeout", "deadlock", "race", "leak", "fatal", "panic", "crash", "assertion", "tests", "timing"}

// Clocks a timing test can measure with.
const (
	ClockReal    = "real"
	ClockVirtual = "virtual"
)

// RealTime reports whether the exercise's timing tests measure real time.
func (e Exercise) RealTime() bool { return e.Clock != ClockVirtual }

// Duration is a time.Duration written as "60s" in TOML.
type Duration struct{ time.Duration }

// UnmarshalText parses a Go duration string.
func (d *Duration) UnmarshalText(b []byte) error {
	v, err := time.ParseDuration(string(b))
	if err != nil {
		return fmt.Errorf("limit %q is not a duration like \"60s\"", b)
	}
	d.Duration = v
	return nil
}

// Name is the exercise's folder name, "03-crawler".
func (e Exercise) Name() string { return e.ID + "-" + e.Slug }

// Dir is the starter's folder, relative to the repository root.
func (e Exercise) Dir() string { return filepath.Join("exercises", e.Name()) }

// SolutionDir is the reference solution's folder.
func (e Exercise) SolutionDir() string { return filepath.Join("solutions", e.Name()) }

// WrongDir is the folder of the wrong solution called name.
func (e Exercise) WrongDir(name string) string {
	return filepath.Join(e.SolutionDir(), "wrong", name)
}

// CheatDir is the folder of the cheat case called name.
func (e Exercise) CheatDir(name string) string {
	return filepath.Join(e.SolutionDir(), "cheat", name)
}

// RightDir is the folder of the right solution called name.
func (e Exercise) RightDir(name string) string {
	return filepath.Join(e.SolutionDir(), "right", name)
}

// CheatNames returns the cheat cases' names in a stable order.
func (e Exercise) CheatNames() []string { return slices.Sorted(maps.Keys(e.Cheat)) }

// Case is a kind of code kata.toml lists beside an exercise's reference:
// its right solutions, its wrong solutions, its cheat cases.
type Case string

// The kinds of Case, named as the messages name them.
const (
	RightCase Case = "right solution"
	WrongCase Case = "wrong solution"
	CheatCase Case = "cheat"
)

// CaseDir returns the folder of the exercise's case of this kind called
// name, or an error that names the ones kata.toml lists.
func (e Exercise) CaseDir(kind Case, name string) (string, error) {
	known, dir := e.CheatNames(), e.CheatDir
	switch kind {
	case RightCase:
		known, dir = e.Right, e.RightDir
	case WrongCase:
		known, dir = e.WrongNames(), e.WrongDir
	}
	if !slices.Contains(known, name) {
		has := strings.Join(known, ", ")
		if has == "" {
			has = "none"
		}
		return "", fmt.Errorf("exercise %s has no %s %q (it has: %s)", e.ID, kind, name, has)
	}
	return dir(name), nil
}

// HintsFile is the exercise's hints file.
func (e Exercise) HintsFile() string { return filepath.Join("hints", e.Name()+".md") }

// Applies reports whether check is graded for the exercise.
func (e Exercise) Applies(check string) bool { return slices.Contains(e.Checks, check) }

// WrongNames returns the wrong solutions' names in a stable order.
func (e Exercise) WrongNames() []string { return slices.Sorted(maps.Keys(e.Wrong)) }

// ImportPath is the Go import path of the exercise package.
func (m *Manifest) ImportPath(e Exercise) string {
	return m.Module + "/exercises/" + e.Name()
}

// ChapterOf returns the chapter an exercise belongs to.
func (m *Manifest) ChapterOf(e Exercise) Chapter {
	for _, c := range m.Chapters {
		if c.Number == e.Chapter {
			return c
		}
	}
	return Chapter{Number: e.Chapter}
}

// MaxScore is the sum of every exercise's points.
func (m *Manifest) MaxScore() int {
	total := 0
	for _, e := range m.Exercises {
		total += e.Points
	}
	return total
}

// CourseOrder compares two exercises in the order a learner meets them:
// by chapter, then by id. Ids are stable names that teachers' assignments
// use, so an exercise added later to an early chapter (17 in chapter 1)
// keeps its id and still comes right after that chapter's others.
func CourseOrder(a, b Exercise) int {
	return cmp.Or(cmp.Compare(a.Chapter, b.Chapter), cmp.Compare(a.ID, b.ID))
}

// Load reads and validates the manifest at path.
func Load(path string) (*Manifest, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("open the manifest: %w (run the checker from inside the kata repository)", err)
	}
	defer f.Close()
	m, err := Parse(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return m, nil
}

// Parse reads and validates a manifest.
func Parse(r io.Reader) (*Manifest, error) {
	var m Manifest
	md, err := toml.NewDecoder(r).Decode(&m)
	if err != nil {
		return nil, fmt.Errorf("not valid TOML: %w", err)
	}
	if undecoded := md.Undecoded(); len(undecoded) > 0 {
		keys := make([]string, len(undecoded))
		for i, k := range undecoded {
			keys[i] = k.String()
		}
		return nil, fmt.Errorf("unknown keys %s: check their spelling against the other exercises", strings.Join(keys, ", "))
	}
	if err := m.validate(); err != nil {
		return nil, err
	}
	slices.SortStableFunc(m.Chapters, func(a, b Chapter) int { return cmp.Compare(a.Number, b.Number) })
	slices.SortStableFunc(m.Exercises, CourseOrder)
	return &m, nil
}

var (
	idPattern   = regexp.MustCompile(`^[0-9]{2}$`)
	slugPattern = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)
	filePattern = regexp.MustCompile(`^[A-Za-z0-9_][A-Za-z0-9_.-]*\.go$`)
)

func (m *Manifest) validate() error {
	var errs []error
	if m.Module == "" {
		errs = append(errs, errors.New(`missing "module" (the Go module path from go.mod)`))
	}
	chapters := map[int]bool{}
	for _, c := range m.Chapters {
		if chapters[c.Number] {
			errs = append(errs, fmt.Errorf("chapter %d is listed twice", c.Number))
		}
		chapters[c.Number] = true
		if c.Title == "" {
			errs = append(errs, fmt.Errorf("chapter %d: missing title", c.Number))
		}
	}
	if len(m.Exercises) == 0 {
		errs = append(errs, errors.New("no [[exercise]] entries"))
	}
	ids, slugs := map[string]bool{}, map[string]bool{}
	for i, e := range m.Exercises {
		where := fmt.Sprintf("exercise #%d", i+1)
		if e.ID != "" {
			where = "exercise " + e.ID
		}
		bad := func(format string, a ...any) {
			errs = append(errs, fmt.Errorf(where+": "+format, a...))
		}
		switch {
		case e.ID == "":
			bad(`missing "id"`)
		case !idPattern.MatchString(e.ID):
			bad(`id %q must be two digits, like "03"`, e.ID)
		case ids[e.ID]:
			bad("id %s is used twice", e.ID)
		}
		ids[e.ID] = true
		switch {
		case e.Slug == "":
			bad(`missing "slug"`)
		case !slugPattern.MatchString(e.Slug):
			bad("slug %q must be lower-case words joined by dashes", e.Slug)
		case slugs[e.Slug]:
			bad("slug %q is used twice", e.Slug)
		}
		slugs[e.Slug] = true
		if !chapters[e.Chapter] {
			bad("chapter %d is not one of the [[chapter]] entries", e.Chapter)
		}
		if e.Title == "" {
			bad(`missing "title"`)
		}
		if e.Points <= 0 {
			bad(`"points" must be a positive number`)
		}
		if len(e.Checks) == 0 {
			bad(`missing "checks"`)
		}
		for _, c := range e.Checks {
			if !slices.Contains(Checks, c) {
				bad("unknown check %q (the checks are %s)", c, strings.Join(Checks, ", "))
			}
		}
		if !e.Applies(CheckBuild) || !e.Applies(CheckTests) {
			bad(`"checks" must include build and tests`)
		}
		if e.Objective == "" {
			bad(`missing "objective"`)
		} else if !e.Applies(e.Objective) {
			bad("objective %q is not one of its checks", e.Objective)
		}
		if e.Clock != "" && e.Clock != ClockReal && e.Clock != ClockVirtual {
			bad(`"clock" must be "real" or "virtual", not %q`, e.Clock)
		}
		if e.Limit.Duration < time.Second {
			bad(`"limit" must be at least "1s"`)
		}
		if len(e.Edit) == 0 {
			bad(`missing "edit" (the files the learner changes)`)
		}
		for _, f := range e.Edit {
			if !filePattern.MatchString(f) || strings.HasSuffix(f, "_test.go") {
				bad("edit file %q must be a plain .go file name, not a test", f)
			}
		}
		for name, class := range e.Cheat {
			if !slugPattern.MatchString(name) {
				bad("cheat %q must be lower-case words joined by dashes", name)
			}
			if !slices.Contains(CheatClasses, class) {
				bad("cheat %q: %q is not a failure class a cheat can get (%s)", name, class, strings.Join(CheatClasses, ", "))
			}
		}
		for _, name := range e.Right {
			if !slugPattern.MatchString(name) {
				bad("right solution %q must be lower-case words joined by dashes", name)
			}
			if _, dup := e.Wrong[name]; dup {
				bad("%q is both a right and a wrong solution", name)
			}
		}
		for name, c := range e.Wrong {
			if !slugPattern.MatchString(name) {
				bad("wrong solution %q must be lower-case words joined by dashes", name)
			}
			if !e.Applies(c) {
				bad("wrong solution %q names check %q, which is not one of its graded checks", name, c)
			}
		}
	}
	return errors.Join(errs...)
}

// Lookup resolves what a learner typed: "03", "3" or "crawler".
func (m *Manifest) Lookup(name string) (Exercise, error) {
	key := strings.TrimSpace(name)
	if n, err := strconv.Atoi(key); err == nil && n >= 0 && n < 100 {
		key = fmt.Sprintf("%02d", n)
	}
	for _, e := range m.Exercises {
		if e.ID == key || e.Slug == key || e.Name() == key {
			return e, nil
		}
	}
	return Exercise{}, &UnknownError{Name: name, Valid: m.Exercises}
}

// UnknownError says an exercise name matched nothing, listing valid ones.
type UnknownError struct {
	Name  string
	Valid []Exercise
}

func (e *UnknownError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "no exercise called %q. Name one by number or slug:\n", e.Name)
	for _, ex := range e.Valid {
		fmt.Fprintf(&b, "  %s  %-16s %s\n", ex.ID, ex.Slug, ex.Title)
	}
	b.WriteString("for example: make check EX=" + e.Valid[0].ID)
	return b.String()
}

// Select resolves names, in course order without duplicates; no names
// selects every exercise.
func (m *Manifest) Select(names []string) ([]Exercise, error) {
	if len(names) == 0 {
		return m.Exercises, nil
	}
	want := map[string]bool{}
	for _, n := range names {
		e, err := m.Lookup(n)
		if err != nil {
			return nil, err
		}
		want[e.ID] = true
	}
	var out []Exercise
	for _, e := range m.Exercises {
		if want[e.ID] {
			out = append(out, e)
		}
	}
	return out, nil
}

// FindRoot walks up from dir to the folder holding kata.toml.
func FindRoot(dir string) (string, error) {
	dir, err := filepath.Abs(dir)
	if err != nil {
		return "", err
	}
	for d := dir; ; d = filepath.Dir(d) {
		if _, err := os.Stat(filepath.Join(d, FileName)); err == nil {
			return d, nil
		}
		if filepath.Dir(d) == d {
			return "", fmt.Errorf("no %s in %s or any folder above it: run the checker from inside the kata repository", FileName, dir)
		}
	}
}
