/* proj.c - the Q, K, V projections (see proj.h). */
#include "attnviz/proj.h"

#include <math.h>

#include "attnviz/gemm.h"
#include "attnviz/rng.h"

static const char *const proj_names[] = {
    [PROJ_IDENTITY] = "identity", [PROJ_RANDOM] = "random",
};

const char *proj_kind_name(enum proj_kind k)
{
    if ((unsigned)k >= sizeof proj_names / sizeof proj_names[0])
        return "?";
    return proj_names[k];
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

/* out[rows][d], x[rows][d], w[d][d] */
void proj_rows(float *out, const float *x, const float *w, size_t rows, size_t d)
{
    gemm(out, d, x, d, w, d, rows, d, d, false, 1.0f);
}
