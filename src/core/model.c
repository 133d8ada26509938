/* model.c - the forward pass over one arena (see model.h). */
#include "attnviz/model.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "attnviz/attention.h"
#include "attnviz/embed.h"
#include "attnviz/limits.h"
#include "attnviz/rng.h"

void model_init(struct model *m)
{
    memset(m, 0, sizeof *m);
}

void model_free(struct model *m)
{
    free(m->arena);
    model_init(m);
}

/* Saturating uint64 arithmetic: a size that overflows is simply "too big". */
static uint64_t model_mul(uint64_t a, uint64_t b)
{
    return (b && a > UINT64_MAX / b) ? UINT64_MAX : a * b;
}

static uint64_t model_add(uint64_t a, uint64_t b)
{
    return a > UINT64_MAX - b ? UINT64_MAX : a + b;
}

/* Floats in the arena: 7 [n][d] tensors (emb, pe, x, q, k, v, out), 3 [d][d]
 * weights when random, 2 [heads][n][n] (scores, weights). */
static uint64_t model_floats_needed(size_t n, const struct model_config *cfg)
{
    uint64_t nd = model_mul(n, cfg->d_model);
    uint64_t total = model_mul(7, nd);
    if (cfg->proj == PROJ_RANDOM)
        total = model_add(total, model_mul(3, model_mul(cfg->d_model, cfg->d_model)));
    uint64_t nn = model_mul(n, n);
    return model_add(total, model_mul(2, model_mul(cfg->heads, nn)));
}

uint64_t model_bytes_needed(size_t n, const struct model_config *cfg)
{
    return model_mul(model_floats_needed(n, cfg), sizeof(float));
}

int model_config_check(const struct model_config *cfg, char *err, size_t errlen)
{
    if (cfg->d_model < 1 || cfg->d_model > AV_MAX_DIM)
        snprintf(err, errlen, "d_model must be 1 to %u, got %zu",
                 AV_MAX_DIM, cfg->d_model);
    else if (cfg->heads < 1 || cfg->heads > AV_MAX_HEADS)
        snprintf(err, errlen, "heads must be 1 to %u, got %zu",
                 AV_MAX_HEADS, cfg->heads);
    else if (cfg->d_model % cfg->heads != 0)
        snprintf(err, errlen, "heads (%zu) must divide d_model (%zu)",
                 cfg->heads, cfg->d_model);
    else if ((unsigned)cfg->pe >= PE_COUNT)
        snprintf(err, errlen, "unknown positional encoding (%d)", (int)cfg->pe);
    else if ((unsigned)cfg->proj >= PROJ_COUNT)
        snprintf(err, errlen, "unknown projection (%d)", (int)cfg->proj);
    else
        return 0;
    return -1;
}

int model_check(size_t n, const struct model_config *cfg, char *err, size_t errlen)
{
    if (model_config_check(cfg, err, errlen) != 0)
        return -1;
    if (n > AV_MAX_TOKENS) {
        snprintf(err, errlen, "%zu tokens; the limit is %u", n, AV_MAX_TOKENS);
        return -1;
    }
    uint64_t bytes = model_bytes_needed(n, cfg);
    if (bytes > AV_MAX_MODEL_BYTES) {
        uint64_t mib = bytes / (1u << 20) + (bytes % (1u << 20) != 0);
        snprintf(err, errlen,
                 "model needs %" PRIu64 " MiB; the limit is %llu MiB "
                 "(fewer tokens or heads)", mib, AV_MAX_MODEL_BYTES >> 20);
        return -1;
    }
    return 0;
}

/* Hands out the next count floats of the arena. */
static float *model_take(float **p, size_t count)
{
    float *t = *p;
    *p += count;
    return t;
}

/* Makes room for `floats` floats; on failure the model is untouched. The old
 * arena is not copied: every tensor is recomputed. */
static int model_reserve(struct model *m, size_t floats)
{
    if (floats <= m->arena_cap)
        return 0;
    float *arena = malloc(floats * sizeof *arena);
    if (!arena)
        return -1;
    free(m->arena);
    m->arena = arena;
    m->arena_cap = floats;
    return 0;
}

int model_forward(struct model *m, const struct model_config *cfg_in,
                  const struct model_input *in, char *err, size_t errlen)
{
    const struct model_config cfg = *cfg_in;   /* cfg_in may be &m->cfg */
    size_t n = in->n;
    if (model_check(n, &cfg, err, errlen) != 0)
        return -1;
    uint64_t bytes = model_bytes_needed(n, &cfg);
    /* At least one float, so that every view is a real pointer even for
     * n = 0. bytes fits in size_t: it is at most AV_MAX_MODEL_BYTES. */
    size_t floats = (size_t)(bytes / sizeof(float));
    if (model_reserve(m, floats ? floats : 1) != 0) {
        snprintf(err, errlen, "out of memory (model needs %" PRIu64 " bytes)", bytes);
        return -1;
    }

    size_t d = cfg.d_model, h = cfg.heads, d_k = d / h;
    float *p = m->arena;
    m->cfg = cfg;
    m->n = n;
    m->d = d;
    m->d_k = d_k;
    m->emb = model_take(&p, n * d);
    m->pe = model_take(&p, n * d);
    m->x = model_take(&p, n * d);
    bool random = cfg.proj == PROJ_RANDOM;
    m->w_q = random ? model_take(&p, d * d) : NULL;
    m->w_k = random ? model_take(&p, d * d) : NULL;
    m->w_v = random ? model_take(&p, d * d) : NULL;
    m->q = model_take(&p, n * d);
    m->k = model_take(&p, n * d);
    m->v = model_take(&p, n * d);
    m->scores = model_take(&p, h * n * n);
    m->weights = model_take(&p, h * n * n);
    m->out = model_take(&p, n * d);

    /* 1. emb[n][d]: overrides, then the default generator */
    embed_fill(m->emb, n, d, cfg.seed, in->tokens, in->emb_overrides);

    /* 2. pe[n][d] */
    posenc_fill(m->pe, n, d, cfg.pe, cfg.seed, in->pe_rows);

    /* 3. x[n][d] = emb + pe */
    for (size_t i = 0; i < n * d; i++)
        m->x[i] = m->emb[i] + m->pe[i];

    /* 4. q, k, v [n][d] = x . w_q, w_k, w_v [d][d]  (or copies of x) */
    if (random) {
        proj_random_weights(m->w_q, d, cfg.seed, RNG_W_Q);
        proj_random_weights(m->w_k, d, cfg.seed, RNG_W_K);
        proj_random_weights(m->w_v, d, cfg.seed, RNG_W_V);
        proj_matmul(m->q, m->x, m->w_q, n, d);
        proj_matmul(m->k, m->x, m->w_k, n, d);
        proj_matmul(m->v, m->x, m->w_v, n, d);
    } else {
        memcpy(m->q, m->x, n * d * sizeof *m->x);
        memcpy(m->k, m->x, n * d * sizeof *m->x);
        memcpy(m->v, m->x, n * d * sizeof *m->x);
    }

    /* 5. per head t, on columns t*d_k .. (t+1)*d_k-1 of q, k, v (row stride d):
     *    scores_t[n][n] = q_t . k_t^T (/ sqrt(d_k)),
     *    weights_t[n][n] = softmax by rows (causal: j > i -> 0),
     *    out[:, t*d_k ..][n][d_k] = weights_t . v_t
     * (with n = 0 the column views would point past the one-float arena) */
    for (size_t t = 0; n > 0 && t < h; t++) {
        float *scores = m->scores + t * n * n;
        float *weights = m->weights + t * n * n;
        size_t col = t * d_k;
        attention_scores(scores, m->q + col, m->k + col, n, d_k, d, cfg.scale);
        attention_softmax(weights, scores, n, cfg.causal);
        attention_apply(m->out + col, weights, m->v + col, n, d_k, d);
    }
    return 0;
}
