/* proj.h - the Q, K, V projections.
 *
 * identity: Q = K = V = X (the seed documents' simplification).
 * random:   W_Q, W_K, W_V are d x d, entry (r, c) =
 *           rng_uniform(seed, RNG_W_*, 0, r * d + c) * sqrt(3 / d), and
 *           Q = X . W_Q (X is n x d, row vectors), likewise K, V.
 *
 * The rows of X are projected in blocks of PROJ_BLOCK_ROWS from row 0 (the
 * last may be shorter), one gemm per block, so that a row's Q, K and V
 * depend only on its block: the model recomputes just the blocks whose x
 * changed and gets the bits a full recompute would give. */
#ifndef ATTNVIZ_PROJ_H
#define ATTNVIZ_PROJ_H

#include <stddef.h>
#include <stdint.h>

enum proj_kind { PROJ_IDENTITY = 0, PROJ_RANDOM };

enum { PROJ_BLOCK_ROWS = 32 };

const char *proj_kind_name(enum proj_kind k);   /* "identity", "random" */

/* w[d][d] for domain RNG_W_Q, RNG_W_K or RNG_W_V (passed as int to keep
 * rng.h out of this API). */
void proj_random_weights(float *w, size_t d, uint64_t seed, int domain);

/* out[rows][d] = x[rows][d] . w[d][d] in float: one gemm (gemm.h). */
void proj_rows(float *out, const float *x, const float *w, size_t rows, size_t d);

#endif
