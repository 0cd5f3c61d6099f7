package expect

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestParse(t *testing.T) {
	dir := t.TempDir()
	write := func(name, src string) string {
		p := filepath.Join(dir, name)
		require.NoError(t, os.WriteFile(p, []byte(src), 0o644))
		return p
	}
	a := write("a_test.go", `package p
import "testing"
func TestMain(m *testing.M) {}
func TestB(t *testing.T) {}
func TestA(t *testing.T) {}
func Testlower(t *testing.T) {}
func helper(t *testing.T) {}
func TestTimingCrawl(t *testing.T) {}
func ExampleF() {}
type T struct{}
func (T) TestMethod(t *testing.T) {}
`)
	b := write("b_test.go", "package p_test\nimport \"testing\"\nfunc Test(t *testing.T) {}\nfunc FuzzX(f *testing.F) {}\n")
	got, err := Parse([]string{a, b})
	require.NoError(t, err)
	assert.Equal(t, []string{"Test", "TestA", "TestB"}, got.Race)
	assert.Equal(t, []string{"TestTimingCrawl"}, got.Timing)
	assert.Equal(t, []string{"ExampleF", "FuzzX"}, got.Other)
	assert.Equal(t, []string{"a_test.go", "b_test.go"}, got.Files)
	assert.True(t, got.Declared("TestA/sub case"))
	assert.True(t, got.Declared("TestTimingCrawl"))
	assert.False(t, got.Declared("TestForged"))
	assert.False(t, got.Declared("Testlower"))

	_, err = Parse([]string{write("bad_test.go", "package p\nfunc {")})
	assert.ErrorContains(t, err, "bad_test.go")
}
