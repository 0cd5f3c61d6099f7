package grader

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/asynckata/kata/checker/internal/classify"
	"github.com/asynckata/kata/checker/internal/manifest"
	"github.com/asynckata/kata/checker/internal/tamper"
	"github.com/asynckata/kata/checker/internal/testrun"
)

// tree writes an exercise folder: a protected test and support file, the
// edit file, a learner's helper and a learner's test file.
func tree(t *testing.T) (string, manifest.Exercise, tamper.Sums) {
	t.Helper()
	root := t.TempDir()
	ex := manifest.Exercise{ID: "03", Slug: "crawler", Edit: []string{"crawler.go"}}
	dir := filepath.Join(root, ex.Dir())
	require.NoError(t, os.MkdirAll(dir, 0o755))
	for name, src := range map[string]string{
		"crawler.go":      "package crawler\n",
		"fetch.go":        "package crawler\n",
		"crawler_test.go": "package crawler\nimport \"testing\"\nfunc TestMain(m *testing.M) {}\nfunc TestCrawl(t *testing.T) {}\nfunc TestTimingCrawl(t *testing.T) {}\n",
		"helper.go":       "package crawler\nimport \"os\"\nfunc init() { os.Exit(0) }\n",
		"mine_test.go":    "package crawler\nimport \"testing\"\nfunc TestMine(t *testing.T) {}\n",
		"notes.txt":       "kata: notes are not source\n",
		"README.md":       "# crawler\n",
	} {
		require.NoError(t, os.WriteFile(filepath.Join(dir, name), []byte(src), 0o644))
	}
	sums := tamper.Sums{
		"exercises/03-crawler/fetch.go":        "x",
		"exercises/03-crawler/crawler_test.go": "x",
	}
	return root, ex, sums
}

func TestPrepareLearner(t *testing.T) {
	root, ex, sums := tree(t)
	dir := filepath.Join(root, ex.Dir())
	var job Job
	require.NoError(t, Prepare(&job, root, ex, Source{}, sums, nil))
	assert.Equal(t, []string{"helper.go", "mine_test.go"}, job.Extra)
	assert.Equal(t, map[string]string{filepath.Join(dir, "mine_test.go"): ""}, job.Replace, "a learner's test file is hidden")
	assert.Len(t, job.Forbidden, 2, "helper.go's init and os.Exit: %v", job.Forbidden)
	require.NotNil(t, job.Expect)
	assert.Equal(t, []string{"TestCrawl"}, job.Expect.Race)
	assert.Equal(t, []string{"TestTimingCrawl"}, job.Expect.Timing)
	assert.Equal(t, []string{"crawler_test.go"}, job.Expect.Files)
}

func TestPrepareSolutionHidesTheLearnersFiles(t *testing.T) {
	root, ex, sums := tree(t)
	dir := filepath.Join(root, ex.Dir())
	sol := filepath.Join(t.TempDir(), "crawler.go")
	require.NoError(t, os.WriteFile(sol, []byte("package crawler\n"), 0o644))
	job := Job{Replace: map[string]string{filepath.Join(dir, "crawler.go"): sol}}
	require.NoError(t, Prepare(&job, root, ex, Source{Solution: true}, sums, nil))
	assert.Empty(t, job.Extra)
	assert.Empty(t, job.Forbidden)
	assert.Equal(t, "", job.Replace[filepath.Join(dir, "helper.go")])
	assert.Equal(t, "", job.Replace[filepath.Join(dir, "mine_test.go")])
	assert.Equal(t, sol, job.Replace[filepath.Join(dir, "crawler.go")])
}

func TestPrepareCheatAddsFiles(t *testing.T) {
	root, ex, sums := tree(t)
	dir := filepath.Join(root, ex.Dir())
	added := filepath.Join(t.TempDir(), "zz_exit.go")
	require.NoError(t, os.WriteFile(added, []byte("package crawler\nimport \"syscall\"\nfunc init() { syscall.Exit(0) }\n"), 0o644))
	job := Job{Replace: map[string]string{filepath.Join(dir, "zz_exit.go"): added}}
	require.NoError(t, Prepare(&job, root, ex, Source{Cheat: "x"}, sums, nil))
	assert.Equal(t, []string{"zz_exit.go"}, job.Extra)
	assert.Len(t, job.Forbidden, 2)
}

func TestPrepareStarter(t *testing.T) {
	root, ex, sums := tree(t)
	dir := filepath.Join(root, ex.Dir())
	var job Job
	recorded := map[string]string{"exercises/03-crawler/crawler.go": tamper.BlobID([]byte("package crawler\n"))}
	require.NoError(t, Prepare(&job, root, ex, Source{Starter: true}, sums, recorded))
	assert.Empty(t, job.Starters, "the file on disk is the starter")

	require.NoError(t, os.WriteFile(filepath.Join(dir, "crawler.go"), []byte("package crawler\n// solved\n"), 0o644))
	job = Job{}
	require.NoError(t, Prepare(&job, root, ex, Source{Starter: true}, sums, recorded))
	assert.Equal(t, map[string]string{filepath.Join(dir, "crawler.go"): recorded["exercises/03-crawler/crawler.go"]}, job.Starters)
}

func TestAudit(t *testing.T) {
	root, ex, sums := tree(t)
	var job Job
	require.NoError(t, Prepare(&job, root, ex, Source{}, sums, nil))
	run := &testrun.Run{
		Results: map[string][]testrun.Status{"TestCrawl": {testrun.Pass, testrun.Pass}, "TestMine": {testrun.Pass}},
		Started: []string{"TestCrawl", "TestMine"},
	}
	a := job.audit(run, false)
	assert.Empty(t, a.Missing)
	assert.Equal(t, []string{"TestCrawl reported 2 results", "a result for TestMine, which no protected test file runs here"}, a.Forged)
	a = job.audit(&testrun.Run{}, true)
	assert.Equal(t, []string{"TestTimingCrawl"}, a.Missing)
}

func TestTrustedMeasure(t *testing.T) {
	files := []string{"timing_test.go"}
	m, ok := trustedMeasure(`    timing_test.go:42: kata:measure {"what":"crawl time","observed":"1s","budget":"at most 2s","ok":true}`, files)
	assert.True(t, ok)
	assert.Equal(t, "crawl time", m.What)
	for _, l := range []string{
		`    crawler.go:42: kata:measure {"what":"crawl time","observed":"1s","budget":"at most 2s","ok":true}`,
		`kata:measure {"what":"crawl time","observed":"1s","budget":"at most 2s","ok":true}`,
		`    timing_test.go:x: kata:measure {}`,
		`    timing_test.go:42: kata:measure {`,
	} {
		_, ok := trustedMeasure(l, files)
		assert.False(t, ok, l)
	}
}

func TestPrepareRefusesASymlinkedEditFile(t *testing.T) {
	root, ex, sums := tree(t)
	dir := filepath.Join(root, ex.Dir())
	forged := filepath.Join(dir, "forged.txt")
	require.NoError(t, os.WriteFile(forged, []byte("package crawler\nimport \"os\"\nvar _ = func() int { os.Exit(0); return 0 }()\n"), 0o644))
	require.NoError(t, os.Remove(filepath.Join(dir, "crawler.go")))
	require.NoError(t, os.Symlink("forged.txt", filepath.Join(dir, "crawler.go")))
	var job Job
	require.NoError(t, Prepare(&job, root, ex, Source{}, sums, nil))
	require.Len(t, job.Unreadable, 1)
	assert.Contains(t, job.Unreadable[0], "crawler.go: the kata only grades regular files, and crawler.go is a symbolic link")
	assert.NotContains(t, job.Screened, filepath.Join(dir, "crawler.go"), "nothing of it is built")
}

func TestCheatJobLaysSymlinksAsTheLearnersFolderWould(t *testing.T) {
	root, ex, sums := tree(t)
	ex.Cheat = map[string]string{"link": "build"}
	cheat := filepath.Join(root, ex.CheatDir("link"))
	require.NoError(t, os.MkdirAll(filepath.Join(cheat, "forged"), 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(cheat, "forged", "crawler.txt"), []byte("package crawler\n"), 0o644))
	require.NoError(t, os.Symlink(filepath.Join("forged", "crawler.txt"), filepath.Join(cheat, "crawler.go")))
	job, err := cheatJob(root, ex, "link", Job{})
	require.NoError(t, err)
	assert.Equal(t, map[string]string{filepath.Join(root, ex.Dir(), "crawler.go"): filepath.Join(cheat, "crawler.go")}, job.Replace, "the link is laid, the folder is not")
	require.NoError(t, Prepare(&job, root, ex, Source{Cheat: "link"}, sums, nil))
	require.Len(t, job.Unreadable, 1)
	assert.Contains(t, job.Unreadable[0], "is a symbolic link")
}

func TestPrepareBuildsTheScreenedBytes(t *testing.T) {
	root, ex, sums := tree(t)
	dir := filepath.Join(root, ex.Dir())
	require.NoError(t, os.Remove(filepath.Join(dir, "helper.go")))
	var job Job
	require.NoError(t, Prepare(&job, root, ex, Source{}, sums, nil))
	assert.Empty(t, job.Forbidden)
	assert.Equal(t, map[string][]byte{filepath.Join(dir, "crawler.go"): []byte("package crawler\n")}, job.Screened)
	// The file changes after the screen read it: the build still gets
	// what was screened.
	require.NoError(t, os.WriteFile(filepath.Join(dir, "crawler.go"), []byte("package crawler\nimport \"os\"\nvar _ = os.Exit\n"), 0o644))
	tmp := t.TempDir()
	paths, err := screened(tmp, root, &job)
	require.NoError(t, err)
	copied := job.Replace[filepath.Join(dir, "crawler.go")]
	assert.Equal(t, "crawler.go", filepath.Base(copied), "stack traces name the file as the learner knows it")
	b, err := os.ReadFile(copied)
	require.NoError(t, err)
	assert.Equal(t, "package crawler\n", string(b))
	rel, err := filepath.Rel(root, copied)
	require.NoError(t, err)
	assert.Equal(t, "exercises/03-crawler/crawler.go:2:3: undefined: x", paths.Replace(rel+":2:3: undefined: x"))
	assert.Equal(t, "exercises/03-crawler/crawler.go:2", paths.Replace(copied+":2"))
}

func TestPrepareSyntaxErrorFailsTheBuild(t *testing.T) {
	root, ex, sums := tree(t)
	dir := filepath.Join(root, ex.Dir())
	require.NoError(t, os.Remove(filepath.Join(dir, "helper.go")))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "crawler.go"), []byte("package crawler\nfunc {\n"), 0o644))
	var job Job
	require.NoError(t, Prepare(&job, root, ex, Source{}, sums, nil))
	assert.Empty(t, job.Forbidden)
	require.Len(t, job.Unreadable, 1)
	assert.Contains(t, job.Unreadable[0], "crawler.go:2:")
}

func TestPrepareScreensWithTheProtectedFiles(t *testing.T) {
	root, ex, sums := tree(t)
	dir := filepath.Join(root, ex.Dir())
	require.NoError(t, os.Remove(filepath.Join(dir, "helper.go")))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "fetch.go"), []byte("package crawler\nvar seen int\nfunc Fetch() {}\n"), 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "crawler.go"), []byte("package crawler\nfunc Crawl() { Fetch(); seen++ }\n"), 0o644))
	var job Job
	require.NoError(t, Prepare(&job, root, ex, Source{}, sums, nil))
	require.Len(t, job.Forbidden, 1)
	assert.Contains(t, job.Forbidden[0], "crawler.go:2: seen is the support code's own (fetch.go, unexported)")
}

func TestPrepareRefusesABadPolicy(t *testing.T) {
	root, ex, sums := tree(t)
	ex.Allow = []string{"testing"}
	var job Job
	assert.ErrorContains(t, Prepare(&job, root, ex, Source{}, sums, nil), "kata.toml allow: no exercise may allow testing")
}

func TestGradeUnreadableFailsTheBuild(t *testing.T) {
	var g Grader
	rep, err := g.Grade(context.Background(), Job{Applies: []string{"build", "tests"}, Points: 10,
		Honest: Honest{Unreadable: []string{"crawler.go: the kata only grades regular files"}, Forbidden: []string{"x"}}})
	require.NoError(t, err)
	assert.Equal(t, classify.Build, rep.Grade.Failure)
	assert.Zero(t, rep.Grade.Score)
	assert.Equal(t, []string{"crawler.go: the kata only grades regular files"}, rep.Grade.Checks[0].Details)
}

func TestPrepareRefusesFoldersInACgoExercise(t *testing.T) {
	root, ex, sums := tree(t)
	dir := filepath.Join(root, ex.Dir())
	require.NoError(t, os.Remove(filepath.Join(dir, "helper.go")))
	require.NoError(t, os.MkdirAll(filepath.Join(dir, "bits"), 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "bits", "types.h"), []byte("#error here\n"), 0o644))
	var job Job
	require.NoError(t, Prepare(&job, root, ex, Source{}, sums, nil))
	assert.Empty(t, job.Forbidden, "a folder is harmless where there is no C")

	ex.Allow = []string{"C"}
	job = Job{}
	require.NoError(t, Prepare(&job, root, ex, Source{}, sums, nil))
	require.Len(t, job.Forbidden, 1)
	assert.Contains(t, job.Forbidden[0], "bits: a folder or link of yours in an exercise with C")

	sums["exercises/03-crawler/bits/types.h"] = "x"
	job = Job{}
	require.NoError(t, Prepare(&job, root, ex, Source{}, sums, nil))
	assert.Empty(t, job.Forbidden, "a protected folder is the exercise's own")
}
