# Front end for CMake. `make run` and `make test` work on a fresh Debian 12
# machine as root: they install what is missing first.
BUILD   ?= build
ASAN    ?= build-asan
JOBS    ?= $(shell nproc)
DB      ?= sabt-demo.db
LISTEN  ?= 127.0.0.1:8080

.PHONY: all deps build run test unit asan integration browser pg bench fuzz clean

all: build

deps:
	@./scripts/install-deps.sh

$(BUILD)/Makefile: CMakeLists.txt
	cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null

build: deps $(BUILD)/Makefile
	cmake --build $(BUILD) -j$(JOBS)

run: build
	@./scripts/run-demo.sh $(BUILD)/sabt $(DB) $(LISTEN)

test: build
	@./scripts/test-all.sh $(BUILD) $(ASAN)

unit: build
	cd $(BUILD) && ./unit_tests

bench: build
	@./bench/run.sh $(BUILD)

clean:
	rm -rf $(BUILD) $(ASAN)
