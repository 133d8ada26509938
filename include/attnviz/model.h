/* model.h - the whole forward pass over one arena.
 *
 *   tokens -> E (embeddings) -> X = E + PE -> Q, K, V -> per head:
 *   scores = Q_t K_t^T / sqrt(d_k) -> weights = softmax (causal mask) ->
 *   out_t = weights . V_t -> output = concat(out_t)
 *
 * The model knows nothing of terminals or files. All tensors are views into
 * one float arena, row-major; shapes are in the comments below. */
#ifndef ATTNVIZ_MODEL_H
#define ATTNVIZ_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "attnviz/posenc.h"
#include "attnviz/proj.h"

struct vecstore;

/* The numbered passes of the forward pass; a later one reads only earlier
 * ones, so a change redoes the passes from the first it makes stale. */
enum model_pass {
    MODEL_PASS_EMBED = 0,    /* 1. emb[n][d]  (tokens, seed, d, emb overrides) */
    MODEL_PASS_PE,           /* 2. pe[n][d]   (pe kind, seed, pe rows) */
    MODEL_PASS_X,            /* 3. x = emb + pe */
    MODEL_PASS_QKV,          /* 4. q, k, v = x . W (or copies of x) */
    MODEL_PASS_ATTENTION,    /* 5. per head: scores, softmax, weights . v */
    MODEL_PASS_COUNT         /* nothing to redo */
};

struct model_config {
    size_t d_model;          /* 1 .. AV_MAX_DIM */
    size_t heads;            /* 1 .. AV_MAX_HEADS, divides d_model */
    uint64_t seed;
    enum pe_kind pe;
    enum proj_kind proj;
    bool scale;              /* divide scores by sqrt(d_k) */
    bool causal;             /* mask j > i */
};

/* What the forward pass reads besides the config. */
struct model_input {
    size_t n;                          /* tokens, 0 .. AV_MAX_TOKENS */
    const char *const *tokens;         /* n NUL-terminated token texts */
    const struct vecstore *emb_overrides;  /* may be NULL */
    const struct vecstore *pe_rows;        /* may be NULL (PE_TABLE rows) */
};

struct model {
    struct model_config cfg;   /* the config these arrays were computed with */
    size_t n, d, d_k;          /* tokens, d_model, d_model / heads */
    float *emb;      /* [n][d]   embeddings */
    float *pe;       /* [n][d]   positional encoding */
    float *x;        /* [n][d]   emb + pe */
    float *w_q;      /* [d][d]   NULL unless proj == PROJ_RANDOM */
    float *w_k;      /* [d][d]   " */
    float *w_v;      /* [d][d]   " */
    float *q;        /* [n][d]   head t = columns t*d_k .. (t+1)*d_k-1 */
    float *k;        /* [n][d] */
    float *v;        /* [n][d] */
    float *scores;   /* [heads][n][n] unmasked, scaled unless !cfg.scale */
    float *weights;  /* [heads][n][n] */
    float *out;      /* [n][d]   concat of the heads' outputs */
    /* arena bookkeeping */
    float *arena;
    size_t arena_cap;          /* floats */
};

void model_init(struct model *m);        /* an empty model, no allocation */
void model_free(struct model *m);

/* Bytes the arena needs for (n, cfg); used to refuse a configuration before
 * touching anything. */
uint64_t model_bytes_needed(size_t n, const struct model_config *cfg);

/* Checks cfg against the limits; 0 when fine, else -1 and a message such as
 * "heads (3) must divide d_model (8)" in err. */
int model_config_check(const struct model_config *cfg, char *err, size_t errlen);

/* model_config_check, then whether n tokens are within the limits and the
 * model of (n, cfg) fits AV_MAX_MODEL_BYTES ("model needs 4100 MiB; the
 * limit is 3072 MiB (fewer tokens or heads)"). What model_forward checks,
 * for callers that refuse a change before making it. */
int model_check(size_t n, const struct model_config *cfg, char *err, size_t errlen);

/* Runs the forward pass. The arena grows when needed (never inside the
 * passes). Returns 0, or -1 with a message in err (bad config, too big, out
 * of memory); on failure the model's previous contents are unchanged only if
 * the failure came before computing, so callers that need rollback compute
 * into a scratch model and swap (see app.c). */
int model_forward(struct model *m, const struct model_config *cfg,
                  const struct model_input *in, char *err, size_t errlen);

/* Convenience views. */
static inline const float *model_head_scores(const struct model *m, size_t t)
{ return m->scores + t * m->n * m->n; }
static inline const float *model_head_weights(const struct model *m, size_t t)
{ return m->weights + t * m->n * m->n; }

#endif
