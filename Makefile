# Entry points. `make up` runs the platform locally, `make test` runs every test; both install
# what they need first (scripts/deps.sh). PRESET selects the CMake preset (release, debug, asan).
PRESET ?= release
BUILD := build/$(PRESET)
JOBS ?= $(shell nproc)

.PHONY: deps build up down status test bench bench-ingest bench-api bench-ragk8s bench-ws format tidy clean

deps:
	@scripts/deps.sh

build: deps
	@test -f $(BUILD)/build.ninja || cmake --preset $(PRESET) >/dev/null
	@cmake --build --preset $(PRESET) -j $(JOBS)

up: build
	@K12N_BIN_DIR=$(BUILD)/bin deploy/local/stack.sh up

down:
	@deploy/local/stack.sh down

status:
	@deploy/local/stack.sh status

test: build
	@PRESET=$(PRESET) scripts/test.sh

# Benchmarks print a summary and one JSON result line; docs/BENCHMARKS.md keeps the figures.
bench: bench-ingest bench-api bench-ragk8s bench-ws

bench-ingest: build
	@K12N_BIN_DIR=$(BUILD)/bin bench/ingest.sh

bench-api: build
	@K12N_BIN_DIR=$(BUILD)/bin bench/api.sh

# rag-k8s: plan+validate p50/p99 over 100,000 requests, and process start to the answer of a dry
# run on the command line.
bench-ragk8s: build
	@$(BUILD)/bin/rag-k8s-bench $(BUILD)/bin/rag-k8s applications/rag-k8s

# energy-ws: 1,000 WebSocket clients and then more, 10 readings/s, p50/p99 from Kafka produce to
# client receive, frames dropped, and the server's resident memory per idle connection.
bench-ws: build
	@K12N_BIN_DIR=$(BUILD)/bin applications/energy-ws/bench/ws_bench.sh

format:
	@git ls-files '*.cpp' '*.hpp' | xargs clang-format -i

tidy: build
	@git ls-files '*.cpp' | grep -v '/tests/' | xargs clang-tidy -p $(BUILD) --quiet

clean:
	@deploy/local/stack.sh clean
	@K12N_STACK_DIR=.local/test deploy/local/stack.sh clean
	@rm -rf build .local
