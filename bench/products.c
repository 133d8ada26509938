/* products.c - the forward pass's matrix products alone, for the
 * benchmark's floor (bench/run.py): the same cblas_sgemm calls attnviz
 * makes at N tokens, d_model D and H heads, in its own row and column
 * blocks, on its own pool of threads (OpenBLAS on one thread per call),
 * with nothing between them: no embeddings, PE or softmax. Its time is what
 * a forward pass would take if everything but the products were free, so
 * it says how much of the gap to the 2048^3 sgemm floor the shapes
 * themselves cost (K = d_k is short, each block packs a whole K_t or V_t).
 *   products N D H THREADS   prints: products_s=S n=N d_model=D heads=H */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "attnviz/attention.h"
#include "attnviz/gemm.h"
#include "attnviz/pool.h"
#include "attnviz/proj.h"

enum { TRIES = 5 };

struct products {
    size_t n, d, heads, d_k;
    size_t prows, col_blocks, arows, ablocks;
    const float *x, *w;        /* x[n][d], w[3][d][d] */
    float *qkv[3];             /* [n][d] each */
    float *weights, *out;      /* [heads][n][n], [n][d] */
};

/* Task t: as model.c's pass 4: matrix t % 3, column block t / 3 %
 * col_blocks, row block t / 3 / col_blocks. */
static void products_qkv(void *ctx, size_t t)
{
    const struct products *p = ctx;
    size_t d = p->d, i0 = t / 3 / p->col_blocks * p->prows;
    size_t rows = p->n - i0 < p->prows ? p->n - i0 : p->prows;
    size_t width = (d + p->col_blocks - 1) / p->col_blocks, c0 = t / 3 % p->col_blocks * width;
    size_t cols = d - c0 < width ? d - c0 : width;
    proj_block(p->qkv[t % 3] + i0 * d, p->x + i0 * d, p->w + t % 3 * d * d, rows, d, c0, cols);
}

/* Task t: as pass 5, head t % heads, block t / heads, without the softmax. */
static void products_attn(void *ctx, size_t t)
{
    const struct products *p = ctx;
    size_t n = p->n, head = t % p->heads, i0 = t / p->heads * p->arows;
    size_t rows = n - i0 < p->arows ? n - i0 : p->arows, col = head * p->d_k;
    struct attention_head h = {
        .q = p->qkv[0] + col, .k = p->qkv[1] + col, .v = p->qkv[2] + col,
        .out = p->out + col, .weights = p->weights + head * n * n,
        .n = n, .d_k = p->d_k, .stride = p->d, .scale = true,
    };
    float *w = h.weights + i0 * n;
    attention_scores(w, n, &h, i0, rows, 0, n);
    gemm(h.out + i0 * h.stride, h.stride, w, n, h.v, h.stride, rows, h.d_k, n, false, 1.0f);
}

static double products_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static float *products_alloc(size_t floats, float scale)
{
    float *a = malloc(floats * sizeof *a);
    if (!a) {
        perror("products");
        exit(1);
    }
    for (size_t i = 0; i < floats; i++)
        a[i] = scale * ((float)(i * 2654435761u % 2001) / 1000.0f - 1.0f);
    return a;
}

static int products_cmp(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

int main(int argc, char **argv)
{
    if (argc != 5) {
        fprintf(stderr, "usage: products N D_MODEL HEADS THREADS\n");
        return 2;
    }
    size_t n = strtoul(argv[1], NULL, 10), d = strtoul(argv[2], NULL, 10);
    size_t heads = strtoul(argv[3], NULL, 10);
    if (!n || !d || !heads || d % heads) {
        fprintf(stderr, "products: bad size\n");
        return 2;
    }
    pool_set_threads((unsigned)strtoul(argv[4], NULL, 10));
    struct products p = {
        .n = n, .d = d, .heads = heads, .d_k = d / heads,
        .prows = proj_block_rows(n), .col_blocks = proj_col_blocks(n, d),
        .arows = attention_block_rows(n),
    };
    p.ablocks = (n + p.arows - 1) / p.arows;
    p.x = products_alloc(n * d, 1.0f);
    p.w = products_alloc(3 * d * d, 0.05f);
    for (size_t m = 0; m < 3; m++)
        p.qkv[m] = products_alloc(n * d, 0.0f);
    p.out = products_alloc(n * d, 0.0f);
    p.weights = products_alloc(heads * n * n, 0.0f);
    size_t qkv_tasks = 3 * p.col_blocks * ((n + p.prows - 1) / p.prows);
    /* the median, as attnviz --bench reports, so that the two compare */
    double dt[TRIES];
    for (int t = -1; t < TRIES; t++) {   /* -1 is a warm-up */
        double t0 = products_now();
        pool_run(qkv_tasks, products_qkv, &p, true);
        pool_run(p.ablocks * heads, products_attn, &p, true);
        if (t >= 0)
            dt[t] = products_now() - t0;
    }
    qsort(dt, TRIES, sizeof dt[0], products_cmp);
    printf("products_s=%.6f n=%zu d_model=%zu heads=%zu threads=%u\n", dt[TRIES / 2], n, d, heads,
           pool_threads());
    return 0;
}
