#!/bin/sh
# Runs the libFuzzer targets that `make fuzz-build` makes (build/fuzz/fuzz_*):
#   run.sh SECONDS [TARGET...]      TARGET: cli, config, ... (default: all)
# Each target first runs every input of its seed corpus
# (tests/fuzz/corpus/TARGET) and of build/fuzz/corpus/TARGET (what earlier
# `make fuzz` runs found), then fuzzes for SECONDS with the session
# language's dictionary (tests/fuzz/attnviz.dict). A crash, a leak, a
# sanitizer report, a broken property (the target aborts), or one input
# taking over 25 s fails the target; the input is kept as
# build/fuzz/crash-TARGET-*, to run again with build/fuzz/fuzz_TARGET FILE.
# With FUZZ_KEEP=1 the inputs found are added to build/fuzz/corpus/TARGET.
#
# Each target runs in a temporary folder of its own (its TMPDIR and working
# directory; the targets make their private folder there and move into it,
# util.h, so every path given to them is absolute). As root,
# as in CI, it runs as nobody (setpriv): the targets that run session lines
# keep every file name inside their folder, and this is the second fence -
# root could replace /dev/null, nobody cannot. Prints one line per target
# and exits non-zero when any failed.
set -u
cd "$(dirname "$0")/../.."
secs=${1:-60}
[ $# -gt 0 ] && shift
targets=$*
if [ -z "$targets" ]; then
    for f in tests/fuzz/fuzz_*.c; do
        t=${f#tests/fuzz/fuzz_}
        targets="$targets ${t%.c}"
    done
fi

as_nobody=""
if [ "$(id -u)" = 0 ]; then
    command -v setpriv >/dev/null 2>&1 \
        || { echo "fuzz: running as root needs setpriv (util-linux) to drop to nobody" >&2; exit 1; }
    as_nobody="setpriv --reuid=65534 --regid=65534 --clear-groups"
fi

status=0
for t in $targets; do
    bin=build/fuzz/fuzz_$t
    [ -x "$bin" ] || { echo "fuzz_$t: not built (make fuzz-build)"; status=1; continue; }
    # Inputs stay small: the session target computes the model after every
    # line, and under 1 KiB (a few hundred tokens, up to 64 heads) each run
    # stays fast and inside the memory limit; the command line is at most
    # 64 words. The others take a tour's length.
    max_len=4096 extra=""
    case $t in
        session) max_len=1024 ;;
        cli) max_len=1024 extra="-close_fd_mask=3" ;;   # main.c's messages and --help
    esac
    work=$(mktemp -d)
    mkdir "$work/corpus" "$work/seed"
    [ -d "tests/fuzz/corpus/$t" ] && cp -R "tests/fuzz/corpus/$t/." "$work/seed/"
    [ -d "build/fuzz/corpus/$t" ] && cp -R "build/fuzz/corpus/$t/." "$work/corpus/"
    cp "$bin" tests/fuzz/attnviz.dict tests/lsan.supp "$work/"
    [ -n "$as_nobody" ] && chown -R 65534:65534 "$work"
    # shellcheck disable=SC2086
    (cd "$work" && TMPDIR="$work" HOME="$work" \
        LSAN_OPTIONS="suppressions=$work/lsan.supp:print_suppressions=0" \
        UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1" \
        $as_nobody "./fuzz_$t" -max_total_time="$secs" -max_len="$max_len" -timeout=25 \
            -dict=attnviz.dict -print_final_stats=1 -artifact_prefix="$work/crash-" $extra \
            "$work/corpus" "$work/seed") >"$work/log" 2>&1
    rc=$?
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$work/log" | tail -n 1)
    cov=$(grep -o 'cov: [0-9]*' "$work/log" | tail -n 1)
    mkdir -p build/fuzz
    if [ "$rc" = 0 ]; then
        printf '  fuzz_%-12s ok: %s runs in %ss, %s\n' "$t" "${runs:-?}" "$secs" "${cov:-cov: ?}"
    else
        tail -n 60 "$work/log"
        for c in "$work"/crash-*; do
            [ -f "$c" ] && cp "$c" "build/fuzz/crash-$t-${c##*/crash-}" \
                && echo "  kept: build/fuzz/crash-$t-${c##*/crash-}"
        done
        printf '  fuzz_%-12s FAILED (exit %s)\n' "$t" "$rc"
        status=1
    fi
    if [ "${FUZZ_KEEP:-0}" = 1 ]; then
        mkdir -p "build/fuzz/corpus/$t"
        cp -R "$work/corpus/." "build/fuzz/corpus/$t/"
    fi
    cp "$work/log" "build/fuzz/$t.log"
    rm -rf "$work"
done
exit $status
