/* posenc.h - positional encodings, positions counted from 0.
 *
 * The additive kinds (none, sinusoidal, learned, table) write pe[n][d]
 * (row-major), which the model adds to the embeddings: x = e + pe. The two
 * relative kinds add nothing (their pe is all zeros, so x = e) and act
 * later in the forward pass instead:
 *
 *   rope   (RoPE, rotary: RoFormer, LLaMA) rotates each pair of components
 *          of q and k, per head on its d_k columns, after the projection
 *          (the end of the model's pass 4): for i = 0 .. d_k/2 - 1,
 *          theta_i = 10000^(-2i/d_k) and the angle pos * theta_i,
 *            (a, b) = (q[2i], q[2i+1]) ->
 *            (a cos(angle) - b sin(angle), a sin(angle) + b cos(angle)),
 *          the same for k; v is not rotated, an odd last component of d_k
 *          is left as it is. Angles, sines, cosines and the products in
 *          double, the results stored as float. The model's q and k hold
 *          the rotated values.
 *   alibi  (ALiBi, Press et al. 2022) adds a linear distance penalty to
 *          the scores of head t (after the scaling by 1/sqrt(d_k), before
 *          the softmax): score(i, j) + bias(i, j), bias = -m_t |i - j|,
 *          with the paper's slopes m_t (posenc_alibi_slope). */
#ifndef ATTNVIZ_POSENC_H
#define ATTNVIZ_POSENC_H

#include <stddef.h>
#include <stdint.h>

struct vecstore;

enum pe_kind {
    PE_NONE = 0, PE_SINUSOIDAL, PE_LEARNED, PE_TABLE,
    PE_ROPE,                 /* rotates q and k; pe = 0 */
    PE_ALIBI,                /* a bias on the scores; pe = 0 */
    PE_COUNT
};

/* "none", "sinusoidal", "learned", "table", "rope", "alibi" (the session
 * language's words), in enum order, NULL-terminated. */
extern const char *const pe_kind_names[PE_COUNT + 1];
const char *pe_kind_name(enum pe_kind k);

/* pe[pos][2i] = sin(pos / 10000^(2i/d)), pe[pos][2i+1] = cos(same); an odd
 * last component is a sine. Computed in double, stored as float. */
void posenc_sinusoidal(float *pe, size_t n, size_t d);
/* A seeded table: rng_uniform(seed, RNG_PE_LEARNED, key, c) * 0.5, where key
 * = rng_hash_bytes of pos as 8 little-endian bytes. */
void posenc_learned(float *pe, size_t n, size_t d, uint64_t seed);
/* Rows set with :pe-row (keyed by decimal position, see vecstore.h); every
 * component not set is 0. rows may be NULL. */
void posenc_table(float *pe, size_t n, size_t d, const struct vecstore *rows);
/* Dispatches on kind; PE_NONE, PE_ROPE and PE_ALIBI write zeros. */
void posenc_fill(float *pe, size_t n, size_t d, enum pe_kind kind,
                 uint64_t seed, const struct vecstore *rows);
/* The same table's rows first .. first+n-1 into pe[n][d] (the model fills
 * a table in row blocks, on several threads). */
void posenc_fill_rows(float *pe, size_t first, size_t n, size_t d,
                      enum pe_kind kind, uint64_t seed, const struct vecstore *rows);

/* RoPE's frequency of pair i for a head of d_k columns:
 * theta_i = 10000^(-2i/d_k), in double. */
double posenc_rope_theta(size_t i, size_t d_k);
/* Its angle at position pos: pos * theta_i, the very number posenc_rope
 * takes the sine and cosine of. */
double posenc_rope_angle(size_t pos, size_t i, size_t d_k);
/* Rotates rows first .. first+rows-1 (positions) of q[rows][d] and
 * k[rows][d] in place, each of the d / d_k heads on its d_k columns, as
 * described above; k may be NULL. Each row is rotated alone, so the result
 * does not depend on how the rows are cut into calls. */
void posenc_rope(float *q, float *k, size_t first, size_t rows, size_t d, size_t d_k);

/* ALiBi's slope of head `head` (0-based, < heads): m_t = 2^(-8(t+1)/H) when
 * H is a power of two; otherwise, with P the largest power of two <= H,
 * the P slopes of P heads, then for the remaining H - P heads every other
 * slope of 2P heads, starting at the first: 2^(-8(2(t-P)+1)/(2P)). So
 * H = 3 gives 2^-4, 2^-8, 2^-2. In double. */
double posenc_alibi_slope(size_t head, size_t heads);
/* The bias -slope * distance, computed in double and rounded once to
 * float: what the model adds (in float) to a score |i - j| = distance
 * from its query. */
float posenc_alibi_bias(double slope, size_t distance);

#endif
