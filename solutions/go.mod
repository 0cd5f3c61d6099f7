// Reference and wrong solutions hold partial packages: only the files that
// replace an exercise's starter files. This go.mod keeps them out of the
// root module's ./... so `go build ./...` and `go vet ./...` stay clean.
// The checker grades them through the exercise's own tests (go test -overlay).
module github.com/asynckata/kata/solutions

go 1.26
