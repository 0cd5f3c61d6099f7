package counter

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestAddCountsEveryOne(t *testing.T) {
	var c Counter
	c.Add(4, 1000)
	assert.Equal(t, 4000, c.Value(), "every goroutine's additions count")
}
