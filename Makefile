# Async Kata for Go: the commands people type.
#
#   make check EX=03   grade one exercise (EX=3 and EX=crawler work too)
#   make test          the project's own tests
#
# EX reaches the checker as one quoted argument from the environment, never
# as shell or make text: $(value ...) keeps make from expanding it, and the
# recipe quotes it. The checker refuses anything that is not an exercise.

GO   ?= go
KATA := bin/kata

KATA_EX     := $(value EX)
KATA_FORMAT := $(value FORMAT)
export KATA_EX KATA_FORMAT

.DEFAULT_GOAL := help
.PHONY: help check hint list verify generate test checker-tests lint FORCE

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

hint: $(KATA) ## show the next hint: make hint EX=03
	@$(KATA) hint "$$KATA_EX"

list: $(KATA) ## list the exercises by chapter with your last results
	@$(KATA) list

verify: $(KATA) ## prove every starter fails, every solution passes, every wrong one is rejected
	@$(KATA) verify $${KATA_EX:+"$$KATA_EX"}

generate: $(KATA) ## rewrite the files derived from kata.toml (README's exercise table)
	@$(KATA) gen

lint: ## gofmt and go vet
	@unformatted="$$(gofmt -l .)"; if [ -n "$$unformatted" ]; then echo "gofmt would change:"; echo "$$unformatted"; exit 1; fi
	$(GO) vet ./...

checker-tests: ## the checker's own tests (fixtures and golden files included)
	$(GO) tool gotestsum --format testname -- -count=1 ./checker/... ./internal/...

test: lint checker-tests verify ## everything CI runs: lint, the checker's tests, verify
