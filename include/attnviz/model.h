/* model.h - the forward pass, in numbered passes over two arenas.
 *
 *   tokens -> E (embeddings) -> X = E + PE -> Q, K, V (RoPE: q, k rotated)
 *   -> per head: scores = Q_t K_t^T / sqrt(d_k) (ALiBi: + bias) ->
 *   weights = softmax (causal mask) -> out_t = weights . V_t ->
 *   output = concat(out_t)
 *
 * The parameters live in their own arena, made once and kept: W_Q, W_K,
 * W_V per (seed, d_model), and the PE table, which depends on no token
 * (sinusoidal per d_model, learned per (seed, d_model); as many rows as
 * the longest sentence so far). The activations live in another arena, which
 * grows only when the size grows. A call runs the passes from the first one that
 * must be redone (docs/ARCHITECTURE.md, "The forward pass"). The scores are
 * not kept: model_row_scores and model_head_scores recompute them, with the
 * very calls the forward pass made, so they are the numbers the weights
 * were computed from.
 *
 * The model knows nothing of terminals or files. Tensors are row-major
 * views into the arenas; shapes are in the comments below. */
#ifndef ATTNVIZ_MODEL_H
#define ATTNVIZ_MODEL_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "attnviz/posenc.h"
#include "attnviz/proj.h"

struct vecstore;
struct vectable;
struct model_scratch_tag;

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
    const struct vectable *vectors;        /* word vectors (:vectors); may be NULL */
    const struct vecstore *pe_rows;        /* may be NULL (PE_TABLE rows) */
};

enum model_pass {            /* numbered passes; a later one reads only earlier ones */
    MODEL_PASS_EMBED = 0,    /* 1. emb[n][d]  (tokens, seed, d, emb overrides, vectors) */
    MODEL_PASS_PE,           /* 2. pe[n][d]   (pe kind, seed, pe rows)              */
    MODEL_PASS_X,            /* 3. x = emb + pe                                      */
    MODEL_PASS_QKV,          /* 4. q, k, v = x·W_Q, x·W_K, x·W_V (or copies of x); RoPE rotates q, k */
    MODEL_PASS_ATTENTION,    /* 5. per head: scores (+ ALiBi bias) → mask → softmax → weights, row max and sum; out = weights·V */
    MODEL_PASS_COUNT         /* nothing to redo */
};

/* A table of the parameter arena: what it holds and where. */
struct model_param {
    float *data;
    size_t cap;                /* floats */
    size_t rows, d;            /* it holds rows x d floats (rows 0: nothing) */
    uint64_t seed;
    enum pe_kind pe;           /* the PE table's kind */
};

/* A forward pass run in another thread can be told to stop, and says how
 * far it is (the owner reads both while it runs). */
struct model_ctl {
    atomic_bool stop;          /* the pass ends at its next task: model_forward returns 1 */
    atomic_uint done, total;   /* tasks of passes 4 and 5 done, and to do */
};

struct model {
    struct model_config cfg;   /* the config these arrays were computed with */
    size_t n, d, d_k;          /* tokens, d_model, d_model / heads */
    float *emb;      /* [n][d]   embeddings */
    float *pe;       /* [n][d]   positional encoding */
    float *x;        /* [n][d]   emb + pe */
    float *q;        /* [n][d]   head t = columns t*d_k .. (t+1)*d_k-1;
                        with PE_ROPE rotated (posenc.h) */
    float *k;        /* [n][d]   likewise */
    float *v;        /* [n][d] */
    float *out;      /* [n][d]   concat of the heads' outputs */
    float *weights;  /* [heads][n][n]  0 where masked */
    float *row_max;  /* [heads][n]  max of the row's visible scores (with
                        PE_ALIBI: of score + bias) */
    float *row_sum;  /* [heads][n]  sum of exp(score (+ bias) - max) over
                        them: each weight is its exp times 1/row_sum */
    float *bias;     /* [heads][2n-1]  PE_ALIBI only, else NULL:
                        bias[t][n-1 + j-i] = posenc_alibi_bias(m_t, |i - j|),
                        added to score (i, j) of head t (so row i's biases
                        are n consecutive floats) */
    float *w_q;      /* [d][d]   NULL unless proj == PROJ_RANDOM; in the */
    float *w_k;      /* [d][d]   parameter arena */
    float *w_v;      /* [d][d] */
    /* the activations' arena: the views above but w_* */
    float *arena;
    size_t arena_cap;          /* floats */
    float *scratch;            /* [attention_block_rows(n)][n] in the arena,
                                  where model_row_scores recomputes a block */
    /* the parameter arena */
    struct model_param w;      /* [3][d][d]: W_Q, W_K, W_V (rows = 3 d) */
    struct model_param w_spare;    /* the W of the d_model before, kept while
                                      small (a d_model changed back reuses it) */
    struct model_param pe_table;   /* [rows][d] sinusoidal or learned PE */
    struct model_param pe_spare;   /* the table before, kept as w_spare is */
    bool computed;             /* the views hold a finished pass of cfg */
    struct model_ctl *ctl;     /* NULL, or what model_forward checks and counts */
    /* which block of scores the scratch holds (model_row_scores reuses it
     * while the cursor stays in the block, and the views read a stage row
     * after row) */
    struct model_scratch_tag *scratch_tag;
};

void model_init(struct model *m);        /* an empty model, no allocation */
void model_free(struct model *m);

/* Bytes both arenas need for (n, cfg); used to refuse a configuration
 * before touching anything. */
uint64_t model_bytes_needed(size_t n, const struct model_config *cfg);

/* Checks cfg against the limits; 0 when fine, else -1 and a message such as
 * "heads (3) must divide d_model (8)" in err. */
int model_config_check(const struct model_config *cfg, char *err, size_t errlen);

/* model_config_check, then whether n tokens are within the limits and the
 * model of (n, cfg) fits AV_MAX_MODEL_BYTES ("model needs 4100 MiB; the
 * limit is 3072 MiB (fewer tokens or heads)"). What model_forward checks,
 * for callers that refuse a change before making it. */
int model_check(size_t n, const struct model_config *cfg, char *err, size_t errlen);

/* Runs the forward pass from pass `from`: the first pass the caller knows
 * must be redone because of inputs the model cannot see (tokens, emb
 * overrides, word vectors, pe rows). The model lowers `from` itself where its own state
 * cannot be reused: n, d_model or seed changed, or nothing computed yet ->
 * everything; pe kind -> PE; proj, and heads under PE_ROPE (d_k sets the
 * rotation) -> QKV; heads, scale, causal -> ATTENTION. So MODEL_PASS_COUNT after a :causal change recomputes only
 * attention, and MODEL_PASS_EMBED always gives a full result. Within the
 * passes it also skips what it can see is unchanged (a none, sinusoidal
 * or learned PE of the same size; the Q, K, V blocks whose rows of x are
 * bit for bit the same, and attention when none changed): the result is
 * bit for bit the one a full recompute gives.
 * The arenas grow when needed, never inside the passes. Returns 0, or -1
 * with a message in err (bad config, too big, out of memory) and the model
 * as it was, or 1 when m->ctl->stop was set while it ran: the arrays are
 * then half done, and the next call redoes every pass. */
int model_forward(struct model *m, const struct model_config *cfg,
                  const struct model_input *in, enum model_pass from,
                  char *err, size_t errlen);

/* Makes the next model_forward redo every pass, as for a new model; the
 * parameters are kept (for a benchmark of the full forward pass). */
void model_forget(struct model *m);

/* The scores of row `row` of head `head`, out[n]: scaled unless
 * !cfg.scale, before the causal mask and WITHOUT the ALiBi bias (see
 * model_row_bias), bit for bit the numbers the forward pass computed
 * (masked keys' scores, which it did not need, come from the same calls as
 * model_head_scores'). Uses the model's scratch: one call at a time per
 * model. */
void model_row_scores(const struct model *m, size_t head, size_t row, float *out);

/* The same for every row of a head, out[n][n]. */
void model_head_scores(const struct model *m, size_t head, float *out);

/* The bias pass 5 added to score (i, j) of head `head` before the softmax:
 * with PE_ALIBI posenc_alibi_bias(posenc_alibi_slope(head, heads), |i - j|),
 * else 0. The softmax saw the float sum score + bias (score from
 * model_row_scores), so weight (i, j) = exp(score + bias - row max) / row
 * sum, with the stored max and sum. */
float model_bias(const struct model *m, size_t head, size_t i, size_t j);

/* The same for every key of row `row`, out[n]. */
void model_row_bias(const struct model *m, size_t head, size_t row, float *out);

static inline const float *model_head_weights(const struct model *m, size_t t)
{ return m->weights + t * m->n * m->n; }

/* Threads for large inputs: caps them at n (0 = all online CPUs); small
 * inputs always run on the calling thread and start no thread at all. */
void model_set_threads(unsigned n);
unsigned model_threads(void);

#endif
