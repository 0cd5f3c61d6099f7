package screen

import (
	"fmt"
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"slices"
	"strings"
)

// checker screens the learner's type-checked Go files.
type checker struct {
	s    *screener
	pkg  *types.Package
	info *types.Info
	// trust is which string variables hold the test binary's path (see
	// trustedVars), computed on first need.
	trust map[*types.Var]bool
}

// visit walks node with the stack of its ancestors (innermost last).
func visit(node ast.Node, f func(n ast.Node, stack []ast.Node) bool) {
	var stack []ast.Node
	ast.Inspect(node, func(n ast.Node) bool {
		if n == nil {
			stack = stack[:len(stack)-1]
			return true
		}
		if !f(n, stack) {
			return false
		}
		stack = append(stack, n)
		return true
	})
}

func unparen(e ast.Expr) ast.Expr { return ast.Unparen(e) }

// parentOf returns the nearest ancestor that is not a parenthesis, and
// the child of it on the way (n itself or its outermost parentheses).
func parentOf(n ast.Node, stack []ast.Node) (ast.Node, ast.Node, []ast.Node) {
	child := n
	for i := len(stack) - 1; i >= 0; i-- {
		if _, ok := stack[i].(*ast.ParenExpr); ok {
			child = stack[i]
			continue
		}
		return stack[i], child, stack[:i]
	}
	return nil, child, nil
}

// written reports whether the expression n (with its ancestors stack) is
// assigned to, incremented, ranged into, has its address taken, or is the
// root of such an expression (x in x.f = 1, x[i] = 1, &x.f).
func written(n ast.Node, stack []ast.Node) bool {
	cur := n
	for i := len(stack) - 1; i >= 0; i-- {
		switch p := stack[i].(type) {
		case *ast.ParenExpr:
			cur = p
			continue
		case *ast.SelectorExpr:
			if p.X == cur {
				cur = p
				continue
			}
		case *ast.IndexExpr:
			if p.X == cur {
				cur = p
				continue
			}
		case *ast.AssignStmt:
			return slices.Contains(p.Lhs, cur.(ast.Expr))
		case *ast.IncDecStmt:
			return p.X == cur
		case *ast.RangeStmt:
			return p.Key == cur || p.Value == cur
		case *ast.UnaryExpr:
			return p.Op == token.AND && p.X == cur
		}
		return false
	}
	return false
}

func (c *checker) run() {
	for _, f := range c.s.learner {
		c.fileRules(f)
		c.packageLevel(f)
	}
}

// protectedFile returns the name of the protected file obj is declared
// in, or "".
func (c *checker) protectedFile(obj types.Object) string {
	if obj == nil || !obj.Pos().IsValid() {
		return ""
	}
	return c.s.protectedName[c.s.fset.File(obj.Pos())]
}

// stubType returns "os.Process" when t (or what it points to) is one of
// the stub packages' named types, else "".
func stubType(t types.Type) string {
	if p, ok := t.(*types.Pointer); ok {
		t = p.Elem()
	}
	n, ok := t.(*types.Named)
	if !ok || n.Obj().Pkg() == nil {
		return ""
	}
	if pkg := n.Obj().Pkg(); loadStubs()[pkg.Path()] == pkg {
		return pkg.Path() + "." + n.Obj().Name()
	}
	return ""
}

func (c *checker) typeOf(e ast.Expr) types.Type {
	if tv, ok := c.info.Types[e]; ok {
		return tv.Type
	}
	return nil
}

// fileRules screens every expression of one learner file.
func (c *checker) fileRules(f *ast.File) {
	reported := map[int]bool{} // lines where a constant "kata:" was reported
	visit(f, func(n ast.Node, stack []ast.Node) bool {
		switch n := n.(type) {
		case *ast.SelectorExpr:
			c.selector(f, n, stack)
		case *ast.Ident:
			c.ident(n, stack)
		case *ast.CompositeLit:
			c.compositeLit(n)
		case *ast.StructType:
			c.structType(n)
		case *ast.InterfaceType:
			c.interfaceType(n)
		case *ast.CallExpr:
			c.conversion(n)
		case *ast.FuncDecl:
			c.method(n)
		}
		c.escape(n, stack)
		if e, ok := n.(ast.Expr); ok {
			tv := c.info.Types[e]
			if _, lit := n.(*ast.BasicLit); !lit && tv.Value != nil && tv.Value.Kind() == constant.String && strings.Contains(constant.StringVal(tv.Value), "kata:") {
				if line := c.s.fset.PositionFor(n.Pos(), false).Line; !reported[line] {
					reported[line] = true
					c.s.addAt(n.Pos(), "kata:", `this constant spells "kata:", which starts the lines the tests report their figures with: your code must not print it`)
				}
			}
			if tv.IsValue() {
				if t := stubType(tv.Type); t == "os.Process" {
					c.process(n, stack)
				}
			}
		}
		return true
	})
}

// selector screens pkg.Name and x.member.
func (c *checker) selector(f *ast.File, n *ast.SelectorExpr, stack []ast.Node) {
	if id, ok := n.X.(*ast.Ident); ok {
		if pn, ok := c.info.Uses[id].(*types.PkgName); ok {
			c.qualified(f, pn.Imported().Path(), n, stack)
			return
		}
	}
	x := c.typeOf(n.X)
	if x == nil {
		return
	}
	st := stubType(x)
	sel := c.info.Selections[n]
	var obj types.Object
	if sel != nil {
		obj = sel.Obj()
		c.embeddedPath(n, sel)
	} else if o := c.info.Uses[n.Sel]; o != nil {
		obj = o
	}
	// Members of the stub types are screened by their owner: a member
	// reached through embedding counts as its owner's.
	if obj != nil {
		if owner := memberOwner(obj); owner != "" {
			st = owner
		}
	}
	name := n.Sel.Name
	switch st {
	case "os/exec.Cmd":
		switch name {
		case "Path", "Args", "SysProcAttr", "ExtraFiles":
			c.s.addAt(n.Sel.Pos(), "exec.Cmd."+name, fmt.Sprintf("Cmd.%s is refused: a worker is the test binary, started as exec.Command(os.Args[0], \"-test.run=^$\") makes it; never change its program, arguments, files or process attributes", name))
		case "Process", "ProcessState", "Err":
			if written(n, stack) {
				c.s.addAt(n.Sel.Pos(), "exec.Cmd."+name, fmt.Sprintf("Cmd.%s is the os/exec package's to set: read it, never write it", name))
			}
		case "Env", "Dir", "Stdin", "Stdout", "Stderr", "Cancel", "WaitDelay",
			"Start", "Wait", "Run", "Output", "CombinedOutput", "StdinPipe", "StdoutPipe", "StderrPipe", "String", "Environ":
		default:
			c.s.addAt(n.Sel.Pos(), "exec.Cmd."+name, "Cmd."+name+" is not one of the exec.Cmd fields and methods the screen knows")
		}
	case "os.File":
		if !slices.Contains([]string{"Write", "WriteString", "Read", "Name"}, name) {
			c.s.addAt(n.Sel.Pos(), "os.File."+name, fmt.Sprintf("File.%s is refused: of the test binary's stdio your code may only Write, WriteString, Read and Name, never close or reopen it", name))
		}
	case "os.Process", "os.ProcessState", "os/exec.ExitError", "os/exec.Error":
		// os.Process values are screened where they appear (process).
		if obj == nil && st != "os.Process" {
			c.s.addAt(n.Sel.Pos(), st+"."+name, name+" is not one of the members of "+st+" the screen knows")
		}
	}
}

// memberOwner returns "os/exec.Cmd" when obj is a field or method of a
// stub type, else "".
func memberOwner(obj types.Object) string {
	if obj.Pkg() == nil || loadStubs()[obj.Pkg().Path()] != obj.Pkg() {
		return ""
	}
	switch o := obj.(type) {
	case *types.Func:
		if recv := o.Signature().Recv(); recv != nil {
			return stubType(recv.Type())
		}
	case *types.Var:
		if o.IsField() {
			for _, name := range []string{"Cmd", "ExitError", "Error"} {
				if st, ok := loadStubs()["os/exec"].Scope().Lookup(name).Type().Underlying().(*types.Struct); ok {
					for f := range st.Fields() {
						if f == o {
							return "os/exec." + name
						}
					}
				}
			}
			if o.Name() == "Pid" {
				return "os.Process"
			}
		}
	}
	return ""
}

// qualified screens pkg.Name, for an imported package pkg.
func (c *checker) qualified(f *ast.File, p string, n *ast.SelectorExpr, stack []ast.Node) {
	name := n.Sel.Name
	label := pkgLabel(p, name)
	if p == "C" {
		c.cName(f, n)
		return
	}
	if !c.s.pol.allowsImport(p) {
		return // the import is refused already
	}
	if !allowsName(p, name) {
		why := nameWhy[p+"."+name]
		if why == "" {
			why = "it is not one of the names of " + p + " this exercise's code may use"
		}
		c.s.addAt(n.Pos(), p+"."+name, fmt.Sprintf("%s: %s. Of %s, your code may use only %s", label, why, p, allowedNames(p)))
		return
	}
	if written(n, stack) {
		c.s.addAt(n.Pos(), p+"."+name, fmt.Sprintf("%s belongs to package %s, and the tests share it: read it, never change it", label, p))
		return
	}
	parent, child, _ := parentOf(n, stack)
	call, _ := parent.(*ast.CallExpr)
	if call != nil && call.Fun != child {
		call = nil
	}
	switch p + "." + name {
	case "os.Args":
		ix, ok := parent.(*ast.IndexExpr)
		if !ok || ix.X != child || !isConst(c.info, ix.Index, 0) {
			c.s.addAt(n.Pos(), "os.Args", "os.Args holds the test binary's own flags (which tests run): your code may read os.Args[0], the test binary's path, and nothing else of it")
		}
	case "runtime.GOMAXPROCS":
		if call == nil || len(call.Args) != 1 || !isConst(c.info, call.Args[0], 0) {
			c.s.addAt(n.Pos(), "runtime.GOMAXPROCS", "runtime.GOMAXPROCS(n) changes how many goroutines run at once for the tests too, which hides races and slowness: read it with runtime.GOMAXPROCS(0) and size your pool by that")
		}
	case "os/exec.Command", "os/exec.CommandContext":
		c.command(n, call, name == "CommandContext")
	case "unsafe.Pointer":
		if call != nil && len(call.Args) == 1 && isBasic(c.typeOf(call.Args[0]), types.Uintptr) {
			c.s.addAt(n.Pos(), "unsafe.Pointer(uintptr)", "a pointer made from a number can point anywhere, into the tests' memory too: convert only pointers")
		}
	}
}

func isBasic(t types.Type, k types.BasicKind) bool {
	b, ok := t.(*types.Basic)
	return ok && b.Kind() == k
}

// isConst reports whether e is a constant equal to the integer want.
func isConst(info *types.Info, e ast.Expr, want int64) bool {
	tv, ok := info.Types[e]
	if !ok || tv.Value == nil {
		return false
	}
	v, exact := constant.Int64Val(constant.ToInt(tv.Value))
	return exact && v == want
}

// conversion screens uintptr(pointer): the number half of pointer
// arithmetic.
func (c *checker) conversion(call *ast.CallExpr) {
	tv, ok := c.info.Types[unparen(call.Fun)]
	if !ok || !tv.IsType() || len(call.Args) != 1 {
		return
	}
	if isBasic(tv.Type, types.Uintptr) && isBasic(c.typeOf(call.Args[0]), types.UnsafePointer) {
		c.s.addAt(call.Pos(), "uintptr(unsafe.Pointer)", "turning a pointer into a number is the first half of pointer arithmetic, which reaches memory the tests rely on: pass the pointer itself")
	}
}

// command screens exec.Command(name, arg...): the program must be the
// test binary itself, and its arguments constant -test.run flags.
func (c *checker) command(n *ast.SelectorExpr, call *ast.CallExpr, withCtx bool) {
	label := pkgLabel("os/exec", n.Sel.Name)
	if call == nil {
		c.s.addAt(n.Pos(), "os/exec."+n.Sel.Name, label+" may only be called, with the test binary as the program: exec."+n.Sel.Name+"(os.Args[0], \"-test.run=^$\")")
		return
	}
	first := 0
	if withCtx {
		first = 1
	}
	if call.Ellipsis.IsValid() || len(call.Args) <= first {
		c.s.addAt(call.Pos(), "os/exec."+n.Sel.Name, label+" needs the program and each argument written out: "+label+"(os.Args[0], \"-test.run=^$\")")
		return
	}
	if !c.trusted(call.Args[first]) {
		c.s.addAt(call.Args[first].Pos(), "exec program", fmt.Sprintf("%s may start only the test binary itself, as the README says: a worker is a copy of it (%s(os.Args[0], \"-test.run=^$\"), or with the path os.Executable() returns, kept in a variable that nothing else writes)", label, label))
	}
	// The only arguments: "-test.run=^$", or "-test.run" and "^$". A
	// worker then runs no test, so no code of the learner's runs in it
	// (another pattern would run the tests again, and their pools start
	// workers of their own); other flags write files.
	var args []string
	for _, a := range call.Args[first+1:] {
		tv := c.info.Types[a]
		if tv.Value == nil || tv.Value.Kind() != constant.String {
			args = append(args, "?")
			continue
		}
		args = append(args, constant.StringVal(tv.Value))
	}
	switch strings.Join(args, " ") {
	case "", "-test.run=^$", "-test.run ^$":
	default:
		c.s.addAt(call.Args[first+1].Pos(), "exec argument", "a worker's only argument is \"-test.run=^$\", so that it runs no test: another pattern runs the tests again in the worker, and other flags make the test binary write files")
	}
}

// process screens a value of type os.Process: its Pid may be read and it
// may be compared with nil; nothing else (no Kill, no Signal, no value of
// one's own).
func (c *checker) process(n ast.Node, stack []ast.Node) {
	if _, ok := n.(*ast.ParenExpr); ok {
		return
	}
	if sel, ok := n.(*ast.SelectorExpr); ok && sel.Sel.Name == "Process" && stubType(c.typeOf(sel.X)) == "os/exec.Cmd" && written(n, stack) {
		return // the Cmd field's own rule reports it
	}
	parent, child, up := parentOf(n, stack)
	switch p := parent.(type) {
	case *ast.SelectorExpr:
		if p.X == child && p.Sel.Name == "Pid" && !written(p, up) {
			return
		}
	case *ast.BinaryExpr:
		other := p.X
		if other == child {
			other = p.Y
		}
		if (p.Op == token.EQL || p.Op == token.NEQ) && c.info.Types[other].IsNil() {
			return
		}
	}
	c.s.addAt(n.Pos(), "os.Process", "an os.Process can signal or kill a process (the checker's too): your code may read cmd.Process.Pid and compare cmd.Process with nil, nothing else. To stop a worker, close its stdin (it exits) and Wait for it, or start it with exec.CommandContext and cancel the context")
}

// ident screens a use of a name the package declares in a protected file.
func (c *checker) ident(id *ast.Ident, stack []ast.Node) {
	obj := c.info.Uses[id]
	if obj == nil || obj.Pkg() != c.pkg {
		return
	}
	file := c.protectedFile(obj)
	if file == "" {
		return
	}
	name := obj.Name()
	if strings.HasSuffix(file, "_test.go") {
		c.s.addAt(id.Pos(), name, fmt.Sprintf("%s is declared in %s, a test file: the tests' own code is out of your code's reach", name, file))
		return
	}
	if !c.apiAllows(obj) {
		c.s.addAt(id.Pos(), name, fmt.Sprintf("%s is the support code's own (%s, unexported): the tests rely on it, so your code may use only what the README hands out, the exported names of the support files", name, file))
		return
	}
	if v, ok := obj.(*types.Var); ok && !v.IsField() && obj.Parent() == c.pkg.Scope() {
		if parent, child, _ := parentOf(id, stack); !isSelectorSel(parent, child) && written(id, stack) {
			c.s.addAt(id.Pos(), name, fmt.Sprintf("%s is a variable of the support code (%s) that the tests rely on: read it, never change it", name, file))
		}
	}
}

func isSelectorSel(parent, child ast.Node) bool {
	s, ok := parent.(*ast.SelectorExpr)
	return ok && s.Sel == child
}

// apiAllows reports whether the README hands out obj, declared in a
// protected support file: its exported names, and what kata.toml's api
// adds.
func (c *checker) apiAllows(obj types.Object) bool {
	if obj.Exported() || slices.Contains(c.s.pol.API, obj.Name()) {
		return true
	}
	if owner := ownerName(obj); owner != "" {
		return slices.Contains(c.s.pol.API, owner+"."+obj.Name())
	}
	return false
}

// ownerName returns the name of the named type a method or field belongs
// to, or "".
func ownerName(obj types.Object) string {
	switch o := obj.(type) {
	case *types.Func:
		if recv := o.Signature().Recv(); recv != nil {
			t := recv.Type()
			if p, ok := t.(*types.Pointer); ok {
				t = p.Elem()
			}
			if n, ok := t.(*types.Named); ok {
				return n.Obj().Name()
			}
		}
	case *types.Var:
		if o.IsField() && o.Pkg() != nil {
			scope := o.Pkg().Scope()
			for _, name := range scope.Names() {
				if st, ok := scope.Lookup(name).Type().Underlying().(*types.Struct); ok {
					for f := range st.Fields() {
						if f == o {
							return name
						}
					}
				}
			}
		}
	}
	return ""
}

// embeddedPath screens the embedded fields a selection goes through: an
// unexported embedded field of a support type is as out of reach as any
// other unexported field.
func (c *checker) embeddedPath(n *ast.SelectorExpr, sel *types.Selection) {
	t := sel.Recv()
	idx := sel.Index()
	for _, i := range idx[:len(idx)-1] {
		if p, ok := t.Underlying().(*types.Pointer); ok {
			t = p.Elem()
		}
		st, ok := t.Underlying().(*types.Struct)
		if !ok || i >= st.NumFields() {
			return
		}
		f := st.Field(i)
		if file := c.protectedFile(f); file != "" && (strings.HasSuffix(file, "_test.go") || !c.apiAllows(f)) {
			c.s.addAt(n.Sel.Pos(), f.Name(), fmt.Sprintf("%s goes through %s, an unexported field of the support code (%s): use only what the README hands out", n.Sel.Name, f.Name(), file))
			return
		}
		t = f.Type()
	}
}

// compositeLit screens literals of the stub types (a worker comes from
// exec.Command, never from a literal) and positional literals of support
// types with unexported fields (which set those fields without naming
// them).
func (c *checker) compositeLit(n *ast.CompositeLit) {
	t := c.typeOf(n)
	if t == nil {
		return
	}
	switch stubType(t) {
	case "os/exec.Cmd", "os.Process", "os.File":
		c.s.addAt(n.Pos(), stubType(t)+" literal", "a literal of "+stubType(t)+" can name any program or process: start workers with exec.Command(os.Args[0], \"-test.run=^$\")")
		return
	}
	named, ok := t.(*types.Named)
	if !ok || c.protectedFile(named.Obj()) == "" || len(n.Elts) == 0 {
		return
	}
	if _, keyed := n.Elts[0].(*ast.KeyValueExpr); keyed {
		return
	}
	if st, ok := named.Underlying().(*types.Struct); ok && hasUnexported(st) {
		c.s.addAt(n.Pos(), named.Obj().Name()+" literal", fmt.Sprintf("a %s literal without field names sets the support type's unexported fields: name the exported fields you set (%s{Field: value})", named.Obj().Name(), named.Obj().Name()))
	}
}

func hasUnexported(st *types.Struct) bool {
	for f := range st.Fields() {
		if !f.Exported() {
			return true
		}
	}
	return false
}

// structType screens a struct type of the learner's: no embedded stub
// type (its promoted members would escape the rules), and no copy of a
// support type with unexported fields (a conversion to it would reach
// them).
func (c *checker) structType(n *ast.StructType) {
	for _, f := range n.Fields.List {
		if len(f.Names) == 0 {
			if st := stubType(c.typeOf(f.Type)); st != "" {
				c.s.addAt(f.Pos(), "embedded "+st, "embedding "+st+" hands its methods and fields to your type unchecked: give the field a name")
			}
		}
	}
	t, ok := c.typeOf(n).(*types.Struct)
	if !ok || t.NumFields() == 0 || !hasUnexported(t) {
		return
	}
	scope := c.pkg.Scope()
	for _, name := range scope.Names() {
		obj, ok := scope.Lookup(name).(*types.TypeName)
		if !ok || c.protectedFile(obj) == "" {
			continue
		}
		if st, ok := obj.Type().Underlying().(*types.Struct); ok && hasUnexported(st) && types.Identical(st, t) {
			c.s.addAt(n.Pos(), name+" copy", fmt.Sprintf("this struct type has the same fields as %s, a support type: converting between them reaches its unexported fields. Declare your own fields", name))
			return
		}
	}
}

// interfaceType screens an interface of the learner's: one that names an
// unexported method of a support type would reach it through any value
// of that type (10's *Worker and its stop).
func (c *checker) interfaceType(n *ast.InterfaceType) {
	it, ok := c.typeOf(n).(*types.Interface)
	if !ok {
		return
	}
	for m := range it.Methods() {
		if m.Exported() {
			continue
		}
		scope := c.pkg.Scope()
		for _, name := range scope.Names() {
			tn, ok := scope.Lookup(name).(*types.TypeName)
			if !ok || c.protectedFile(tn) == "" {
				continue
			}
			named, ok := tn.Type().(*types.Named)
			if !ok {
				continue
			}
			for pm := range named.Methods() {
				if pm.Name() == m.Name() && !c.apiAllows(pm) {
					c.s.addAt(n.Pos(), "interface "+m.Name(), fmt.Sprintf("this interface names %s, an unexported method of %s, the support code's own: calling it through the interface reaches it all the same. Name your method otherwise", m.Name(), name))
					return
				}
			}
		}
	}
}

// method screens a method declaration: methods belong to the type's
// declaring code, so a support type gets none from the learner (a
// String, Is or MarshalJSON of the learner's would change what the
// tests see).
func (c *checker) method(fd *ast.FuncDecl) {
	if fd.Recv == nil || len(fd.Recv.List) == 0 {
		return
	}
	t := c.typeOf(fd.Recv.List[0].Type)
	if p, ok := t.(*types.Pointer); ok {
		t = p.Elem()
	}
	if n, ok := t.(*types.Named); ok {
		if file := c.protectedFile(n.Obj()); file != "" {
			c.s.addAt(fd.Pos(), "method on "+n.Obj().Name(), fmt.Sprintf("%s is a type of the support code (%s): a method of yours on it would change what the tests see. Write a function, or a method on a type of your own", n.Obj().Name(), file))
		}
	}
}

// cName screens C.name in Go: the API the README hands out, the cgo
// types and helpers, a few libc functions, and what the file's own
// preamble declares.
func (c *checker) cName(f *ast.File, n *ast.SelectorExpr) {
	name := n.Sel.Name
	switch {
	case c.s.cenv.api[name] || cgoNames[name] || cLibc[name] || c.s.learnerC[f][name]:
		return
	case strings.HasPrefix(name, "struct_") && (c.s.cenv.api[strings.TrimPrefix(name, "struct_")] || c.s.learnerC[f][name]):
		return
	case cDenied[name]:
		c.s.addAt(n.Pos(), "C "+name, fmt.Sprintf("C.%s can end, fork, signal or change the test process, or touch files: no exercise needs it", name))
	case c.s.cenv.protected[name]:
		c.s.addAt(n.Pos(), "C "+name, fmt.Sprintf("C.%s is the tests' side of the C support code, not part of the API the README hands out: use only %s", name, apiList(c.s.cenv)))
	default:
		c.s.addAt(n.Pos(), "C "+name, fmt.Sprintf("C.%s is neither in the API this exercise hands out (%s), nor a C type, nor declared by your preamble", name, apiList(c.s.cenv)))
	}
}

// cgoNames are the C types and cgo helpers Go may name as C.name.
var cgoNames = setOf(`char schar uchar short ushort int uint long ulong longlong ulonglong float double
	complexfloat complexdouble size_t ptrdiff_t intptr_t uintptr_t bool
	int8_t int16_t int32_t int64_t uint8_t uint16_t uint32_t uint64_t
	CString CBytes GoString GoStringN GoBytes`)

// packageLevel screens the initial values of package-level variables:
// they are computed before the tests start, so they may call the standard
// library and the built-ins, but no code of the package's (the learner's
// or the support code's: a worker started there would start workers of
// its own), no method and no function literal.
func (c *checker) packageLevel(f *ast.File) {
	for _, d := range f.Decls {
		gd, ok := d.(*ast.GenDecl)
		if !ok || gd.Tok != token.VAR {
			continue
		}
		for _, spec := range gd.Specs {
			for _, v := range spec.(*ast.ValueSpec).Values {
				ast.Inspect(v, func(n ast.Node) bool {
					if _, ok := n.(*ast.FuncLit); ok {
						return false // its body runs when it is called
					}
					if call, ok := n.(*ast.CallExpr); ok && !c.initCallOK(call) {
						c.s.addAt(call.Pos(), "package-level call", "a package-level variable is set before the tests start, out of their sight: initialise it with a value (or errors.New, make...), and do the work in the functions the tests call")
					}
					return true
				})
			}
		}
	}
}

// initCallOK reports whether a call may run while the package starts: a
// conversion, a built-in but panic, or a function of an imported package
// whose arguments are all of basic types (a value of the package's own
// type could hand the library a method to call: fmt.Sprint calls String).
// sync.OnceFunc and its kin only store the function they are given.
func (c *checker) initCallOK(call *ast.CallExpr) bool {
	fun := unparen(call.Fun)
	switch x := fun.(type) {
	case *ast.IndexExpr:
		fun = x.X
	case *ast.IndexListExpr:
		fun = x.X
	}
	tv := c.info.Types[fun]
	if tv.IsType() {
		return true
	}
	if tv.IsBuiltin() {
		id, _ := fun.(*ast.Ident)
		return id == nil || id.Name != "panic"
	}
	sel, ok := fun.(*ast.SelectorExpr)
	if !ok {
		return false
	}
	id, ok := sel.X.(*ast.Ident)
	if !ok {
		return false
	}
	pn, ok := c.info.Uses[id].(*types.PkgName)
	if !ok || pn.Imported().Path() == "C" {
		return false
	}
	stores := pn.Imported().Path() == "sync" && strings.HasPrefix(sel.Sel.Name, "Once")
	for _, a := range call.Args {
		switch c.typeOf(a).(type) {
		case nil, *types.Basic:
			// A number, a string, or a value only the standard library
			// made (its type unknown to the screen).
		case *types.Signature:
			if !stores {
				return false // a function the library may call at once
			}
		default:
			if _, inner := unparen(a).(*ast.CallExpr); !inner {
				return false
			}
		}
	}
	return true
}
