# SPDX-License-Identifier: MIT
# retort: one obvious entry point.
#   make              build/retort
#   make test         unit tests, then end-to-end tests (starts PostgreSQL 15)
#   make unit         unit tests only
#   make asan         the same under AddressSanitizer + UBSan, in build-asan/
#   make valgrind     unit tests under valgrind, arena debug mode
#   make fuzz         libFuzzer on the SQL loader + diff, then on the
#                     SQLModel reader, FUZZ_TIME seconds each (default
#                     60), then on the migration-file and TOML parsers,
#                     half as long each, in build-fuzz/; fuzz-smoke:
#                     30 s, 30 s, 15 s and 15 s
#   make format / format-check
# WERROR=0 is for exploring, never for CI. DEBUG=1 gives every arena
# allocation its own malloc.

CC ?= cc
BUILD ?= build
WERROR ?= 1
DEBUG ?= 0

WARN = -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
       -Wformat=2 -Wvla -Wwrite-strings -fno-common
ifeq ($(WERROR),1)
WARN += -Werror
endif
PG_INC := $(shell pg_config --includedir 2>/dev/null || echo /usr/include/postgresql)
CPPFLAGS += -Isrc -I$(PG_INC)
CFLAGS ?= -O2
override CFLAGS += -std=c11 -g -pthread $(WARN) -MMD -MP
ifeq ($(DEBUG),1)
CPPFLAGS += -DRT_ARENA_DEBUG
endif
# SQLite and jansson are linked statically when their archives are
# installed (their -dev packages ship them; STATIC_LIBS=0 links them
# dynamically): every start of retort paid the dynamic loader's symbol
# lookups for their 1,300 relocations, `retort --version` 13.1 M -> 11.1 M
# instructions and 5.8 -> 5.0 ms (perf stat -r 200). libpq and libcrypto,
# with the 20 libraries they bring (Kerberos, LDAP, GnuTLS), stay shared;
# -Wl,--as-needed and -Wl,-z,now changed nothing measurable.
STATIC_LIBS ?= 1
comma := ,
static_lib = $(if $(and $(filter 1,$(STATIC_LIBS)),$(findstring /,$(shell \
	$(CC) -print-file-name=lib$(1).a))),-Wl$(comma)-Bstatic -l$(1) \
	-Wl$(comma)-Bdynamic,-l$(1))
LDLIBS += -lpg_query -lprotobuf-c -lpq $(call static_lib,sqlite3) \
	$(call static_lib,jansson) -lcrypto -pthread -lm

LIB_SRC := $(sort $(wildcard src/base/*.c src/py/*.c src/schema/*.c src/load/*.c \
	src/diff/*.c src/plan/*.c src/render/*.c src/migdir/*.c \
	src/runner/*.c))
CLI_SRC := $(sort $(wildcard src/cli/*.c))
UNIT_SRC := $(sort $(wildcard tests/unit/*/*.c))

LIB_OBJ := $(LIB_SRC:%.c=$(BUILD)/%.o)
CLI_OBJ := $(CLI_SRC:%.c=$(BUILD)/%.o)
UNIT_OBJ := $(UNIT_SRC:%.c=$(BUILD)/%.o)

RETORT := $(BUILD)/retort
UNIT := $(BUILD)/unit-tests

PYTHON ?= /usr/bin/python3

.PHONY: all test unit e2e asan valgrind fuzz fuzz-smoke format format-check \
	clean

all: $(RETORT) $(BUILD)/runner-driver $(BUILD)/migration-driver

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(CFLAGS) -c -o $@ $<

# The Python bridge's program, compiled in as a NUL-terminated C string
# (od and sed only: nothing beyond coreutils at build time).
$(BUILD)/gen/bridge_py.h: src/load/bridge.py
	@mkdir -p $(dir $@)
	{ echo '/* generated from src/load/bridge.py by the Makefile */'; \
	  echo 'static const char bridge_py[] = {'; \
	  od -An -v -tx1 $< | sed 's/\([0-9a-f][0-9a-f]\)/0x\1,/g'; \
	  echo '0x00};'; } > $@.tmp && mv $@.tmp $@

$(BUILD)/src/load/load_bridge.o: CPPFLAGS += -I$(BUILD)/gen
$(BUILD)/src/load/load_bridge.o: $(BUILD)/gen/bridge_py.h

$(BUILD)/libretort.a: $(LIB_OBJ)
	@rm -f $@
	ar rcs $@ $^

$(RETORT): $(CLI_OBJ) $(BUILD)/libretort.a
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $(CLI_OBJ) $(BUILD)/libretort.a $(LDLIBS)

$(UNIT): $(UNIT_OBJ) $(BUILD)/libretort.a
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $(UNIT_OBJ) $(BUILD)/libretort.a \
		-lcriterion $(LDLIBS)

# a test driver for src/runner (tests/e2e/test_runner_pg.py)
$(BUILD)/runner-driver: tests/drivers/runner_driver.c $(BUILD)/libretort.a
	$(CC) $(CPPFLAGS) $(CFLAGS) $(LDFLAGS) -o $@ $< $(BUILD)/libretort.a \
		$(LDLIBS)

# a test driver for the migration file's header and checks
# (tests/e2e/test_checks.py)
$(BUILD)/migration-driver: tests/drivers/migration_driver.c $(BUILD)/libretort.a
	$(CC) $(CPPFLAGS) $(CFLAGS) $(LDFLAGS) -o $@ $< $(BUILD)/libretort.a \
		$(LDLIBS)

unit: $(UNIT)
	cd tests && ../$(UNIT) --jobs 2

# The end-to-end tests mostly wait (on the server, on the binary's start),
# so they run in E2E_JOBS pytest-xdist workers, each with its own server.
E2E_JOBS ?= 2
e2e: $(RETORT) $(BUILD)/runner-driver $(BUILD)/migration-driver
	RETORT=$(abspath $(RETORT)) $(PYTHON) -m pytest -q -n $(E2E_JOBS) \
		tests/e2e

test: unit e2e

ASAN_FLAGS = -O1 -fsanitize=address,undefined -fno-sanitize-recover=all \
	     -fno-omit-frame-pointer
asan:
	$(MAKE) --no-print-directory BUILD=build-asan CFLAGS="$(ASAN_FLAGS)" \
		LDFLAGS="-fsanitize=address,undefined" test

valgrind:
	$(MAKE) --no-print-directory BUILD=build-vg DEBUG=1 CFLAGS=-O0 build-vg/unit-tests
	cd tests && valgrind --leak-check=full --error-exitcode=1 \
		--trace-children=yes --suppressions=valgrind.supp \
		../build-vg/unit-tests --jobs 1

# libFuzzer needs clang (clang-14 and libclang-rt-14-dev on Debian 12).
# Warnings are enforced by the gcc build; clang's differ, so WERROR=0 here.
# The corpus grows in build-fuzz/corpus across runs; findings are written
# to build-fuzz/crash-* (and leak-, timeout-, oom-), and the run fails.
FUZZ_CC ?= clang-14
FUZZ_TIME ?= 60
FUZZ_FLAGS = -O1 -g -fsanitize=address,undefined -fno-sanitize-recover=all \
	     -fno-omit-frame-pointer
FUZZ_BIN = build-fuzz/fuzz-sql
FUZZ_PY_BIN = build-fuzz/fuzz-py
FUZZ_MIG_BIN = build-fuzz/fuzz-migfile
FUZZ_TOML_BIN = build-fuzz/fuzz-toml
# the two small parsers reach their depth fast: half the time each
FUZZ_HALF = $(shell expr \( $(FUZZ_TIME) + 1 \) / 2)
fuzz: $(FUZZ_BIN) $(FUZZ_PY_BIN) $(FUZZ_MIG_BIN) $(FUZZ_TOML_BIN)
	tests/fuzz/seeds.sh build-fuzz/seeds build-fuzz/seeds-py \
		build-fuzz/seeds-migfile build-fuzz/seeds-toml
	@mkdir -p build-fuzz/corpus build-fuzz/corpus-py \
		build-fuzz/corpus-migfile build-fuzz/corpus-toml
	$(FUZZ_BIN) -max_total_time=$(FUZZ_TIME) -timeout=10 \
		-rss_limit_mb=2048 -max_len=65536 -print_final_stats=1 \
		-dict=tests/fuzz/sql.dict -artifact_prefix=build-fuzz/ \
		build-fuzz/corpus build-fuzz/seeds
	$(FUZZ_PY_BIN) -max_total_time=$(FUZZ_TIME) -timeout=10 \
		-rss_limit_mb=2048 -max_len=65536 -print_final_stats=1 \
		-dict=tests/fuzz/py.dict -artifact_prefix=build-fuzz/py- \
		build-fuzz/corpus-py build-fuzz/seeds-py
	$(FUZZ_MIG_BIN) -max_total_time=$(FUZZ_HALF) -timeout=10 \
		-rss_limit_mb=2048 -max_len=16384 -print_final_stats=1 \
		-dict=tests/fuzz/migfile.dict \
		-artifact_prefix=build-fuzz/migfile- \
		build-fuzz/corpus-migfile build-fuzz/seeds-migfile
	$(FUZZ_TOML_BIN) -max_total_time=$(FUZZ_HALF) -timeout=10 \
		-rss_limit_mb=2048 -max_len=16384 -print_final_stats=1 \
		-dict=tests/fuzz/toml.dict -artifact_prefix=build-fuzz/toml- \
		build-fuzz/corpus-toml build-fuzz/seeds-toml

fuzz-smoke:
	$(MAKE) --no-print-directory fuzz FUZZ_TIME=30

ifneq ($(BUILD),build-fuzz)
build-fuzz/libretort.a: $(LIB_SRC) $(wildcard src/*/*.h)
	$(MAKE) --no-print-directory BUILD=build-fuzz CC=$(FUZZ_CC) WERROR=0 \
		CFLAGS="$(FUZZ_FLAGS) -fsanitize=fuzzer-no-link" \
		build-fuzz/libretort.a
endif

build-fuzz/fuzz-%: tests/fuzz/fuzz_%.c build-fuzz/libretort.a
	$(FUZZ_CC) $(CPPFLAGS) -std=c11 -Wall -Wextra $(FUZZ_FLAGS) \
		-fsanitize=fuzzer -o $@ $< build-fuzz/libretort.a $(LDLIBS)

FORMAT_FILES = $(wildcard src/*/*.c src/*/*.h tests/unit/*/*.c tests/fuzz/*.c \
	tests/drivers/*.c)
format:
	clang-format -i $(FORMAT_FILES)
format-check:
	clang-format --dry-run --Werror $(FORMAT_FILES)

clean:
	rm -rf build build-asan build-vg build-fuzz

-include $(LIB_OBJ:.o=.d) $(CLI_OBJ:.o=.d) $(UNIT_OBJ:.o=.d)
