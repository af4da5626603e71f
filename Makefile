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
	cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo -DSABT_WERROR=OFF >/dev/null

build: deps $(BUILD)/Makefile
	cmake --build $(BUILD) -j$(JOBS)

run: build
	@./scripts/run-demo.sh $(BUILD)/sabt $(DB) $(LISTEN)

# make test (and so CI) builds with -Werror; make run and a user's own cmake
# build do not (see SABT_WERROR in CMakeLists.txt).
test: deps
	cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo -DSABT_WERROR=ON >/dev/null
	cmake --build $(BUILD) -j$(JOBS)
	@./scripts/test-all.sh $(BUILD) $(ASAN)

unit: build
	cd $(BUILD) && ./unit_tests

bench: build
	cmake --build $(BUILD) -j$(JOBS) --target benches
	@./bench/run.sh $(BUILD)

clean:
	rm -rf $(BUILD) $(ASAN)

# Longer fuzzing of the proof and checkpoint parsers (libFuzzer, clang).
FUZZ_SECONDS ?= 300
fuzz: deps
	clang++ -std=c++20 -O1 -g -fsanitize=fuzzer,address,undefined -Isrc fuzz/checkpoint_proof_fuzz.cc \
	  src/util/status.cc src/util/hex.cc src/util/base64.cc src/util/sha256.cc src/util/random.cc \
	  src/util/jcs.cc src/journal/merkle.cc src/journal/checkpoint.cc -lcrypto -lsodium -o $(BUILD)/checkpoint_proof_fuzz
	mkdir -p $(BUILD)/fuzz-corpus
	$(BUILD)/checkpoint_proof_fuzz -max_total_time=$(FUZZ_SECONDS) -max_len=4096 $(BUILD)/fuzz-corpus
