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
PKG_LIBS   = $(shell pkg-config --libs $(PKGS))
STD	 = -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE
WARN	 = -Wall -Wextra -Werror -Wno-unused-parameter
ALL_CFLAGS = $(STD) $(WARN) $(CFLAGS) -Isrc/lib $(PKG_CFLAGS)

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
	   hyperfine mawk bzip2 make gcc
SUDO	 = $(shell [ "$$(id -u)" = 0 ] || echo sudo)

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
	@missing=; for p in $(DEB_PKGS); do \
	  dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | \
	    grep -q '^install ok installed' || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "make deps: installing$$missing"; \
	  $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing; \
	fi

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
