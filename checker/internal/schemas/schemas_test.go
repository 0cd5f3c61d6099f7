package schemas

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const valid = `{"schema": "classroom50/result/v1", "classroom": "c", "assignment": "a",
 "assignment_type": "individual", "owner": "o", "submission": "submit/x", "commit": "c",
 "release": "r", "review": "r", "datetime": "2026-09-01T14:32:05Z", "score": 0, "max-score": 10,
 "tests": [{"test-name": "t", "passed": false, "score": 0, "max-score": 10, "extra": [1]}]}`

func TestValidateClassroom50Result(t *testing.T) {
	assert.NoError(t, ValidateClassroom50Result([]byte(valid)))
	assert.Error(t, ValidateClassroom50Result([]byte(`{"schema": "classroom50/result/v1"}`)))
	assert.Error(t, ValidateClassroom50Result([]byte(`not json`)))
}

// TestSameAsShared: the copy here has not drifted from the one the
// project's design documents point at, when that one is beside the repo.
func TestSameAsShared(t *testing.T) {
	shared := filepath.Join("..", "..", "..", "..", "shared", "schemas", Classroom50ResultFile)
	want, err := os.ReadFile(shared)
	if err != nil {
		t.Skip("no shared schema beside this checkout")
	}
	got, err := os.ReadFile(Classroom50ResultFile)
	require.NoError(t, err)
	assert.Equal(t, string(want), string(got))
}
