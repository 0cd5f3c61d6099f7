package screen

import (
	"path"
	"slices"
	"strings"
)

// Module is the kata's own module path: its packages belong to the tests.
const Module = "github.com/asynckata/kata"

// Common are the packages every exercise's code may import: the tools of
// concurrency and plain computation, none of which can end or change the
// test process. golang.org/x/sync's packages are allowed too (see
// CommonModule).
var Common = []string{
	"sync", "sync/atomic", "context", "time", "errors", "fmt", "slices", "maps", "sort", "math", "strings", "strconv",
	"iter", "cmp", "bytes", "unicode", "unicode/utf8", "math/bits", "math/rand", "math/rand/v2",
	"container/heap", "container/list", "container/ring",
}

// CommonModule is the module whose packages every exercise may import.
const CommonModule = "golang.org/x/sync"

// Never are packages no exercise may allow: they reach the tests (testing,
// reflect), the process (syscall, os/signal, runtime/debug, plugin) or
// code the screen cannot read.
var Never = []string{"testing", "reflect", "syscall", "os/signal", "runtime/debug", "runtime/pprof", "runtime/trace",
	"plugin", "internal", "go/build", "debug/buildinfo", "embed", "log", "log/slog", "io/ioutil", "io/fs", "path/filepath",
	"net/http/pprof", "testing/synctest", "flag"}

// Policy is what one exercise lets its learner code use: kata.toml's
// allow and api.
type Policy struct {
	// Allow names the packages beyond Common the exercise's task needs
	// ("net/http", "os/exec", "runtime", "C", "unsafe").
	Allow []string
	// API names what the README hands out of the protected code beyond
	// its exported names: a package-level name ("taskLog"), a field or
	// method ("Type.name"), or a C name ("C.kernel_batch"). C names are
	// refused unless listed.
	API []string
}

// allowsImport reports whether code under pol may import p.
func (pol Policy) allowsImport(p string) bool {
	if refusedAlways(p) {
		return false
	}
	if slices.Contains(Common, p) || p == CommonModule || strings.HasPrefix(p, CommonModule+"/") {
		return true
	}
	return slices.Contains(pol.Allow, p)
}

// refusedAlways reports whether no exercise may allow p.
func refusedAlways(p string) bool {
	if slices.Contains(Never, p) || p == Module || strings.HasPrefix(p, Module+"/") {
		return true
	}
	for _, seg := range strings.Split(p, "/") {
		if seg == "internal" || seg == "vendor" {
			return true
		}
	}
	return false
}

// CheckAllow returns why an allow entry of kata.toml cannot be, or "".
func CheckAllow(p string) string {
	switch {
	case refusedAlways(p):
		return "no exercise may allow " + p + ": it reaches the tests or the test process"
	case p == "C" || p == "unsafe":
		return ""
	case strings.Contains(strings.SplitN(p, "/", 2)[0], "."):
		return p + " is not in the standard library: an exercise may allow only standard packages"
	}
	return ""
}

// CheckAPI returns why an api entry of kata.toml cannot be, or "".
func CheckAPI(a string) string {
	name := strings.TrimPrefix(a, "C.")
	for _, part := range strings.Split(name, ".") {
		if part == "" || !isGoIdent(part) {
			return a + ` is not a name: write "name", "Type.name" or "C.name"`
		}
	}
	return ""
}

func isGoIdent(s string) bool {
	for i, r := range s {
		if !(r == '_' || 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || i > 0 && '0' <= r && r <= '9') {
			return false
		}
	}
	return s != ""
}

// names are the identifiers an allowed package offers learner code when
// the package can end or change the process: an allow-list, so that what
// nobody thought of stays out. A package absent from this map offers all
// its names.
var names = map[string]map[string]string{
	"os": {
		// What exercise 09's README and worker.go hand out: start the test
		// binary again as a worker, with the parent's environment, and
		// its stdio.
		"Args":           "read os.Args[0] only",
		"Executable":     "",
		"Environ":        "",
		"Getenv":         "",
		"LookupEnv":      "",
		"Getpid":         "",
		"Stdin":          "",
		"Stdout":         "",
		"Stderr":         "",
		"ErrProcessDone": "",
		"File":           "",
		"Process":        "",
		"ProcessState":   "",
	},
	"os/exec": {
		"Command":        "",
		"CommandContext": "",
		"Cmd":            "",
		"ExitError":      "",
		"Error":          "",
		"ErrNotFound":    "",
		"ErrWaitDelay":   "",
		"ErrDot":         "",
	},
	"runtime": {
		"GOMAXPROCS":     "with the argument 0, a read",
		"NumCPU":         "",
		"NumGoroutine":   "",
		"Gosched":        "",
		"KeepAlive":      "",
		"Pinner":         "",
		"LockOSThread":   "",
		"UnlockOSThread": "",
		"NumCgoCall":     "",
	},
	"unsafe": {
		"Pointer":   "",
		"Slice":     "",
		"SliceData": "",
		"Sizeof":    "",
		"Alignof":   "",
	},
	"net/http": {
		"Client": "", "Request": "", "Response": "", "Header": "", "Handler": "", "HandlerFunc": "",
		"ResponseWriter": "", "ServeMux": "", "NewServeMux": "", "NewRequest": "", "NewRequestWithContext": "",
		"Error": "", "NotFound": "", "NotFoundHandler": "", "StatusText": "", "MaxBytesReader": "",
		"MaxBytesError": "", "TimeoutHandler": "", "StripPrefix": "", "Redirect": "", "RedirectHandler": "",
		"CanonicalHeaderKey": "", "DetectContentType": "", "ResponseController": "", "NewResponseController": "",
		"Flusher": "", "Cookie": "", "SetCookie": "", "TimeFormat": "", "ParseTime": "", "NoBody": "",
		"DefaultClient": "", "RoundTripper": "", "Pusher": "", "CloseNotifier": "",
	},
}

// namePrefixes are allowed name prefixes of a package in names.
var namePrefixes = map[string][]string{
	"net/http": {"Status", "Method", "Err"},
}

// allowsName reports whether code may use pkg.name; pkg is an allowed
// import.
func allowsName(pkg, name string) bool {
	list, ok := names[pkg]
	if !ok {
		return true
	}
	if _, ok := list[name]; ok {
		return true
	}
	for _, p := range namePrefixes[pkg] {
		if strings.HasPrefix(name, p) {
			return true
		}
	}
	return false
}

// allowedNames lists what pkg offers, for a message.
func allowedNames(pkg string) string {
	var out []string
	for n, note := range names[pkg] {
		if note != "" {
			n += " (" + note + ")"
		}
		out = append(out, n)
	}
	slices.Sort(out)
	for _, p := range namePrefixes[pkg] {
		out = append(out, p+"...")
	}
	return strings.Join(out, ", ")
}

// nameWhy says why a name of an allowed package is refused.
var nameWhy = map[string]string{
	"os.Exit":                 "os.Exit ends the test binary, so the tests after it never run",
	"os.FindProcess":          "signalling processes can end the checker or the tests",
	"os.StartProcess":         "starting other programs is not part of any exercise",
	"os.Getppid":              "the parent process is the checker: your code has no business with it",
	"os.Setenv":               "changing the environment changes it for the tests too",
	"os.Chdir":                "changing the working folder changes it for the tests too",
	"os.NewFile":              "your code must not use the test binary's file descriptors",
	"runtime.Goexit":          "runtime.Goexit ends the goroutine the tests run in",
	"runtime.SetFinalizer":    "a finalizer runs your code where the tests cannot see it",
	"runtime.AddCleanup":      "a cleanup runs your code where the tests cannot see it",
	"runtime.Caller":          "reading the call stack tells the tests apart (the timing run from the race run)",
	"runtime.Callers":         "reading the call stack tells the tests apart (the timing run from the race run)",
	"runtime.Stack":           "reading the call stack tells the tests apart (the timing run from the race run)",
	"runtime.FuncForPC":       "reading the call stack tells the tests apart (the timing run from the race run)",
	"runtime.GC":              "forcing the garbage collector changes what the tests measure",
	"runtime.Breakpoint":      "a breakpoint stops the test binary",
	"unsafe.Add":              "pointer arithmetic reaches memory the tests rely on",
	"unsafe.Offsetof":         "field offsets are for pointer arithmetic, which reaches memory the tests rely on",
	"net/http.Dir":            "it reads files (/proc/self/cmdline tells the race run from the timing run): the exercises work on what the tests give them",
	"net/http.FS":             "it reads files: the exercises work on what the tests give them",
	"net/http.FileServer":     "it reads files: the exercises work on what the tests give them",
	"net/http.ServeFile":      "it reads files: the exercises work on what the tests give them",
	"net/http.Get":            "requests go through the client the tests hand you, never to a server of your choosing",
	"net/http.Post":           "requests go through the client the tests hand you, never to a server of your choosing",
	"net/http.Head":           "requests go through the client the tests hand you, never to a server of your choosing",
	"net/http.ListenAndServe": "the tests start the servers: your code serves through the handler it returns",
	"net/http.Server":         "the tests start the servers: your code serves through the handler it returns",
}

// importWhy says why an import is refused: the package's own reason if it
// has one, then what to do.
func importWhy(p string, pol Policy) string {
	switch {
	case p == Module || strings.HasPrefix(p, Module+"/"):
		return "the kata's own packages (katatest reports the tests' figures, internal packages hold the tests' counters) belong to the tests, not to your code"
	case p == "testing" || p == "testing/synctest":
		return "testing belongs to the tests: code that calls it can run, skip or fake them"
	case p == "reflect":
		return "reflect reaches the tests' own values and unexported state"
	case p == "syscall" || strings.HasPrefix(p, "golang.org/x/sys"):
		return "system calls can end or change the test process behind the tests' back"
	case p == "unsafe":
		return "unsafe can rewrite memory the tests rely on"
	case p == "C":
		return "cgo runs C code in the test process, and this exercise has no C"
	case p == "os" || p == "os/exec" || p == "io/ioutil" || p == "io/fs" || p == "path/filepath" || p == "os/signal":
		return "files, processes and signals are not part of this exercise (reading /proc/self/cmdline, or a file a run left, tells the checker's runs apart)"
	case p == "runtime" || p == "runtime/debug":
		return "this exercise sizes nothing by the machine, and the runtime's settings belong to the tests"
	case p == "flag":
		return "the command-line flags belong to the test binary"
	case p == "log" || p == "log/slog":
		return "log.Fatal ends the test binary: print with fmt, return errors"
	case p == "embed" || p == "plugin":
		return "it brings in what the screen cannot read"
	case !strings.Contains(strings.SplitN(p, "/", 2)[0], "."):
		return "no solution of this exercise needs it"
	}
	return "modules outside the standard library (and golang.org/x/sync) run code the screen cannot read"
}

// allowedImports says what code under pol may import, for a message.
func allowedImports(pol Policy) string {
	s := "the common set README.md lists (sync, context, time, errors, fmt, strings and the like, and golang.org/x/sync)"
	if len(pol.Allow) == 0 {
		return s
	}
	return s + " and " + strings.Join(pol.Allow, ", ")
}

// pkgLabel is how a message names a package's identifier: "exec.Command".
func pkgLabel(p, name string) string { return path.Base(p) + "." + name }
