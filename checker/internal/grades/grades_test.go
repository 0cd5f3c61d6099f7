package grades

import (
	"bytes"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestThreeResultsMakeOneCSV(t *testing.T) {
	subs, err := Find([]string{"testdata/artifacts", "testdata/classroom50"})
	require.NoError(t, err)
	require.Len(t, subs, 3)
	var b bytes.Buffer
	require.NoError(t, WriteCSV(&b, subs))
	assert.Equal(t, strings.Join([]string{
		"student,03,07,08,total,max,flags",
		"async-kata-alice,10,10,0,20,30,",
		"async-kata-carol,10,0,0,10,30,07 tampered; 08 forbidden",
		"bob,0,10,0,10,30,",
		"",
	}, "\n"), b.String())
}

func TestTotalsMatchTheFilesOwnScores(t *testing.T) {
	subs, err := Find([]string{"testdata"})
	require.NoError(t, err)
	for _, s := range subs {
		score, max := s.Total()
		assert.Equal(t, 30, max, s.Path)
		assert.LessOrEqual(t, score, max, s.Path)
	}
}

func TestParseRefusesOtherJSON(t *testing.T) {
	_, err := Parse(strings.NewReader(`{"hello": 1}`), "x")
	assert.ErrorContains(t, err, "not a result file")
	_, err = Parse(strings.NewReader(`not json`), "x")
	assert.ErrorContains(t, err, "not a result file")
}

func TestFindSaysWhatToDoWhenEmpty(t *testing.T) {
	_, err := Find([]string{t.TempDir()})
	assert.ErrorContains(t, err, "gh run download")
}
