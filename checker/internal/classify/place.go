package classify

import (
	"fmt"
	"path/filepath"
	"strconv"
	"strings"
)

// Place is a line of the learner's code that a failure names: one of two
// racing accesses, where a deadlocked goroutine waits, where a goroutine
// left running was started. A CI log turns each into an annotation on
// that line.
type Place struct {
	// File is the file's path within the package's folder ("bank.go"),
	// or as the go command printed it (a build error's
	// "exercises/07-race-bank/bank.go").
	File string
	Line int
	// Note is one line on what happened there.
	Note string
}

// parsePlace reads "bank.go:42" (and "bank.go:42 (Run)") into a place in
// a file of the learner's, false for a test file or anything else.
func parsePlace(s, note string) (Place, bool) {
	s, _, _ = strings.Cut(s, " ")
	file, line, ok := strings.Cut(s, ":")
	n, err := strconv.Atoi(line)
	if !ok || err != nil || n <= 0 || !strings.HasSuffix(file, ".go") || strings.HasSuffix(file, "_test.go") {
		return Place{}, false
	}
	return Place{File: file, Line: n, Note: note}, true
}

// racePlaces names the two accesses of the first race report that are in
// the learner's code: "data race: this write in (*Bank).Transfer races with
// a read at bank.go:32".
func racePlaces(lines []string, importPath string) []Place {
	type access struct {
		kind, fn, at string
	}
	var accs []access
	in, kind, fn := false, "", ""
scan:
	for _, l := range lines {
		s := strings.TrimSpace(l)
		switch {
		case strings.Contains(s, markRace):
			in = true
		case !in:
		case strings.HasPrefix(s, "=========="):
			in = false
			if len(accs) > 0 {
				break scan // the first report that names the learner's code
			}
			accs = nil
		case strings.HasSuffix(s, ":") && (strings.HasPrefix(s, "Read at") || strings.HasPrefix(s, "Write at") ||
			strings.HasPrefix(s, "Previous read") || strings.HasPrefix(s, "Previous write")):
			kind = "read"
			if strings.Contains(s, "rite at") || strings.HasPrefix(s, "Previous write") {
				kind = "write"
			}
		case strings.HasSuffix(s, ":"):
			kind = "" // "Goroutine 7 (running) created at:": not an access
		case funcRE.MatchString(s):
			fn = funcRE.FindStringSubmatch(s)[1]
		case kind != "" && fn != "" && strings.Contains(s, ".go:"):
			file := strings.Fields(s)[0]
			if inPackage(fn, importPath) && !strings.HasSuffix(file, "_test.go") {
				accs = append(accs, access{kind, shortFunc(fn, importPath), trimFrame(file)})
				kind = ""
			}
			fn = ""
		}
		if len(accs) == 2 {
			break scan
		}
	}
	var out []Place
	for i, a := range accs {
		note := fmt.Sprintf("data race: this %s in %s", a.kind, a.fn)
		if len(accs) == 2 {
			o := accs[1-i]
			note += fmt.Sprintf(" races with a %s at %s in %s, with no lock or channel between them", o.kind, o.at, o.fn)
		}
		if p, ok := parsePlace(a.at, note); ok {
			out = append(out, p)
		}
	}
	return out
}

// stuckPlaces names where each deadlocked goroutine of the learner's code
// waits.
func stuckPlaces(stuck []Stuck) []Place {
	var out []Place
	for _, s := range stuck {
		if p, ok := parsePlace(s.Where, fmt.Sprintf("deadlock: goroutine %s waits here on %s, in %s, forever", s.ID, s.Waits, s.Func)); ok {
			out = append(out, p)
		}
	}
	return out
}

// leakPlaces names where each goroutine left running was started, when
// that is the learner's code, else where it was.
func leakPlaces(stuck []Stuck) []Place {
	var out []Place
	for _, s := range stuck {
		if p, ok := parsePlace(s.Started, fmt.Sprintf("goroutine leak: the goroutine started here was still running (%s at %s)", s.State, s.Where)); ok {
			out = append(out, p)
		} else if p, ok := parsePlace(s.Where, fmt.Sprintf("goroutine leak: a goroutine was still running here (%s), in %s", s.State, s.Func)); ok {
			out = append(out, p)
		}
	}
	return out
}

// BuildPlaces reads the compiler's and vet's "path/file.go:12:5: message"
// lines, leaving out test files.
func BuildPlaces(lines []string) []Place {
	var out []Place
	for _, l := range lines {
		loc, msg, ok := strings.Cut(strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(l), "vet: ")), ": ")
		if !ok {
			continue
		}
		parts := strings.Split(loc, ":")
		if len(parts) < 2 {
			continue
		}
		p, ok := parsePlace(parts[0]+":"+parts[1], strings.TrimSpace(msg))
		if !ok {
			continue
		}
		p.File = filepath.ToSlash(strings.TrimPrefix(p.File, "./"))
		out = append(out, p)
	}
	return out
}
