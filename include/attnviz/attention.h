/* attention.h - scaled dot-product attention for one head, one block of
 * query rows at a time: the kernels of the model's pass 5.
 *
 * Head t reads columns t*d_k .. (t+1)*d_k-1 of Q, K, V, whose rows are
 * `stride` floats apart (stride = d_model), so no copy per head is made.
 * Query rows are taken in blocks of attention_block_rows(n) from row 0 (the
 * last block may be shorter); block [i0, i0+rows) sees the keys
 * j < attention_block_cols(...): all n, or with the causal mask only those
 * up to its last row. A block's scores, weights and output are computed
 * together while its rows are in cache (attention_block), and the views
 * recompute a block's scores with exactly the same call (attention_scores),
 * so they get the same bits as the forward pass did. */
#ifndef ATTNVIZ_ATTENTION_H
#define ATTNVIZ_ATTENTION_H

#include <stdbool.h>
#include <stddef.h>

struct attention_head {
    const float *q, *k, *v;     /* [n][stride], from the head's first column */
    float *out;                 /* [n][stride], from the head's first column */
    float *weights;             /* [n][n] */
    float *row_max, *row_sum;   /* [n] */
    const float *bias;          /* [2n - 1] or NULL: bias[n - 1 + j - i] is
                                   added to score (i, j) before the softmax
                                   (ALiBi), so row i's are the n floats from
                                   bias + n - 1 - i */
    size_t n, d_k, stride;
    bool scale;                 /* divide the scores by sqrt(d_k) */
    bool causal;                /* key j > query i gets weight 0 */
};

/* Rows in a block: at most 8 MiB of scores, and four blocks a head at
 * least (work for both cores at every n). Larger blocks were faster at
 * 4096 keys although they leave the L2 cache: each product packs its
 * whole K or V, once per block (docs/ARCHITECTURE.md). A function of n
 * alone (16 .. 512, a multiple of 16). */
size_t attention_block_rows(size_t n);

/* Keys block [i0, i0+rows) can see: n, or i0 + rows with the causal mask. */
size_t attention_block_cols(size_t n, size_t i0, size_t rows, bool causal);

/* s[rows][cols] (rows lds floats apart) = q_i . k_j (/ sqrt(d_k)) for query
 * rows i0 .. i0+rows-1 and keys k0 .. k0+cols-1: one gemm (gemm.h). */
void attention_scores(float *s, size_t lds, const struct attention_head *h,
                      size_t i0, size_t rows, size_t k0, size_t cols);

/* The fused softmax of one row, in place: on entry w[0..live) holds the
 * scores the query can see, on return their weights; *max is their max
 * and *sum = sum of exp(score - max); every weight is its exp times the
 * float 1 / *sum. Never NaN or inf for finite scores: a score equal to the
 * max gives exactly 1 before the scaling, one more than 88 below it 0. */
void attention_softmax_row(float *restrict w, size_t live,
                           float *restrict max, float *restrict sum);

/* The three steps for block [i0, i0+rows): its scores into its rows of
 * h->weights, with h->bias added (in float) to each visible score when
 * there is one, the softmax of each row (masked keys get exactly 0, the
 * row max and sum, of the biased scores, go to h->row_max, h->row_sum),
 * then
 * out[i0.., 0..d_k) = weights[i0..][0..cols) . v[0..cols). */
void attention_block(const struct attention_head *h, size_t i0, size_t rows);

#endif
