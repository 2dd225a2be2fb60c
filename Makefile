# verify — build, test and data targets. `make help` lists them.
GO      ?= go
BIN     ?= bin/verify
VERSION ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
LDFLAGS := -X main.version=$(VERSION)
EXT     := testdata/external

.PHONY: help build test bench lint testdata fuzz

help: ## list targets
	@grep -hE '^[a-zA-Z_-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-14s %s\n", $$1, $$2}'

build: ## build the pure-Go binary into bin/verify
	$(GO) build -ldflags "$(LDFLAGS)" -o $(BIN) ./cmd/verify

test: testdata ## run the pure-Go test suite (needs the external corpora)
	$(GO) test -count=1 -timeout 30m ./...

bench: testdata ## run the Go benchmarks of the pure-Go build
	$(GO) test -run '^$$' -bench . -benchmem -timeout 60m ./...

lint: ## gofmt and go vet
	@out=$$(gofmt -l $$(git ls-files '*.go')); if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi
	$(GO) vet ./...

fuzz: ## fuzz the DIMACS reader for a minute
	$(GO) test -run '^$$' -fuzz FuzzReadDIMACS -fuzztime 60s ./sat

testdata: $(EXT)/.stamp ## fetch the external SAT corpora through the Go module proxy

$(EXT)/.stamp: Makefile
	@mkdir -p $(EXT)
	./testdata/fetch.sh $(EXT)
	@touch $@
