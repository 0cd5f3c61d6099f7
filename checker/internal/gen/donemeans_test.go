package gen

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	gtgolden "gotest.tools/v3/golden"

	"github.com/asynckata/kata/checker/internal/contract"
	"github.com/asynckata/kata/checker/internal/manifest"
	"github.com/asynckata/kata/checker/internal/tamper"
)

const crawlerContract = `
[[promise]]
says = "At most 8 requests are in flight at once: the test server counts them and refuses the ninth."
check = "tests"
tests = ["TestCrawlRequestsInFlight", "TestTimingCrawl"]
broken_by = ["unbounded"]

[[promise]]
says = """
The crawl takes at most 2 s | on the test site
(one page at a time: about 8 s)."""
check = "timing"
tests = ["TestTimingCrawl"]
broken_by = ["serial"]

[[promise]]
says = "No goroutine is left running once the tests end."
check = "leak"
tests = ["TestMain"]
broken_by = ["no-wait"]
`

func crawler(t *testing.T) (manifest.Exercise, *contract.Contract) {
	t.Helper()
	m, err := manifest.Parse(strings.NewReader(toml))
	require.NoError(t, err)
	c, err := contract.Parse(strings.NewReader(crawlerContract))
	require.NoError(t, err)
	return m.Exercises[0], c
}

// TestExerciseReadmeGolden renders the "Done means" block into READMEs in
// each state an author leaves one: markers with an old table, no markers
// under the heading, the heading as the last line. go test -update
// rewrites the golden files.
func TestExerciseReadmeGolden(t *testing.T) {
	ex, c := crawler(t)
	for _, name := range []string{"readme-stale", "readme-no-markers", "readme-heading-last"} {
		t.Run(name, func(t *testing.T) {
			in, err := os.ReadFile(filepath.Join("testdata", name+".in.md"))
			require.NoError(t, err)
			got, err := ExerciseReadme(in, ex, c)
			require.NoError(t, err)
			gtgolden.Assert(t, string(got), name+".golden.md")
			again, err := ExerciseReadme(got, ex, c)
			require.NoError(t, err)
			assert.Equal(t, string(got), string(again), "a second run changes nothing")
		})
	}
}

func TestExerciseReadmeRefuses(t *testing.T) {
	ex, c := crawler(t)
	for _, tt := range []struct{ name, in, want string }{
		{"no heading", "# 03\n\n## Task\n", `has no "## Done means" heading`},
		{"begin only", "## Done means\n" + ContractBegin + "\n", "but not the other"},
		{"end before begin", "## Done means\n" + ContractEnd + "\n" + ContractBegin + "\n", "but not the other"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ExerciseReadme([]byte(tt.in), ex, c)
			assert.ErrorContains(t, err, tt.want)
		})
	}
}

// TestExerciseReadmeStale: an exercise with a contract has its README
// generated; a README without the markers is stale until make generate
// runs, and so is one whose contract changed. An exercise without a
// contract is left alone.
func TestExerciseReadmeStale(t *testing.T) {
	m, err := manifest.Parse(strings.NewReader(toml))
	require.NoError(t, err)
	root := exerciseDir(t)
	readme := filepath.Join(root, "exercises", "03-crawler", "README.md")
	require.NoError(t, os.WriteFile(readme, []byte("# 03\n\n## Done means\n\nOld words.\n"), 0o644))
	_, err = Write(root, m)
	require.NoError(t, err)
	stale, err := Stale(root, m)
	require.NoError(t, err)
	assert.Empty(t, stale, "no contract yet: the README is not generated")

	cpath := filepath.Join(root, "exercises", "03-crawler", contract.FileName)
	require.NoError(t, os.WriteFile(cpath, []byte(crawlerContract), 0o644))
	stale, err = Stale(root, m)
	require.NoError(t, err)
	assert.Equal(t, []string{tamper.FileName, "exercises/03-crawler/README.md"}, stale, "a new protected file, and a README without markers")
	changed, err := Write(root, m)
	require.NoError(t, err)
	assert.Equal(t, stale, changed)
	b, err := os.ReadFile(readme)
	require.NoError(t, err)
	assert.Contains(t, string(b), "| No goroutine is left running once the tests end. | leak | `TestMain` (no goroutine left at the end) |")
	assert.Contains(t, string(b), "Old words.", "the author's text stays")

	require.NoError(t, os.WriteFile(cpath, []byte(strings.Replace(crawlerContract, "at most 2 s", "at most 3 s", 1)), 0o644))
	stale, err = Stale(root, m)
	require.NoError(t, err)
	assert.Equal(t, []string{tamper.FileName, "exercises/03-crawler/README.md"}, stale)

	require.NoError(t, os.WriteFile(cpath, []byte("[[promise]]\nsays = \"x\"\n"), 0o644))
	_, err = Stale(root, m)
	assert.ErrorContains(t, err, "exercises/03-crawler/README.md: its table comes from exercises/03-crawler/contract.toml, which needs fixing: promise 1")
}

// TestFixtureKataReadme: the checker's fixture kata keeps its exercise
// README generated from its contract, as make generate would (go test
// -update rewrites it).
func TestFixtureKataReadme(t *testing.T) {
	root, err := filepath.Abs(filepath.Join("..", "..", "testdata", "kata"))
	require.NoError(t, err)
	m, err := manifest.Load(filepath.Join(root, manifest.FileName))
	require.NoError(t, err)
	files := contractReadmes(root, m)
	require.Len(t, files, len(m.Exercises), "every fixture exercise has a contract")
	for _, f := range files {
		_, want, err := f.render(root)
		require.NoError(t, err)
		gtgolden.Assert(t, string(want), filepath.Join(root, filepath.FromSlash(f.name)))
	}
}
