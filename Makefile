# attnviz - see README.md. Targets:
#   make          build ./attnviz
#   make run      install missing Debian packages (as root), build, start the TUI
#   make test     unit + reference + end-to-end tests, valgrind, lint and 10 s of
#                 each fuzz target, then the tests again under ASan+UBSan
#   make bench    the benchmark beside numpy and PyTorch, then the terminal
#                 UI through a pseudo-terminal (prints figures, writes
#                 bench/results/latest.csv)
#   make fuzz     libFuzzer targets for the readers, longer runs (clang)
#   make lint     cppcheck and clang-tidy over src/ (no finding allowed)
#   make install / make uninstall   (PREFIX=/usr/local, DESTDIR honoured)
#   make clean
# CC, CFLAGS, CPPFLAGS, LDFLAGS and LDLIBS are honoured; V=1 shows the
# full compiler command lines.

VERSION   := 0.1.0
CC        ?= cc
BUILD     ?= build
BIN       ?= attnviz
PKG_CONFIG ?= pkg-config
V         ?= 0
ifeq ($(V),1)
  Q   :=
  say := @:
else
  Q   := @
  say := @printf '  %-6s %s\n'
endif
PREFIX    ?= /usr/local
# The tours ($(DATADIR)/samples) and theme files ($(DATADIR)/themes); an
# installed binary also finds them at ../share/attnviz beside itself, so a
# DESTDIR installation works where it lies (src/app/datadir.c).
DATADIR   ?= $(PREFIX)/share/attnviz
MANDIR    ?= $(PREFIX)/share/man

# -Wpedantic is kept: ncursesw and readline headers are clean with it.
WARN      := -std=c11 -Wall -Wextra -Werror -Wpedantic -Wshadow -Wstrict-prototypes
CFLAGS    ?= -O2 -g
ifeq ($(SAN),1)
  SANFLAGS := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
  CFLAGS   := -O1 -g
endif
# ncurses' own pkg-config cflags define _XOPEN_SOURCE=600; we set the feature
# macros once here and take only the include paths from pkg-config.
# OpenBLAS (pkg-config openblas: Debian's libopenblas-dev) does the core's
# matrix products; the core's own threads need -pthread.
TUI_PKGS  := ncursesw readline
LIB_PKGS  := $(TUI_PKGS) openblas
DEP_CPPFLAGS := -Iinclude -D_XOPEN_SOURCE=700 -D_DEFAULT_SOURCE \
                -DATTNVIZ_VERSION='"$(VERSION)"' -DATTNVIZ_DATADIR='"$(DATADIR)"' \
                $(shell $(PKG_CONFIG) --cflags-only-I $(LIB_PKGS) 2>/dev/null)
DEP_LIBS  := $(shell $(PKG_CONFIG) --libs $(TUI_PKGS) 2>/dev/null || echo -lncursesw -ltinfo -lreadline) \
             $(shell $(PKG_CONFIG) --libs openblas 2>/dev/null || echo -lopenblas) -lm
TEST_LIBS := $(shell $(PKG_CONFIG) --libs cmocka vterm 2>/dev/null || echo -lcmocka -lvterm) -lutil

# Without the libraries pkg-config gives no include paths, and the
# compiler's errors would not say why: say it first. The targets that
# install them (as root) are left out, as is what builds nothing.
ifneq ($(filter-out deps deps-test deps-bench run test bench clean uninstall,$(or $(MAKECMDGOALS),all)),)
  MISSING_PKGS := $(strip $(foreach p,$(LIB_PKGS),$(if $(shell $(PKG_CONFIG) --exists $(p) 2>/dev/null && echo y),,$(p))))
  ifneq ($(MISSING_PKGS),)
    $(error pkg-config finds no $(MISSING_PKGS): `make deps` installs the Debian packages (as root) or prints the apt-get line)
  endif
endif

ALL_CFLAGS   = $(WARN) -pthread $(SANFLAGS) $(CFLAGS)
ALL_CPPFLAGS = $(DEP_CPPFLAGS) $(CPPFLAGS) -MMD -MP
ALL_LDFLAGS  = -pthread $(SANFLAGS) $(LDFLAGS)

LIB_SRC   := $(wildcard src/core/*.c src/app/*.c src/tui/*.c)
THEME_FILES := $(sort $(wildcard themes/*.theme))
SAMPLE_FILES := $(sort $(wildcard samples/*.attn))
# the word vectors a tour loads (samples/vectors: the file and its source's license)
VECTOR_FILES := $(sort $(wildcard samples/vectors/*))
MAN_PAGE  := docs/attnviz.1
THEME_OBJ := $(BUILD)/gen/themes_builtin.o
LIB_OBJ   := $(LIB_SRC:%.c=$(BUILD)/%.o) $(THEME_OBJ)
MAIN_OBJ  := $(BUILD)/src/main.o
TEST_SRC  := $(wildcard tests/test_*.c)
TEST_BIN  := $(TEST_SRC:tests/%.c=$(BUILD)/tests/%)
TEST_HELPER_SRC := $(wildcard tests/support/*.c)
TEST_HELPER_OBJ := $(TEST_HELPER_SRC:%.c=$(BUILD)/%.o)
LIB       := $(BUILD)/libattnviz.a

.PHONY: all run test check deps deps-test deps-bench bench bench-run fuzz fuzz-build tsan-check lint lint-cppcheck \
        lint-tidy clean \
        install uninstall
# keep test objects between runs (make would delete them as intermediates)
.SECONDARY:
all: $(BIN)

$(BIN): $(MAIN_OBJ) $(LIB)
	$(say) LINK $@
	$(Q)$(CC) $(ALL_LDFLAGS) -o $@ $^ $(DEP_LIBS) $(LDLIBS)

$(LIB): $(LIB_OBJ)
	$(say) AR $@
	@rm -f $@
	$(Q)$(AR) rcs $@ $^

$(BUILD)/%.o: %.c
	@mkdir -p $(@D)
	$(say) CC $@
	$(Q)$(CC) $(ALL_CPPFLAGS) $(ALL_CFLAGS) -c -o $@ $<

# The built-in themes are themes/*.theme compiled in (src/app/theme_builtin.h).
$(BUILD)/gen/themes_builtin.c: scripts/embed-themes.sh $(THEME_FILES)
	@mkdir -p $(@D)
	$(say) GEN $@
	$(Q)sh scripts/embed-themes.sh $(THEME_FILES) > $@.tmp && mv $@.tmp $@

$(THEME_OBJ): $(BUILD)/gen/themes_builtin.c
	$(say) CC $@
	$(Q)$(CC) $(ALL_CPPFLAGS) -Isrc $(ALL_CFLAGS) -c -o $@ $<

$(BUILD)/tests/%: $(BUILD)/tests/%.o $(TEST_HELPER_OBJ) $(LIB)
	$(say) LINK $@
	$(Q)$(CC) $(ALL_LDFLAGS) -o $@ $^ $(TEST_LIBS) $(DEP_LIBS) $(LDLIBS)

# The model's arrays as raw float32 files, for the reference check's large
# configurations (tests/refdump.c).
REFDUMP := $(BUILD)/tests/refdump
$(REFDUMP): $(BUILD)/tests/refdump.o $(LIB)
	$(say) LINK $@
	$(Q)$(CC) $(ALL_LDFLAGS) -o $@ $^ $(DEP_LIBS) $(LDLIBS)

deps:
	@sh scripts/deps.sh build
deps-test:
	@sh scripts/deps.sh test
deps-bench:
	@sh scripts/deps.sh bench

run: deps
	@$(MAKE) --no-print-directory all
	./$(BIN)

# One pass of the suite over one build: unit tests, reference check, samples,
# end-to-end tests, the man page, an install into a temporary DESTDIR
# (tests/run-tests.sh prints the 'N passed, N failed' line). It is given
# $(MAKE) for that install, which makes this a recursive recipe: it shares
# the jobserver, and runs under make -n too.
# HARDEN=1 adds valgrind over the tours, make lint and the fuzz targets
# (10 s each): make test's first pass. Not with SAN=1: valgrind cannot run
# an ASan binary.
check: $(BIN) $(TEST_BIN) $(REFDUMP)
	@ATTNVIZ_REFDUMP=$(REFDUMP) ATTNVIZ_HARDEN=$(if $(filter 1,$(SAN)),0,$(HARDEN)) sh tests/run-tests.sh "$(BUILD)" "$(BIN)" "$(MAKE)"

test: deps-test
	@$(MAKE) --no-print-directory check HARDEN=1
	@$(MAKE) --no-print-directory check SAN=1 BUILD=build/asan BIN=build/asan/attnviz

# OpenBLAS's own sgemm on every core: the rate the benchmark's floor uses.
$(BUILD)/bench/sgemm: bench/sgemm.c
	@mkdir -p $(@D)
	$(say) CC $@
	$(Q)$(CC) $(ALL_CPPFLAGS) $(ALL_CFLAGS) $(ALL_LDFLAGS) -o $@ $< $(DEP_LIBS) $(LDLIBS)

# The forward pass's products alone, in its own shapes and blocks (bench/products.c).
$(BUILD)/bench/products: $(BUILD)/bench/products.o $(LIB)
	$(say) LINK $@
	$(Q)$(CC) $(ALL_LDFLAGS) -o $@ $^ $(DEP_LIBS) $(LDLIBS)

# Reading a word-vectors file the size of GloVe's 400,000 x 100 (bench/vectors.c).
$(BUILD)/bench/vectors: $(BUILD)/bench/vectors.o $(LIB)
	$(say) LINK $@
	$(Q)$(CC) $(ALL_LDFLAGS) -o $@ $^ $(DEP_LIBS) $(LDLIBS)

# The terminal UI's frame times and bytes through a pseudo-terminal
# (bench/tui.c): it drives the binary with the end-to-end tests' harness,
# tests/support (vt: forkpty + libvterm; spawn_env: a private HOME), so it
# links what the tests link.
$(BUILD)/bench/tui: $(BUILD)/bench/tui.o $(TEST_HELPER_OBJ) $(LIB)
	$(say) LINK $@
	$(Q)$(CC) $(ALL_LDFLAGS) -o $@ $^ $(TEST_LIBS) $(DEP_LIBS) $(LDLIBS)

# attnviz beside numpy and PyTorch, then the terminal UI (bench/run.py).
# deps-test: the UI's part needs the harness's libvterm and cmocka.
# A second make, as for run and test, so that it reads pkg-config's paths
# after the packages are installed.
bench: deps-bench deps-test
	@$(MAKE) --no-print-directory bench-run
bench-run: $(BIN) $(BUILD)/bench/sgemm $(BUILD)/bench/products \
           $(BUILD)/bench/vectors $(BUILD)/bench/tui
	@/usr/bin/python3 bench/run.py --attnviz ./$(BIN) --sgemm $(BUILD)/bench/sgemm \
		--products $(BUILD)/bench/products \
		--vectors $(BUILD)/bench/vectors --tui $(BUILD)/bench/tui --csv bench/results/latest.csv

# ---- the worker pool under ThreadSanitizer (make test's first pass) ----
# Its workers join and leave a job without a lock (src/core/pool.c); a data
# race there would not show in any result, so test_pool runs under TSan
# too, with pool.c alone (OpenBLAS is not instrumented).
TSAN_BUILD := build/tsan
$(TSAN_BUILD)/test_pool: tests/test_pool.c src/core/pool.c include/attnviz/pool.h
	@mkdir -p $(@D)
	$(say) TSAN $@
	$(Q)$(CC) $(DEP_CPPFLAGS) $(CPPFLAGS) $(WARN) -pthread -g -O1 -fsanitize=thread \
		-o $@ tests/test_pool.c src/core/pool.c $(TEST_LIBS)
tsan-check: $(TSAN_BUILD)/test_pool
	@TSAN_OPTIONS=halt_on_error=1:exitcode=66 $(TSAN_BUILD)/test_pool

# ---- libFuzzer targets (tests/fuzz/fuzz_*.c; tests/fuzz/run.sh runs them) ----
# The library once more, with clang, ASan, UBSan and the fuzzer's coverage
# instrumentation (fuzzer-no-link: the objects have no main), in
# build/fuzz; each target links it with libFuzzer's main. Every src/ file
# is in it, so a target may drive the TUI's pure parts or src/main.c.
FUZZ_CC    ?= clang
FUZZ_BUILD := build/fuzz
FUZZ_SAN   := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
FUZZ_CFLAGS = $(WARN) -pthread -g -O1 $(FUZZ_SAN)
FUZZ_SRC   := $(wildcard tests/fuzz/fuzz_*.c)
FUZZ_BIN   := $(FUZZ_SRC:tests/fuzz/%.c=$(FUZZ_BUILD)/%)
FUZZ_LIB   := $(FUZZ_BUILD)/libattnviz.a
FUZZ_LIB_OBJ := $(LIB_SRC:%.c=$(FUZZ_BUILD)/%.o) $(FUZZ_BUILD)/gen/themes_builtin.o
FUZZ_UTIL_OBJ := $(FUZZ_BUILD)/tests/fuzz/util.o

# A shorter stem than $(BUILD)/%.o's (build/fuzz/src/x.o), so make picks this one.
$(FUZZ_BUILD)/%.o: %.c
	@mkdir -p $(@D)
	$(say) FUZZCC $@
	$(Q)$(FUZZ_CC) $(ALL_CPPFLAGS) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link -c -o $@ $<

$(FUZZ_BUILD)/gen/themes_builtin.o: $(BUILD)/gen/themes_builtin.c
	@mkdir -p $(@D)
	$(say) FUZZCC $@
	$(Q)$(FUZZ_CC) $(ALL_CPPFLAGS) -Isrc $(FUZZ_CFLAGS) -c -o $@ $<

$(FUZZ_LIB): $(FUZZ_LIB_OBJ)
	$(say) AR $@
	@rm -f $@
	$(Q)$(AR) rcs $@ $^

$(FUZZ_BUILD)/fuzz_%: $(FUZZ_BUILD)/tests/fuzz/fuzz_%.o $(FUZZ_UTIL_OBJ) $(FUZZ_LIB)
	$(say) LINK $@
	$(Q)$(FUZZ_CC) -pthread $(FUZZ_SAN) -fsanitize=fuzzer -o $@ $^ $(DEP_LIBS)

fuzz-build: $(FUZZ_BIN)

# Longer runs: FUZZ_SECONDS each (default 60), the corpus kept and grown in
# build/fuzz/corpus/TARGET. make test runs each for 10 s (tests/run-tests.sh).
fuzz: fuzz-build
	@FUZZ_KEEP=1 sh tests/fuzz/run.sh "$${FUZZ_SECONDS:-60}"

# ---- make lint: cppcheck and clang-tidy over src/, no finding allowed ----
# clang-tidy's checks are in .clang-tidy (with why each left-out one is);
# both tools see the build's own feature macros and include paths.
LINT_SRC   := $(LIB_SRC) src/main.c
LINT_JOBS  ?= 2
CLANG_TIDY ?= clang-tidy
CPPCHECK   ?= cppcheck
LINT_DEFS  := -Iinclude -Isrc -D_XOPEN_SOURCE=700 -D_DEFAULT_SOURCE \
              -DATTNVIZ_VERSION='"$(VERSION)"' -DATTNVIZ_DATADIR='"$(DATADIR)"' \
              $(shell $(PKG_CONFIG) --cflags-only-I $(LIB_PKGS) 2>/dev/null)
# cppcheck: every check but the style ones that fight the codebase:
#   variableScope       declarations at the top of a block where that reads
#                       better (10 of them) are the codebase's choice;
#   redundantContinue   `continue;` is how an empty loop body is written;
#   unreadVariable      flags `x = 0` initialisations later overwritten on
#                       every path (app.c, heatmap.c): defensive, not dead;
#   knownConditionTrueFalse  a false positive in heatmap.c's legend (lw is
#                       at most LEGEND_W, 12; the check took it for < 4).
# and two false positives by file: main.c's getopt codes 256 + i index
# main_options only below 1024, which cppcheck cannot know; vocab.c's new
# word is stored into v->words[] by a compound literal, which cppcheck does
# not follow (a leak there would show in valgrind's and LeakSanitizer's
# runs of make test). cppcheck 2.10
# with --std=c11 takes a _Noreturn function (av_fatal) for one that returns
# and reports each "if (!p) av_fatal(...)" as a null dereference: the
# attribute it understands is given instead.
CPPCHECK_FLAGS := --std=c11 --enable=warning,style,performance,portability \
                  --error-exitcode=1 --inline-suppr --quiet -j $(LINT_JOBS) \
                  --suppress=variableScope --suppress=redundantContinue \
                  --suppress=unreadVariable --suppress=knownConditionTrueFalse \
                  --suppress=arrayIndexOutOfBoundsCond:src/main.c \
                  --suppress=memleak:src/core/vocab.c \
                  '-D_Noreturn=__attribute__((noreturn))' \
                  --template='{file}:{line}: {severity}: {message} [{id}]'

lint: lint-cppcheck lint-tidy

lint-cppcheck:
	$(say) CPPCHECK src
	$(Q)$(CPPCHECK) $(CPPCHECK_FLAGS) $(LINT_DEFS) $(LINT_SRC)

# One file a process, LINT_JOBS at a time; xargs fails when any did. A
# file's output shows only when it failed: clang-tidy prints "N warnings
# generated" (the ones outside its checks) for every file.
lint-tidy:
	$(say) TIDY src
	$(Q)printf '%s\n' $(LINT_SRC) | xargs -P $(LINT_JOBS) -I{} sh -c \
	    'f=$$1; shift; out=$$("$$0" --quiet "$$f" -- "$$@" 2>&1) || { printf "%s\n" "$$out"; exit 1; }' \
	    $(CLANG_TIDY) {} $(WARN) -pthread $(LINT_DEFS)

# The theme files are built in as well; installed, they show what a theme
# looks like, and $(DATADIR)/themes is where more go (its README says how).
# The man page names the default DATADIR; the installed one names this one.
install: $(BIN)
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(DATADIR)/themes \
	    $(DESTDIR)$(DATADIR)/samples/vectors $(DESTDIR)$(MANDIR)/man1
	install -m 755 $(BIN) $(DESTDIR)$(PREFIX)/bin/attnviz
	install -m 644 themes/README.md $(THEME_FILES) $(DESTDIR)$(DATADIR)/themes
	install -m 644 $(SAMPLE_FILES) $(DESTDIR)$(DATADIR)/samples
	install -m 644 $(VECTOR_FILES) $(DESTDIR)$(DATADIR)/samples/vectors
	sed 's|/usr/local/share/attnviz|$(DATADIR)|g' $(MAN_PAGE) > $(DESTDIR)$(MANDIR)/man1/attnviz.1
	chmod 644 $(DESTDIR)$(MANDIR)/man1/attnviz.1

uninstall:
	rm -f $(DESTDIR)$(PREFIX)/bin/attnviz $(DESTDIR)$(MANDIR)/man1/attnviz.1 \
	    $(addprefix $(DESTDIR)$(DATADIR)/themes/,README.md $(notdir $(THEME_FILES))) \
	    $(addprefix $(DESTDIR)$(DATADIR)/samples/,$(notdir $(SAMPLE_FILES))) \
	    $(addprefix $(DESTDIR)$(DATADIR)/samples/vectors/,$(notdir $(VECTOR_FILES)))
	rmdir $(DESTDIR)$(DATADIR)/themes $(DESTDIR)$(DATADIR)/samples/vectors \
	    $(DESTDIR)$(DATADIR)/samples $(DESTDIR)$(DATADIR) 2>/dev/null || true

clean:
	rm -rf build $(BIN)

-include $(LIB_OBJ:.o=.d) $(MAIN_OBJ:.o=.d) $(TEST_BIN:=.d) $(TEST_HELPER_OBJ:.o=.d) $(REFDUMP).d \
         $(BUILD)/bench/vectors.d $(BUILD)/bench/tui.d $(BUILD)/bench/products.d
-include $(wildcard $(FUZZ_BUILD)/src/*/*.d $(FUZZ_BUILD)/tests/fuzz/*.d)
