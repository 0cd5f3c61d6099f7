package mutate

import (
	"bytes"
	"fmt"
	"go/ast"
	"go/format"
	"go/parser"
	"go/token"
	"path"
	"slices"
	"strconv"
	"strings"
)

// Mutant is one small change to one file of a reference solution.
type Mutant struct {
	// ID is operator/file/function/index, e.g.
	// remove-lock/bank.go/Bank.Transfer/1.
	ID       string
	Operator string
	File     string
	Func     string
	Index    int
	// Line is where the change is in the original file.
	Line int
	// Sched: whether it is caught may depend on scheduling, so it is
	// graded Repeat times.
	Sched bool
	// Desc says what changed, in a few words.
	Desc string
	// Source is the changed file, formatted; nil when it does not parse
	// (see Broken).
	Source []byte
	// Broken says why the change is not a Go file, when it is not.
	Broken string
	// Diff is the unified diff from the original file.
	Diff string
}

// Generate lists the mutants of one file (name is its base name, src its
// content), in function order, then operator order, then site order.
// rw says the package uses read-write locks, so Lock may become RLock.
func Generate(name string, src []byte, rw bool) ([]Mutant, error) {
	fset := token.NewFileSet()
	file, err := parser.ParseFile(fset, name, src, parser.ParseComments)
	if err != nil {
		return nil, fmt.Errorf("parse %s: %w", name, err)
	}
	f := &fileInfo{fset: fset, file: file, src: src, tf: fset.File(file.Pos()), rw: rw}
	original, err := format.Source(src)
	if err != nil {
		original = src
	}
	var out []Mutant
	seen := map[string]bool{string(original): true}
	for _, d := range file.Decls {
		fd, ok := d.(*ast.FuncDecl)
		if !ok || fd.Body == nil {
			continue
		}
		fn := funcName(fd)
		f.parents = parents(fd)
		for _, op := range operators {
			sites := op.find(f, fd)
			slices.SortStableFunc(sites, func(a, b site) int { return int(a.at - b.at) })
			for i, s := range sites {
				m := Mutant{
					ID:       fmt.Sprintf("%s/%s/%s/%d", op.name, name, fn, i+1),
					Operator: op.name, File: name, Func: fn, Index: i + 1,
					Line: fset.Position(s.at).Line, Sched: op.sched, Desc: s.desc,
				}
				edits := append(slices.Clone(s.edits), f.keepAlive(fd, s.gone)...)
				edits = append(edits, f.keepImports(s.gone)...)
				changed := apply(src, edits)
				formatted, err := format.Source(changed)
				if err != nil {
					m.Broken = "the change does not parse: " + firstLine(err.Error())
					formatted = changed
				} else if seen[string(formatted)] {
					continue // no change, or the same as an earlier mutant
				} else {
					m.Source = formatted
				}
				seen[string(formatted)] = true
				m.Diff = Diff("a/"+name, "b/"+name, original, formatted)
				out = append(out, m)
			}
		}
	}
	return out, nil
}

func firstLine(s string) string {
	l, _, _ := strings.Cut(s, "\n")
	return l
}

// funcName is "Crawl" for a function and "Bank.Transfer" for a method.
func funcName(fd *ast.FuncDecl) string {
	if fd.Recv == nil || len(fd.Recv.List) == 0 {
		return fd.Name.Name
	}
	t := fd.Recv.List[0].Type
	for {
		switch x := t.(type) {
		case *ast.StarExpr:
			t = x.X
			continue
		case *ast.IndexExpr:
			t = x.X
			continue
		case *ast.IndexListExpr:
			t = x.X
			continue
		case *ast.Ident:
			return x.Name + "." + fd.Name.Name
		}
		return fd.Name.Name
	}
}

// fileInfo is a parsed file and what the operators need of it.
type fileInfo struct {
	fset *token.FileSet
	file *ast.File
	src  []byte
	tf   *token.File
	rw   bool
	// parents maps each node of the current function to its parent.
	parents map[ast.Node]ast.Node
}

func (f *fileInfo) off(p token.Pos) int { return f.tf.Offset(p) }

// text is a node's source text.
func (f *fileInfo) text(n ast.Node) string {
	return string(f.src[f.off(n.Pos()):f.off(n.End())])
}

// edit replaces src[start:end] with text.
type edit struct {
	start, end int
	text       string
}

// apply makes the edits (which must not overlap) on a copy of src.
func apply(src []byte, edits []edit) []byte {
	edits = slices.Clone(edits)
	slices.SortFunc(edits, func(a, b edit) int {
		if a.start != b.start {
			return b.start - a.start
		}
		return b.end - a.end
	})
	out := slices.Clone(src)
	for _, e := range edits {
		out = slices.Concat(out[:e.start], []byte(e.text), out[e.end:])
	}
	return out
}

// replace is an edit that puts text in place of n.
func (f *fileInfo) replace(n ast.Node, text string) edit {
	return edit{f.off(n.Pos()), f.off(n.End()), text}
}

// remove is an edit that deletes a statement (or clause), with its whole
// line when nothing else is on it but a trailing comment.
func (f *fileInfo) remove(n ast.Node) edit {
	start, end := f.off(n.Pos()), f.off(n.End())
	ls := start
	for ls > 0 && (f.src[ls-1] == ' ' || f.src[ls-1] == '\t') {
		ls--
	}
	if ls > 0 && f.src[ls-1] != '\n' {
		return edit{start, end, ""}
	}
	le := end
	for le < len(f.src) && (f.src[le] == ' ' || f.src[le] == '\t') {
		le++
	}
	if bytes.HasPrefix(f.src[le:], []byte("//")) {
		for le < len(f.src) && f.src[le] != '\n' {
			le++
		}
	}
	if le < len(f.src) && f.src[le] != '\n' {
		return edit{start, end, ""}
	}
	if le < len(f.src) {
		le++
	}
	return edit{ls, le, ""}
}

// insertAfter is an edit that adds text right after n.
func (f *fileInfo) insertAfter(n ast.Node, text string) edit {
	return edit{f.off(n.End()), f.off(n.End()), text}
}

// parents maps every node under fd to its parent.
func parents(fd *ast.FuncDecl) map[ast.Node]ast.Node {
	out := map[ast.Node]ast.Node{}
	var stack []ast.Node
	ast.Inspect(fd, func(n ast.Node) bool {
		if n == nil {
			stack = stack[:len(stack)-1]
			return true
		}
		if len(stack) > 0 {
			out[n] = stack[len(stack)-1]
		}
		stack = append(stack, n)
		return true
	})
	return out
}

// inList reports whether statement s sits directly in a statement list,
// where a statement can be added after it.
func (f *fileInfo) inList(s ast.Node) bool {
	switch f.parents[s].(type) {
	case *ast.BlockStmt, *ast.CaseClause, *ast.CommClause:
		return true
	}
	return false
}

// keepAlive adds `_ = x` after the declaration of each local variable
// that only the removed nodes used, so the mutant still compiles
// ("declared and not used") and the change stays the one intended.
func (f *fileInfo) keepAlive(fd *ast.FuncDecl, gone []ast.Node) []edit {
	if len(gone) == 0 {
		return nil
	}
	inGone := func(p token.Pos) bool {
		for _, g := range gone {
			if g.Pos() <= p && p < g.End() {
				return true
			}
		}
		return false
	}
	// The mutated file is parsed alone, without type information:
	// go/parser's object resolution is what there is to follow a local
	// variable to its declaration.
	//lint:ignore SA1019 no go/types here; resolution within one function body is exact enough
	var objs []*ast.Object
	for _, g := range gone {
		ast.Inspect(g, func(n ast.Node) bool {
			if id, ok := n.(*ast.Ident); ok && id.Obj != nil && id.Obj.Kind == ast.Var && !slices.Contains(objs, id.Obj) {
				objs = append(objs, id.Obj)
			}
			return true
		})
	}
	var out []edit
	for _, obj := range objs {
		decl, ok := obj.Decl.(ast.Node)
		if !ok || decl.Pos() < fd.Body.Pos() || decl.End() > fd.Body.End() || inGone(decl.Pos()) {
			continue // a parameter, a package variable, or declared in what goes
		}
		declared := declIdents(decl)
		used := false
		ast.Inspect(fd.Body, func(n ast.Node) bool {
			if id, ok := n.(*ast.Ident); ok && id.Obj == obj && !slices.Contains(declared, id) && !inGone(id.Pos()) {
				used = true
			}
			return !used
		})
		if used {
			continue
		}
		if as, ok := decl.(*ast.AssignStmt); ok && len(as.Lhs) > 0 {
			// The parser declares a range clause's variables with an
			// assignment of its own making, outside the tree.
			if rs, ok := f.parents[as.Lhs[0]].(*ast.RangeStmt); ok {
				decl = rs
			}
		}
		switch d := decl.(type) {
		case *ast.AssignStmt:
			if f.inList(d) {
				out = append(out, f.insertAfter(d, "\n_ = "+obj.Name))
			}
		case *ast.ValueSpec:
			if ds, ok := f.parents[f.parents[d]].(*ast.DeclStmt); ok {
				ref := obj.Name
				if len(d.Values) == 0 {
					ref = "&" + ref // a zero value, maybe holding a lock: do not copy it
				}
				out = append(out, f.insertAfter(ds, "\n_ = "+ref))
			}
		case *ast.RangeStmt:
			out = append(out, edit{f.off(d.Body.Lbrace) + 1, f.off(d.Body.Lbrace) + 1, "\n_ = " + obj.Name})
		}
	}
	return out
}

// keepImports turns the import of a package that only the removed nodes
// used into a blank import (_ "runtime"), so the mutant still compiles.
func (f *fileInfo) keepImports(gone []ast.Node) []edit {
	inGone := func(p token.Pos) bool {
		for _, g := range gone {
			if g.Pos() <= p && p < g.End() {
				return true
			}
		}
		return false
	}
	var out []edit
	for _, imp := range f.file.Imports {
		p, err := strconv.Unquote(imp.Path.Value)
		if err != nil || p == "C" {
			continue
		}
		local := path.Base(p)
		if imp.Name != nil {
			local = imp.Name.Name
		}
		if local == "_" || local == "." {
			continue
		}
		usedGone, usedElsewhere := false, false
		ast.Inspect(f.file, func(n ast.Node) bool {
			sel, ok := n.(*ast.SelectorExpr)
			if !ok {
				return true
			}
			if id, ok := sel.X.(*ast.Ident); ok && id.Name == local && id.Obj == nil {
				if inGone(id.Pos()) {
					usedGone = true
				} else {
					usedElsewhere = true
				}
			}
			return true
		})
		if usedGone && !usedElsewhere {
			if imp.Name != nil {
				out = append(out, f.replace(imp.Name, "_"))
			} else {
				out = append(out, edit{f.off(imp.Path.Pos()), f.off(imp.Path.Pos()), "_ "})
			}
		}
	}
	return out
}

// declIdents are the identifiers a declaration declares.
func declIdents(decl ast.Node) []*ast.Ident {
	var out []*ast.Ident
	add := func(es ...ast.Expr) {
		for _, e := range es {
			if id, ok := e.(*ast.Ident); ok {
				out = append(out, id)
			}
		}
	}
	switch d := decl.(type) {
	case *ast.AssignStmt:
		add(d.Lhs...)
	case *ast.ValueSpec:
		out = append(out, d.Names...)
	case *ast.RangeStmt:
		add(d.Key, d.Value)
	}
	return out
}
