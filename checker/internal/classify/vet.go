package classify

import "strings"

// vetAdvice is what a learner new to concurrency needs to read beside go
// vet's terse words, for the vet findings the exercises meet: the words
// vet prints, and what they mean and what to try.
var vetAdvice = []struct {
	says   []string
	advice string
}{
	{[]string{"WaitGroup.Add called from inside new goroutine"},
		"What vet means: wg.Add runs inside the goroutine it counts, so wg.Wait can run first, see a count of 0 " +
			"and return while the work goes on. Call wg.Add(1) before the go statement, or start the goroutine " +
			"with wg.Go(func() { ... })."},
	{[]string{"passes lock by value", "copies lock value", "copies lock:"},
		"What vet means: a value that holds a sync.Mutex (or a WaitGroup, or another lock) is copied here. The " +
			"copy has a lock of its own, so locking it protects nothing the original guards. Use a pointer: a " +
			"pointer receiver (func (b *Bank) ...), or pass &x."},
	{[]string{"the cancel function"},
		"What vet means: the cancel function of a context is not called on every path, so the context and its " +
			"timer live on after the work is done. Call it: defer cancel() right after context.WithCancel or " +
			"WithTimeout."},
}

// VetAdvice says in plain words what go vet's findings in lines mean and
// what to try, once per kind of finding, in the order they appear.
func VetAdvice(lines []string) []string {
	var out []string
	said := map[int]bool{}
	for _, l := range lines {
		for i, v := range vetAdvice {
			if said[i] {
				continue
			}
			for _, s := range v.says {
				if strings.Contains(l, s) {
					said[i] = true
					out = append(out, v.advice)
					break
				}
			}
		}
	}
	return out
}
