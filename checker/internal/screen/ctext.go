package screen

import (
	"fmt"
	"slices"
	"strings"
	"unicode"
)

// C is screened as the compiler reads it: trigraphs are refused (strict
// ISO modes such as -std=c11, which exercise 15 compiles with, turn ??/
// into a backslash), backslash-newlines are joined, comments become
// spaces, digraphs count as the punctuation they stand for, and only then
// is the text cut into tokens. Every identifier must then be one the
// screen can account for: a C keyword or standard type, a name the
// exercise's API hands out (kata.toml api, "C.name"), one of a few
// harmless libc functions, or a name the learner's own C declares. A
// call must name a function the learner defines (with its body), a macro
// of the learner's, an API function or an allowed libc function, so
// that no function reaches the program through an implicit declaration.

// cTok is one preprocessing token.
type cTok struct {
	text  string
	line  int  // line in the original text, counted from the first line given
	bol   bool // first token of its logical line
	space bool // whitespace (or a comment) came just before it
	kind  cKind
}

type cKind int

const (
	cIdent cKind = iota
	cNumber
	cString
	cPunct
)

// cLexed is what the lexer made of one C text.
type cLexed struct {
	toks []cTok
	out  []Finding
}

// cKeywords are the C keywords and standard names any C may use.
var cKeywords = setOf(`auto break case char const continue default do double else enum float for if inline int
	long register restrict return short signed sizeof static struct switch typedef union unsigned void volatile
	while _Bool _Complex _Imaginary _Alignas _Alignof _Noreturn _Static_assert _Thread_local _Atomic _Generic
	bool true false alignas alignof static_assert thread_local typeof nullptr goto
	size_t ptrdiff_t max_align_t intptr_t uintptr_t intmax_t uintmax_t
	int8_t int16_t int32_t int64_t uint8_t uint16_t uint32_t uint64_t
	NULL offsetof SIZE_MAX PTRDIFF_MAX PTRDIFF_MIN INTPTR_MAX UINTPTR_MAX
	INT8_MAX INT16_MAX INT32_MAX INT64_MAX INT8_MIN INT16_MIN INT32_MIN INT64_MIN
	UINT8_MAX UINT16_MAX UINT32_MAX UINT64_MAX`)

// cTypeWords start or continue a declaration's type.
var cTypeWords = setOf(`char double float int long short signed unsigned void _Bool _Complex bool
	size_t ptrdiff_t max_align_t intptr_t uintptr_t intmax_t uintmax_t
	int8_t int16_t int32_t int64_t uint8_t uint16_t uint32_t uint64_t`)

// cQualifiers may stand between a type and the name it declares.
var cQualifiers = setOf(`const volatile restrict _Atomic static inline register _Thread_local thread_local
	_Noreturn typedef auto`)

// cLibc are the libc functions learner C (and Go through C.name) may call:
// memory, nothing else. Their headers are in cHeaders.
var cLibc = setOf(`malloc calloc realloc free memcpy memmove memset memcmp`)

// cHeaders are the system headers learner C may include; the exercise's
// own protected headers are allowed too.
var cHeaders = []string{"<stdlib.h>", "<stddef.h>", "<stdint.h>", "<stdbool.h>", "<string.h>"}

// cRefused are words that are never allowed, with why: C that runs code
// before main, in assembly, or beyond what the screen can read.
var cRefused = map[string]string{
	"extern":        "extern declares something defined elsewhere, out of the screen's sight",
	"asm":           "inline assembly is code the screen cannot read",
	"__asm__":       "inline assembly is code the screen cannot read",
	"__asm":         "inline assembly is code the screen cannot read",
	"__attribute__": "attributes change how C is built and run (a constructor runs before the tests)",
	"__attribute":   "attributes change how C is built and run (a constructor runs before the tests)",
	"_Pragma":       "a pragma changes how C is built",
	"__extension__": "GNU extensions are beyond what the screen reads",
	"__declspec":    "attributes change how C is built and run",
}

// cDenied are C names of libc and the system that end, fork, signal or
// change the process, load code, touch files or the environment: never
// allowed, whatever the learner's C declares (belt and braces to the
// allow-list).
var cDenied = setOf(`exit _exit _Exit quick_exit abort atexit at_quick_exit on_exit fork vfork clone clone3
	system popen pclose execl execlp execle execv execvp execvpe execve fexecve posix_spawn posix_spawnp syscall
	setsid setpgid setpgrp daemon kill killpg raise signal sigaction sigqueue ptrace prctl dlopen dlsym dlmopen
	fopen freopen fdopen open openat creat unlink unlinkat remove rename renameat mkdir rmdir chdir
	pthread_exit thrd_exit exit_group pthread_kill tgkill tkill setjmp longjmp sigsetjmp siglongjmp
	getenv secure_getenv setenv unsetenv putenv clearenv mkstemp mkstemps mkostemp mkostemps mkdtemp mktemp
	realpath getppid write read close dup dup2 dup3 mmap mprotect munmap ioctl fcntl pipe socket connect
	constructor destructor`)

func setOf(words string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(words) {
		m[w] = true
	}
	return m
}

// cFinding builds a finding on C text.
func cFinding(file string, line int, name, why string) Finding {
	return Finding{File: file, Line: line, Name: name, Why: why}
}

// lexC cuts C text (a .c or .h file, or a cgo preamble whose first line is
// line first of file) into tokens, refusing what it cannot read the way
// the compiler does.
func lexC(file, text string, first int) cLexed {
	var lx cLexed
	add := func(line int, name, why string) {
		lx.out = append(lx.out, cFinding(file, line, name, why))
	}
	// Trigraphs: ??/ is a backslash (a line splice), ??= a #, and so on.
	if i := trigraph(text); i >= 0 {
		add(first+strings.Count(text[:i], "\n"), "C trigraph",
			"C trigraphs (??/ is a backslash, ??= a #) make the compiler read other text than you wrote: write the characters themselves")
	}
	// cmd/cgo takes #cgo directives from the preamble line by line, even
	// inside a C comment or string: look at the lines as it does.
	for i, line := range strings.Split(text, "\n") {
		if l := strings.TrimSpace(line); len(l) > 4 && l[:4] == "#cgo" && unicode.IsSpace(rune(l[4])) {
			add(first+i, "#cgo", "#cgo sets compiler and linker flags (cgo reads it on any line of the preamble, even in a C comment), and a flag can split the race build from the timing build; the support code sets the flags")
		}
	}
	// Join backslash-newlines, remembering each byte's original line.
	var src []byte
	var lines []int
	line := first
	for i := 0; i < len(text); i++ {
		if text[i] == '\\' {
			j := i + 1
			for j < len(text) && (text[j] == ' ' || text[j] == '\t' || text[j] == '\r') {
				j++ // GCC joins a backslash followed by spaces and a newline too
			}
			if j < len(text) && text[j] == '\n' {
				line++
				i = j
				continue
			}
		}
		src = append(src, text[i])
		lines = append(lines, line)
		if text[i] == '\n' {
			line++
		}
	}
	lineAt := func(i int) int {
		if i < len(lines) {
			return lines[i]
		}
		return line
	}
	bol, space := true, true
	push := func(t cTok) {
		t.bol, t.space = bol, space
		lx.toks = append(lx.toks, t)
		bol, space = false, false
	}
	kata := func(s string, at int) {
		if strings.Contains(s, "kata:") {
			add(lineAt(at), "kata:", `the string "kata:" starts the lines the tests report their figures with: keep it out of your code, comments included`)
		}
	}
	comment := func(s string, at int) {
		kata(s, at)
		t := strings.TrimSpace(s)
		if strings.HasPrefix(t, "go:build") || strings.HasPrefix(t, "+build") {
			add(lineAt(at), "build constraint", "a build constraint in C makes it count in some builds only (the timing run has no -race): keep every build the same")
		}
	}
	for i := 0; i < len(src); {
		c := src[i]
		switch {
		case c == '\n':
			bol, space = true, true
			i++
		case c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v':
			space = true
			i++
		case c == '/' && i+1 < len(src) && src[i+1] == '*':
			end := strings.Index(string(src[i+2:]), "*/")
			if end < 0 {
				end = len(src) - i - 2
			}
			comment(string(src[i+2:i+2+end]), i)
			// A comment is one space; the newlines in it still end lines.
			if strings.Contains(string(src[i:min(len(src), i+4+end)]), "\n") {
				bol = true
			}
			space = true
			i += min(len(src)-i, end+4)
		case c == '/' && i+1 < len(src) && src[i+1] == '/':
			end := i
			for end < len(src) && src[end] != '\n' {
				end++
			}
			comment(string(src[i+2:end]), i)
			space = true
			i = end
		case c == '"' || c == '\'':
			j := i + 1
			for j < len(src) && src[j] != c && src[j] != '\n' {
				if src[j] == '\\' {
					j++
				}
				j++
			}
			j = min(j+1, len(src))
			kata(string(src[i:j]), i)
			push(cTok{text: string(src[i:j]), line: lineAt(i), kind: cString})
			i = j
		case isCIdentStart(c):
			j := i
			for j < len(src) && (isCIdentPart(src[j]) || (src[j] == '\\' && j+1 < len(src) && (src[j+1] == 'u' || src[j+1] == 'U'))) {
				if src[j] == '\\' {
					j++
				}
				j++
			}
			word := string(src[i:j])
			if j < len(src) && (src[j] == '"' || src[j] == '\'') {
				switch word {
				case "L", "u", "U", "u8":
					// A prefixed string or character: lexed next time round
					// as a string, the prefix dropped.
					i = j
					continue
				case "R", "LR", "uR", "UR", "u8R":
					add(lineAt(i), "C raw string", "a raw string literal hides where it ends from the screen: write an ordinary string")
				}
			}
			if strings.ContainsAny(word, "\\$") || !isASCII(word) {
				add(lineAt(i), "C name "+word, fmt.Sprintf("the C name %q uses characters beyond a-z, A-Z, 0-9 and _: write names in plain ASCII", word))
			}
			push(cTok{text: word, line: lineAt(i), kind: cIdent})
			i = j
		case c >= '0' && c <= '9' || c == '.' && i+1 < len(src) && src[i+1] >= '0' && src[i+1] <= '9':
			j := i + 1
			for j < len(src) {
				if (src[j] == '+' || src[j] == '-') && strings.ContainsRune("eEpP", rune(src[j-1])) {
					j++
					continue
				}
				if !isCIdentPart(src[j]) && src[j] != '.' {
					break
				}
				j++
			}
			if j < len(src) && src[j] == '\'' {
				// 1'000: a digit separator to a C23 compiler, the start
				// of a character constant to an older one. The two read
				// the rest of the line differently: refuse it.
				add(lineAt(i), "C digit separator", "a ' right after a number is read differently by different C compilers (a digit separator, or a character constant): write the number without it")
			}
			push(cTok{text: string(src[i:j]), line: lineAt(i), kind: cNumber})
			i = j
		default:
			p := cPunctAt(string(src[i:]))
			push(cTok{text: cDigraph(p), line: lineAt(i), kind: cPunct})
			i += len(p)
		}
	}
	return lx
}

// trigraph returns where the first trigraph is, or -1.
func trigraph(s string) int {
	for i := 0; i+2 < len(s); i++ {
		if s[i] == '?' && s[i+1] == '?' && strings.IndexByte("=/'()!<>-", s[i+2]) >= 0 {
			return i
		}
	}
	return -1
}

func isCIdentStart(c byte) bool {
	return c == '_' || c == '$' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || c >= 0x80
}

func isCIdentPart(c byte) bool { return isCIdentStart(c) || '0' <= c && c <= '9' }

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

// cPuncts are C's multi-character punctuators, longest first.
var cPuncts = []string{"%:%:", "...", "<<=", ">>=", "->", "++", "--", "<<", ">>", "<=", ">=", "==", "!=", "&&", "||",
	"*=", "/=", "%=", "+=", "-=", "&=", "^=", "|=", "##", "<:", ":>", "<%", "%>", "%:"}

func cPunctAt(s string) string {
	for _, p := range cPuncts {
		if strings.HasPrefix(s, p) {
			return p
		}
	}
	return s[:1]
}

// cDigraph returns the punctuator a digraph stands for.
func cDigraph(p string) string {
	switch p {
	case "<:":
		return "["
	case ":>":
		return "]"
	case "<%":
		return "{"
	case "%>":
		return "}"
	case "%:":
		return "#"
	case "%:%:":
		return "##"
	}
	return p
}

// cDecls is what one C text declares.
type cDecls struct {
	// declared holds every ordinary name the text declares, in any scope
	// (struct members excluded).
	declared map[string]bool
	// fileScope holds the names declared at file scope: functions,
	// variables, typedefs, macros, and tags as "struct_" + tag.
	fileScope map[string]bool
	// callable holds the functions defined with a body and the macros.
	callable map[string]bool
	typedefs map[string]bool
	// protos are function declarators without a body; fnMacros are
	// function-like macros; macros are every #define's body.
	protos   []cTok
	fnMacros []cTok
	macros   []cMacro
	// directives are the other directive lines, includes among them.
	directives [][]cTok
	// declarators are the indexes in code of the names declared.
	declarators map[int]bool
	// code is every token outside directives.
	code []cTok
}

type cMacro struct {
	name cTok
	body []cTok
}

// declsC finds what C tokens declare. types are typedef names declared
// elsewhere (the protected headers').
func declsC(toks []cTok, types map[string]bool) cDecls {
	d := cDecls{declared: map[string]bool{}, fileScope: map[string]bool{}, callable: map[string]bool{}, typedefs: map[string]bool{},
		declarators: map[int]bool{}}
	for i := 0; i < len(toks); {
		t := toks[i]
		if !(t.bol && t.text == "#" && t.kind == cPunct) {
			d.code = append(d.code, t)
			i++
			continue
		}
		j := i + 1
		for j < len(toks) && !toks[j].bol {
			j++
		}
		line := toks[i+1 : j]
		i = j
		if len(line) == 0 {
			continue // the null directive
		}
		if line[0].text == "define" && len(line) > 1 && line[1].kind == cIdent {
			name := line[1].text
			d.declared[name], d.fileScope[name], d.callable[name] = true, true, true
			body := line[2:]
			if len(line) > 2 && line[2].text == "(" && !line[2].space {
				d.fnMacros = append(d.fnMacros, line[1])
				body = nil
			}
			d.macros = append(d.macros, cMacro{name: line[1], body: body})
			continue
		}
		d.directives = append(d.directives, line)
	}
	code := d.code
	isType := func(k int) bool {
		t := code[k]
		if cTypeWords[t.text] || d.typedefs[t.text] || types[t.text] {
			return true
		}
		return t.kind == cIdent && k > 0 && isTagWord(code[k-1].text)
	}
	// prevSig is the token a name follows, past *, ( and qualifiers.
	prevSig := func(k int) int {
		for k--; k >= 0; k-- {
			p := code[k].text
			if p == "*" || p == "(" || p == "const" || p == "volatile" || p == "restrict" || p == "_Atomic" {
				continue
			}
			return k
		}
		return -1
	}
	type body struct {
		depth int
		enum  bool
	}
	var aggs []body // the struct, union and enum bodies open
	depth := 0      // ( [ { nesting
	declDepth := -1 // the depth a declarator list goes on at
	aggClose := -1  // the index of the } that last closed an aggregate body
	pendingAgg, pendingEnum, typedefOn := false, false, false
	innermost := func() (body, bool) {
		if len(aggs) > 0 && aggs[len(aggs)-1].depth == depth-1 {
			return aggs[len(aggs)-1], true
		}
		return body{}, false
	}
	for k, t := range code {
		switch t.text {
		case "(", "[":
			depth++
			continue
		case ")", "]":
			depth--
			if declDepth > depth {
				declDepth = -1
			}
			continue
		case "{":
			if pendingAgg {
				aggs = append(aggs, body{depth: depth, enum: pendingEnum})
			} else if declDepth == depth && k > 0 && code[k-1].text == ")" {
				declDepth = -1 // a function's body
			}
			pendingAgg, pendingEnum = false, false
			depth++
			continue
		case "}":
			depth--
			if declDepth > depth {
				declDepth = -1
			}
			if len(aggs) > 0 && aggs[len(aggs)-1].depth == depth {
				aggs = aggs[:len(aggs)-1]
				aggClose = k
			}
			continue
		case ";":
			if declDepth >= depth {
				declDepth = -1
			}
			if depth == 0 {
				typedefOn = false
			}
			pendingAgg = false
			continue
		case "struct", "union", "enum":
			pendingAgg, pendingEnum = true, t.text == "enum"
			continue
		case "typedef":
			typedefOn = true
			continue
		}
		if t.kind != cIdent || cKeywords[t.text] || cQualifiers[t.text] {
			continue
		}
		if k > 0 && isTagWord(code[k-1].text) {
			d.declared[t.text] = true // a tag
			if depth == 0 {
				d.fileScope[code[k-1].text+"_"+t.text] = true
			}
			continue
		}
		b, inBody := innermost()
		decl := false
		if inBody && b.enum {
			decl = k > 0 && (code[k-1].text == "{" || code[k-1].text == ",") // an enumerator
		} else if pk := prevSig(k); pk >= 0 {
			decl = isType(pk) || pk == aggClose || code[pk].text == "," && declDepth == depth
		}
		if !decl {
			continue
		}
		if declDepth < 0 || declDepth > depth {
			declDepth = depth
		}
		d.declarators[k] = true
		if inBody && !b.enum {
			continue // a member: its own namespace
		}
		d.declared[t.text] = true
		if depth == 0 || inBody && b.enum && b.depth == 0 {
			d.fileScope[t.text] = true
		}
		if typedefOn && depth == 0 {
			d.typedefs[t.text] = true
			continue
		}
		if k+1 < len(code) && code[k+1].text == "(" {
			end := matchParen(code, k+1)
			if end+1 < len(code) && code[end+1].text == "{" {
				d.callable[t.text] = true
			} else {
				d.protos = append(d.protos, t)
			}
		}
	}
	return d
}

func isTagWord(s string) bool { return s == "struct" || s == "union" || s == "enum" }

// matchParen returns the index of the ")" matching the "(" at open.
func matchParen(code []cTok, open int) int {
	d := 0
	for k := open; k < len(code); k++ {
		switch code[k].text {
		case "(":
			d++
		case ")":
			d--
			if d == 0 {
				return k
			}
		}
	}
	return len(code) - 1
}

// cEnv is what learner C may use beyond its own declarations.
type cEnv struct {
	// api are the C names kata.toml's api hands out (without "C.").
	api map[string]bool
	// protected are the names the protected C declares at file scope:
	// outside api, they are the tests' own.
	protected map[string]bool
	// types are the protected C's typedef names.
	types map[string]bool
	// headers are the protected headers' file names ("kernel.h").
	headers []string
}

// protectedC reads what protected C text declares, for cEnv.
func (env *cEnv) add(text string) {
	d := declsC(lexC("", text, 1).toks, env.types)
	for n := range d.fileScope {
		env.protected[n] = true
	}
	for n := range d.typedefs {
		env.types[n] = true
	}
}

func newCEnv(api []string, headers []string) cEnv {
	env := cEnv{api: map[string]bool{}, protected: map[string]bool{}, types: map[string]bool{}, headers: headers}
	for _, a := range api {
		if n, ok := strings.CutPrefix(a, "C."); ok {
			env.api[n] = true
		}
	}
	return env
}

// screenC screens learner C text (a .c or .h file, or a cgo preamble
// whose first line is line first) and returns the names it declares at
// file scope, which Go may use as C.name.
func screenC(file, text string, first int, env cEnv) ([]Finding, map[string]bool) {
	lx := lexC(file, text, first)
	out := lx.out
	add := func(t cTok, name, why string) {
		out = append(out, cFinding(file, t.line, name, why))
	}
	d := declsC(lx.toks, env.types)
	for _, line := range d.directives {
		t := line[0]
		switch t.text {
		case "include":
			target := ""
			for k, lt := range line[1:] {
				if k > 0 && lt.space {
					target += " "
				}
				target += lt.text
			}
			if !slices.Contains(cHeaders, target) && !slices.ContainsFunc(env.headers, func(h string) bool { return target == `"`+h+`"` }) {
				add(t, "#include "+target, fmt.Sprintf("#include %s is not a header this exercise's C may use: include only %s",
					target, allowedHeaders(env)))
			}
		case "undef":
		default:
			add(t, "#"+t.text, fmt.Sprintf("#%s is not a directive your C may use (only #include, #define of a constant and #undef): %s", t.text, directiveWhy(t.text)))
		}
	}
	for _, t := range d.protos {
		add(t, "C prototype "+t.text, fmt.Sprintf("%s is declared without its body: your C may call only the functions it defines (with their body), %s", t.text, callWhat(env)))
	}
	for _, t := range d.fnMacros {
		add(t, "C macro "+t.text, fmt.Sprintf("%s is a function-like macro, which can call what its arguments name: write a static function instead", t.text))
	}
	for _, t := range lx.toks {
		if t.text == "##" && t.kind == cPunct {
			add(t, "C ##", "C token pasting (##) builds names the screen cannot read: write each name out")
		}
	}
	use := func(toks []cTok, inMacro bool, declarators map[int]bool) {
		for k, t := range toks {
			if t.kind != cIdent {
				continue
			}
			var next, prev string
			if k+1 < len(toks) {
				next = toks[k+1].text
			}
			if k > 0 {
				prev = toks[k-1].text
			}
			switch {
			case cRefused[t.text] != "":
				add(t, "C "+t.text, fmt.Sprintf("C %s is refused: %s", t.text, cRefused[t.text]))
			case strings.HasPrefix(t.text, "__builtin") || strings.HasPrefix(t.text, "__sync_") || strings.HasPrefix(t.text, "__atomic_"):
				add(t, "C "+t.text, fmt.Sprintf("C %s is a compiler builtin: your C may call only the functions it defines, %s", t.text, callWhat(env)))
			case cDenied[t.text]:
				add(t, "C "+t.text, fmt.Sprintf("C %s can end, fork, signal or change the test process, or touch files and the environment: no exercise needs it", t.text))
			case prev == "." || prev == "->" || declarators[k]:
				// A member (its struct is accounted for), or a name being
				// declared.
			case cKeywords[t.text] || cQualifiers[t.text]:
			case env.protected[t.text] && !env.api[t.text]:
				add(t, "C "+t.text, fmt.Sprintf("%s is the tests' side of the C support code, not part of the API the README hands out: use only %s", t.text, apiList(env)))
			case inMacro && !(env.api[t.text] || cLibc[t.text]):
				add(t, "C name "+t.text, fmt.Sprintf("the macro uses %s: a #define may name only numbers, C keywords, the API (%s) and %s; write a static function instead", t.text, apiList(env), libcList()))
			case next == "(" && !(env.api[t.text] || cLibc[t.text] || d.callable[t.text]):
				add(t, "C call "+t.text, fmt.Sprintf("the call of %s is not one the screen can account for: your C may call only the functions it defines (with their body), %s", t.text, callWhat(env)))
			case !(env.api[t.text] || cLibc[t.text] || d.declared[t.text] || env.types[t.text] && env.api[t.text]):
				add(t, "C name "+t.text, fmt.Sprintf("the C name %s is declared neither in your C nor in the API this exercise hands out: declare each name with its type (the screen reads C simply: \"int a; int b;\", not \"int a, b;\" after an initializer)", t.text))
			}
		}
	}
	use(d.code, false, d.declarators)
	for _, m := range d.macros {
		use(m.body, true, nil)
	}
	return out, d.fileScope
}

func allowedHeaders(env cEnv) string {
	var hs []string
	for _, h := range env.headers {
		hs = append(hs, `"`+h+`"`)
	}
	return strings.Join(append(hs, cHeaders...), ", ")
}

func apiList(env cEnv) string {
	var names []string
	for n := range env.api {
		names = append(names, n)
	}
	slices.Sort(names)
	if len(names) == 0 {
		return "no C name (use the Go API)"
	}
	return strings.Join(names, ", ")
}

func libcList() string {
	var libc []string
	for n := range cLibc {
		libc = append(libc, n)
	}
	slices.Sort(libc)
	return strings.Join(libc, ", ")
}

func callWhat(env cEnv) string {
	return "the C API the README hands out (" + apiList(env) + ") and " + libcList()
}

func directiveWhy(d string) string {
	switch d {
	case "cgo":
		return "#cgo sets compiler and linker flags, and a flag can split the race build from the timing build; the support code sets the flags"
	case "if", "ifdef", "ifndef", "elif", "else", "endif", "elifdef", "elifndef":
		return "conditional C can differ between the race build and the timing build: write one version"
	case "pragma":
		return "a pragma changes how C is built"
	case "line":
		return "#line changes the file and line the reports name"
	case "define":
		return "a #define needs a plain name"
	}
	return "write plain C functions"
}
