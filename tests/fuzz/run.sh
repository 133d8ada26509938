#!/bin/sh
# Builds the libFuzzer targets (clang) against src/core and src/app and runs
# each for FUZZ_SECONDS (default 30). Corpora live in build/fuzz/, seeded
# from samples/ and a few lines below. Exits non-zero when a target crashed.
set -eu
cd "$(dirname "$0")/../.."
secs=${FUZZ_SECONDS:-30}
cc=${FUZZ_CC:-clang}
out=build/fuzz
mkdir -p "$out"

flags="-std=c11 -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all
       -Wall -Wextra -Werror -Iinclude -D_XOPEN_SOURCE=700 -D_DEFAULT_SOURCE"

seed() {   # seed DIR: one line per file, the session language's shapes
    i=0
    for line in 'I love cats' ':dim 3' ':heads 2' ':seed 18446744073709551615' \
                ':pe table' ':pe-row 1 0.1 0 0.1' ':proj identity' ':scale off' \
                ':causal on' ':emb love 0.2 0.4 0.6' ':select 1 2' ':head mean' \
                ':theme viridis' ':note look here' ':print json' ':q' ':undo' \
                '# comment' 'caf\303\251 \344\275\240\345\245\275 !'; do
        i=$((i + 1))
        printf '%b' "$line" >"$1/seed$i"
    done
    for s in samples/*.attn themes/*.theme; do
        [ -f "$s" ] && cp "$s" "$1/"
    done
    return 0
}

# The built-in themes, as the Makefile embeds them (src/app/theme.c needs them).
sh scripts/embed-themes.sh themes/*.theme >"$out/themes_builtin.c"

status=0
for target in command session theme; do
    echo "== fuzz_$target: building"
    # shellcheck disable=SC2086
    $cc $flags -Isrc -o "$out/fuzz_$target" "tests/fuzz/fuzz_$target.c" src/core/*.c src/app/*.c \
        "$out/themes_builtin.c" -lm
    corpus="$out/corpus_$target"
    if [ ! -d "$corpus" ]; then
        mkdir -p "$corpus"
        seed "$corpus"
    fi
    # The session target stays under 1 KiB per input: a few hundred tokens
    # with up to 64 heads keep every run fast and well inside the RSS limit.
    max_len=4096
    [ "$target" = session ] && max_len=1024
    echo "== fuzz_$target: running for ${secs}s"
    if ! "$out/fuzz_$target" -max_total_time="$secs" -max_len="$max_len" \
            -print_final_stats=1 -artifact_prefix="$out/$target-" "$corpus" \
            >"$out/$target.log" 2>&1; then
        tail -n 40 "$out/$target.log"
        echo "== fuzz_$target: FAILED (log: $out/$target.log)"
        status=1
    else
        grep -E '^stat::(number_of_executed_units|peak_rss_mb)' "$out/$target.log" | sort -u || true
        echo "== fuzz_$target: ok"
    fi
done
exit $status
