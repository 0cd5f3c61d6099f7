# Async Kata for Go: the commands people type.
#
#   make check EX=03   grade one exercise (EX=3 and EX=crawler work too)
#   make test          the project's own tests
#
# EX reaches the checker as one quoted argument from the environment, never
# as shell or make text: $(value ...) keeps make from expanding it, and the
# recipe quotes it. The checker refuses anything that is not an exercise.
# DEST (student-template) and JUNIT (checker-tests) travel the same way.

GO   ?= go
KATA := bin/kata

KATA_EX     := $(value EX)
KATA_FORMAT := $(value FORMAT)
KATA_DEST   := $(value DEST)
KATA_JUNIT  := $(value JUNIT)
KATA_LEVEL  := $(value LEVEL)
KATA_YES    := $(value YES)
KATA_ARGS   := $(value ARGS)
KATA_HINTS  := $(value HINTS)
KATA_ROUTE  := $(value ROUTE)
export KATA_EX KATA_FORMAT KATA_DEST KATA_JUNIT KATA_LEVEL KATA_YES KATA_ARGS KATA_HINTS KATA_ROUTE

.DEFAULT_GOAL := help
.PHONY: help check watch hint list reset verify verify-quick mutate mutate-smoke generate student-template test student-note checker-tests lint FORCE

help: ## show the commands
	@echo "Async Kata for Go"
	@echo
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-14s %s\n", $$1, $$2}'
	@echo
	@echo "Start with: make list, then make check EX=03"

$(KATA): FORCE
	@$(GO) build -o $(KATA) ./checker

check: $(KATA) ## grade an exercise: make check EX=03 (all of them without EX; FORMAT=json for machines)
	@$(KATA) check $${KATA_FORMAT:+--format="$$KATA_FORMAT"} $${KATA_EX:+"$$KATA_EX"}

watch: $(KATA) ## grade again on every save: make watch EX=03 (keys: n h l c x q; ARGS=--manual to re-grade on Enter)
	@$(KATA) watch $${KATA_ARGS:+"$$KATA_ARGS"} $${KATA_EX:+"$$KATA_EX"}

hint: $(KATA) ## show the next hint: make hint EX=03 (LEVEL=2 shows hint 2)
	@$(KATA) hint $${KATA_LEVEL:+--level="$$KATA_LEVEL"} "$$KATA_EX"

list: $(KATA) ## the exercises by chapter: done, failing or not tried, and the next one
	@$(KATA) list

reset: $(KATA) ## put an exercise's starter back (yours is backed up first): make reset EX=03 (YES=1 skips the question)
	@$(KATA) reset $${KATA_YES:+--yes} $${KATA_ARGS:+"$$KATA_ARGS"} "$$KATA_EX"

verify: $(KATA) ## prove every starter fails, every right solution passes, every wrong one is rejected (about 10 minutes)
	@$(KATA) verify $${KATA_EX:+"$$KATA_EX"}

# make test's share of verify: the layout, the contracts' names, every
# starter, reference solution and cheat. The right and wrong solutions,
# which prove the contracts, take most of the time: make verify (and CI,
# after make test) grades them.
verify-quick: $(KATA)
	@$(KATA) verify --quick

mutate: $(KATA) ## change each reference solution the ways concurrency code goes wrong and grade every change: make mutate EX=03 (all without EX; ARGS=--list only lists them)
	@$(KATA) mutate $${KATA_ARGS:+"$$KATA_ARGS"} $${KATA_EX:+"$$KATA_EX"}

# The mutants of one small exercise, as a smoke test of kata mutate (all
# sixteen take far too long for make test: see make mutate).
mutate-smoke: $(KATA)
	@$(KATA) mutate 01

generate: $(KATA) ## rewrite the files derived from kata.toml and the exercises (README's table, digests, classroom files, each exercise's Done means table)
	@$(KATA) gen

student-template: $(KATA) ## write the assignment's copy: make student-template DEST=../kata-assignment [ROUTE=actions|classroom50] [HINTS=all|none|N]
	@$(KATA) template $${KATA_ROUTE:+--route="$$KATA_ROUTE"} $${KATA_HINTS:+--hints="$$KATA_HINTS"} "$$KATA_DEST"

lint: ## gofmt, go vet and actionlint (every workflow, and the classroom workflow a template installs)
	@unformatted="$$(gofmt -l .)"; if [ -n "$$unformatted" ]; then echo "gofmt would change:"; echo "$$unformatted"; exit 1; fi
	$(GO) vet ./...
	$(GO) tool actionlint $(wildcard .github/workflows/*.yml) $(wildcard classroom/actions/*.yml)

checker-tests: ## the checker's own tests (fixtures and golden files included; JUNIT=file.xml for a JUnit report)
	$(GO) tool gotestsum --format testname $${KATA_JUNIT:+--junitfile="$$KATA_JUNIT"} -- -count=1 -timeout=20m ./checker/... ./internal/...

test: student-note lint checker-tests verify-quick mutate-smoke ## the kata's own tests (lint, the checker's tests, verify --quick, mutate on exercise 01): not a grade of your work
	@if [ -f .kata-student ]; then echo; echo "make test passed: the kata's own tools work. It graded none of your exercises: make check EX=NN does."; fi

student-note:
	@if [ -f .kata-student ]; then echo "make test checks the kata itself (its checker and files), not your work. To grade your exercises: make check EX=03 (or make check for all)."; echo; fi
