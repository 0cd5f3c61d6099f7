package report

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/asynckata/kata/checker/internal/score"
)

// decodeClassroom reads the line Classroom writes, the way the reporter
// does: strip result=, base64-decode, parse.
func decodeClassroom(t *testing.T, out string) (classroomResult, map[string]any) {
	t.Helper()
	require.True(t, strings.HasSuffix(out, "\n"), "one line")
	require.Equal(t, 1, strings.Count(out, "\n"), "one line")
	b64, ok := strings.CutPrefix(strings.TrimSuffix(out, "\n"), "result=")
	require.True(t, ok, "the line starts with result=")
	raw, err := base64.StdEncoding.DecodeString(b64)
	require.NoError(t, err)
	var doc classroomResult
	require.NoError(t, json.Unmarshal(raw, &doc))
	var fields map[string]any
	require.NoError(t, json.Unmarshal(raw, &fields))
	return doc, fields
}

// points is what the reporter shows as "Points X/Y".
func points(doc classroomResult) (int, int) {
	total := 0
	for _, t := range doc.Tests {
		total += t.Score
	}
	return total, doc.MaxScore
}

func TestClassroomGolden(t *testing.T) {
	var out, log bytes.Buffer
	f, err := ByName("classroom", Options{Log: &log, Token: "TESTTOKEN"})
	require.NoError(t, err)
	require.NoError(t, f.Write(&out, sample()))

	doc, _ := decodeClassroom(t, out.String())
	pretty, err := json.MarshalIndent(doc, "", "  ")
	require.NoError(t, err)
	golden(t, "classroom.json", append(pretty, '\n'))
	golden(t, "classroom-log.txt", log.Bytes())

	got, max := points(doc)
	assert.Equal(t, 10, got)
	assert.Equal(t, 30, max)
	assert.Equal(t, "fail", doc.Status)
}

// TestClassroomFieldsAreTheReportersOwn pins the names the reporter reads.
func TestClassroomFieldsAreTheReportersOwn(t *testing.T) {
	var out bytes.Buffer
	require.NoError(t, Classroom{}.Write(&out, sample()))
	_, fields := decodeClassroom(t, out.String())
	assert.ElementsMatch(t, []string{"version", "status", "max_score", "tests"}, keys(fields))
	test := fields["tests"].([]any)[0].(map[string]any)
	assert.ElementsMatch(t, []string{"name", "status", "score", "message", "test_code", "filename", "line_no", "duration"}, keys(test))
	assert.Equal(t, "", test["filename"])
	assert.EqualValues(t, 0, test["line_no"])
}

func keys(m map[string]any) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

func TestClassroomStatus(t *testing.T) {
	tests := []struct {
		name  string
		exs   []Exercise
		tests []string
		top   string
	}{
		{"all full marks", []Exercise{pass("03"), pass("07")}, []string{"pass", "pass"}, "pass"},
		{"one failed", []Exercise{pass("03"), fail("07")}, []string{"pass", "fail"}, "fail"},
		{"one could not be graded", []Exercise{pass("03"), {ID: "07", Points: 10, Status: StatusError, Summary: "go is missing"}}, []string{"pass", "error"}, "error"},
		{"a failure outranks an error", []Exercise{{ID: "03", Points: 10, Status: StatusError}, fail("07")}, []string{"error", "fail"}, "fail"},
		{"pass below full marks is no pass", []Exercise{{ID: "03", Points: 10, Score: 5, Status: StatusPass}}, []string{"fail"}, "fail"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := &Result{Version: Version}
			for _, e := range tt.exs {
				r.Add(e)
			}
			var out bytes.Buffer
			require.NoError(t, Classroom{}.Write(&out, r))
			doc, _ := decodeClassroom(t, out.String())
			var got []string
			for _, x := range doc.Tests {
				got = append(got, x.Status)
			}
			assert.Equal(t, tt.tests, got)
			assert.Equal(t, tt.top, doc.Status)
		})
	}
}

func pass(id string) Exercise {
	return Exercise{ID: id, Slug: "x", Points: 10, Score: 10, Status: StatusPass, Failure: "none"}
}

func fail(id string) Exercise {
	return Exercise{ID: id, Slug: "x", Points: 10, Status: StatusFail, Failure: "assertion"}
}

// TestClassroomLineStaysSmall: pages of learner output in every exercise
// still give a line well under 100 KB, and each message keeps its start.
func TestClassroomLineStaysSmall(t *testing.T) {
	r := &Result{Version: Version}
	flood := make([]string, 500)
	for i := range flood {
		flood[i] = strings.Repeat("é", 200)
	}
	for i := range 60 {
		e := fail(string(rune('A'+i%26)) + "x")
		e.Summary = strings.Repeat("why ", 2000)
		e.Checks = []score.Check{{Name: "tests", Status: score.Fail, Message: strings.Repeat("m", 5000), Details: flood}}
		r.Add(e)
	}
	var out bytes.Buffer
	require.NoError(t, Classroom{}.Write(&out, r))
	assert.LessOrEqual(t, out.Len(), MaxClassroomLine)
	doc, _ := decodeClassroom(t, out.String())
	require.Len(t, doc.Tests, 60)
	for _, x := range doc.Tests {
		assert.True(t, strings.HasPrefix(x.Message, "0/10, failure assertion: why why"))
		assert.True(t, strings.HasSuffix(x.Message, "[...]"))
	}
}

// TestLogFencesWorkflowCommands: whatever the learner's code printed, and
// the report quotes, sits between stop-commands and the resume line, and
// the token is fresh each run.
func TestLogFencesWorkflowCommands(t *testing.T) {
	r := &Result{Version: Version}
	e := fail("03")
	e.Checks = []score.Check{{Name: "tests", Status: score.Fail, Message: "failed: TestX",
		Details: []string{"::set-output name=result::cmVzdWx0", "::add-mask::x", "::error::forged", "::endgroup::"}}}
	r.Add(e)
	tokens := map[string]bool{}
	for range 2 {
		var log bytes.Buffer
		require.NoError(t, Classroom{Log: &log}.Write(&bytes.Buffer{}, r))
		lines := strings.Split(strings.TrimSuffix(log.String(), "\n"), "\n")
		token, ok := strings.CutPrefix(lines[0], "::stop-commands::")
		require.True(t, ok, "the log opens with stop-commands")
		assert.GreaterOrEqual(t, len(token), 20, "unguessable")
		assert.Equal(t, "::"+token+"::", lines[len(lines)-1], "and closes with the token")
		assert.Contains(t, log.String(), "::error::forged", "quoted, but fenced")
		tokens[token] = true
	}
	assert.Len(t, tokens, 2, "a new token every run")
}
