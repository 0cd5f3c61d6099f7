package screen

import (
	"go/ast"
	"go/token"
	"go/types"
)

// A worker's exec.Cmd (and the os.Process in it) must stay where the
// screen sees every use of it: encoding/json or fmt, handed a *exec.Cmd,
// or a value holding one, could write its program by reflection
// (json.Unmarshal sets Path and Args), and an interface holding it could
// be asserted back where the screen no longer knows its type. So a value
// whose type holds one may not be handed to another package's function,
// nor stored in an interface, nor be a type argument.

// holdsProcess reports whether a value of type t holds an exec.Cmd or an
// os.Process where another package can reach it: through pointers,
// slices, arrays, maps, channels and exported struct fields (encoding/json
// sets only exported fields; an unexported one, such as exercise 10's
// Worker.cmd, is out of its reach).
func holdsProcess(t types.Type) bool { return holds(t, map[types.Type]bool{}) }

func holds(t types.Type, seen map[types.Type]bool) bool {
	if t == nil || seen[t] {
		return false
	}
	seen[t] = true
	switch t := types.Unalias(t).(type) {
	case *types.Named:
		if pkg := t.Obj().Pkg(); pkg != nil && loadStubs()[pkg.Path()] == pkg && (t.Obj().Name() == "Cmd" || t.Obj().Name() == "Process") {
			return true
		}
		return holds(t.Underlying(), seen)
	case *types.Pointer:
		return holds(t.Elem(), seen)
	case *types.Slice:
		return holds(t.Elem(), seen)
	case *types.Array:
		return holds(t.Elem(), seen)
	case *types.Chan:
		return holds(t.Elem(), seen)
	case *types.Map:
		return holds(t.Key(), seen) || holds(t.Elem(), seen)
	case *types.Struct:
		for f := range t.Fields() {
			if f.Exported() && holds(f.Type(), seen) {
				return true
			}
		}
	}
	return false
}

// opaque reports whether a value given a place of type t may end up out
// of the screen's sight: an interface, a type parameter, or a type the
// screen does not know (another package's parameter).
func opaque(t types.Type) bool {
	if t == nil {
		return true
	}
	if b, ok := t.(*types.Basic); ok && b.Kind() == types.Invalid {
		return true
	}
	_, tp := t.(*types.TypeParam)
	return tp || types.IsInterface(t)
}

// escape screens where a value may leave the screen's sight.
func (c *checker) escape(n ast.Node, stack []ast.Node) {
	check := func(e ast.Expr, to types.Type) {
		if e != nil && holdsProcess(c.typeOf(e)) && opaque(to) {
			c.s.addAt(e.Pos(), "exec.Cmd escapes", "a worker's *exec.Cmd (or a value holding one) may not be handed to another package or stored in an interface: encoding/json or fmt could rewrite the program it runs. Keep it in fields and variables of its own type, and pass what the other package needs (cmd.Process.Pid, the pipes)")
		}
	}
	switch n := n.(type) {
	case *ast.CallExpr:
		tv := c.info.Types[unparen(n.Fun)]
		switch {
		case tv.IsType():
			if len(n.Args) == 1 {
				check(n.Args[0], tv.Type)
			}
			return
		case tv.IsBuiltin():
			return
		}
		sig, _ := types.Unalias(tv.Type).(*types.Signature)
		if sig == nil {
			if u, ok := tv.Type.(*types.Named); ok {
				sig, _ = u.Underlying().(*types.Signature)
			}
		}
		for i, a := range n.Args {
			check(a, paramType(sig, i, n.Ellipsis.IsValid()))
		}
	case *ast.AssignStmt:
		if n.Tok != token.ASSIGN || len(n.Lhs) != len(n.Rhs) {
			return
		}
		for i, l := range n.Lhs {
			if id, ok := l.(*ast.Ident); ok && id.Name == "_" {
				continue // a value thrown away goes nowhere
			}
			check(n.Rhs[i], c.typeOf(l))
		}
	case *ast.ValueSpec:
		if n.Type == nil {
			return
		}
		for _, v := range n.Values {
			check(v, c.typeOf(n.Type))
		}
	case *ast.ReturnStmt:
		sig := c.enclosing(stack)
		if sig == nil || sig.Results().Len() != len(n.Results) {
			return
		}
		for i, r := range n.Results {
			check(r, sig.Results().At(i).Type())
		}
	case *ast.SendStmt:
		if ch, ok := types.Unalias(c.typeOf(n.Chan)).Underlying().(*types.Chan); ok {
			check(n.Value, ch.Elem())
		}
	case *ast.CompositeLit:
		t := c.typeOf(n)
		if t == nil {
			return
		}
		for i, e := range n.Elts {
			value, key := e, ast.Expr(nil)
			if kv, ok := e.(*ast.KeyValueExpr); ok {
				value, key = kv.Value, kv.Key
			}
			switch u := t.Underlying().(type) {
			case *types.Struct:
				if key != nil {
					if id, ok := key.(*ast.Ident); ok {
						if f, ok := c.info.Uses[id].(*types.Var); ok {
							check(value, f.Type())
						}
					}
				} else if i < u.NumFields() {
					check(value, u.Field(i).Type())
				}
			case *types.Slice:
				check(value, u.Elem())
			case *types.Array:
				check(value, u.Elem())
			case *types.Map:
				check(value, u.Elem())
				check(key, u.Key())
			}
		}
	case *ast.Ident:
		if inst, ok := c.info.Instances[n]; ok && inst.TypeArgs != nil {
			for t := range inst.TypeArgs.Types() {
				if holdsProcess(t) {
					c.s.addAt(n.Pos(), "exec.Cmd escapes", "a type argument holding a *exec.Cmd lets generic code hand it on out of the screen's sight: write the function for the type itself")
				}
			}
		}
	}
}

// paramType is the type of the parameter argument i goes to, or nil when
// the callee is unknown.
func paramType(sig *types.Signature, i int, ellipsis bool) types.Type {
	if sig == nil {
		return nil
	}
	params := sig.Params()
	if params.Len() == 0 {
		return nil
	}
	if sig.Variadic() && i >= params.Len()-1 {
		last := params.At(params.Len() - 1).Type()
		if ellipsis {
			return last
		}
		if s, ok := last.(*types.Slice); ok {
			return s.Elem()
		}
		return last
	}
	if i < params.Len() {
		return params.At(i).Type()
	}
	return nil
}

// enclosing returns the signature of the function the innermost node of
// stack is in.
func (c *checker) enclosing(stack []ast.Node) *types.Signature {
	for i := len(stack) - 1; i >= 0; i-- {
		switch f := stack[i].(type) {
		case *ast.FuncLit:
			sig, _ := c.typeOf(f).(*types.Signature)
			return sig
		case *ast.FuncDecl:
			if obj := c.info.Defs[f.Name]; obj != nil {
				sig, _ := obj.Type().(*types.Signature)
				return sig
			}
			return nil
		}
	}
	return nil
}
