/* proj.h - the Q, K, V projections.
 *
 * identity: Q = K = V = X (the simplification hand-worked examples use).
 * random:   W_Q, W_K, W_V are d x d, entry (r, c) =
 *           rng_uniform(seed, RNG_W_*, 0, r * d + c) * sqrt(3 / d), and
 *           Q = X . W_Q (X is n x d, row vectors), likewise K, V. */
#ifndef ATTNVIZ_PROJ_H
#define ATTNVIZ_PROJ_H

#include <stddef.h>
#include <stdint.h>

enum proj_kind { PROJ_IDENTITY = 0, PROJ_RANDOM, PROJ_COUNT };

/* "identity", "random", in enum order, NULL-terminated. */
extern const char *const proj_kind_names[PROJ_COUNT + 1];
const char *proj_kind_name(enum proj_kind k);

/* w[d][d] for domain RNG_W_Q, RNG_W_K or RNG_W_V (passed as int to keep
 * rng.h out of this API). */
void proj_random_weights(float *w, size_t d, uint64_t seed, int domain);

/* out[n][d] = x[n][d] . w[d][d]; each sum accumulates in double over the
 * rows of w and is stored as float. */
void proj_matmul(float *out, const float *x, const float *w, size_t n, size_t d);

/* The one matrix kernel of the core (proj_matmul and attention_apply use it):
 * out[0..m) = a[0..k) . b[k][m], where the rows of b are ldb floats apart;
 * each sum accumulates in double and is stored as float. */
void proj_vecmat(float *out, const float *a, const float *b,
                 size_t k, size_t m, size_t ldb);

#endif
