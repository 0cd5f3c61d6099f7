package contract

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const good = `
# What "done" means for the fixture.

[[promise]]
says = "At most 8 requests are in flight at once."
check = "tests"
tests = ["TestCrawlRequestsInFlight", "TestTimingCrawl"]
broken_by = ["unbounded"]

[[promise]]
says = """
No goroutine is left
once the tests end."""
check = "leak"
tests = ["TestMain"]
broken_by = ["no-wait", "unbounded"]
`

func TestParseGood(t *testing.T) {
	c, err := Parse(strings.NewReader(good))
	require.NoError(t, err)
	require.Len(t, c.Promises, 2)
	assert.Equal(t, Promise{
		Says:     "At most 8 requests are in flight at once.",
		Check:    "tests",
		Tests:    []string{"TestCrawlRequestsInFlight", "TestTimingCrawl"},
		BrokenBy: []string{"unbounded"},
	}, c.Promises[0])
	assert.Equal(t, []string{"TestCrawlRequestsInFlight", "TestMain", "TestTimingCrawl"}, c.Tests())
}

func TestParseRefuses(t *testing.T) {
	promise := func(says, check, tests, broken string) string {
		return "[[promise]]\nsays = " + says + "\ncheck = " + check + "\ntests = " + tests + "\nbroken_by = " + broken + "\n"
	}
	ok := promise(`"One."`, `"tests"`, `["TestA"]`, `["wrong-a"]`)
	tests := []struct {
		name, toml string
		want       []string
	}{
		{"not toml", "[[promise]\n", []string{"not valid TOML"}},
		{"empty file", "# nothing yet\n", []string{"no [[promise]] entries"}},
		{"unknown top-level key", "title = \"x\"\n" + ok, []string{"unknown keys title", "only [[promise]] entries"}},
		{"misspelt key", ok + "[[promise]]\nsay = \"Two.\"\ncheck = \"race\"\ntests = [\"TestB\"]\nbroken_by = [\"b\"]\n",
			[]string{"unknown keys promise.say"}},
		{"empty says", promise(`"  "`, `"tests"`, `["TestA"]`, `["a"]`), []string{`promise 1: "says" is empty`}},
		{"empty check", promise(`"One."`, `""`, `["TestA"]`, `["a"]`), []string{`promise 1: "check" is empty`, "build, tests, race, leak, timing"}},
		{"unknown check", promise(`"One."`, `"speed"`, `["TestA"]`, `["a"]`), []string{`check "speed" is not one of the five`}},
		{"no tests", promise(`"One."`, `"tests"`, `[]`, `["a"]`), []string{`"tests" is empty`, "TestMain"}},
		{"not a test name", promise(`"One."`, `"tests"`, `["Testlower", "helper"]`, `["a"]`),
			[]string{`test "Testlower" is not a test function's name`, `test "helper" is not`}},
		{"subtest", promise(`"One."`, `"tests"`, `["TestA/case"]`, `["a"]`), []string{`test "TestA/case" is a subtest: name its top-level test "TestA"`}},
		{"test twice", promise(`"One."`, `"tests"`, `["TestA", "TestA"]`, `["a"]`), []string{`lists TestA twice in "tests"`}},
		{"no broken_by", promise(`"One."`, `"tests"`, `["TestA"]`, `[]`), []string{`"broken_by" is empty`, "write one if there is none"}},
		{"broken_by not a name", promise(`"One."`, `"tests"`, `["TestA"]`, `["Wrong A"]`), []string{`broken_by "Wrong A" is not a wrong solution's name`}},
		{"broken_by twice", promise(`"One."`, `"tests"`, `["TestA"]`, `["a", "a"]`), []string{`lists a twice in "broken_by"`}},
		{"duplicate promise", ok + promise(`"one.  "`, `"race"`, `["TestB"]`, `["b"]`), []string{"promise 2: says the same as promise 1: merge the two"}},
		{"every fault at once", promise(`""`, `""`, `[]`, `[]`), []string{`"says" is empty`, `"check" is empty`, `"tests" is empty`, `"broken_by" is empty`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse(strings.NewReader(tt.toml))
			require.Error(t, err)
			for _, w := range tt.want {
				assert.ErrorContains(t, err, w)
			}
		})
	}
}

func TestLoadNamesTheFile(t *testing.T) {
	_, err := Load("testdata/does-not-exist.toml")
	assert.ErrorContains(t, err, "open the contract")
}
