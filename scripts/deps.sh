#!/bin/sh
# Checks that the Debian packages attnviz needs are installed. Missing ones
# are installed with apt-get when running as root; otherwise the exact
# apt-get line is printed and the script fails. Optional packages (the
# check that needs one is skipped without it) are installed as root too,
# and otherwise only advised.
#   deps.sh build   what `make` / `make run` need
#   deps.sh test    plus what `make test` needs; optional: Chromium, which
#                   screenshots an SVG export (tests/svg_render.py; about
#                   350 MB, 11 s to install on the development machine)
#   deps.sh bench   plus what `make bench` needs; optional: the peers numpy
#                   and PyTorch, and OpenBLAS's threaded library, without
#                   which a fresh numpy may load the reference BLAS (20
#                   times slower)
set -u
want=${1:-build}
missing=""
peers=""

have_pc() { pkg-config --exists "$1" 2>/dev/null; }
need() { missing="$missing $1"; }
need_peer() { peers="$peers $1"; }

command -v pkg-config >/dev/null 2>&1 || need pkg-config
command -v cc >/dev/null 2>&1 || need gcc
command -v make >/dev/null 2>&1 || need make
have_pc ncursesw || need libncurses-dev
have_pc readline || need libreadline-dev
have_pc openblas || need libopenblas-dev
if [ "$want" = bench ]; then
    /usr/bin/python3 -c 'import numpy' >/dev/null 2>&1 || need_peer python3-numpy
    /usr/bin/python3 -c 'import torch' >/dev/null 2>&1 || need_peer python3-torch
    dpkg -s libopenblas0-pthread >/dev/null 2>&1 || need_peer libopenblas0-pthread
fi
if [ "$want" = test ]; then
    have_pc cmocka || need libcmocka-dev
    have_pc vterm || need libvterm-dev
    /usr/bin/python3 -c 'import numpy' >/dev/null 2>&1 || need python3-numpy
    # groff -ww checks the man page; Debian's groff-base has groff and the
    # man macros (and is usually there already, for man-db)
    command -v groff >/dev/null 2>&1 || need groff-base
    # the hardening checks of make test's first pass (tests/run-tests.sh):
    # the fuzz targets (clang and its libFuzzer runtime, which clang only
    # recommends), valgrind over the tours, and make lint
    command -v clang >/dev/null 2>&1 || need clang
    fuzz_rt=$(clang -print-file-name=libclang_rt.fuzzer-x86_64.a 2>/dev/null)
    [ -f "$fuzz_rt" ] || [ "$(uname -m)" != x86_64 ] || need libclang-rt-dev
    command -v valgrind >/dev/null 2>&1 || need valgrind
    command -v cppcheck >/dev/null 2>&1 || need cppcheck
    command -v clang-tidy >/dev/null 2>&1 || need clang-tidy
    command -v chromium >/dev/null 2>&1 || need_peer chromium
fi
if [ "$(id -u)" = 0 ]; then
    missing="$missing $peers"
elif [ -n "$peers" ]; then
    echo "attnviz: the checks that need them are skipped; for all of them run:" >&2
    echo "  sudo apt-get install -y$peers" >&2
fi
# pkg-config itself missing makes every have_pc fail; list each package once.
missing=$(printf '%s\n' $missing | sort -u | tr '\n' ' ')
[ -z "${missing% }" ] && exit 0

if [ "$(id -u)" = 0 ]; then
    echo "attnviz: installing missing Debian packages: $missing"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq && apt-get install -y -qq --no-install-recommends $missing >/dev/null \
        || { echo "attnviz: apt-get install failed" >&2; exit 1; }
else
    echo "attnviz: missing Debian packages. Install them with:" >&2
    echo "  sudo apt-get install -y $missing" >&2
    exit 1
fi
