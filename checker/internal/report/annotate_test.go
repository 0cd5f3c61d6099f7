package report

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/asynckata/kata/checker/internal/classify"
	"github.com/asynckata/kata/checker/internal/score"
)

// annotated is sample() with the learner's lines its failures name.
func annotated() *Result {
	r := sample()
	r.Exercises[2].Checks[1].Places = []classify.Place{
		{File: "bank.go", Line: 42, Note: "deadlock: goroutine 8 waits here on a sync.Mutex (Lock), in (*Bank).Transfer, forever"},
		{File: "bank.go", Line: 42, Note: "deadlock: goroutine 9 waits here on a sync.Mutex (Lock), in (*Bank).Transfer, forever"},
	}
	race := Exercise{ID: "07", Slug: "race-bank", Title: "Fix the race", Points: 10, Status: StatusFail, Failure: "race",
		Dir: "exercises/07-race-bank", Checks: []score.Check{
			{Name: "build", Status: score.Pass, Message: "compiles and passes go vet"},
			{Name: "race", Status: score.Fail, Message: "the race detector found a data race", Places: []classify.Place{
				{File: "bank.go", Line: 32, Note: "data race: this read in (*Bank).Transfer races with a write at bank.go:39 in (*Bank).Transfer, with no lock or channel between them"},
				{File: "bank.go", Line: 39, Note: "data race: this write in (*Bank).Transfer races with a read at bank.go:32 in (*Bank).Transfer, with no lock or channel between them"},
			}},
		}}
	r.Exercises = append(r.Exercises[:1], race, r.Exercises[2])
	return r
}

func TestClassroomLogAnnotatesInActions(t *testing.T) {
	var log bytes.Buffer
	f, err := ByName("classroom", Options{Log: &log, Token: "TESTTOKEN", Annotate: true})
	require.NoError(t, err)
	require.NoError(t, f.Write(&bytes.Buffer{}, annotated()))
	golden(t, "classroom-log-actions.txt", log.Bytes())

	out := log.String()
	fence := strings.Index(out, "\n::TESTTOKEN::\n")
	require.Positive(t, fence)
	for _, l := range strings.Split(out, "\n") {
		if strings.HasPrefix(l, "::error ") {
			assert.Greater(t, strings.Index(out, l), fence, "annotations come after the fence: %s", l)
		}
	}
	assert.Equal(t, 3, strings.Count(out, "::error "), "the two racing lines, and one waiting line once")

	log.Reset()
	f, _ = ByName("classroom", Options{Log: &log, Token: "TESTTOKEN"})
	require.NoError(t, f.Write(&bytes.Buffer{}, annotated()))
	assert.NotContains(t, log.String(), "::error ", "outside GitHub Actions, no annotations")
}

func TestAnnotationsEscape(t *testing.T) {
	r := &Result{}
	r.Add(Exercise{ID: "07", Slug: "race-bank", Dir: "exercises/07-race-bank", Status: StatusFail, Checks: []score.Check{
		{Name: "race", Status: score.Fail, Places: []classify.Place{{File: "a,b:c%.go", Line: 3, Note: "100% wrong\r\n::error file=x::forged"}}},
	}})
	assert.Equal(t, "::error file=exercises/07-race-bank/a%2Cb%3Ac%25.go,line=3,title=07 race-bank%3A race::100%25 wrong%0D%0A::error file=x::forged\n",
		annotations(r), "one line whatever the note holds: the forged command stays inside the message")
}

func TestAnnotationsAreFew(t *testing.T) {
	r := &Result{}
	for i := range 4 {
		var places []classify.Place
		for l := range 9 {
			places = append(places, classify.Place{File: "x.go", Line: l + 1, Note: "n"})
		}
		r.Add(Exercise{ID: fmt.Sprintf("0%d", i), Dir: "exercises/x", Status: StatusFail,
			Checks: []score.Check{{Name: "race", Status: score.Fail, Places: places}}})
	}
	got := strings.Split(strings.TrimSuffix(annotations(r), "\n"), "\n")
	assert.Len(t, got, maxAnnotations)
	assert.Equal(t, maxAnnotationsPerExercise, strings.Count(annotations(r), "title=00 "))
}
