/* proj.c - the Q, K, V projections (see proj.h). */
#include "attnviz/proj.h"

#include <math.h>
#include <string.h>

#include "attnviz/rng.h"

const char *const proj_kind_names[PROJ_COUNT + 1] = {
    [PROJ_IDENTITY] = "identity", [PROJ_RANDOM] = "random", [PROJ_COUNT] = NULL,
};

const char *proj_kind_name(enum proj_kind k)
{
    if ((unsigned)k >= PROJ_COUNT)
        return "?";
    return proj_kind_names[k];
}

/* w[d][d]; uniform on [-sqrt(3/d), sqrt(3/d)) has variance 1/d, so each
 * component of x.W has the variance of a component of x (Glorot-style): Q, K
 * and V stay as large as X at every d_model. */
void proj_random_weights(float *w, size_t d, uint64_t seed, int domain)
{
    double scale = sqrt(3.0 / (double)d);
    for (size_t i = 0; i < d * d; i++)
        w[i] = (float)(rng_uniform(seed, (enum rng_domain)domain, 0, i) * scale);
}

/* Walks b row by row (contiguous) into a block of double accumulators rather
 * than down each column: the column walk strides through memory. */
void proj_vecmat(float *out, const float *a, const float *b,
                 size_t k, size_t m, size_t ldb)
{
    enum { BLOCK = 64 };
    double acc[BLOCK];
    for (size_t c0 = 0; c0 < m; c0 += BLOCK) {
        size_t width = m - c0 < BLOCK ? m - c0 : BLOCK;
        for (size_t c = 0; c < width; c++)
            acc[c] = 0.0;
        for (size_t r = 0; r < k; r++) {
            const float *br = b + r * ldb + c0;
            double ar = a[r];
            for (size_t c = 0; c < width; c++)
                acc[c] += ar * br[c];
        }
        for (size_t c = 0; c < width; c++)
            out[c0 + c] = (float)acc[c];
    }
}

/* out[n][d] = x[n][d] . w[d][d] */
void proj_matmul(float *out, const float *x, const float *w, size_t n, size_t d)
{
    for (size_t i = 0; i < n; i++)
        proj_vecmat(out + i * d, x + i * d, w, d, d, d);
}
