# kmm: top-level driver around CMake. See README.md.
#
#   make            build/libkmm.a, build/libkmm.so, build/kmm
#   make demo       boot a default machine and show the stack at work
#   make test       build and run every Criterion suite
#   make asan       the whole suite under ASan+UBSan (build-asan/)
#   make fuzz       libFuzzer targets, run long (FUZZ_SECONDS, default 300)
#   make bench      build and run the benchmarks
#   make install PREFIX=/usr/local

PREFIX      ?= /usr/local
BUILD       ?= build
JOBS        ?= $(shell nproc 2>/dev/null || echo 2)
CMAKE_FLAGS ?=
FUZZ_SECONDS ?= 300

.PHONY: all deps configure demo test asan tsan fuzz fuzz-ci bench install clean

all: configure
	cmake --build $(BUILD) -j $(JOBS)

deps:
	@sh scripts/deps.sh

configure: deps
	@test -f $(BUILD)/CMakeCache.txt || cmake -S . -B $(BUILD) $(CMAKE_FLAGS)

demo: all
	./$(BUILD)/kmm

test: all
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS)

asan: deps
	@test -f build-asan/CMakeCache.txt || cmake -S . -B build-asan \
	  -DKMM_SANITIZE=address,undefined -DKMM_BENCH=OFF -DCMAKE_BUILD_TYPE=Debug
	cmake --build build-asan -j $(JOBS)
	cd build-asan && ASAN_OPTIONS=detect_leaks=1 ctest --output-on-failure -j $(JOBS)

tsan: deps
	@test -f build-tsan/CMakeCache.txt || cmake -S . -B build-tsan \
	  -DKMM_SANITIZE=thread -DKMM_BENCH=OFF -DCMAKE_BUILD_TYPE=Debug
	cmake --build build-tsan -j $(JOBS)
	cd build-tsan && ctest --output-on-failure -j $(JOBS) -R 'stress'

build-fuzz/CMakeCache.txt:
	CC=clang cmake -S . -B build-fuzz -DKMM_FUZZ=ON -DKMM_TESTS=OFF \
	  -DKMM_BENCH=OFF -DKMM_SANITIZE=address,undefined \
	  -DCMAKE_C_FLAGS=-fsanitize=fuzzer-no-link -DCMAKE_BUILD_TYPE=Debug

fuzz: deps build-fuzz/CMakeCache.txt
	cmake --build build-fuzz -j $(JOBS)
	sh scripts/fuzz.sh build-fuzz $(FUZZ_SECONDS)

fuzz-ci: deps build-fuzz/CMakeCache.txt
	cmake --build build-fuzz -j $(JOBS)
	sh scripts/fuzz.sh build-fuzz 30

bench: all
	sh scripts/bench.sh $(BUILD)

install: all
	cmake --install $(BUILD) --prefix $(PREFIX)

clean:
	rm -rf build build-asan build-tsan build-fuzz
