# The two README commands. Both install missing Debian packages first.
#   make demo   Release build, then a built-in default simulation with a readable summary
#   make test   build (warnings as errors, plus an ASan/UBSan build), then the suite under ctest
BUILD      ?= build
BUILD_SAN  ?= build-san
BUILD_FUZZ ?= build-fuzz
FUZZ_SECONDS ?= 60
FUZZ_PKGS  := clang libclang-rt-14-dev
JOBS       ?= $(shell nproc 2>/dev/null || echo 2)
DEB_PKGS   := cmake make gcc libc6-dev libyaml-dev python3 python3-matplotlib time
SUDO       := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: all deps demo test test-fast bench clean fuzz

all: $(BUILD)/memsim

deps:
	@missing=""; for p in $(DEB_PKGS); do \
	  dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "installing Debian packages:$$missing"; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing; \
	fi

$(BUILD)/memsim: deps FORCE
	@echo "building memsim (Release) in $(BUILD)/ ..."
	@cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=Release -DMEMSIM_WERROR=ON >/dev/null
	@cmake --build $(BUILD) -j $(JOBS) > $(BUILD)/build.log 2>&1 || { cat $(BUILD)/build.log; exit 1; }

demo: $(BUILD)/memsim
	@$(BUILD)/memsim demo

test: deps
	cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=Release -DMEMSIM_WERROR=ON
	cmake --build $(BUILD) -j $(JOBS)
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS)
	cmake -S . -B $(BUILD_SAN) -DCMAKE_BUILD_TYPE=Debug -DMEMSIM_WERROR=ON -DMEMSIM_SANITIZE=ON
	cmake --build $(BUILD_SAN) -j $(JOBS)
	cd $(BUILD_SAN) && ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
	  MEMSIM_SANITIZED=1 ctest --output-on-failure -j $(JOBS)

test-fast: deps
	cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=Release -DMEMSIM_WERROR=ON
	cmake --build $(BUILD) -j $(JOBS)
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS)

bench: $(BUILD)/memsim
	@bash bench/run.sh $(BUILD)
	@bash bench/speed.sh $(BUILD)
	@bash bench/mrdimm.sh $(BUILD)
	@bash bench/energy.sh $(BUILD)
	@bash bench/llm.sh $(BUILD)
	@bash bench/sweep.sh $(BUILD)

# libFuzzer targets (fuzz/*.c) with ASan+UBSan, FUZZ_SECONDS each; see fuzz/run.sh.
fuzz: deps
	@missing=""; for p in $(FUZZ_PKGS); do \
	  dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "installing Debian packages:$$missing"; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing; \
	fi
	@FUZZ_SECONDS=$(FUZZ_SECONDS) BUILD_FUZZ=$(BUILD_FUZZ) bash fuzz/run.sh

clean:
	rm -rf $(BUILD) $(BUILD_SAN)

FORCE:
