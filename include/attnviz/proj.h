/* proj.h - the Q, K, V projections.
 *
 * identity: Q = K = V = X (the simplification hand-worked examples use).
 * random:   W_Q, W_K, W_V are d x d, entry (r, c) =
 *           rng_uniform(seed, RNG_W_*, 0, r * d + c) * sqrt(3 / d), and
 *           Q = X . W_Q (X is n x d, row vectors), likewise K, V.
 *
 * The rows of X are projected in blocks of proj_block_rows(n) from row 0
 * (the last may be shorter), one gemm per block, so that a row's Q, K and
 * V depend only on its block: the model recomputes just the blocks whose x
 * changed and gets the bits a full recompute would give. */
#ifndef ATTNVIZ_PROJ_H
#define ATTNVIZ_PROJ_H

#include <stddef.h>
#include <stdint.h>

enum proj_kind { PROJ_IDENTITY = 0, PROJ_RANDOM, PROJ_COUNT };

/* "identity", "random", in enum order, NULL-terminated. */
extern const char *const proj_kind_names[PROJ_COUNT + 1];

enum { PROJ_MIN_ROWS = 64 };

/* Rows in a block: PROJ_MIN_ROWS for short sentences, twice that for long
 * ones, where each gemm call's packing of W is worth sharing among more
 * rows (fewer rows per block would let an edit redo fewer rows, but make
 * every full pass slower: gemm on 64 rows of 512 runs at 1.5 times the
 * speed it has on 16). A function of n alone. */
size_t proj_block_rows(size_t n);

/* Column blocks a block's product is cut into: 2 for a short sentence
 * with a wide d (so that even one block of rows is work for two threads),
 * else 1. A function of (n, d) alone. */
size_t proj_col_blocks(size_t n, size_t d);

const char *proj_kind_name(enum proj_kind k);   /* "identity", "random" */

/* w[d][d] for domain RNG_W_Q, RNG_W_K or RNG_W_V (passed as int to keep
 * rng.h out of this API). */
void proj_random_weights(float *w, size_t d, uint64_t seed, int domain);
/* Rows r0 .. r0+rows-1 of that matrix into w[rows][d] (the model makes W
 * in row blocks on several threads). */
void proj_random_rows(float *w, size_t d, uint64_t seed, int domain, size_t r0, size_t rows);

/* Columns c0 .. c0+cols-1 of out[rows][d] = x[rows][d] . w[d][d], in
 * float: one gemm (gemm.h). */
void proj_block(float *out, const float *x, const float *w, size_t rows, size_t d,
                size_t c0, size_t cols);

#endif
