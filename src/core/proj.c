/* proj.c - the Q, K, V projections (see proj.h). */
#include "attnviz/proj.h"

#include <math.h>

#include "attnviz/gemm.h"
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
void proj_random_rows(float *w, size_t d, uint64_t seed, int domain, size_t r0, size_t rows)
{
    double scale = sqrt(3.0 / (double)d);
    rng_uniform_fill(w, rows * d, seed, (enum rng_domain)domain, 0, r0 * d);
    for (size_t i = 0; i < rows * d; i++)
        w[i] = (float)(w[i] * scale);
}

void proj_random_weights(float *w, size_t d, uint64_t seed, int domain)
{
    proj_random_rows(w, d, seed, domain, 0, d);
}

size_t proj_block_rows(size_t n)
{
    return n <= 256 ? PROJ_MIN_ROWS : 2 * PROJ_MIN_ROWS;
}

size_t proj_col_blocks(size_t n, size_t d)
{
    return n <= 256 && d >= 256 ? 2 : 1;
}

/* out[rows][d] from column c0, x[rows][d], w[d][d] from column c0 */
void proj_block(float *out, const float *x, const float *w, size_t rows, size_t d,
                size_t c0, size_t cols)
{
    gemm(out + c0, d, x, d, w + c0, d, rows, cols, d, false, 1.0f);
}
