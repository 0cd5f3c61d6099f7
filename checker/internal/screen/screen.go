package screen

import (
	"cmp"
	"errors"
	"fmt"
	"go/ast"
	"go/parser"
	"go/scanner"
	"go/token"
	"go/types"
	"path"
	"slices"
	"strconv"
	"strings"
)

// Finding is one screened construct in one file.
type Finding struct {
	// File is the file's name as given to Package.
	File string
	Line int
	// Name is what was found: "os.Exit", "os/exec", "init", "//go:norace".
	Name string
	// Why is one sentence for the learner: what is wrong and what to do.
	Why string
	// Build marks a file the screen cannot read as the compiler would (a
	// Go file that does not parse): it fails the build, not the screen.
	Build bool
}

func (f Finding) String() string {
	return fmt.Sprintf("%s:%d: %s", f.File, f.Line, f.Why)
}

// File is one source file as the compiler will read it.
type File struct {
	// Name is the file's name in the package folder: "crawler.go".
	Name string
	Src  []byte
}

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

// Package screens the learner's files of one exercise package against
// pol. protected are the package's protected files (support code, its C
// and headers, and the tests): the learner's Go is type-checked with them,
// so that every use of a protected name is known. A Go file that does not
// parse yields one finding marked Build, with the parser's message.
func Package(learner, protected []File, pol Policy) []Finding {
	s := newScreener(protected, pol)
	for _, f := range learner {
		s.file(f)
	}
	s.typed()
	out := s.out
	slices.SortStableFunc(out, func(a, b Finding) int {
		return cmp.Or(cmp.Compare(a.File, b.File), cmp.Compare(a.Line, b.Line))
	})
	// One finding per construct and line.
	seen := map[Finding]bool{}
	return slices.DeleteFunc(out, func(f Finding) bool {
		key := Finding{File: f.File, Line: f.Line, Name: f.Name}
		dup := seen[key]
		seen[key] = true
		return dup
	})
}

// screener holds what screening one package needs.
type screener struct {
	pol  Policy
	fset *token.FileSet
	out  []Finding
	// learner are the learner's parsed Go files; learnerC what each one's
	// cgo preamble declares (for C.name).
	learner  []*ast.File
	learnerC map[*ast.File]map[string]bool
	// protected are the protected Go files of the package (by package
	// name, later), and their names by token.File.
	protected     []*ast.File
	protectedName map[*token.File]string
	cenv          cEnv
}

func newScreener(protected []File, pol Policy) *screener {
	s := &screener{pol: pol, fset: token.NewFileSet(), learnerC: map[*ast.File]map[string]bool{}, protectedName: map[*token.File]string{}}
	var headers []string
	for _, f := range protected {
		if path.Ext(f.Name) == ".h" {
			headers = append(headers, f.Name)
		}
	}
	s.cenv = newCEnv(pol.API, headers)
	for _, f := range protected {
		switch path.Ext(f.Name) {
		case ".c", ".h":
			s.cenv.add(string(f.Src))
		case ".go":
			af, err := parser.ParseFile(s.fset, f.Name, f.Src, parser.ParseComments|parser.SkipObjectResolution)
			if err != nil {
				continue // the build reports it
			}
			s.protected = append(s.protected, af)
			s.protectedName[s.fset.File(af.Pos())] = f.Name
			for _, imp := range af.Imports {
				if p, _ := strconv.Unquote(imp.Path.Value); p == "C" {
					if doc := importDoc(af, imp); doc != nil {
						s.cenv.add(preamble(doc))
					}
				}
			}
		}
	}
	return s
}

func (s *screener) add(file string, line int, name, why string) {
	s.out = append(s.out, Finding{File: file, Line: line, Name: name, Why: why})
}

func (s *screener) addAt(pos token.Pos, name, why string) {
	p := s.fset.PositionFor(pos, false) // not moved by a //line directive
	s.add(p.Filename, p.Line, name, why)
}

func (s *screener) allowsC() bool { return slices.Contains(s.pol.Allow, "C") }

// file screens one learner file by itself.
func (s *screener) file(f File) {
	if c := fileNameConstraint(f.Name); c != "" {
		s.add(f.Name, 1, "build constraint", "the file name ends in _"+c+", a build constraint: the file would count on some machines only; rename it")
	}
	switch ext := path.Ext(f.Name); ext {
	case ".go":
		s.goFile(f)
	case ".h":
		s.add(f.Name, 1, "source .h", "a header of yours in the exercise folder stands in for a system header of the same name (the C compiler searches the folder first), in the support code's C too: write your C in the cgo preamble of the file you edit")
	case ".c":
		if !s.allowsC() {
			s.add(f.Name, 1, "source .c", "a .c file is C, and this exercise has no C: write Go in the files you edit")
			return
		}
		out, _ := screenC(f.Name, string(f.Src), 1, s.cenv)
		s.out = append(s.out, out...)
	default:
		s.add(f.Name, 1, "source "+ext, "a "+ext+" file is compiled into the test binary where the screen cannot read it: write Go in the files you edit")
	}
}

// goFile screens what one Go file says by itself: imports, directives,
// init, the string "kata:", and its cgo preambles.
func (s *screener) goFile(f File) {
	af, err := parser.ParseFile(s.fset, f.Name, f.Src, parser.ParseComments|parser.SkipObjectResolution)
	if err != nil {
		// What the screen cannot read is not built: say why, as the
		// compiler would.
		line := 1
		var list scanner.ErrorList
		if errors.As(err, &list) && len(list) > 0 {
			line = list[0].Pos.Line
			err = list[0]
		}
		s.out = append(s.out, Finding{File: f.Name, Line: line, Name: "syntax", Why: err.Error(), Build: true})
		return
	}
	s.learner = append(s.learner, af)
	for _, imp := range af.Imports {
		p, err := strconv.Unquote(imp.Path.Value)
		if err != nil {
			continue
		}
		if !s.pol.allowsImport(p) {
			s.addAt(imp.Pos(), p, fmt.Sprintf("imports %s: %s. Remove it: this exercise's code may import only %s", p, importWhy(p, s.pol), allowedImports(s.pol)))
		}
		if imp.Name != nil && imp.Name.Name == "." {
			s.addAt(imp.Pos(), "dot import", "a dot import of "+p+" hides where names come from, so the screen cannot check them: import it by name")
		}
		if p == "C" && s.allowsC() {
			if doc := importDoc(af, imp); doc != nil {
				out, declared := screenC(f.Name, preamble(doc), s.fset.PositionFor(doc.Pos(), false).Line, s.cenv)
				s.out = append(s.out, out...)
				if s.learnerC[af] == nil {
					s.learnerC[af] = map[string]bool{}
				}
				for n := range declared {
					s.learnerC[af][n] = true
				}
			}
		}
	}
	for _, d := range af.Decls {
		if fd, ok := d.(*ast.FuncDecl); ok && fd.Recv == nil && fd.Name.Name == "init" {
			s.addAt(fd.Pos(), "init", "an init function runs before the tests start, out of their sight: do the work in the functions the tests call")
		}
	}
	ast.Inspect(af, func(n ast.Node) bool {
		if lit, ok := n.(*ast.BasicLit); ok && (lit.Kind == token.STRING || lit.Kind == token.CHAR) && strings.Contains(lit.Value, "kata:") {
			s.addAt(lit.Pos(), "kata:", `the string "kata:" starts the lines the tests report their figures with: your code must not print it`)
		}
		return true
	})
	for _, cg := range af.Comments {
		for _, c := range cg.List {
			s.comment(c)
		}
	}
}

// comment screens one Go comment for directives.
func (s *screener) comment(c *ast.Comment) {
	text := c.Text
	switch {
	case strings.HasPrefix(text, "//go:"):
		d, _, _ := strings.Cut(text, " ")
		if d == "//go:build" {
			s.addAt(c.Pos(), "build constraint", "//go:build makes the file count in some builds only (the timing run has no -race): remove it")
		} else {
			s.addAt(c.Pos(), d, d+" is a compiler directive: it changes how your code is built or checked (the race detector, the linker); remove it")
		}
	case strings.HasPrefix(strings.TrimSpace(strings.TrimPrefix(text, "//")), "+build"):
		s.addAt(c.Pos(), "build constraint", "// +build makes the file count in some builds only (the timing run has no -race): remove it")
	case strings.HasPrefix(text, "//line ") || strings.HasPrefix(text, "/*line "):
		s.addAt(c.Pos(), "//line", "a //line directive changes the file and line the tests' reports name: remove it")
	case strings.HasPrefix(text, "//export ") || strings.HasPrefix(text, "//extern "):
		d, _, _ := strings.Cut(text, " ")
		s.addAt(c.Pos(), d, d+" is a cgo directive that lets C call into Go: no exercise needs it; remove it")
	}
	if strings.Contains(text, "kata:") {
		s.addAt(c.Pos(), "kata:", `the string "kata:" starts the lines the tests report their figures with: keep it out of your code, comments included`)
	}
}

// importDoc returns the comment cgo takes the preamble of import "C"
// from: the import spec's own, or its declaration's when the declaration
// imports nothing else.
func importDoc(f *ast.File, imp *ast.ImportSpec) *ast.CommentGroup {
	if imp.Doc != nil {
		return imp.Doc
	}
	for _, d := range f.Decls {
		if gd, ok := d.(*ast.GenDecl); ok && gd.Tok == token.IMPORT && len(gd.Specs) == 1 && gd.Specs[0] == imp {
			return gd.Doc
		}
	}
	return nil
}

// preamble is the C text cgo compiles from a preamble comment, made as
// cmd/cgo makes it: comment markers removed, nothing else. (The go/ast
// Text method also drops lines that look like directives, such as
// "//l:exit(0);", which cgo compiles.)
func preamble(g *ast.CommentGroup) string {
	var b strings.Builder
	for _, c := range g.List {
		t := c.Text
		switch t[1] {
		case '/':
			b.WriteString(t[2:] + "\n")
		case '*':
			b.WriteString(t[2 : len(t)-2])
		}
	}
	return b.String()
}

// fileNameConstraint returns the GOOS or GOARCH a file name restricts the
// file to ("linux" for x_linux.go or x_linux.c), or "".
func fileNameConstraint(name string) string {
	base := path.Base(name)
	base = strings.TrimSuffix(strings.TrimSuffix(base, path.Ext(base)), "_test")
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

// typed type-checks the learner's Go with the protected Go of the same
// package and screens what needs types.
func (s *screener) typed() {
	if len(s.learner) == 0 {
		return
	}
	name := s.learner[0].Name.Name
	files := slices.Clone(s.learner)
	for _, f := range s.protected {
		if f.Name.Name == name {
			files = append(files, f)
		}
	}
	info := &types.Info{
		Types:      map[ast.Expr]types.TypeAndValue{},
		Defs:       map[*ast.Ident]types.Object{},
		Uses:       map[*ast.Ident]types.Object{},
		Selections: map[*ast.SelectorExpr]*types.Selection{},
		Instances:  map[*ast.Ident]types.Instance{},
	}
	conf := types.Config{Importer: newImporter(), FakeImportC: true, Error: func(error) {}}
	pkg, _ := conf.Check(name, s.fset, files, info)
	if pkg == nil {
		return
	}
	c := &checker{s: s, pkg: pkg, info: info}
	c.run()
}
