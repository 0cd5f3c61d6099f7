package screen

import (
	"go/ast"
	"go/token"
	"go/types"
)

// The program a worker runs must be the test binary itself: os.Args[0],
// or the path os.Executable() returns. Learner code usually keeps it in a
// variable, a struct field or a parameter first, so the screen follows
// string variables: one holds the test binary's path when every value
// ever written to it does. It sees every write because the rest of the
// screen leaves no other way: no pointer to the variable (&exe), no
// reflect, no unsafe; a field must be unexported (encoding/json sets only
// exported ones) and its struct never converted from another type; a
// parameter's function must only ever be called directly.

// write is one value written to a variable.
type write struct {
	expr ast.Expr
	// idx is the result index when expr is a call with several results,
	// else -1.
	idx int
	// bad marks a write the screen cannot follow (+=, range, &v).
	bad bool
}

// trusted reports whether e is the test binary's path.
func (c *checker) trusted(e ast.Expr) bool {
	e = unparen(e)
	if c.isOsArgs0(e) {
		return true
	}
	v := c.varOf(e)
	return v != nil && c.trustedVars()[v]
}

// isOsArgs0 reports whether e is os.Args[0].
func (c *checker) isOsArgs0(e ast.Expr) bool {
	ix, ok := unparen(e).(*ast.IndexExpr)
	if !ok || !isConst(c.info, ix.Index, 0) {
		return false
	}
	return c.isPkgName(ix.X, "os", "Args")
}

// isPkgName reports whether e is p.name of the imported package p.
func (c *checker) isPkgName(e ast.Expr, p, name string) bool {
	sel, ok := unparen(e).(*ast.SelectorExpr)
	if !ok || sel.Sel.Name != name {
		return false
	}
	id, ok := sel.X.(*ast.Ident)
	if !ok {
		return false
	}
	pn, ok := c.info.Uses[id].(*types.PkgName)
	return ok && pn.Imported().Path() == p
}

// varOf returns the variable or field e names, or nil.
func (c *checker) varOf(e ast.Expr) *types.Var {
	switch e := unparen(e).(type) {
	case *ast.Ident:
		if v, ok := c.info.Uses[e].(*types.Var); ok {
			return v
		}
		if v, ok := c.info.Defs[e].(*types.Var); ok {
			return v
		}
	case *ast.SelectorExpr:
		if sel := c.info.Selections[e]; sel != nil && sel.Kind() == types.FieldVal {
			v, _ := sel.Obj().(*types.Var)
			return v
		}
	}
	return nil
}

// learnerVar reports whether v is a string variable declared in the
// learner's files.
func (c *checker) learnerVar(v *types.Var) bool {
	if v == nil || v.Pkg() != c.pkg || !types.Identical(v.Type(), types.Typ[types.String]) {
		return false
	}
	return c.protectedFile(v) == ""
}

// trustedVars finds the learner's string variables whose every write is
// the test binary's path.
func (c *checker) trustedVars() map[*types.Var]bool {
	if c.trust != nil {
		return c.trust
	}
	writes := map[*types.Var][]write{}
	note := func(v *types.Var, w write) {
		if c.learnerVar(v) {
			writes[v] = append(writes[v], w)
		}
	}
	assign := func(lhs []ast.Expr, rhs []ast.Expr, bad bool) {
		for i, l := range lhs {
			v := c.varOf(l)
			switch {
			case bad:
				note(v, write{bad: true})
			case len(lhs) == len(rhs):
				note(v, write{expr: rhs[i], idx: -1})
			case len(rhs) == 1:
				note(v, write{expr: rhs[0], idx: i})
			}
		}
	}
	// Parameters: every call site writes them; a function used as a
	// value could be called with anything.
	funcs := map[types.Object]*types.Signature{}
	for _, f := range c.s.learner {
		for _, d := range f.Decls {
			if fd, ok := d.(*ast.FuncDecl); ok {
				if obj := c.info.Defs[fd.Name]; obj != nil {
					funcs[obj] = obj.Type().(*types.Signature)
				}
			}
		}
	}
	params := func(sig *types.Signature, args []ast.Expr, ellipsis bool) {
		for i := range sig.Params().Len() {
			p := sig.Params().At(i)
			switch {
			case ellipsis || sig.Variadic() && i == sig.Params().Len()-1 || len(args) != sig.Params().Len():
				note(p, write{bad: true})
			default:
				note(p, write{expr: args[i], idx: -1})
			}
		}
	}
	anonStructs := []*types.Struct{}
	converted := map[*types.Struct]bool{}
	for _, f := range c.s.learner {
		visit(f, func(n ast.Node, stack []ast.Node) bool {
			switch n := n.(type) {
			case *ast.AssignStmt:
				assign(n.Lhs, n.Rhs, n.Tok != token.ASSIGN && n.Tok != token.DEFINE)
			case *ast.ValueSpec:
				lhs := make([]ast.Expr, len(n.Names))
				for i, id := range n.Names {
					lhs[i] = id
				}
				if len(n.Values) > 0 {
					assign(lhs, n.Values, false)
				}
			case *ast.RangeStmt:
				for _, e := range []ast.Expr{n.Key, n.Value} {
					if e != nil {
						note(c.varOf(e), write{bad: true})
					}
				}
			case *ast.UnaryExpr:
				if n.Op == token.AND {
					note(c.varOf(n.X), write{bad: true})
				}
			case *ast.FuncLit:
				sig, _ := c.typeOf(n).(*types.Signature)
				if sig != nil {
					params(sig, nil, true)
				}
			case *ast.CompositeLit:
				st, _ := derefStruct(c.typeOf(n))
				if st == nil {
					break
				}
				for i, e := range n.Elts {
					if kv, ok := e.(*ast.KeyValueExpr); ok {
						if id, ok := kv.Key.(*ast.Ident); ok {
							v, _ := c.info.Uses[id].(*types.Var)
							note(v, write{expr: kv.Value, idx: -1})
						}
					} else if i < st.NumFields() {
						note(st.Field(i), write{expr: e, idx: -1})
					}
				}
			case *ast.StructType:
				if st, ok := c.typeOf(n).(*types.Struct); ok {
					if _, isSpec := stackTop(stack).(*ast.TypeSpec); !isSpec {
						anonStructs = append(anonStructs, st)
					}
				}
			case *ast.CallExpr:
				fun := unparen(n.Fun)
				if tv := c.info.Types[fun]; tv.IsType() && len(n.Args) == 1 {
					if st, _ := derefStruct(tv.Type); st != nil && !types.Identical(tv.Type, c.typeOf(n.Args[0])) {
						converted[st] = true
					}
				}
			case *ast.Ident:
				obj := c.info.Uses[n]
				sig, ok := funcs[obj]
				if !ok {
					break
				}
				parent, child, _ := parentOf(n, stack)
				if sel, ok := parent.(*ast.SelectorExpr); ok && sel.Sel == n {
					parent, child, _ = parentOf(sel, stack[:len(stack)-1])
				}
				if call, ok := parent.(*ast.CallExpr); ok && call.Fun == child {
					params(sig, call.Args, call.Ellipsis.IsValid())
				} else {
					params(sig, nil, true)
				}
			}
			return true
		})
	}
	trust := map[*types.Var]bool{}
	for v := range writes {
		trust[v] = true
	}
	// Fields: unexported, and their struct neither converted to nor
	// copied by an unnamed struct type.
	for v := range writes {
		if !v.IsField() {
			continue
		}
		if v.Exported() {
			trust[v] = false
			continue
		}
		for st := range converted {
			if hasField(st, v) {
				trust[v] = false
			}
		}
		for _, st := range anonStructs {
			if s2 := ownerStruct(c.pkg, v); s2 != nil && st != s2 && types.Identical(st, s2) {
				trust[v] = false
			}
		}
	}
	c.trust = trust
	for changed := true; changed; {
		changed = false
		for v, ws := range writes {
			if !trust[v] {
				continue
			}
			for _, w := range ws {
				ok := !w.bad
				if ok && w.idx >= 0 {
					call, isCall := unparen(w.expr).(*ast.CallExpr)
					ok = isCall && w.idx == 0 && c.isPkgName(call.Fun, "os", "Executable")
				} else if ok {
					e := unparen(w.expr)
					wv := c.varOf(e)
					ok = c.isOsArgs0(e) || wv != nil && trust[wv]
				}
				if !ok {
					trust[v] = false
					changed = true
					break
				}
			}
		}
	}
	return trust
}

func stackTop(stack []ast.Node) ast.Node {
	if len(stack) == 0 {
		return nil
	}
	return stack[len(stack)-1]
}

// derefStruct returns the struct t is, or points to.
func derefStruct(t types.Type) (*types.Struct, bool) {
	if t == nil {
		return nil, false
	}
	if p, ok := t.Underlying().(*types.Pointer); ok {
		t = p.Elem()
	}
	st, ok := t.Underlying().(*types.Struct)
	return st, ok
}

func hasField(st *types.Struct, v *types.Var) bool {
	for f := range st.Fields() {
		if f == v {
			return true
		}
	}
	return false
}

// ownerStruct returns the struct type of a package-level named type that
// declares the field v, or nil.
func ownerStruct(pkg *types.Package, v *types.Var) *types.Struct {
	scope := pkg.Scope()
	for _, name := range scope.Names() {
		if st, ok := scope.Lookup(name).Type().Underlying().(*types.Struct); ok && hasField(st, v) {
			return st
		}
	}
	return nil
}
