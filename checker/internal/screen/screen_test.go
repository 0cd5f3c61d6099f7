package screen

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestGoFiles(t *testing.T) {
	for _, tc := range []struct {
		name  string
		file  string
		src   string
		allow []string
		want  []string // Name of each finding, in order
		why   string   // part of the first finding's Why
	}{
		{name: "clean", src: "package p\nimport (\n\t\"context\"\n\t\"sync\"\n\t\"golang.org/x/sync/errgroup\"\n)\nvar _ = context.Background\nvar _ sync.Mutex\nvar _ errgroup.Group\n"},
		{name: "init exit", src: "package p\nimport \"os\"\nfunc init() { os.Exit(0) }\n", want: []string{"os.Exit", "init"}, why: "os.Exit in init would end the tests before they run"},
		{name: "exit in init says so", src: "package p\nimport \"os\"\nfunc init() {\n\tos.Exit(0)\n}\n", want: []string{"init", "os.Exit"}},
		{name: "init alone", src: "package p\nvar n int\nfunc init() { n = 1 }\n", want: []string{"init"}, why: "init function runs before"},
		{name: "renamed os", src: "package p\nimport o \"os\"\nfunc F() { o.Exit(3) }\n", want: []string{"os.Exit"}},
		{name: "exit as a value", src: "package p\nimport \"os\"\nvar quit = os.Exit\n", want: []string{"os.Exit"}},
		{name: "method init is fine", src: "package p\ntype T struct{}\nfunc (T) init() {}\n"},
		{name: "syscall", src: "package p\nimport \"syscall\"\nfunc F() { syscall.Exit(0) }\n", want: []string{"syscall"}},
		{name: "x/sys", src: "package p\nimport \"golang.org/x/sys/unix\"\nvar _ = unix.Exit\n", want: []string{"golang.org/x/sys/unix"}},
		{name: "os.Args", src: "package p\nimport \"os\"\nfunc F() { os.Args = nil }\n", want: []string{"os.Args"}},
		{name: "flag", src: "package p\nimport \"flag\"\nvar _ = flag.Parse\n", want: []string{"flag"}},
		{name: "unsafe", src: "package p\nimport \"unsafe\"\nvar _ unsafe.Pointer\n", want: []string{"unsafe"}},
		{name: "unsafe allowed", src: "package p\nimport \"unsafe\"\nvar _ unsafe.Pointer\n", allow: []string{"unsafe"}},
		{name: "norace", src: "package p\n//go:norace\nfunc F() {}\n", want: []string{"//go:norace"}},
		{name: "linkname", src: "package p\nimport _ \"unsafe\"\n//go:linkname f runtime.f\nfunc f()\n", want: []string{"unsafe", "//go:linkname"}},
		{name: "go build", src: "//go:build race\n\npackage p\n", want: []string{"build constraint"}},
		{name: "plus build", src: "// +build !race\n\npackage p\n", want: []string{"build constraint"}},
		{name: "file name constraint", file: "crawl_linux.go", src: "package p\n", want: []string{"build constraint"}},
		{name: "file name not a constraint", file: "my_crawler.go", src: "package p\n"},
		{name: "gomaxprocs", src: "package p\nimport \"runtime\"\nfunc F() { runtime.GOMAXPROCS(1) }\n", want: []string{"runtime.GOMAXPROCS"}},
		{name: "runtime numcpu fine", src: "package p\nimport \"runtime\"\nvar n = runtime.NumCPU()\n"},
		{name: "runtime/debug", src: "package p\nimport \"runtime/debug\"\nvar _ = debug.SetGCPercent\n", want: []string{"runtime/debug"}},
		{name: "os/exec", src: "package p\nimport \"os/exec\"\nvar _ = exec.Command\n", want: []string{"os/exec"}},
		{name: "os/exec allowed", src: "package p\nimport \"os/exec\"\nvar _ = exec.Command\n", allow: []string{"os/exec"}},
		{name: "file writes", src: "package p\nimport \"os\"\nfunc F() { os.WriteFile(\"x\", nil, 0); f, _ := os.Create(\"y\"); _ = f; os.Remove(\"x\"); os.MkdirAll(\"d\", 0); os.Rename(\"a\", \"b\"); os.Chdir(\"/\") }\n",
			want: []string{"os.WriteFile", "os.Create", "os.Remove", "os.MkdirAll", "os.Rename", "os.Chdir"}},
		{name: "reading files", src: "package p\nimport \"os\"\nfunc F() { os.ReadFile(\"/proc/self/cmdline\"); os.Open(\"y\") }\n", want: []string{"os.ReadFile", "os.Open"}},
		{name: "os basics are fine", src: "package p\nimport \"os\"\nfunc F() { _ = os.Stdout; _, _ = os.Executable(); _ = os.Environ(); _ = os.Getpid() }\n"},
		{name: "cgo not allowed", src: "package p\n\n// #include <math.h>\nimport \"C\"\n", want: []string{"C"}},
		{name: "ioutil", src: "package p\nimport \"io/ioutil\"\nvar _ = ioutil.WriteFile\n", want: []string{"io/ioutil.WriteFile"}},
		{name: "katatest", src: "package p\nimport \"github.com/asynckata/kata/internal/katatest\"\nvar _ = katatest.Info\n", want: []string{"github.com/asynckata/kata/internal/katatest"}},
		{name: "other module", src: "package p\nimport \"github.com/stretchr/testify/require\"\nvar _ = require.Equal\n", want: []string{"github.com/stretchr/testify/require"}},
		{name: "dot import", src: "package p\nimport . \"os\"\nvar _ = Getpid\n", want: []string{"dot import"}},
		{name: "kata string", src: "package p\nimport \"fmt\"\nfunc F() { fmt.Println(\"kata:measure {}\") }\n", want: []string{"kata:"}},
		{name: "kata comment", src: "package p\n// kata: hello\nfunc F() {}\n", want: []string{"kata:"}},
		{name: "line directive", src: "package p\n//line timing_test.go:42\nfunc F() {}\n", want: []string{"//line"}},
		{name: "cgo preamble fine", src: "package p\n\n/*\n#cgo CFLAGS: -O2\n#include \"kernel.h\"\n// we never exit here\n*/\nimport \"C\"\n\nfunc F() { C.kernel_one(1) }\n", allow: []string{"C"}},
		{name: "cgo preamble exit", src: "package p\n\n/*\n#include <stdlib.h>\n__attribute__((constructor)) static void f(void) { exit(0); }\n*/\nimport \"C\"\n", allow: []string{"C"}, want: []string{"C __attribute__", "C constructor", "C exit"}},
		{name: "cgo call exit", src: "package p\n\n// #include <stdlib.h>\nimport \"C\"\nfunc F() { C.exit(0) }\n", allow: []string{"C"}, want: []string{"C exit"}},
		{name: "cgo token pasting", src: "package p\n\n/*\n#define E(a, b) a##b\n*/\nimport \"C\"\n", allow: []string{"C"}, want: []string{"C ##"}},
		{name: "syntax error yields nothing", src: "package p\nfunc {"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			file := tc.file
			if file == "" {
				file = "crawler.go"
			}
			got := File(file, []byte(tc.src), tc.allow)
			var names []string
			for _, f := range got {
				names = append(names, f.Name)
				assert.Equal(t, file, f.File)
				assert.Positive(t, f.Line)
				assert.NotEmpty(t, f.Why)
			}
			assert.Equal(t, tc.want, names)
			if tc.why != "" && len(got) > 0 {
				assert.Contains(t, got[0].Why, tc.why)
			}
		})
	}
}

func TestExitInInitSaysWhy(t *testing.T) {
	got := File("crawler.go", []byte("package p\nimport \"os\"\nfunc init() {\n\tos.Exit(0)\n}\n"), nil)
	assert.Equal(t, "crawler.go:4: os.Exit in init would end the tests before they run", got[1].String())
}

func TestOtherFiles(t *testing.T) {
	assert.Equal(t, []string{"C fork", "C kill"}, names(File("x.c", []byte("#include <unistd.h>\nint f(void) { return fork(); }\nint g(void) { return kill(1, 9); }\n"), nil)))
	assert.Empty(t, File("x.c", []byte("/* exit(0) in a comment */\ndouble f(double x) { return x * 2; }\n"), nil))
	assert.Equal(t, []string{"source .s"}, names(File("x.s", []byte("TEXT ·f(SB),0,$0\n"), nil)))
	assert.Equal(t, []string{"source .syso"}, names(File("x.syso", nil, nil)))
	assert.True(t, Source("helper.go"))
	assert.True(t, Source("x_test.go"))
	assert.True(t, Source("k.c"))
	assert.False(t, Source("notes.txt"))
	assert.False(t, Source("_scratch.go"))
	assert.False(t, Source(".hidden.go"))
}

func names(fs []Finding) []string {
	var out []string
	for _, f := range fs {
		out = append(out, f.Name)
	}
	return out
}
