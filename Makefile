# verify — build, test and data targets. `make help` lists them.
GO      ?= go
BIN     ?= bin/verify
VERSION ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
LDFLAGS := -X main.version=$(VERSION)
EXT     := testdata/external

# Debian packages the tests use: reference solvers for cross-checks and the
# compressors that make test archives.
APT_PKGS ?= minisat cadical libcadical-dev bzip2 xz-utils

.PHONY: help build test test-go bench lint testdata fuzz deps solve-example cadical test-cadical

help: ## list targets
	@grep -hE '^[a-zA-Z_-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-14s %s\n", $$1, $$2}'

build: ## build the pure-Go binary into bin/verify
	$(GO) build -ldflags "$(LDFLAGS)" -o $(BIN) ./cmd/verify

test: deps testdata test-go test-cadical ## set up (Debian packages, corpora) and run every build's tests

test-go: ## run the pure-Go test suite (needs the external corpora)
	$(GO) test -count=1 -timeout 30m ./...

cadical: ## build bin/verify-cadical with the CaDiCaL engine (static, Debian's libcadical-dev)
	$(GO) build -tags cadical -ldflags "$(LDFLAGS)" -o bin/verify-cadical ./cmd/verify

test-cadical: ## run the sat and CLI tests with the CaDiCaL engine built in
	$(GO) test -count=1 -timeout 30m -tags cadical ./sat/... ./cmd/...

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

# SAT solver comparison (docs/benchmarks.md). Reruns resume in BENCH_OUT;
# delete it for a fresh measurement.
BENCH_OUT     ?= build/bench-sat
BENCH_TIMEOUT ?= 60s
BENCH_JOBS    ?= 2
BENCH_SUITES  ?= benchmarks/satlib-sample.suite benchmarks/gophersat-quick.suite

.PHONY: bench-sat
bench-sat: build testdata ## compare verify, minisat and cadical on the quick suites (minutes on 2 cores)
	nice $(BIN) bench $(foreach s,$(BENCH_SUITES),--suite $(s)) --solver verify --solver minisat --solver cadical \
		--timeout $(BENCH_TIMEOUT) --mem 4GiB --jobs $(BENCH_JOBS) --out $(BENCH_OUT)

# GNN phase-predictor corpus (docs/corpus.md): generated families plus the
# satisfiable SATLIB and gophersat formulas, labelled with backbones and
# split by sibling group. Reruns resume the labelling in CORPUS.
CORPUS        ?= $(EXT)/corpus
CORPUS_SEED   ?= 1
CORPUS_COUNT  ?= 100
CORPUS_JOBS   ?= 2
CORPUS_REAL   := $(EXT)/satlib/sat-uniform-20-91 $(EXT)/satlib/sat-flat125-301 $(EXT)/satlib/file-dimacs-aim \
	$(foreach f,25 50 75 100 225 275 300 8-queens zebra,$(EXT)/gophersat/$(f).cnf)

.PHONY: corpus
corpus: build testdata ## generate, label and split the default GNN corpus into testdata/external/corpus
	$(BIN) gnn gen --out $(CORPUS)/gen --seed $(CORPUS_SEED) --count $(CORPUS_COUNT) --size small
	nice $(BIN) gnn label --out $(CORPUS)/labels.jsonl --jobs $(CORPUS_JOBS) --per-call 10s --total 60s \
		$(CORPUS)/gen $(CORPUS_REAL)
	$(BIN) gnn split --labels $(CORPUS)/labels.jsonl --out $(CORPUS)/split.json --seed $(CORPUS_SEED)
	$(BIN) gnn stats --labels $(CORPUS)/labels.jsonl | tee $(CORPUS)/stats.txt
