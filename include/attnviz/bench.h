/* bench.h - `attnviz --bench`: how long the compute core takes.
 *
 * The model of a sentence of n generated tokens (sinusoidal PE, random
 * projections, scaling on, no mask, every head's weights kept) is computed
 * once to warm up and then `repeat` times from scratch (the parameters
 * W_Q, W_K, W_V are made in the warm-up and kept, as in a session). The
 * last line printed is
 *   median_s=S n=N d_model=D heads=H threads=T peak_rss_mib=M
 * With edits, it first times the changes a person makes at that size, each
 * one alternating between two states, median over `repeat` changes:
 *   edit_emb_ms=   a token's embedding set with :emb (passes 1-5, the
 *                  blocks of Q, K, V whose x changed)
 *   edit_dim_ms=   `+`: d_model up by the head count (everything, new W)
 *   edit_pe_ms=    a PE switch, sinusoidal <-> learned (passes 2-5)
 *   edit_causal_ms=  `c`: the causal mask toggled (pass 5)
 *   edit_undo_ms=  :undo after a 13-line session, through the app (a
 *                  rebuild of the log, then one sync)
 * Figures only: nothing here asserts on time. */
#ifndef ATTNVIZ_BENCH_H
#define ATTNVIZ_BENCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

struct bench_options {
    size_t n, d_model, heads;   /* the size */
    size_t repeat;              /* timed runs after the warm-up, >= 1 */
    unsigned threads;           /* model_set_threads; 0 = all online CPUs */
    bool edits;                 /* also time the small edits */
};

/* Runs the benchmark and prints to out. Returns 0, or -1 after printing
 * the model's error to stderr. */
int bench_run(const struct bench_options *o, FILE *out);

#endif
