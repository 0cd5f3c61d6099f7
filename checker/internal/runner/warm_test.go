package runner

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestWarmListTakesOnlyDependencies: kata warm compiles the standard
// library's packages and other modules' that the exercises import, each
// once; never the kata's own packages (learner code among them), test
// variants, or an import that does not resolve (a learner's typo must
// not stop the warm-up).
func TestWarmListTakesOnlyDependencies(t *testing.T) {
	list := `dep internal/abi
dep fmt
own github.com/asynckata/kata/exercises/03-crawler
dep github.com/stretchr/testify/require
own github.com/asynckata/kata/internal/katatest
dep fmt
dep fmt [github.com/asynckata/kata/exercises/03-crawler.test]
own github.com/asynckata/kata/exercises/03-crawler [github.com/asynckata/kata/exercises/03-crawler.test]
error github.com/nowhere/typo
own github.com/asynckata/kata/exercises/03-crawler.test

`
	assert.Equal(t, []string{"internal/abi", "fmt", "github.com/stretchr/testify/require"}, warmList(list))
}
