#!/bin/sh
# Runs one pass of the test suite against one build.
#   run-tests.sh BUILD_DIR BINARY
# Every cmocka binary in BUILD_DIR/tests, the numpy reference check, every
# sample session in batch mode, the man page through groff -ww. Prints one
# 'N passed, N failed' line at the end and exits non-zero when anything
# failed.
set -u
build=$1
bin=$2
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
failures=""
log=$(mktemp)
# The user's config file and themes must not change what the tests see.
XDG_CONFIG_HOME=$(mktemp -d)
export XDG_CONFIG_HOME
trap 'rm -f "$log"; rm -rf "$XDG_CONFIG_HOME"' EXIT

ok()   { passed=$((passed + $1)); }
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

echo "== $build: the man page"
# groff exits 0 on warnings; any output on stderr is one.
if groff -ww -z -man -Tutf8 docs/attnviz.1 >"$log" 2>&1 && [ ! -s "$log" ]; then
    ok 1; printf '  %-28s ok\n' "groff -ww docs/attnviz.1"
else
    cat "$log"; bad 1 "groff-warnings"; printf '  %-28s FAILED\n' "groff -ww docs/attnviz.1"
fi

echo "$passed passed, $failed failed"
[ "$failed" = 0 ] || { echo "failed:$failures"; exit 1; }
