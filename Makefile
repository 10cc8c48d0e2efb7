# textsift - see README.md.  `make check` installs what is missing first.

PREFIX	?= /usr/local
BINDIR	 = $(PREFIX)/bin
MANDIR	 = $(PREFIX)/share/man/man1

CC	?= cc
CFLAGS	?= -O2 -g
BUILD	?= build
BIN	?= bin

PKGS	 = libbsd-overlay libutf8proc
# Deferred (=): evaluated when a recipe runs, after `make deps`.
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS))
PKG_LIBS   = $(shell pkg-config --libs $(PKGS)) -pthread
STD	 = -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE
WARN	 = -Wall -Wextra -Werror -Wno-unused-parameter
ALL_CFLAGS = $(STD) $(WARN) $(CFLAGS) -pthread -Isrc/lib $(PKG_CFLAGS)

TOOLS	 = normalize dedupe-lines extract-quotes word-stats
LIB_SRC	:= $(sort $(wildcard src/lib/*.c))
LIB_OBJ	 = $(LIB_SRC:src/lib/%.c=$(BUILD)/lib/%.o)
LIB	 = $(BUILD)/libtextsift.a
BINS	 = $(TOOLS:%=$(BIN)/%)
UNIT_SRC := $(sort $(wildcard tests/unit/test_*.c))
UNITS	 = $(UNIT_SRC:tests/unit/%.c=$(BUILD)/unit/%)
MANS	 = $(TOOLS:%=man/%.1)

# Debian packages: build, test, lint, fuzz, bench (see DESIGN.md).
DEB_PKGS = libutf8proc-dev libbsd-dev bats bats-assert bats-support \
	   unicode-data mandoc pkg-config clang libclang-rt-14-dev valgrind \
	   hyperfine mawk gawk parallel time bzip2 make gcc python3

all: $(BINS)

$(BUILD)/lib/%.o: src/lib/%.c src/lib/*.h
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

$(LIB): $(LIB_OBJ)
	@rm -f $@
	$(AR) rcs $@ $(LIB_OBJ)

$(BUILD)/%.o: src/%.c src/lib/*.h
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

$(BIN)/%: $(BUILD)/%.o $(LIB)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $< $(LIB) $(PKG_LIBS) -lm

$(BUILD)/unit/%: tests/unit/%.c tests/unit/*.h $(LIB)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -Itests/unit $(LDFLAGS) -o $@ $< $(LIB) $(PKG_LIBS) -lm

units: $(UNITS)

# Installs the Debian packages that are missing, and nothing else.
deps:
	@tools/apt-install-missing $(DEB_PKGS)

check: deps
	@$(MAKE) --no-print-directory test

# The suite without the deps step: unit tests, man lint, bats.
test: all units
	@BUILD=$(BUILD) BIN=$(BIN) tests/run-all

lint-man:
	@out=$$(mandoc -Tlint -W warning $(MANS) 2>&1); \
	if [ -n "$$out" ]; then echo "$$out"; exit 1; fi

sanitize: deps
	@$(MAKE) --no-print-directory BUILD=build/san BIN=build/san/bin \
	  CC=clang CFLAGS="-O1 -g -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer" \
	  LDFLAGS="-fsanitize=address,undefined" test

# The threaded code (ts_ring under normalize and dedupe-lines) under
# ThreadSanitizer: the unit tests that drive it and the two tools' bats
# files (bounds on time and memory skip themselves, as under valgrind).
TSAN_UNITS = test_prep test_cleanpar test_lanes test_wspar
tsan: deps
	@$(MAKE) --no-print-directory BUILD=build/tsan BIN=build/tsan/bin \
	  CC=clang CFLAGS="-O1 -g -fsanitize=thread" LDFLAGS="-fsanitize=thread" \
	  all units
	@fail=0; export TSAN_OPTIONS=halt_on_error=1:exitcode=66; \
	for u in $(TSAN_UNITS); do \
	  [ ! -e tests/unit/$$u.c ] || build/tsan/unit/$$u | tail -n 1 || fail=1; \
	done; \
	TS_BIN=$(abspath build/tsan/bin) TS_VALGRIND=1 TS_TSAN=1 BUILD=build/tsan \
	  bats tests/normalize.bats tests/dedupe-lines.bats tests/word-stats.bats || fail=1; \
	exit $$fail

demo: deps
	@$(MAKE) --no-print-directory all
	@BIN=$(BIN) tests/demo

install: all
	mkdir -p $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)
	for t in $(TOOLS); do \
	  install -m 755 $(BIN)/$$t $(DESTDIR)$(BINDIR)/$$t && \
	  install -m 644 man/$$t.1 $(DESTDIR)$(MANDIR)/$$t.1 || exit 1; \
	done

uninstall:
	for t in $(TOOLS); do \
	  rm -f $(DESTDIR)$(BINDIR)/$$t $(DESTDIR)$(MANDIR)/$$t.1; \
	done

clean:
	rm -rf build bin

.PHONY: all units deps check test lint-man sanitize demo install uninstall clean
.SECONDARY:

# Benchmarks (bench/README.md): the peers come from Debian, the text from
# the npm registry (nlp-corpus, pinned, cached outside the repository).
BENCH_DEB_PKGS = hyperfine mawk gawk coreutils icu-devtools python3 time

bench-deps:
	@tools/apt-install-missing $(BENCH_DEB_PKGS) \
	  $$(command -v npm >/dev/null || echo npm)
	@bench/inputs fetch

# BENCH_SIZE=1M|10M|100M (default 100M); writes bench/RESULTS.md.
bench: all bench-deps
	@BENCH_CC="$(CC)" BENCH_CFLAGS="$(CFLAGS)" BENCH_BIN="$(BIN)" bench/run

.PHONY: bench bench-deps

# ---- Fuzzing (fuzz/README.md) ------------------------------------------
# Harnesses: fuzz/fuzz_<core>.c, and tool-<tool> = fuzz/tool_main.c +
# fuzz/prop_<tool>.c + src/<tool>.c compiled with main renamed.  With the
# default FUZZ_ENGINE=replay they link fuzz/replay.c (any CC, used by
# `make check` over fuzz/corpus/); `make fuzz` builds them again with
# clang's libFuzzer + ASan + UBSan in build/libfuzzer and runs each one.
FUZZ_CORE	 = utf8 reader json hash unicode cli mem segment set entity mojibake norm
FUZZ_NAMES	 = $(FUZZ_CORE) $(TOOLS:%=tool-%)
FUZZ_SECONDS	?= 60
FUZZ_FLAGS	?=		# more libFuzzer flags, e.g. -seed=1
FUZZ_ENGINE	?= replay
FUZZ_DIR	 = $(BUILD)/fuzz
FUZZ_BINS	 = $(FUZZ_NAMES:%=$(FUZZ_DIR)/%)
FUZZ_HDRS	 = fuzz/fuzz.h fuzz/tool_main.h src/lib/*.h
FUZZ_CFLAGS	 = $(ALL_CFLAGS) -Ifuzz -Wno-missing-field-initializers
FUZZ_ENTRY	 = $(if $(filter libfuzzer,$(FUZZ_ENGINE)),-fsanitize=fuzzer,$(FUZZ_DIR)/replay.o)
FUZZ_ENTRY_DEP	 = $(if $(filter libfuzzer,$(FUZZ_ENGINE)),,$(FUZZ_DIR)/replay.o)
# A tool's exit(3) and err(3) family come back to the harness.
FUZZ_RENAME	 = -Dmain=tool_main -Dexit=tool_exit -Derr=tool_err \
		   -Derrx=tool_errx -Derrc=tool_errc -Dverr=tool_verr \
		   -Dverrx=tool_verrx -Dverrc=tool_verrc
FUZZ_CLANG_FLAGS = -O1 -g -fsanitize=fuzzer-no-link,address,undefined \
		   -fno-sanitize-recover=all -fno-omit-frame-pointer

$(FUZZ_DIR)/%.o: fuzz/%.c $(FUZZ_HDRS)
	@mkdir -p $(@D)
	$(CC) $(FUZZ_CFLAGS) -c -o $@ $<

# prop_<tool>.o knows whether src/<tool>.c is still the skeleton.
$(FUZZ_DIR)/prop_%.o: fuzz/prop_%.c src/%.c $(FUZZ_HDRS)
	@mkdir -p $(@D)
	$(CC) $(FUZZ_CFLAGS) -DTS_SKELETON=$$(grep -q 'Foundation skeleton' \
	  src/$*.c && echo 1 || echo 0) -c -o $@ $<

$(FUZZ_DIR)/main_%.o: src/%.c src/lib/*.h
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(FUZZ_RENAME) -c -o $@ $<

$(FUZZ_DIR)/reader: $(FUZZ_DIR)/fuzz_reader.o $(FUZZ_ENTRY_DEP) $(LIB)
	$(CC) $(CFLAGS) $(LDFLAGS) -Wl,--wrap=read -o $@ $< $(FUZZ_ENTRY) \
	  $(LIB) $(PKG_LIBS) -lm

$(FUZZ_DIR)/tool-%: $(FUZZ_DIR)/tool_main.o $(FUZZ_DIR)/prop_%.o \
    $(FUZZ_DIR)/main_%.o $(FUZZ_ENTRY_DEP) $(LIB)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $(FUZZ_DIR)/tool_main.o \
	  $(FUZZ_DIR)/prop_$*.o $(FUZZ_DIR)/main_$*.o $(FUZZ_ENTRY) $(LIB) \
	  $(PKG_LIBS) -lm -lpthread

$(FUZZ_DIR)/%: $(FUZZ_DIR)/fuzz_%.o $(FUZZ_ENTRY_DEP) $(LIB)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $< $(FUZZ_ENTRY) $(LIB) $(PKG_LIBS) -lm

fuzz-bins: $(FUZZ_BINS)

# The libFuzzer build (clang, ASan, UBSan) in build/libfuzzer.
fuzz-build:
	@$(MAKE) --no-print-directory BUILD=build/libfuzzer BIN=build/libfuzzer/bin \
	  CC=clang CFLAGS="$(FUZZ_CLANG_FLAGS)" \
	  LDFLAGS="-fsanitize=address,undefined" FUZZ_ENGINE=libfuzzer fuzz-bins

# Each harness FUZZ_SECONDS seconds, one at a time (FUZZ=name picks
# some); new inputs go to fuzz/out/<name>/corpus, crashes to fuzz/out/<name>/.
FUZZ	?= $(FUZZ_NAMES)
fuzz: fuzz-build
	@for h in $(FUZZ); do \
	  mkdir -p fuzz/out/$$h/corpus; \
	  echo "== fuzz $$h ($(FUZZ_SECONDS) s)"; \
	  leaks=1; case $$h in tool-*) leaks=0;; esac; \
	  build/libfuzzer/fuzz/$$h -max_total_time=$(FUZZ_SECONDS) -timeout=10 $(FUZZ_FLAGS) \
	    -rss_limit_mb=2048 -detect_leaks=$$leaks -print_final_stats=1 \
	    -artifact_prefix=fuzz/out/$$h/ fuzz/out/$$h/corpus \
	    fuzz/corpus/$$h 2>&1 | grep -E '^(#[0-9]+ *DONE|==|SUMMARY|stat::number_of_executed_units|.*property failed)' ; \
	  if ls fuzz/out/$$h/crash-* fuzz/out/$$h/leak-* fuzz/out/$$h/timeout-* \
	    >/dev/null 2>&1; then echo "fuzz $$h: FINDINGS in fuzz/out/$$h/"; \
	    fail=1; fi; \
	done; exit $${fail:-0}

.PHONY: fuzz fuzz-build fuzz-bins tsan

# ---- Fault injection and valgrind (tests/reliability.bats) -------------
# The LD_PRELOAD shim of tests/fault/fault.c, built without sanitizers.
$(BUILD)/fault.so: tests/fault/fault.c
	@mkdir -p $(@D)
	$(CC) -std=c11 -O2 -g -Wall -Wextra -Werror -fPIC -shared -o $@ $< -ldl

# `make test` also builds the shim and the replay harnesses it uses.
test: $(BUILD)/fault.so fuzz-bins

# The bats suite with every tool call under valgrind (wrappers in
# $(BUILD)/valgrind-bin, TS_VALGRIND=1 lets tests skip what cannot work
# there), then the unit tests under valgrind.
VALGRIND = valgrind --error-exitcode=99 --leak-check=full \
	   --errors-for-leak-kinds=definite -q
check-valgrind: all units $(BUILD)/fault.so
	@rm -rf $(BUILD)/valgrind-bin && mkdir -p $(BUILD)/valgrind-bin
	@for t in $(TOOLS); do \
	  printf '#!/bin/sh\nexec %s %s "$$@"\n' '$(VALGRIND)' \
	    "$(abspath $(BIN))/$$t" > $(BUILD)/valgrind-bin/$$t && \
	  chmod +x $(BUILD)/valgrind-bin/$$t || exit 1; \
	done
	@fail=0; echo "== unit tests under valgrind"; \
	for u in $(UNITS); do \
	  $(VALGRIND) $$u > /dev/null || { echo "FAILED: valgrind $$u"; fail=1; }; \
	done; \
	echo "== bats under valgrind"; \
	jobs=; command -v parallel >/dev/null && jobs="--jobs $$(nproc)"; \
	TS_BIN=$(abspath $(BUILD)/valgrind-bin) TS_VALGRIND=1 BUILD=$(BUILD) \
	  bats $$jobs tests/*.bats || fail=1; \
	exit $$fail

.PHONY: check-valgrind

# word-stats: regenerate the UAX #29 break property tables from
# Debian's unicode-data (the generated file is committed).
gen-breaks:
	tools/gen-breaks /usr/share/unicode > src/lib/ts_break_tables.c.tmp
	mv src/lib/ts_break_tables.c.tmp src/lib/ts_break_tables.c

.PHONY: gen-breaks

# Regenerate the HTML5 named character reference table (POSIX sh + awk).
gen-entities:
	tools/gen-entities tools/data/html5-entities.tsv > src/lib/ts_entity_table.h.tmp
	mv src/lib/ts_entity_table.h.tmp src/lib/ts_entity_table.h

.PHONY: gen-entities

# Regenerate the normalization-property table from Debian's unicode-data.
gen-normprops:
	tools/gen-normprops.py /usr/share/unicode > src/lib/ts_normprops.c.tmp
	mv src/lib/ts_normprops.c.tmp src/lib/ts_normprops.c

.PHONY: gen-normprops
