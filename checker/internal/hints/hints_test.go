package hints

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestParse(t *testing.T) {
	tests := []struct {
		name    string
		in      string
		want    []string
		wantErr string
	}{
		{
			name: "three hints",
			in:   "# Hints: 03-crawler\n\nintro\n\n## Hint 1\nA nudge.\n\n## Hint 2\nCloser.\n\n## Hint 3\n```go\nsem := make(chan struct{}, 8)\n```\n",
			want: []string{"A nudge.", "Closer.", "```go\nsem := make(chan struct{}, 8)\n```"},
		},
		{name: "no hints", in: "# Hints\n\nnothing here\n", wantErr: "no hints"},
		{name: "empty hint", in: "## Hint 1\nok\n## Hint 2\n\n", wantErr: "hint 2 is empty"},
		{name: "empty file", in: "", wantErr: "no hints"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Parse(strings.NewReader(tt.in))
			if tt.wantErr != "" {
				require.ErrorContains(t, err, tt.wantErr)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
		})
	}
}

func TestOverlap(t *testing.T) {
	solution := "package bank\n\n// Transfer moves money.\nfunc (b *Bank) Transfer(from, to, n int) error {\n\tb.mu.Lock()\n\tdefer b.mu.Unlock()\n\tif b.balances[from] < n {\n\t\treturn ErrInsufficient\n\t}\n\tb.balances[from] -= n\n\tb.balances[to] += n\n\treturn nil\n}\n"
	r, total := Overlap("Take the lock first:\n\n```go\nb.mu.Lock()\ndefer b.mu.Unlock()\n```\n}\n", solution)
	assert.Equal(t, 8, total, "code lines only: no package clause, comment, blank or lone brace")
	assert.Equal(t, 2, r)
	r, _ = Overlap(solution, solution)
	assert.Equal(t, 8, r)
}
