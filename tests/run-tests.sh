#!/bin/sh
# Runs one pass of the test suite against one build.
#   run-tests.sh BUILD_DIR BINARY [MAKE]
# Every cmocka binary in BUILD_DIR/tests, the numpy reference check, the
# check that every number in the tours' notes is attnviz's own, the SVG
# exports through an XML parser and in headless Chromium (skipped when it
# is missing), every sample session in batch mode, the man page through
# groff -ww, and
# `MAKE install` / `MAKE uninstall` into a temporary DESTDIR with the
# installed binary run from there; with ATTNVIZ_HARDEN=1 (make test's
# first pass) also every tour under valgrind, make lint, the worker
# pool's test under ThreadSanitizer and every fuzz target
# (ATTNVIZ_FUZZ_SECONDS each, default 10). Prints one 'N passed, N failed'
# line at the end (', N skipped' after it when something was)
# and exits non-zero when anything failed.
set -u
build=$1
bin_arg=$2
bin=$2
make=${3:-make}
case $bin in /*) ;; *) bin=$(pwd)/$bin ;; esac
export ATTNVIZ="$bin"
export LANG=C.UTF-8
unset LINES COLUMNS
# Leak checking stays on; ncurses and readline keep a few allocations for
# the life of the process, listed in tests/lsan.supp.
export ASAN_OPTIONS="${ASAN_OPTIONS:-abort_on_error=0:detect_leaks=1}"
export LSAN_OPTIONS="suppressions=$(pwd)/tests/lsan.supp:print_suppressions=0"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"

passed=0
failed=0
skipped=0
failures=""
log=$(mktemp)
# The user's config file and themes must not change what the tests see.
XDG_CONFIG_HOME=$(mktemp -d)
export XDG_CONFIG_HOME
# the install check's folder: DESTDIR is $work/root
work=$(mktemp -d)
dest=$work/root
trap 'rm -f "$log"; rm -rf "$XDG_CONFIG_HOME" "$work"' EXIT

ok()   { passed=$((passed + $1)); }
skip() { skipped=$((skipped + $1)); }
bad()  { failed=$((failed + $1)); failures="$failures $2"; }

echo "== $build: unit and end-to-end tests (cmocka)"
for t in "$build"/tests/test_*; do
    [ -x "$t" ] || continue
    case $t in *.o|*.d) continue ;; esac
    name=$(basename "$t")
    if CMOCKA_MESSAGE_OUTPUT=stdout "$t" >"$log" 2>&1; then
        n=$(sed -n 's/^\[  PASSED  \] \([0-9]*\) test.*/\1/p' "$log" | tail -n 1)
        ok "${n:-1}"
        printf '  %-28s %s passed\n' "$name" "${n:-1}"
    else
        cat "$log"
        p=$(sed -n 's/^\[  PASSED  \] \([0-9]*\) test.*/\1/p' "$log" | tail -n 1)
        f=$(sed -n 's/^\[  FAILED  \] \([0-9]*\) test.*/\1/p' "$log" | tail -n 1)
        ok "${p:-0}"
        bad "${f:-1}" "$name"
        printf '  %-28s FAILED\n' "$name"
    fi
done

echo "== $build: sample sessions in batch mode"
for s in samples/*.attn; do
    [ -f "$s" ] || continue
    if "$bin" --batch "$s" >"$log" 2>&1; then
        ok 1; printf '  %-28s ok\n' "$(basename "$s")"
    else
        cat "$log"; bad 1 "$s"; printf '  %-28s FAILED\n' "$(basename "$s")"
    fi
done

echo "== $build: numpy float64 reference check"
py=/usr/bin/python3
[ -x "$py" ] || py=python3
if "$py" tests/reference_check.py "$bin" >"$log" 2>&1; then
    ok 1; tail -n 3 "$log"
else
    cat "$log"; bad 1 reference_check
fi

echo "== $build: every number in the tours' notes is attnviz's own"
if "$py" tests/tour_numbers.py "$bin" >"$log" 2>&1; then
    ok 1; tail -n 2 "$log"
else
    cat "$log"; bad 1 tour_numbers
fi

echo "== $build: the SVG exports through an XML parser; docs/heatmap.svg is current"
if "$py" tests/svg_check.py "$bin" >"$log" 2>&1; then
    ok 1; tail -n 1 "$log"
else
    cat "$log"; bad 1 svg_check
fi

echo "== $build: an SVG export in a browser (headless Chromium)"
"$py" tests/svg_render.py "$bin" >"$log" 2>&1
case $? in
    0)  ok 1; cat "$log" ;;
    77) skip 1; cat "$log" ;;
    *)  cat "$log"; bad 1 svg_render ;;
esac

echo "== $build: the man page"
# groff exits 0 on warnings; any output on stderr is one.
if groff -ww -z -man -Tutf8 docs/attnviz.1 >"$log" 2>&1 && [ ! -s "$log" ]; then
    ok 1; printf '  %-28s ok\n' "groff -ww docs/attnviz.1"
else
    cat "$log"; bad 1 "groff-warnings"; printf '  %-28s FAILED\n' "groff -ww docs/attnviz.1"
fi

echo "== $build: make install into a temporary DESTDIR"
# check NAME COMMAND...: one counted check, its output shown when it fails
check() {
    name=$1
    shift
    if "$@" >"$log" 2>&1; then
        ok 1; printf '  %-28s ok\n' "$name"
    else
        cat "$log"; bad 1 "$name"; printf '  %-28s FAILED\n' "$name"
    fi
}
installed=$dest/usr/bin/attnviz
version=$(sed -n 's/^VERSION *:= *//p' Makefile)
# What make install must put there, from the source tree.
expected_files() {
    echo "$dest/usr/bin/attnviz"
    echo "$dest/usr/share/man/man1/attnviz.1"
    for f in themes/README.md themes/*.theme; do
        echo "$dest/usr/share/attnviz/themes/${f#themes/}"
    done
    for f in samples/*.attn samples/vectors/*; do
        echo "$dest/usr/share/attnviz/samples/${f#samples/}"
    done
}
install_files() {
    expected_files | sort >"$work/want"
    find "$dest" -type f -o -type l | sort >"$work/got"
    diff "$work/want" "$work/got"
    rc=$?
    rm -f "$work/want" "$work/got"
    return $rc
}
check_version() {
    out=$(cd / && "$installed" --version) || return 1
    [ "$out" = "attnviz $version" ] || { echo "got \"$out\", want \"attnviz $version\""; return 1; }
}
# A tour by name, run from outside the source tree: the same output as
# the source tree's file gives.
check_tour_by_name() {
    (cd / && printf ':load scaling\n' | "$installed" --batch -) >"$work/by-name" 2>&1 || return 1
    "$bin" --batch samples/scaling.attn >"$work/by-path" 2>&1 || return 1
    cmp "$work/by-path" "$work/by-name"
    rc=$?
    rm -f "$work/by-name" "$work/by-path"
    return $rc
}
# The tour that reads the shipped word vectors finds them beside itself.
check_vectors_tour() {
    (cd / && printf ':load real-vectors\n' | "$installed" --batch -) >"$work/by-name" 2>&1 || return 1
    "$bin" --batch samples/real-vectors.attn >"$work/by-path" 2>&1 || return 1
    cmp "$work/by-path" "$work/by-name"
    rc=$?
    rm -f "$work/by-name" "$work/by-path"
    return $rc
}
# :tours lists every shipped tour, by name, in order.
check_tours() {
    names=$(cd / && echo :tours | "$installed" --batch - | cut -d' ' -f1) || return 1
    want=$(for f in samples/*.attn; do basename "$f" .attn; done | LC_ALL=C sort)
    [ "$names" = "$want" ] || { printf 'got:\n%s\nwant:\n%s\n' "$names" "$want"; return 1; }
}
# The installed page names the DATADIR it was installed for, and is clean.
check_installed_man() {
    grep -q '/usr/share/attnviz/samples/' "$dest/usr/share/man/man1/attnviz.1" || return 1
    ! grep -q '/usr/local/' "$dest/usr/share/man/man1/attnviz.1" || return 1
    groff -ww -z -man -Tutf8 "$dest/usr/share/man/man1/attnviz.1" 2>&1 | grep . && return 1
    return 0
}
# Uninstalling removes every file and the attnviz folders (the standard
# ones, bin and man1, stay).
check_uninstalled() {
    left=$(find "$dest" -type f -o -type l)
    [ -z "$left" ] || { echo "left behind: $left"; return 1; }
    [ ! -e "$dest/usr/share/attnviz" ] || { echo "left behind: $dest/usr/share/attnviz"; return 1; }
}
if "$make" --no-print-directory install DESTDIR="$dest" PREFIX=/usr BUILD="$build" \
        BIN="$bin_arg" >"$log" 2>&1; then
    ok 1; printf '  %-28s ok\n' "make install"
    check "installed files" install_files
    check "installed --version" check_version
    check "installed :load scaling" check_tour_by_name
    check "installed real-vectors tour" check_vectors_tour
    check "installed :tours" check_tours
    check "installed man page" check_installed_man
    check "make uninstall" "$make" --no-print-directory uninstall DESTDIR="$dest" PREFIX=/usr \
        BUILD="$build" BIN="$bin_arg"
    check "nothing left behind" check_uninstalled
else
    cat "$log"; bad 1 "make-install"; printf '  %-28s FAILED\n' "make install"
fi
# ---- the hardening checks: make test's first pass (ATTNVIZ_HARDEN=1) ----
# valgrind on this build (it cannot run an ASan one), the linters and the
# fuzz targets (their own clang build) once, not again for build/asan.
# A missing tool skips its checks, saying so; scripts/deps.sh test
# installs them all, so CI runs every one.
skip_tool() { skip 1; printf '  %-28s skipped: %s\n' "$1" "$2"; }
if [ "${ATTNVIZ_HARDEN:-0}" = 1 ]; then
    echo "== $build: every tour in batch mode under valgrind memcheck"
    # No error and no definitely lost block. No suppressions: OpenBLAS,
    # ncurses and readline gave none here (batch mode starts no curses);
    # the leaks they keep are "still reachable", which is not an error.
    if command -v valgrind >/dev/null 2>&1; then
        for s in samples/*.attn; do
            [ -f "$s" ] || continue
            check "valgrind $(basename "$s")" valgrind -q --error-exitcode=99 \
                --leak-check=full --errors-for-leak-kinds=definite --show-leak-kinds=definite \
                "$bin" --batch "$s"
        done
    else
        skip_tool valgrind "no valgrind"
    fi

    echo "== lint: cppcheck and clang-tidy over src/ (make lint)"
    if command -v cppcheck >/dev/null 2>&1; then
        check "cppcheck" "$make" --no-print-directory lint-cppcheck
    else
        skip_tool cppcheck "no cppcheck"
    fi
    if command -v clang-tidy >/dev/null 2>&1; then
        check "clang-tidy" "$make" --no-print-directory lint-tidy
    else
        skip_tool clang-tidy "no clang-tidy"
    fi

    echo "== the worker pool under ThreadSanitizer (make tsan-check)"
    check "test_pool under TSan" "$make" --no-print-directory tsan-check

    secs=${ATTNVIZ_FUZZ_SECONDS:-10}
    echo "== fuzz: each libFuzzer target, its corpus and then ${secs}s (tests/fuzz/run.sh)"
    probe=$work/probe.c
    echo 'int LLVMFuzzerTestOneInput(const unsigned char *d, unsigned long n);
int LLVMFuzzerTestOneInput(const unsigned char *d, unsigned long n) { (void)d; (void)n; return 0; }' >"$probe"
    if ! command -v "${FUZZ_CC:-clang}" >/dev/null 2>&1 \
        || ! "${FUZZ_CC:-clang}" -fsanitize=fuzzer,address,undefined -o "$work/probe" "$probe" \
             >/dev/null 2>&1; then
        skip_tool fuzz "no clang/libFuzzer"
    elif ! "$make" --no-print-directory fuzz-build >"$log" 2>&1; then
        cat "$log"; bad 1 "fuzz-build"; printf '  %-28s FAILED\n' "make fuzz-build"
    else
        ok 1; printf '  %-28s ok\n' "make fuzz-build"
        for f in tests/fuzz/fuzz_*.c; do
            t=${f#tests/fuzz/fuzz_}
            t=${t%.c}
            if sh tests/fuzz/run.sh "$secs" "$t" >"$log" 2>&1; then
                ok 1; sed -n 's/^  fuzz_/  fuzz_/p' "$log"
            else
                cat "$log"; bad 1 "fuzz_$t"
            fi
        done
    fi
fi

if [ "$skipped" = 0 ]; then
    echo "$passed passed, $failed failed"
else
    echo "$passed passed, $failed failed, $skipped skipped"
fi
[ "$failed" = 0 ] || { echo "failed:$failures"; exit 1; }
