package screen

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// Finding is one screened construct in one file.
type Finding struct {
	// File is the file's name as given to File.
	File string
	Line int
	// Name is what was found, the name kata.toml's allow = [...] uses to
	// let it through: "os.Exit", "os/exec", "init", "//go:norace".
	Name string
	// Why is one sentence for the learner.
	Why string
}

func (f Finding) String() string {
	return fmt.Sprintf("%s:%d: %s", f.File, f.Line, f.Why)
}

// Module is the kata's own module path: its packages belong to the tests.
const Module = "github.com/asynckata/kata"

// Source reports whether the go command would compile a file with this
// name into the package (Go, C, assembly, objects and the other languages
// cgo builds). Files starting with "." or "_" are ignored by the go
// command and so are not source.
func Source(name string) bool {
	base := path.Base(name)
	if strings.HasPrefix(base, ".") || strings.HasPrefix(base, "_") {
		return false
	}
	return slices.Contains(sourceExts, path.Ext(base))
}

var sourceExts = []string{".go", ".c", ".h", ".s", ".S", ".sx", ".syso", ".cc", ".cpp", ".cxx", ".m",
	".hh", ".hpp", ".hxx", ".f", ".F", ".for", ".f90", ".swig", ".swigcxx"}

// File screens one file. allow lists the names kata.toml lets through for
// the exercise. A file that does not parse yields no finding: the build
// reports it.
func File(name string, src []byte, allow []string) []Finding {
	var out []Finding
	switch ext := path.Ext(name); ext {
	case ".go":
		out = goFile(name, src)
	case ".c", ".h":
		out = cText(name, string(src), 1)
	default:
		out = []Finding{{File: name, Line: 1, Name: "source " + ext,
			Why: "a " + ext + " file is compiled into the test binary where the screen cannot read it: write Go in the files you edit"}}
	}
	return slices.DeleteFunc(out, func(f Finding) bool { return allowed(f.Name, allow) })
}

// allowed reports whether allow names the finding, or the package it
// comes from ("os/exec" allows exec.Command).
func allowed(name string, allow []string) bool {
	for _, a := range allow {
		if a == name || strings.HasPrefix(name, a+".") {
			return true
		}
	}
	return false
}

// banned maps "importpath.Name" to why it is screened.
var banned = map[string]string{
	"os.Exit":            "os.Exit ends the test binary, so the tests after it never run",
	"os.Args":            "os.Args holds the test binary's own flags (which tests to run): your code must not read or change them",
	"runtime.GOMAXPROCS": "runtime.GOMAXPROCS changes how many goroutines run at once for the tests too, which hides races and slowness",
	"os.StartProcess":    "starting processes is not part of this exercise",
	"os.FindProcess":     "signalling processes is not part of this exercise",
	"os.NewFile":         "your code must not use the test binary's file descriptors",
	"os.Chdir":           "changing the working folder changes it for the tests too",
}

// writes are the os (and io/ioutil) functions that change files.
var writes = []string{"Create", "CreateTemp", "WriteFile", "OpenFile", "Mkdir", "MkdirAll", "MkdirTemp",
	"Remove", "RemoveAll", "Rename", "Chmod", "Chown", "Lchown", "Chtimes", "Truncate", "Link", "Symlink",
	"CopyFS", "OpenRoot", "OpenInRoot", "TempFile", "TempDir"}

// reads are the os (and io/ioutil) functions that read files: no
// exercise's code needs them, and /proc/self/cmdline would tell the
// checker's runs apart.
var reads = []string{"Open", "ReadFile", "ReadDir", "DirFS", "Readlink"}

func init() {
	for _, r := range reads {
		why := "reading files (/proc/self/cmdline, or what another run left) lets code tell the checker's runs apart; the exercises work on what the tests give them"
		banned["os."+r] = why
		banned["io/ioutil."+r] = why
	}
	for _, w := range writes {
		why := "writing files lets one test run hand results to another; no exercise needs it"
		banned["os."+w] = why
		banned["io/ioutil."+w] = why
	}
}

// bannedImport says why a package may not be imported, or "".
func bannedImport(p string) string {
	switch {
	case p == "syscall" || p == "golang.org/x/sys" || strings.HasPrefix(p, "golang.org/x/sys/"):
		return "system calls can end or change the test process behind the tests' back"
	case p == "unsafe":
		return "unsafe can rewrite memory the tests rely on"
	case p == "flag":
		return "the command-line flags belong to the test binary"
	case p == "os/exec":
		return "starting programs is not part of this exercise"
	case p == "runtime/debug":
		return "runtime/debug changes how the runtime behaves for the tests too"
	case p == "plugin":
		return "plugins load code the screen cannot read"
	case p == Module || strings.HasPrefix(p, Module+"/"):
		return "the kata's own packages (katatest reports the tests' figures) belong to the tests, not to your code"
	case p == "C":
		return "cgo runs C code in the test process, where the screen cannot follow it (exercises that need it allow \"C\")"
	case !strings.Contains(strings.SplitN(p, "/", 2)[0], "."):
		return "" // the standard library
	case p == "golang.org/x/sync" || strings.HasPrefix(p, "golang.org/x/sync/"):
		return ""
	}
	return "only the standard library and golang.org/x/sync may be imported: other modules could run code the screen cannot read"
}

func goFile(name string, src []byte) []Finding {
	var out []Finding
	add := func(pos token.Position, what, why string) {
		out = append(out, Finding{File: name, Line: pos.Line, Name: what, Why: why})
	}
	if c := fileNameConstraint(name); c != "" {
		add(token.Position{Line: 1}, "build constraint", "the file name ends in _"+c+", a build constraint: the file would count on some machines only")
	}
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, name, src, parser.ParseComments|parser.SkipObjectResolution)
	if err != nil {
		return out
	}
	// Imports: local name -> path.
	names := map[string]string{}
	for _, imp := range f.Imports {
		p, err := strconv.Unquote(imp.Path.Value)
		if err != nil {
			continue
		}
		pos := fset.Position(imp.Pos())
		if why := bannedImport(p); why != "" {
			add(pos, p, "imports "+p+": "+why)
		}
		local := path.Base(p)
		if imp.Name != nil {
			local = imp.Name.Name
		}
		switch local {
		case ".":
			add(pos, "dot import", "a dot import of "+p+" hides where names come from, so the screen cannot check them")
		case "_":
		default:
			names[local] = p
		}
		if p == "C" {
			doc := imp.Doc
			if doc == nil && len(f.Imports) > 0 {
				for _, d := range f.Decls {
					if gd, ok := d.(*ast.GenDecl); ok && gd.Tok == token.IMPORT && gd.Pos() <= imp.Pos() && imp.End() <= gd.End() {
						doc = gd.Doc
					}
				}
			}
			if doc != nil {
				out = append(out, cText(name, doc.Text(), fset.Position(doc.Pos()).Line)...)
			}
		}
	}
	// init functions, and where each function starts (for "in init").
	// They are reported after what they contain, which says more.
	inits := map[token.Pos]token.Pos{}
	var initAt []token.Position
	for _, d := range f.Decls {
		if fd, ok := d.(*ast.FuncDecl); ok && fd.Recv == nil && fd.Name.Name == "init" {
			initAt = append(initAt, fset.Position(fd.Pos()))
			if fd.Body != nil {
				inits[fd.Body.Pos()] = fd.Body.End()
			}
		}
	}
	inInit := func(p token.Pos) bool {
		for s, e := range inits {
			if s <= p && p < e {
				return true
			}
		}
		return false
	}
	ast.Inspect(f, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.SelectorExpr:
			id, ok := n.X.(*ast.Ident)
			if !ok {
				return true
			}
			p, ok := names[id.Name]
			if !ok {
				return true
			}
			if p == "C" && cBanned[n.Sel.Name] {
				add(fset.Position(n.Pos()), "C "+n.Sel.Name, "C."+n.Sel.Name+" can end, fork or change the test process: no exercise needs it")
				return true
			}
			full := p + "." + n.Sel.Name
			why, bad := banned[full]
			if !bad {
				return true
			}
			label := path.Base(p) + "." + n.Sel.Name
			if full == "os.Exit" && inInit(n.Pos()) {
				why = "os.Exit in init would end the tests before they run"
			}
			if !strings.HasPrefix(why, label) {
				why = label + ": " + why
			}
			add(fset.Position(n.Pos()), full, why)
		case *ast.BasicLit:
			if (n.Kind == token.STRING || n.Kind == token.CHAR) && strings.Contains(n.Value, "kata:") {
				add(fset.Position(n.Pos()), "kata:", `the string "kata:" starts the lines the tests report their figures with: your code must not print it`)
			}
		}
		return true
	})
	for _, p := range initAt {
		add(p, "init", "an init function runs before the tests start, out of their sight: do the work in the functions the tests call")
	}
	for _, cg := range f.Comments {
		for _, c := range cg.List {
			pos := fset.Position(c.Pos())
			text := c.Text
			switch {
			case strings.HasPrefix(text, "//go:"):
				d, _, _ := strings.Cut(text, " ")
				if d == "//go:build" {
					add(pos, "build constraint", "//go:build makes the file count in some builds only (the timing run has no -race)")
				} else {
					add(pos, d, d+" is a compiler directive: it changes how your code is built or checked (the race detector, the linker)")
				}
			case strings.HasPrefix(strings.TrimSpace(strings.TrimPrefix(text, "//")), "+build"):
				add(pos, "build constraint", "// +build makes the file count in some builds only (the timing run has no -race)")
			case strings.HasPrefix(text, "//line ") || strings.HasPrefix(text, "/*line "):
				add(pos, "//line", "a //line directive changes the file and line the tests' reports name")
			}
			if strings.Contains(text, "kata:") {
				add(pos, "kata:", `the string "kata:" starts the lines the tests report their figures with: keep it out of your code, comments included`)
			}
		}
	}
	slices.SortStableFunc(out, func(a, b Finding) int { return a.Line - b.Line })
	return out
}

// fileNameConstraint returns the GOOS or GOARCH a file name restricts the
// file to ("linux" for x_linux.go), or "".
func fileNameConstraint(name string) string {
	base := strings.TrimSuffix(strings.TrimSuffix(path.Base(name), ".go"), "_test")
	parts := strings.Split(base, "_")
	if len(parts) < 2 {
		return ""
	}
	last := parts[len(parts)-1]
	if slices.Contains(knownOS, last) || slices.Contains(knownArch, last) {
		return last
	}
	return ""
}

var (
	knownOS = []string{"aix", "android", "darwin", "dragonfly", "freebsd", "hurd", "illumos", "ios", "js",
		"linux", "nacl", "netbsd", "openbsd", "plan9", "solaris", "wasip1", "windows", "zos"}
	knownArch = []string{"386", "amd64", "amd64p32", "arm", "armbe", "arm64", "arm64be", "loong64", "mips",
		"mipsle", "mips64", "mips64le", "mips64p32", "mips64p32le", "ppc", "ppc64", "ppc64le", "riscv",
		"riscv64", "s390", "s390x", "sparc", "sparc64", "wasm"}
)

// cBanned are C names that end, fork, signal or change the process, load
// code, touch files, or run code before main: no exercise's C needs them.
var cBanned = map[string]bool{}

func init() {
	for _, n := range strings.Fields(`exit _exit _Exit quick_exit abort atexit at_quick_exit fork vfork clone
		system popen execl execlp execle execv execvp execvpe execve fexecve posix_spawn posix_spawnp syscall
		setsid setpgid setpgrp daemon kill raise signal sigaction ptrace prctl dlopen dlsym fopen freopen
		open openat creat unlink unlinkat remove rename renameat mkdir rmdir chdir constructor destructor
		pthread_exit thrd_exit exit_group pthread_kill tgkill setjmp longjmp
		__attribute__ asm __asm__ __asm`) {
		cBanned[n] = true
	}
}

var cComments = regexp.MustCompile(`(?s)/\*.*?\*/|//[^\n]*`)

var cIdent = regexp.MustCompile(`##|[A-Za-z_][A-Za-z0-9_]*`)

// cText screens C source (a .c or .h file, or a cgo preamble starting at
// line first) by its tokens.
func cText(name, text string, first int) []Finding {
	var out []Finding
	text = cComments.ReplaceAllStringFunc(text, func(c string) string {
		// Keep the line count, and "kata:" visible.
		keep := strings.Repeat("\n", strings.Count(c, "\n"))
		if strings.Contains(c, "kata:") {
			keep = "kata:" + keep
		}
		return keep
	})
	for i, line := range strings.Split(text, "\n") {
		if strings.Contains(line, "kata:") {
			out = append(out, Finding{File: name, Line: first + i, Name: "kata:",
				Why: `the string "kata:" starts the lines the tests report their figures with: keep it out of your code`})
		}
		for _, tok := range cIdent.FindAllString(line, -1) {
			switch {
			case tok == "##":
				out = append(out, Finding{File: name, Line: first + i, Name: "C ##",
					Why: "C token pasting (##) builds names the screen cannot read"})
			case cBanned[tok]:
				out = append(out, Finding{File: name, Line: first + i, Name: "C " + tok,
					Why: "C " + tok + " can end, fork or change the test process, or run code before the tests: no exercise needs it"})
			}
		}
	}
	return out
}
