/* bench.c - figures for the compute core: ms per model_forward (median of
 * repeats) over a range of sizes, and tokenizer throughput. `make bench`.
 * Prints only; nothing here asserts on time. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "attnviz/limits.h"
#include "attnviz/model.h"
#include "attnviz/tokenizer.h"

struct bench_case {
    size_t n, d, heads;
};

static double bench_now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static int bench_cmp(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Median of the ms values in t[0..count). */
static double bench_median(double *t, size_t count)
{
    qsort(t, count, sizeof *t, bench_cmp);
    return count % 2 ? t[count / 2] : (t[count / 2 - 1] + t[count / 2]) / 2;
}

/* A sentence of n tokens drawn from a small vocabulary, as the model sees it. */
static const char **bench_tokens(size_t n)
{
    static const char *const words[] = {
        "the", "cat", "sat", "on", "mat", ",", "and", "I", "love", "cats", ".",
        "attention", "is", "all", "you", "need",
    };
    const char **t = malloc(n * sizeof *t);
    if (!t) {
        perror("bench");
        exit(1);
    }
    for (size_t i = 0; i < n; i++)
        t[i] = words[(i * 7 + i / 3) % (sizeof words / sizeof words[0])];
    return t;
}

static void bench_forward(const struct bench_case *bc, enum proj_kind proj)
{
    enum { REPEATS_MAX = 15 };
    const char **tokens = bench_tokens(bc->n);
    struct model_config cfg = {
        .d_model = bc->d, .heads = bc->heads, .seed = 1, .pe = PE_SINUSOIDAL,
        .proj = proj, .scale = true, .causal = false,
    };
    struct model_input in = { .n = bc->n, .tokens = tokens };
    struct model m;
    char err[256];
    double t[REPEATS_MAX];
    model_init(&m);
    /* warm-up: the arena is allocated and touched outside the timing */
    if (model_forward(&m, &cfg, &in, err, sizeof err) != 0) {
        fprintf(stderr, "bench: %s\n", err);
        exit(1);
    }
    size_t repeats = bc->n >= 4096 ? 3 : bc->n >= 1024 ? 5 : REPEATS_MAX;
    for (size_t r = 0; r < repeats; r++) {
        double t0 = bench_now_ms();
        model_forward(&m, &cfg, &in, err, sizeof err);
        t[r] = bench_now_ms() - t0;
    }
    printf("%6zu %7zu %5zu  %-8s %10.3f %9.1f\n", bc->n, bc->d, bc->heads,
           proj_kind_name(proj), bench_median(t, repeats),
           (double)model_bytes_needed(bc->n, &cfg) / (1 << 20));
    model_free(&m);
    free(tokens);
}

static void bench_tokenize(void)
{
    enum { REPEATS = 9 };
    static const char piece[] = "The cat, who didn't sit, sat on the mat! "
                                "\xE7\x8C\xAB\xE3\x81\x8C\xE5\xA5\xBD\xE3\x81\x8D "
                                "caf\xC3\xA9\t\xF0\x9F\x98\xBA (3.14)\n";
    size_t reps = 20000, plen = sizeof piece - 1, len = reps * plen;
    char *text = malloc(len);
    struct token_span *spans = malloc(len * sizeof *spans);
    if (!text || !spans) {
        perror("bench");
        exit(1);
    }
    for (size_t i = 0; i < reps; i++)
        memcpy(text + i * plen, piece, plen);
    double t[REPEATS];
    size_t count = 0, where;
    for (size_t r = 0; r < REPEATS; r++) {
        double t0 = bench_now_ms();
        tokenize(text, len, spans, len, &count, &where);
        t[r] = bench_now_ms() - t0;
    }
    double ms = bench_median(t, REPEATS);
    printf("tokenize: %zu bytes, %zu tokens in %.3f ms = %.1f M tokens/s, %.1f MB/s\n",
           len, count, ms, (double)count / ms / 1e3, (double)len / ms / 1e3);
    free(text);
    free(spans);
}

int main(void)
{
    static const struct bench_case cases[] = {
        { 16, 64, 1 }, { 64, 64, 4 }, { 256, 128, 4 }, { 1024, 64, 1 },
        { 1024, 512, 8 }, { 4096, 64, 2 }, { 8192, 16, 1 },
    };
    printf("model_forward, sinusoidal PE, median ms\n");
    printf("%6s %7s %5s  %-8s %10s %9s\n", "N", "d_model", "heads", "proj",
           "ms", "arena MiB");
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        bench_forward(&cases[i], PROJ_IDENTITY);
        bench_forward(&cases[i], PROJ_RANDOM);
    }
    bench_tokenize();
    return 0;
}
