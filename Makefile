# verify — build, test and data targets. `make help` lists them.
GO      ?= go
BIN     ?= bin/verify
VERSION ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
LDFLAGS := -X main.version=$(VERSION)
EXT     := testdata/external

# Debian packages the tests use: reference solvers for cross-checks and the
# compressors that make test archives.
APT_PKGS ?= minisat cadical bzip2 xz-utils

.PHONY: help build test test-go bench lint testdata fuzz deps solve-example

help: ## list targets
	@grep -hE '^[a-zA-Z_-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-14s %s\n", $$1, $$2}'

build: ## build the pure-Go binary into bin/verify
	$(GO) build -ldflags "$(LDFLAGS)" -o $(BIN) ./cmd/verify

test: deps testdata test-go ## set up (Debian packages, corpora) and run every build's tests

test-go: ## run the pure-Go test suite (needs the external corpora)
	$(GO) test -count=1 -timeout 30m ./...

solve-example: testdata build ## solve a real competition instance with statistics
	$(BIN) solve --stats --no-model $(EXT)/gophersat/hoons-vbmc-lucky7.cnf; test $$? -eq 20

deps: ## install the Debian packages the tests need (when root), else say which
	@missing=""; for p in $(APT_PKGS); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -z "$$missing" ]; then exit 0; fi; \
	if [ "$$(id -u)" != 0 ]; then echo "missing Debian packages:$$missing; run: sudo apt-get install$$missing" >&2; exit 1; fi; \
	apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing

bench: testdata ## run the Go benchmarks of the pure-Go build
	$(GO) test -run '^$$' -bench . -benchmem -timeout 60m ./...

lint: ## gofmt and go vet
	@out=$$(gofmt -l $$(git ls-files '*.go')); if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi
	$(GO) vet ./...

fuzz: ## fuzz the DIMACS reader for a minute
	$(GO) test -run '^$$' -fuzz FuzzReadDIMACS -fuzztime 60s ./sat

testdata: $(EXT)/.stamp ## fetch the external SAT corpora through the Go module proxy

$(EXT)/.stamp: testdata/fetch.sh
	@mkdir -p $(EXT)
	./testdata/fetch.sh $(EXT)
	@touch $@

# ---- libtorch build (docs/torch.md) ------------------------------------------
# cmd/gotchprep finds libtorch (LIBTORCH, else Debian's libtorch-dev, installed
# when missing and running as root), prepares a compatible copy of gotch in
# build/gotch and writes build/go.torch.mod (go.mod + replace of gotch by that
# copy). It is a no-op when its stamp matches. The C++ compile of gotch is kept
# by Go's build cache.
TORCH_BIN     ?= bin/verify-torch
TORCH_MOD     := build/go.torch.mod
TORCH_GOFLAGS  = $(strip $(shell $(GO) env GOFLAGS) -tags=torch -modfile=$(TORCH_MOD))
TORCH_PKGS     = $(shell grep -rlE --include='*.go' '^//go:build .*torch' --exclude-dir=build --exclude-dir=testdata . | xargs -r -n1 dirname | sort -u)

.PHONY: torch-prep torch test-torch

torch-prep: ## prepare build/gotch and build/go.torch.mod for the libtorch found
	$(GO) run ./cmd/gotchprep

torch: torch-prep ## build the libtorch (training) binary into bin/verify-torch
	GOFLAGS="$(TORCH_GOFLAGS)" $(GO) build -ldflags "$(LDFLAGS)" -o $(TORCH_BIN) ./cmd/verify

test-torch: torch-prep ## run the tests of the torch-tagged packages against libtorch
	GOFLAGS="$(TORCH_GOFLAGS)" $(GO) test -count=1 -timeout 30m $(TORCH_PKGS)
