package mutate

import (
	"fmt"
	"go/ast"
	"go/token"
	"strconv"
	"strings"
)

// site is one place an operator changes.
type site struct {
	at    token.Pos
	desc  string
	edits []edit
	// gone are the nodes the change takes out: a local variable only
	// they used is kept alive with `_ = x`.
	gone []ast.Node
}

// operator finds its sites in one function.
type operator struct {
	name  string
	sched bool
	find  func(f *fileInfo, fd *ast.FuncDecl) []site
}

// Operators lists every operator's name, in the order mutants are made,
// and whether its mutants depend on scheduling.
func Operators() []struct {
	Name  string
	Sched bool
} {
	out := make([]struct {
		Name  string
		Sched bool
	}, len(operators))
	for i, op := range operators {
		out[i].Name, out[i].Sched = op.name, op.sched
	}
	return out
}

var operators = []operator{
	{"remove-lock", true, removeLock},
	{"split-lock", true, splitLock},
	{"lock-to-rlock", true, lockToRLock},
	{"swap-locks", true, swapLocks},
	{"remove-close", true, removeClose},
	{"remove-wait", true, removeWait},
	{"remove-ctx-arm", true, removeCtxArm},
	{"remove-ctx-check", true, removeCtxCheck},
	{"ctx-background", true, ctxBackground},
	{"remove-cancel", true, removeCancel},
	{"select-to-bare", true, selectToBare},
	{"chan-cap-0", true, chanCap0},
	{"chan-cap-1", true, chanCap1},
	{"chan-cap-4n", true, chanCap4n},
	{"bound-1", true, bound("1")},
	{"bound-4", true, bound("4")},
	{"bound-none", true, boundNone},
	{"go-sync", true, goSync},
	{"boundary", false, boundary},
	{"off-by-one", false, offByOne},
	{"int-division", false, intDivision},
}

// each calls fn for every node of the function's body, in source order.
func each(fd *ast.FuncDecl, fn func(n ast.Node)) {
	ast.Inspect(fd.Body, func(n ast.Node) bool {
		if n != nil {
			fn(n)
		}
		return true
	})
}

// methodCall matches a statement `x.Name()` (or `defer x.Name()`) with no
// arguments: it returns the receiver's text, the call and whether it is
// deferred.
func (f *fileInfo) methodCall(n ast.Node, names ...string) (recv string, call *ast.CallExpr, deferred bool) {
	switch s := n.(type) {
	case *ast.ExprStmt:
		call, _ = s.X.(*ast.CallExpr)
	case *ast.DeferStmt:
		call, deferred = s.Call, true
	}
	if call == nil || len(call.Args) != 0 {
		return "", nil, false
	}
	sel, ok := call.Fun.(*ast.SelectorExpr)
	if !ok {
		return "", nil, false
	}
	for _, name := range names {
		if sel.Sel.Name == name {
			return f.text(sel.X), call, deferred
		}
	}
	return "", nil, false
}

func callName(call *ast.CallExpr) string {
	if sel, ok := call.Fun.(*ast.SelectorExpr); ok {
		return sel.Sel.Name
	}
	return ""
}

// lockPair is a Lock (or RLock) statement and the unlocks that release it:
// those of the same lock after it, up to its next Lock.
type lockPair struct {
	lock    ast.Stmt
	recv    string
	name    string // Lock or RLock
	unlocks []ast.Stmt
}

func (f *fileInfo) lockPairs(fd *ast.FuncDecl) []lockPair {
	var pairs []lockPair
	each(fd, func(n ast.Node) {
		s, ok := n.(ast.Stmt)
		if !ok {
			return
		}
		if recv, call, deferred := f.methodCall(s, "Lock", "RLock"); call != nil && !deferred {
			pairs = append(pairs, lockPair{lock: s, recv: recv, name: callName(call)})
			return
		}
		if recv, call, _ := f.methodCall(s, "Unlock", "RUnlock"); call != nil {
			for i := len(pairs) - 1; i >= 0; i-- {
				if pairs[i].recv == recv && pairs[i].name == releases[callName(call)] {
					pairs[i].unlocks = append(pairs[i].unlocks, s)
					break
				}
			}
		}
	})
	// A Lock only counts as paired with unlocks before its lock's next
	// Lock: the loop above gives each unlock to the latest Lock.
	return pairs
}

// unlocks maps each unlock to the lock it releases.
var releases = map[string]string{"Unlock": "Lock", "RUnlock": "RLock"}

func removeLock(f *fileInfo, fd *ast.FuncDecl) []site {
	var out []site
	for _, p := range f.lockPairs(fd) {
		if len(p.unlocks) == 0 {
			continue
		}
		s := site{at: p.lock.Pos(), desc: fmt.Sprintf("take no lock: remove %s.%s() and its unlock", p.recv, p.name)}
		s.edits = append(s.edits, f.remove(p.lock))
		s.gone = append(s.gone, p.lock)
		for _, u := range p.unlocks {
			s.edits = append(s.edits, f.remove(u))
			s.gone = append(s.gone, u)
		}
		out = append(out, s)
	}
	return out
}

// stmtList returns the statement list s sits in directly, and its index.
func (f *fileInfo) stmtList(s ast.Stmt) ([]ast.Stmt, int) {
	var list []ast.Stmt
	switch p := f.parents[s].(type) {
	case *ast.BlockStmt:
		list = p.List
	case *ast.CaseClause:
		list = p.Body
	case *ast.CommClause:
		list = p.Body
	}
	for i, x := range list {
		if x == s {
			return list, i
		}
	}
	return nil, -1
}

func splitLock(f *fileInfo, fd *ast.FuncDecl) []site {
	var out []site
	for _, p := range f.lockPairs(fd) {
		list, i := f.stmtList(p.lock)
		if i < 0 || len(p.unlocks) == 0 {
			continue
		}
		// The critical section: the statements after the Lock up to its
		// unlock in the same list, or to the end of the list when the
		// unlock is deferred.
		var section []ast.Stmt
		for _, s := range list[i+1:] {
			if isUnlockOf(p, s) {
				if _, ok := s.(*ast.DeferStmt); ok {
					continue
				}
				break
			}
			section = append(section, s)
		}
		if len(section) < 2 {
			continue
		}
		k := len(section) / 2
		switch section[k-1].(type) {
		case *ast.ReturnStmt, *ast.BranchStmt:
			continue
		}
		if len(section) == k+1 && returnsConstants(section[k]) {
			continue // unlocking right before `return nil` changes nothing
		}
		unlock := "Unlock"
		if p.name == "RLock" {
			unlock = "RUnlock"
		}
		out = append(out, site{
			at:    section[k-1].End(),
			desc:  fmt.Sprintf("split the critical section of %s in two: unlock and lock again after line %d", p.recv, f.fset.Position(section[k-1].End()).Line),
			edits: []edit{f.insertAfter(section[k-1], fmt.Sprintf("\n%s.%s()\n%s.%s()", p.recv, unlock, p.recv, p.name))},
		})
	}
	return out
}

// returnsConstants reports whether s is a return of literals and names
// only (nil, ErrX, a local), which reads nothing a lock guards.
func returnsConstants(s ast.Stmt) bool {
	r, ok := s.(*ast.ReturnStmt)
	if !ok {
		return false
	}
	for _, e := range r.Results {
		switch e.(type) {
		case *ast.BasicLit, *ast.Ident:
		default:
			return false
		}
	}
	return true
}

func isUnlockOf(p lockPair, s ast.Stmt) bool {
	for _, u := range p.unlocks {
		if u == s {
			return true
		}
	}
	return false
}

func lockToRLock(f *fileInfo, fd *ast.FuncDecl) []site {
	if !f.rw {
		return nil
	}
	var out []site
	for _, p := range f.lockPairs(fd) {
		if p.name != "Lock" || len(p.unlocks) == 0 {
			continue
		}
		s := site{at: p.lock.Pos(), desc: fmt.Sprintf("share the lock: %s.Lock() becomes %s.RLock()", p.recv, p.recv)}
		for _, st := range append([]ast.Stmt{p.lock}, p.unlocks...) {
			_, call, _ := f.methodCall(st, "Lock", "Unlock")
			sel := call.Fun.(*ast.SelectorExpr)
			s.edits = append(s.edits, f.replace(sel.Sel, "R"+sel.Sel.Name))
		}
		out = append(out, s)
	}
	return out
}

func swapLocks(f *fileInfo, fd *ast.FuncDecl) []site {
	var out []site
	pairs := f.lockPairs(fd)
	for a := range pairs {
		list, i := f.stmtList(pairs[a].lock)
		if i < 0 {
			continue
		}
		// The next Lock statement in the same list, on another lock.
		for _, s := range list[i+1:] {
			recv, call, deferred := f.methodCall(s, "Lock", "RLock")
			if call == nil || deferred {
				continue
			}
			if recv != pairs[a].recv {
				out = append(out, site{
					at:    pairs[a].lock.Pos(),
					desc:  fmt.Sprintf("take the locks in the other order: %s before %s", recv, pairs[a].recv),
					edits: []edit{f.replace(pairs[a].lock, f.text(s)), f.replace(s, f.text(pairs[a].lock))},
				})
			}
			break
		}
	}
	return out
}

func removeClose(f *fileInfo, fd *ast.FuncDecl) []site {
	var out []site
	each(fd, func(n ast.Node) {
		var call *ast.CallExpr
		switch s := n.(type) {
		case *ast.ExprStmt:
			call, _ = s.X.(*ast.CallExpr)
		case *ast.DeferStmt:
			call = s.Call
		}
		if call == nil || len(call.Args) != 1 {
			return
		}
		if id, ok := call.Fun.(*ast.Ident); ok && id.Name == "close" {
			out = append(out, site{at: n.Pos(), desc: "never close " + f.text(call.Args[0]), edits: []edit{f.remove(n)}, gone: []ast.Node{n}})
		}
	})
	return out
}

func removeWait(f *fileInfo, fd *ast.FuncDecl) []site {
	var out []site
	each(fd, func(n ast.Node) {
		switch s := n.(type) {
		case *ast.ExprStmt:
			if cc, ok := f.parents[s].(*ast.CommClause); ok && cc.Comm == s {
				return // a select's case, not a wait of its own
			}
			if u, ok := s.X.(*ast.UnaryExpr); ok && u.Op == token.ARROW {
				out = append(out, site{at: s.Pos(), desc: "do not wait: remove " + f.text(s), edits: []edit{f.remove(s)}, gone: []ast.Node{s}})
				return
			}
		case *ast.ReturnStmt:
			for _, r := range s.Results {
				if call, ok := r.(*ast.CallExpr); ok && len(call.Args) == 0 && callName(call) == "Wait" {
					out = append(out, site{at: call.Pos(), desc: "do not wait: " + f.text(call) + " becomes nil", edits: []edit{f.replace(call, "nil")}, gone: []ast.Node{call}})
				}
			}
			return
		case *ast.AssignStmt:
			if len(s.Rhs) == 1 {
				if call, ok := s.Rhs[0].(*ast.CallExpr); ok && len(call.Args) == 0 && callName(call) == "Wait" {
					out = append(out, site{at: call.Pos(), desc: "do not wait: " + f.text(call) + " becomes a nil error", edits: []edit{f.replace(call, "error(nil)")}, gone: []ast.Node{call}})
				}
			}
			return
		}
		if recv, call, _ := f.methodCall(n, "Wait"); call != nil {
			out = append(out, site{at: n.Pos(), desc: "do not wait: remove " + recv + ".Wait()", edits: []edit{f.remove(n)}, gone: []ast.Node{n}})
		}
	})
	return out
}

// ctxArm reports whether a select clause waits for a cancel: `case
// <-ctx.Done():`, or a receive from a channel named like done, quit or
// stop.
func ctxArm(cc *ast.CommClause) bool {
	var x ast.Expr
	switch c := cc.Comm.(type) {
	case *ast.ExprStmt:
		x = c.X
	case *ast.AssignStmt:
		if len(c.Rhs) == 1 {
			x = c.Rhs[0]
		}
	}
	u, ok := x.(*ast.UnaryExpr)
	if !ok || u.Op != token.ARROW {
		return false
	}
	switch e := u.X.(type) {
	case *ast.CallExpr:
		return len(e.Args) == 0 && callName(e) == "Done"
	case *ast.Ident:
		name := strings.ToLower(e.Name)
		return strings.Contains(name, "done") || strings.Contains(name, "quit") || strings.Contains(name, "stop")
	case *ast.SelectorExpr:
		name := strings.ToLower(e.Sel.Name)
		return strings.Contains(name, "done") || strings.Contains(name, "quit") || strings.Contains(name, "stop")
	}
	return false
}

func clauses(s *ast.SelectStmt) []*ast.CommClause {
	var out []*ast.CommClause
	for _, c := range s.Body.List {
		if cc, ok := c.(*ast.CommClause); ok {
			out = append(out, cc)
		}
	}
	return out
}

func removeCtxArm(f *fileInfo, fd *ast.FuncDecl) []site {
	var out []site
	each(fd, func(n ast.Node) {
		s, ok := n.(*ast.SelectStmt)
		if !ok {
			return
		}
		cs := clauses(s)
		if len(cs) < 3 {
			return // two arms: select-to-bare and remove-ctx-check cover them
		}
		for _, cc := range cs {
			if ctxArm(cc) {
				out = append(out, site{at: cc.Pos(), desc: "ignore the cancel: remove the select arm " + f.text(cc.Comm), edits: []edit{f.remove(cc)}, gone: []ast.Node{cc}})
			}
		}
	})
	return out
}

// ctxErr reports whether n calls x.Err() on something named like a ctx.
func (f *fileInfo) ctxErr(n ast.Node) bool {
	found := false
	ast.Inspect(n, func(n ast.Node) bool {
		if call, ok := n.(*ast.CallExpr); ok && len(call.Args) == 0 && callName(call) == "Err" {
			if strings.Contains(strings.ToLower(f.text(call.Fun.(*ast.SelectorExpr).X)), "ctx") {
				found = true
			}
		}
		return !found
	})
	return found
}

func removeCtxCheck(f *fileInfo, fd *ast.FuncDecl) []site {
	var out []site
	each(fd, func(n ast.Node) {
		switch s := n.(type) {
		case *ast.IfStmt:
			if s.Else != nil || !f.inList(s) {
				return
			}
			if (s.Init != nil && f.ctxErr(s.Init)) || f.ctxErr(s.Cond) {
				out = append(out, site{at: s.Pos(), desc: "do not check for a cancel: remove if " + f.text(s.Cond), edits: []edit{f.remove(s)}, gone: []ast.Node{s}})
			}
		case *ast.SelectStmt:
			cs := clauses(s)
			if len(cs) != 2 || !f.inList(s) {
				return
			}
			if (ctxArm(cs[0]) && cs[1].Comm == nil) || (ctxArm(cs[1]) && cs[0].Comm == nil) {
				out = append(out, site{at: s.Pos(), desc: "do not check for a cancel: remove the select with a default", edits: []edit{f.remove(s)}, gone: []ast.Node{s}})
			}
		}
	})
	return out
}

// contextName is how the file names package context, and the edit that
// imports it when it does not.
func (f *fileInfo) contextName() (string, []edit) {
	for _, imp := range f.file.Imports {
		if p, _ := strconv.Unquote(imp.Path.Value); p == "context" {
			if imp.Name != nil {
				return imp.Name.Name, nil
			}
			return "context", nil
		}
	}
	for _, d := range f.file.Decls {
		if g, ok := d.(*ast.GenDecl); ok && g.Tok == token.IMPORT {
			if g.Lparen.IsValid() {
				return "context", []edit{{f.off(g.Lparen) + 1, f.off(g.Lparen) + 1, "\n\"context\""}}
			}
			return "context", []edit{f.replace(g, "import (\n\"context\"\n"+strings.TrimPrefix(f.text(g), "import ")+"\n)")}
		}
	}
	return "context", []edit{f.insertAfter(f.file.Name, "\n\nimport \"context\"")}
}

func ctxBackground(f *fileInfo, fd *ast.FuncDecl) []site {
	var out []site
	name, imp := f.contextName()
	each(fd, func(n ast.Node) {
		call, ok := n.(*ast.CallExpr)
		if !ok {
			return
		}
		for _, a := range call.Args {
			id, ok := a.(*ast.Ident)
			if !ok || !strings.HasSuffix(strings.ToLower(id.Name), "ctx") {
				continue
			}
			out = append(out, site{
				at:    id.Pos(),
				desc:  fmt.Sprintf("pass %s.Background() instead of %s to %s", name, id.Name, f.text(call.Fun)),
				edits: append([]edit{f.replace(id, name+".Background()")}, imp...),
				gone:  []ast.Node{id},
			})
		}
	})
	return out
}

func removeCancel(f *fileInfo, fd *ast.FuncDecl) []site {
	var out []site
	each(fd, func(n ast.Node) {
		var call *ast.CallExpr
		switch s := n.(type) {
		case *ast.ExprStmt:
			call, _ = s.X.(*ast.CallExpr)
		case *ast.DeferStmt:
			call = s.Call
		}
		if call == nil || len(call.Args) != 0 {
			return
		}
		if id, ok := call.Fun.(*ast.Ident); ok && strings.Contains(strings.ToLower(id.Name), "cancel") {
			out = append(out, site{at: n.Pos(), desc: "never cancel: remove " + f.text(n), edits: []edit{f.remove(n)}, gone: []ast.Node{n}})
		}
	})
	return out
}

func selectToBare(f *fileInfo, fd *ast.FuncDecl) []site {
	var out []site
	each(fd, func(n ast.Node) {
		s, ok := n.(*ast.SelectStmt)
		if !ok || !f.inList(s) {
			return
		}
		cs := clauses(s)
		if len(cs) != 2 {
			return
		}
		keep, arm := cs[0], cs[1]
		if ctxArm(keep) {
			keep, arm = arm, keep
		}
		if !ctxArm(arm) || ctxArm(keep) || keep.Comm == nil || breaksOut(keep) {
			return
		}
		text := "{\n" + f.text(keep.Comm)
		if len(keep.Body) > 0 {
			text += "\n" + string(f.src[f.off(keep.Body[0].Pos()):f.off(keep.Body[len(keep.Body)-1].End())])
		}
		text += "\n}"
		out = append(out, site{at: s.Pos(), desc: "wait without the cancel: the select becomes a bare " + f.text(keep.Comm), edits: []edit{f.replace(s, text)}, gone: []ast.Node{arm}})
	})
	return out
}

// breaksOut reports whether a clause has a break that ends its select
// (which, without the select, would end an enclosing loop instead).
func breaksOut(cc *ast.CommClause) bool {
	found := false
	walk := func(n ast.Node) bool {
		switch x := n.(type) {
		case *ast.BranchStmt:
			if x.Tok == token.BREAK && x.Label == nil {
				found = true
			}
		case *ast.ForStmt, *ast.RangeStmt, *ast.SwitchStmt, *ast.TypeSwitchStmt, *ast.SelectStmt, *ast.FuncLit:
			return false
		}
		return !found
	}
	for _, s := range cc.Body {
		ast.Inspect(s, walk)
	}
	return found
}

// makeChan matches make(chan T) and make(chan T, n).
func makeChan(n ast.Node) *ast.CallExpr {
	call, ok := n.(*ast.CallExpr)
	if !ok || len(call.Args) == 0 || len(call.Args) > 2 {
		return nil
	}
	if id, ok := call.Fun.(*ast.Ident); !ok || id.Name != "make" {
		return nil
	}
	if _, ok := call.Args[0].(*ast.ChanType); !ok {
		return nil
	}
	return call
}

func chanCap0(f *fileInfo, fd *ast.FuncDecl) []site {
	var out []site
	each(fd, func(n ast.Node) {
		if call := makeChan(n); call != nil && len(call.Args) == 2 && f.text(call.Args[1]) != "0" {
			out = append(out, site{at: call.Pos(), desc: "unbuffered: " + f.text(call) + " loses its buffer",
				edits: []edit{{f.off(call.Args[0].End()), f.off(call.Args[1].End()), ""}}, gone: []ast.Node{call.Args[1]}})
		}
	})
	return out
}

func chanCap1(f *fileInfo, fd *ast.FuncDecl) []site {
	var out []site
	each(fd, func(n ast.Node) {
		if call := makeChan(n); call != nil && len(call.Args) == 1 && !closeOnly(f, call) {
			out = append(out, site{at: call.Pos(), desc: "a buffer of 1: " + f.text(call) + " gets one slot",
				edits: []edit{f.insertAfter(call.Args[0], ", 1")}})
		}
	})
	return out
}

// closeOnly reports whether a made channel is a signal no code in its
// file sends on: its elements are struct{} and no send of struct{}{}
// appears. Such a channel is only closed, and a buffer cannot change what
// any receiver sees, so its one-slot mutant would be equivalent by
// construction.
func closeOnly(f *fileInfo, call *ast.CallExpr) bool {
	if !emptyStruct(call.Args[0].(*ast.ChanType).Value) {
		return false
	}
	sent := false
	ast.Inspect(f.file, func(n ast.Node) bool {
		if s, ok := n.(*ast.SendStmt); ok {
			if cl, ok := s.Value.(*ast.CompositeLit); ok && emptyStruct(cl.Type) {
				sent = true
			}
		}
		return !sent
	})
	return !sent
}

// emptyStruct reports whether e is the type struct{}.
func emptyStruct(e ast.Expr) bool {
	st, ok := e.(*ast.StructType)
	return ok && st.Fields.NumFields() == 0
}

func chanCap4n(f *fileInfo, fd *ast.FuncDecl) []site {
	var out []site
	each(fd, func(n ast.Node) {
		call := makeChan(n)
		if call == nil || len(call.Args) != 2 || f.text(call.Args[1]) == "0" {
			return
		}
		out = append(out, site{at: call.Pos(), desc: "four times the buffer: " + f.text(call),
			edits: []edit{f.replace(call.Args[1], times4(f, call.Args[1]))}})
	})
	return out
}

func times4(f *fileInfo, e ast.Expr) string {
	if lit, ok := e.(*ast.BasicLit); ok && lit.Kind == token.INT {
		if v, err := strconv.ParseInt(lit.Value, 0, 64); err == nil {
			return strconv.FormatInt(4*v, 10)
		}
	}
	switch e.(type) {
	case *ast.Ident, *ast.SelectorExpr, *ast.CallExpr, *ast.BasicLit, *ast.ParenExpr:
		return "4*" + f.text(e)
	}
	return "4*(" + f.text(e) + ")"
}

// boundSite is an expression that bounds how much runs at once: the
// argument of SetLimit or semaphore.NewWeighted, the count of a loop that
// starts goroutines, or runtime.NumCPU() / runtime.GOMAXPROCS(0).
type boundSite struct {
	expr ast.Expr
	what string
	// limit: a SetLimit or semaphore, which can also be unbounded.
	limit bool
	// unbounded is the expression that lifts the bound.
	unbounded string
}

func (f *fileInfo) bounds(fd *ast.FuncDecl) []boundSite {
	var out []boundSite
	inside := func(e ast.Node) bool {
		for _, b := range out {
			if b.expr.Pos() <= e.Pos() && e.End() <= b.expr.End() {
				return true
			}
		}
		return false
	}
	each(fd, func(n ast.Node) {
		switch x := n.(type) {
		case *ast.CallExpr:
			switch {
			case callName(x) == "SetLimit" && len(x.Args) == 1:
				out = append(out, boundSite{x.Args[0], f.text(x), true, "-1"})
			case callName(x) == "NewWeighted" && len(x.Args) == 1:
				out = append(out, boundSite{x.Args[0], f.text(x), true, "1 << 62"})
			case cpuCount(f, x) && !inside(x):
				out = append(out, boundSite{x, f.text(x), false, ""})
			}
		case *ast.RangeStmt:
			if x.Value == nil && startsGoroutines(x.Body) && countLike(f, x.X) {
				out = append(out, boundSite{x.X, "the goroutines started by for range " + f.text(x.X), false, ""})
			}
		case *ast.ForStmt:
			if b, ok := x.Cond.(*ast.BinaryExpr); ok && (b.Op == token.LSS || b.Op == token.LEQ) && startsGoroutines(x.Body) && countLike(f, b.Y) {
				out = append(out, boundSite{b.Y, "the goroutines started by for " + f.text(x.Cond), false, ""})
			}
		}
	})
	return out
}

func cpuCount(f *fileInfo, call *ast.CallExpr) bool {
	t := f.text(call)
	return t == "runtime.NumCPU()" || t == "runtime.GOMAXPROCS(0)"
}

// startsGoroutines reports whether a loop body starts goroutines: a go
// statement or a .Go(...) call (sync.WaitGroup, errgroup).
func startsGoroutines(body *ast.BlockStmt) bool {
	found := false
	ast.Inspect(body, func(n ast.Node) bool {
		switch x := n.(type) {
		case *ast.GoStmt:
			found = true
		case *ast.CallExpr:
			if callName(x) == "Go" {
				found = true
			}
		case *ast.FuncLit:
			return false
		}
		return !found
	})
	return found
}

// countLike reports whether an expression reads as a count (a range over
// an int, not over a slice): a literal, a call such as min(...) or
// runtime.NumCPU(), arithmetic, or a name that says so.
func countLike(f *fileInfo, e ast.Expr) bool {
	switch x := e.(type) {
	case *ast.BasicLit:
		return x.Kind == token.INT
	case *ast.CallExpr:
		switch f.text(x.Fun) {
		case "min", "max", "len", "cap", "runtime.NumCPU", "runtime.GOMAXPROCS":
			return true
		}
	case *ast.BinaryExpr:
		return true
	case *ast.Ident:
		if x.Name[0] >= 'A' && x.Name[0] <= 'Z' {
			return true // a constant such as MaxInFlight
		}
		name := strings.ToLower(x.Name)
		for _, w := range []string{"worker", "limit", "count", "size", "width", "lane", "max", "procs", "producers", "consumers"} {
			if strings.Contains(name, w) {
				return true
			}
		}
		return name == "n" || name == "k"
	case *ast.SelectorExpr:
		return x.Sel.Name[0] >= 'A' && x.Sel.Name[0] <= 'Z'
	}
	return false
}

func bound(to string) func(f *fileInfo, fd *ast.FuncDecl) []site {
	return func(f *fileInfo, fd *ast.FuncDecl) []site {
		var out []site
		for _, b := range f.bounds(fd) {
			if f.text(b.expr) == to {
				continue
			}
			out = append(out, site{at: b.expr.Pos(), desc: fmt.Sprintf("bound %s to %s", b.what, to),
				edits: []edit{f.replace(b.expr, to)}, gone: []ast.Node{b.expr}})
		}
		return out
	}
}

func boundNone(f *fileInfo, fd *ast.FuncDecl) []site {
	var out []site
	for _, b := range f.bounds(fd) {
		if !b.limit || f.text(b.expr) == b.unbounded {
			continue
		}
		out = append(out, site{at: b.expr.Pos(), desc: fmt.Sprintf("no bound: %s becomes %s", b.what, b.unbounded),
			edits: []edit{f.replace(b.expr, b.unbounded)}, gone: []ast.Node{b.expr}})
	}
	return out
}

func goSync(f *fileInfo, fd *ast.FuncDecl) []site {
	var out []site
	each(fd, func(n ast.Node) {
		switch s := n.(type) {
		case *ast.GoStmt:
			out = append(out, site{at: s.Pos(), desc: "run it on this goroutine: go " + short(f.text(s.Call)) + " becomes a plain call",
				edits: []edit{{f.off(s.Pos()), f.off(s.Call.Pos()), ""}}})
		case *ast.ExprStmt:
			call, ok := s.X.(*ast.CallExpr)
			if !ok || callName(call) != "Go" || len(call.Args) != 1 {
				return
			}
			lit, ok := call.Args[0].(*ast.FuncLit)
			if !ok || (lit.Type.Results != nil && len(lit.Type.Results.List) > 0) {
				return
			}
			out = append(out, site{at: s.Pos(), desc: "run it on this goroutine: " + f.text(call.Fun) + "(func() {...}) becomes a plain call",
				edits: []edit{f.replace(call, f.text(lit)+"()")}, gone: []ast.Node{call.Fun}})
		}
	})
	return out
}

// short cuts source text to one line of a few words.
func short(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if r := []rune(s); len(r) > 40 {
		return string(r[:37]) + "..."
	}
	return s
}

var boundaryOps = map[token.Token]token.Token{token.LSS: token.LEQ, token.LEQ: token.LSS, token.GTR: token.GEQ, token.GEQ: token.GTR}

func boundary(f *fileInfo, fd *ast.FuncDecl) []site {
	var out []site
	each(fd, func(n ast.Node) {
		b, ok := n.(*ast.BinaryExpr)
		if !ok {
			return
		}
		to, ok := boundaryOps[b.Op]
		if !ok {
			return
		}
		out = append(out, site{at: b.OpPos, desc: fmt.Sprintf("move the boundary: %s becomes %s", short(f.text(b)), to),
			edits: []edit{{f.off(b.OpPos), f.off(b.OpPos) + len(b.Op.String()), to.String()}}})
	})
	return out
}

func isOne(e ast.Expr) bool {
	lit, ok := e.(*ast.BasicLit)
	return ok && lit.Kind == token.INT && lit.Value == "1"
}

func offByOne(f *fileInfo, fd *ast.FuncDecl) []site {
	var out []site
	each(fd, func(n ast.Node) {
		b, ok := n.(*ast.BinaryExpr)
		if !ok || (b.Op != token.ADD && b.Op != token.SUB) {
			return
		}
		switch {
		case isOne(b.Y):
			out = append(out, site{at: b.OpPos, desc: fmt.Sprintf("off by one: %s loses its %s 1", short(f.text(b)), b.Op),
				edits: []edit{{f.off(b.X.End()), f.off(b.Y.End()), ""}}})
		case isOne(b.X) && b.Op == token.ADD:
			out = append(out, site{at: b.OpPos, desc: fmt.Sprintf("off by one: %s loses its 1 +", short(f.text(b))),
				edits: []edit{{f.off(b.X.Pos()), f.off(b.Y.Pos()), ""}}})
		}
	})
	return out
}

// floatConv matches float64(x) and float32(x).
func floatConv(e ast.Expr) (string, ast.Expr) {
	call, ok := e.(*ast.CallExpr)
	if !ok || len(call.Args) != 1 {
		return "", nil
	}
	if id, ok := call.Fun.(*ast.Ident); ok && (id.Name == "float64" || id.Name == "float32") {
		return id.Name, call.Args[0]
	}
	return "", nil
}

func intDivision(f *fileInfo, fd *ast.FuncDecl) []site {
	var out []site
	each(fd, func(n ast.Node) {
		b, ok := n.(*ast.BinaryExpr)
		if !ok || b.Op != token.QUO {
			return
		}
		tx, x := floatConv(b.X)
		ty, y := floatConv(b.Y)
		if x == nil || y == nil || tx != ty {
			return
		}
		out = append(out, site{at: b.OpPos, desc: fmt.Sprintf("divide integers: %s becomes %s(%s / %s)", short(f.text(b)), tx, f.text(x), f.text(y)),
			edits: []edit{f.replace(b, fmt.Sprintf("%s(%s / %s)", tx, f.text(x), f.text(y)))}})
	})
	return out
}
