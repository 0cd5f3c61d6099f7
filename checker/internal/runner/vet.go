package runner

import "strings"

// vetHeader reports whether go test -c's output holds a vet finding: the
// go command heads vet's output "# [import/path]".
func vetHeader(s string) bool {
	for _, l := range strings.Split(s, "\n") {
		if strings.HasPrefix(l, "# [") && strings.HasSuffix(strings.TrimSpace(l), "]") {
			return true
		}
	}
	return false
}
