# lm — one GNU Makefile for the whole toolkit.
#
#   make            build bin/lm-* for this machine (-O3 -march=native,
#                   -Wall -Wextra clean); PORTABLE=1 for a generic binary
#   make MPI=1      the same, lm-train built against MPI (mpicc's flags) to
#                   run data-parallel under mpirun (objects in build/mpi)
#   make check      install missing packages, build, run every test twice:
#                   once as built, once under AddressSanitizer + UBSan
#   make demo       Lab 01: tokenize Tiny Shakespeare, train, score, sample
#   make bench      lm beside its peers (PyTorch, KenLM), one table
#   make install    PREFIX=/usr/local DESTDIR= : binaries and man pages
#   make deps       apt-get install what is missing (Debian 12)
#   make clean
#
# Variants build into their own directories, so `make -j2` and the
# sanitized build never share an object file:
#   normal     objects in build/obj,   tools in bin/
#   sanitized  objects in build/asan,  tools in build/asan/bin
# `make bench` measures the normal build: the figures are those of `make`.

PREFIX  ?= /usr/local
BINDIR  ?= $(PREFIX)/bin
MANDIR  ?= $(PREFIX)/share/man
CC      ?= cc
VERSION := 0.1.0

# MPI=1: lm-train's ranks over MPI (libcommon/dist_mpi.c, the one file
# that includes mpi.h); otherwise the one-rank stub dist_none.c.  The
# variants keep their own objects.
MPI     ?=
MPICC   ?= mpicc
ifneq ($(MPI),)
OBJ     ?= build/mpi
MPI_CPPFLAGS := $(shell $(MPICC) --showme:compile 2>/dev/null)
MPI_LDLIBS   := $(shell $(MPICC) --showme:link 2>/dev/null)
ifeq ($(MPI_LDLIBS),)
$(error MPI=1 needs OpenMPI's mpicc (Debian: apt-get install libopenmpi-dev openmpi-bin))
endif
DIST_SKIP := libcommon/dist_none.c
else
DIST_SKIP := libcommon/dist_mpi.c
endif
OBJ     ?= build/obj
BIN     ?= bin
# The default build is the fast one, for the machine it runs on, as llm.c's
# is: -O3 and every instruction set this CPU has (AVX2/AVX-512 and FMA for
# the gate loops, exp/tanh and Adam).  -std=c11 keeps -ffp-contract=off, so
# no multiply-add is fused behind the code's back and the printed digits are
# those of the portable build (checked 2026-12-02: 30 steps of lstm/Adam
# and gru/SGD on Tiny Shakespeare give byte-identical models from both, and
# the PTB 5-gram the same ARPA file).  PORTABLE=1 leaves -march out.
NATIVE  := $(shell $(CC) -march=native -E -x c /dev/null >/dev/null 2>&1 && echo -march=native)
ifeq ($(PORTABLE),1)
OPT     ?= -O3
else
OPT     ?= -O3 $(NATIVE)
endif
SANFLAGS ?=

CPPFLAGS += -Ilibcommon -DLM_VERSION_STRING='"$(VERSION)"' \
            -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE
CFLAGS  ?=
override CFLAGS += -std=c11 $(OPT) -fno-math-errno -g -Wall -Wextra -pthread $(SANFLAGS)
# OpenBLAS is not linked: libcommon/linalg.c loads it when a tool first
# multiplies matrices (the n-gram tools never pay for loading it).
LDLIBS  += -lmsgpackc -lm -lpthread -ldl $(MPI_LDLIBS)

# Objects depend on the flags they were built with ($(OBJ)/flags is
# rewritten only when they change), so `make PORTABLE=1` after `make`
# rebuilds everything instead of linking the two kinds together.
FLAGS_NOW := $(CC) $(CPPFLAGS) $(CFLAGS) $(LDFLAGS)
ifneq ($(FLAGS_NOW),$(file <$(OBJ)/flags))
$(shell mkdir -p $(OBJ))
$(file >$(OBJ)/flags,$(FLAGS_NOW))
endif

LIB_SRC   := $(filter-out $(DIST_SKIP),$(sort $(wildcard libcommon/*.c)))
LIB_OBJ   := $(LIB_SRC:libcommon/%.c=$(OBJ)/libcommon/%.o)
LIB       := $(OBJ)/liblm.a
TOOL_SRC  := $(sort $(wildcard tools/lm-*.c))
TOOLS     := $(TOOL_SRC:tools/%.c=$(BIN)/%)
# What the tools share and the library must not hold: option tables.
CLI_SRC   := $(filter-out $(TOOL_SRC),$(sort $(wildcard tools/*.c)))
CLI_OBJ   := $(CLI_SRC:tools/%.c=$(OBJ)/tools/%.o)
UNIT_SRC  := $(sort $(wildcard tests/unit/test_*.c))
UNITS     := $(UNIT_SRC:tests/unit/%.c=$(OBJ)/tests/%)
HELP_SRC  := $(sort $(wildcard tests/helpers/*.c))
HELPERS   := $(HELP_SRC:tests/helpers/%.c=$(OBJ)/tests/%)
FUZZ_SRC  := $(sort $(wildcard fuzz/fuzz_*.c))
FUZZ_NAMES := $(FUZZ_SRC:fuzz/fuzz_%.c=%)
REPLAYS   := $(FUZZ_NAMES:%=$(OBJ)/fuzz/replay_%)
FUZZERS   := $(FUZZ_NAMES:%=$(OBJ)/fuzzers/%)
MANPAGES  := $(sort $(wildcard man/*.[157]))

.PHONY: all tools tests mpi-tools check check-normal check-asan check-examples test demo bench \
        fuzz fuzzers examples data install deps check-peers clean FORCE
.DELETE_ON_ERROR:

all: tools

tools: $(TOOLS)

tests: $(UNITS) $(HELPERS) $(REPLAYS)

$(OBJ)/libcommon/dist_mpi.o: CPPFLAGS += $(MPI_CPPFLAGS)

$(OBJ)/libcommon/%.o: libcommon/%.c $(OBJ)/flags
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(CFLAGS) -MMD -MP -c -o $@ $<

$(OBJ)/tools/%.o: tools/%.c $(OBJ)/flags
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(CFLAGS) -MMD -MP -c -o $@ $<

$(OBJ)/tests/%.o: tests/unit/%.c $(OBJ)/flags
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) -Itools $(CFLAGS) -MMD -MP -c -o $@ $<

$(OBJ)/tests/%.o: tests/helpers/%.c $(OBJ)/flags
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) -Itools $(CFLAGS) -MMD -MP -c -o $@ $<

$(OBJ)/fuzz/%.o: fuzz/%.c $(OBJ)/flags
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) -Ifuzz -Itools $(CFLAGS) -MMD -MP -c -o $@ $<

# A harness linked with a small main() that replays saved inputs (make check)...
$(OBJ)/fuzz/replay_%: $(OBJ)/fuzz/fuzz_%.o $(OBJ)/fuzz/replay.o $(CLI_OBJ) $(LIB)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(LDLIBS)

# ...or with libFuzzer (make fuzz, clang only).
$(OBJ)/fuzzers/%: $(OBJ)/fuzz/fuzz_%.o $(CLI_OBJ) $(LIB)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) -fsanitize=fuzzer $(LDFLAGS) -o $@ $^ $(LDLIBS)

fuzzers: $(FUZZERS)

$(LIB): $(LIB_OBJ)
	@mkdir -p $(@D)
	rm -f $@
	$(AR) rcs $@ $^

# Which variant's objects the tools in BIN were linked from: switching
# between `make` and `make MPI=1` relinks them (the file changes only then).
VARIANT_STAMP := $(BIN)/.linked-from
$(VARIANT_STAMP): FORCE
	@mkdir -p $(@D)
	@[ "$$(cat $@ 2>/dev/null)" = "$(OBJ)" ] || echo "$(OBJ)" > $@
FORCE:

$(BIN)/%: $(OBJ)/tools/%.o $(CLI_OBJ) $(LIB) $(VARIANT_STAMP)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $< $(CLI_OBJ) $(LIB) $(LDLIBS)

$(OBJ)/tests/%: $(OBJ)/tests/%.o $(CLI_OBJ) $(LIB)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $< $(CLI_OBJ) $(LIB) $(LDLIBS)

-include $(LIB_OBJ:.o=.d) $(TOOL_SRC:tools/%.c=$(OBJ)/tools/%.d) $(CLI_OBJ:.o=.d) \
         $(UNIT_SRC:tests/unit/%.c=$(OBJ)/tests/%.d) \
         $(HELP_SRC:tests/helpers/%.c=$(OBJ)/tests/%.d) \
         $(FUZZ_SRC:fuzz/%.c=$(OBJ)/fuzz/%.d) $(OBJ)/fuzz/replay.d

# ---- tests ---------------------------------------------------------------

ASAN_VARS = OBJ=build/asan BIN=build/asan/bin OPT=-O1 \
            SANFLAGS='-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined'

# The check builds compile on every core (the tests themselves run one
# file at a time: several use both cores or time themselves).
JOBS ?= $(shell nproc 2>/dev/null || echo 1)

# `make check`: deps, then both builds, then both test runs. Each run
# prints its own "N passed, N failed" line; the target fails if any did.
check: deps check-peers
	$(MAKE) check-normal
	$(MAKE) check-asan
	$(MAKE) check-examples

check-normal:
	$(MAKE) -j$(JOBS) tools tests mpi-tools
	tests/run BIN=bin TESTBIN=build/obj/tests LABEL=normal

check-asan:
	$(MAKE) -j$(JOBS) $(ASAN_VARS) tools tests
	$(MAKE) -j$(JOBS) $(ASAN_VARS) OBJ=build/asan-mpi BIN=build/asan-mpi/bin mpi-tools
	tests/run BIN=build/asan/bin TESTBIN=build/asan/tests LABEL=sanitized MPIBIN=build/asan-mpi/bin

# The MPI build the tests run under mpirun (tests/mpi.bats), beside the
# plain one; where there is no mpicc those tests skip and say why.
# (OBJ and BIN as given: check-asan builds its own, sanitized.)
MPI_OBJ ?= build/mpi
mpi-tools:
	@if command -v $(MPICC) > /dev/null; then \
	  $(MAKE) MPI=1 OBJ=$(if $(filter build/obj,$(OBJ)),$(MPI_OBJ),$(OBJ)) \
	    BIN=$(if $(filter bin,$(BIN)),build/mpi/bin,$(BIN)) tools; \
	else echo "mpi-tools: no $(MPICC): tests/mpi.bats will skip"; fi

# Every experiment script in its quick mode (EX_QUICK=1: budgets of
# seconds), so a script that breaks fails the build.
check-examples: tools
	EX_QUICK=1 EX_RESULTS=build/examples examples/run-all.sh

# `make test`: the normal run only, without deps (quick inner loop).
test: tools tests mpi-tools
	tests/run BIN=bin TESTBIN=build/obj/tests LABEL=normal

# ---- demo, bench, fuzz, examples ----------------------------------------

demo: deps tools
	examples/demo.sh

bench: deps tools
	if command -v $(MPICC) > /dev/null; then \
	  $(MAKE) MPI=1 OBJ=build/bench-mpi BIN=build/bench-mpi/bin tools; fi
	bench/run

# libFuzzer on every reader, FUZZ_SECONDS each (default 60).  Crashes are
# saved under tests/fuzz/NAME/, which make check replays.
FUZZ_VARS = OBJ=build/fuzz BIN=build/fuzz/bin CC=clang OPT=-O1 \
            SANFLAGS='-fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=undefined'
fuzz: tools
	$(MAKE) $(FUZZ_VARS) fuzzers
	fuzz/run

examples: deps tools
	examples/run-all.sh

# The Linux kernel corpora (issue 20) in $$LM_DATA/linux (default
# ~/.cache/lm/linux), from Debian's linux-source-6.1; cached.
data:
	examples/data/linux.sh

# ---- install, deps, clean -------------------------------------------------

install: tools
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 \
	           $(DESTDIR)$(MANDIR)/man5 $(DESTDIR)$(MANDIR)/man7
	install -m 755 $(TOOLS) $(DESTDIR)$(BINDIR)
	for m in $(MANPAGES); do \
	  s=$${m##*.}; install -m 644 $$m $(DESTDIR)$(MANDIR)/man$$s/; done

# Debian packages lm needs to build and test. Installed only when missing,
# so `make check` on a ready machine does not touch the network.
DEPS = build-essential libopenblas-dev libmsgpack-dev bats python3 gnuplot-nox \
       python3-numpy python3-msgpack man-db groff-base time libopenmpi-dev openmpi-bin parallel
deps:
	@missing=; for p in $(DEPS); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q 'ok installed' \
	    || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "deps: installing$$missing"; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	  $$SUDO apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing; \
	fi

# The reference tools some tests compare lm against, where they can be had:
# KenLM built from ../shared/peers (once, into ~/.cache/lm-bench, by
# bench/build-kenlm.sh) and Debian's PyTorch (tests/mamba.bats's reference
# block).  Best effort: without them those tests say what is missing and
# skip, and the run's closing line counts them as skipped.
check-peers:
	@if [ -f ../shared/peers/kenlm-src.tar.gz ]; then \
	  mkdir -p build; bash bench/build-kenlm.sh > /dev/null 2> build/build-kenlm.log \
	    && rm -f build/build-kenlm.log \
	    || echo "check-peers: KenLM did not build (build/build-kenlm.log); its tests will skip"; \
	else echo "check-peers: no ../shared/peers: the KenLM tests will skip"; fi
	@dpkg-query -W -f='$${Status}' python3-torch 2>/dev/null | grep -q 'ok installed' || { \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	  echo "check-peers: installing python3-torch"; \
	  { $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq python3-torch > /dev/null; } \
	    || echo "check-peers: python3-torch not installed; the PyTorch test will skip"; }

clean:
	rm -rf build bin
