/* attention.h - scaled dot-product attention for one head.
 *
 * Head t reads columns t*d_k .. (t+1)*d_k-1 of Q, K, V, whose rows are
 * `stride` floats apart (stride = d_model); so no copy per head is made. */
#ifndef ATTNVIZ_ATTENTION_H
#define ATTNVIZ_ATTENTION_H

#include <stdbool.h>
#include <stddef.h>

/* scores[n][n] = q_i . k_j / sqrt(d_k) (or unscaled when !scale).
 * The causal mask is not applied here: scores keep every value. */
void attention_scores(float *scores, const float *q, const float *k,
                      size_t n, size_t d_k, size_t stride, bool scale);

/* weights[i][:] = softmax over j of scores[i][j], max-subtracted, computed in
 * double for the sum; with causal, j > i gets exactly 0 and is excluded from
 * the max and the sum. Rows always sum to 1 (within rounding) and never hold
 * NaN or inf for finite scores. */
void attention_softmax(float *weights, const float *scores, size_t n, bool causal);

/* out[i][c] (row stride `stride`) = sum_j weights[i][j] * v[j][c], c < d_k. */
void attention_apply(float *out, const float *weights, const float *v,
                     size_t n, size_t d_k, size_t stride);

#endif
