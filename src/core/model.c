/* model.c - the forward pass over two arenas (see model.h).
 *
 * Each pass is a job of tasks for the pool (pool.h): row blocks for passes
 * 1, 2 and 4, (head, row block) pairs for pass 5. Tasks are cut by size
 * alone, never by the thread count, and each writes only its own rows, so
 * the numbers do not depend on how many threads ran them or in what
 * order. A job too small to repay waking a thread runs on the caller. */
#include "attnviz/model.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "attnviz/attention.h"
#include "attnviz/embed.h"
#include "attnviz/limits.h"
#include "attnviz/pool.h"
#include "attnviz/rng.h"

/* Below this much work (in rough nanoseconds on one core) a job runs on
 * the calling thread: waking a sleeping worker costs tens of microseconds. */
#define MODEL_SERIAL_NS 50000.0

/* Rough costs per element, for that decision only. */
#define MODEL_NS_RNG 4.0       /* one rng_uniform (embedding, learned PE, W) */
#define MODEL_NS_PE 6.0        /* one sinusoidal component */
#define MODEL_NS_FLOP 0.01     /* one gemm flop at 100 GFLOP/s */
#define MODEL_NS_SOFTMAX 0.5   /* one softmax element */

void model_init(struct model *m)
{
    memset(m, 0, sizeof *m);
}

void model_free(struct model *m)
{
    free(m->arena);
    free(m->params);
    model_init(m);
}

void model_forget(struct model *m)
{
    m->computed = false;
}

void model_set_threads(unsigned n)
{
    pool_set_threads(n);
}

unsigned model_threads(void)
{
    return pool_threads();
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

/* Activations: 7 [n][d] (emb, pe, x, q, k, v, out), 2 [heads][n] (row max,
 * row sum), the [block rows][n] scratch and [heads][n][n] weights. */
static uint64_t model_arena_floats(size_t n, const struct model_config *cfg)
{
    uint64_t total = model_mul(7, model_mul(n, cfg->d_model));
    total = model_add(total, model_mul(2, model_mul(cfg->heads, n)));
    total = model_add(total, model_mul(attention_block_rows(n), n));
    return model_add(total, model_mul(cfg->heads, model_mul(n, n)));
}

/* Parameters: W_Q, W_K, W_V [d][d] when random. */
static uint64_t model_param_floats(const struct model_config *cfg)
{
    if (cfg->proj != PROJ_RANDOM)
        return 0;
    return model_mul(3, model_mul(cfg->d_model, cfg->d_model));
}

uint64_t model_bytes_needed(size_t n, const struct model_config *cfg)
{
    uint64_t floats = model_add(model_arena_floats(n, cfg), model_param_floats(cfg));
    return model_mul(floats, sizeof(float));
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
    else if ((unsigned)cfg->pe > PE_TABLE)
        snprintf(err, errlen, "unknown positional encoding (%d)", (int)cfg->pe);
    else if ((unsigned)cfg->proj > PROJ_RANDOM)
        snprintf(err, errlen, "unknown projection (%d)", (int)cfg->proj);
    else
        return 0;
    return -1;
}

/* Makes room in both arenas; on failure the model is untouched. The
 * activations' arena grows with realloc, which keeps its contents: with n
 * and d unchanged the [n][d] tensors stay where they were (they come first),
 * so e.g. more heads recompute only attention. */
static int model_reserve(struct model *m, size_t arena_floats, size_t param_floats)
{
    float *params = m->params;
    if (param_floats > m->params_cap) {
        params = malloc(param_floats * sizeof *params);
        if (!params)
            return -1;
    }
    if (arena_floats > m->arena_cap) {
        float *arena = realloc(m->arena, arena_floats * sizeof *arena);
        if (!arena) {
            if (params != m->params)
                free(params);
            return -1;
        }
        m->arena = arena;
        m->arena_cap = arena_floats;
    }
    if (params != m->params) {
        free(m->params);
        m->params = params;
        m->params_cap = param_floats;
        m->params_d = 0;
    }
    return 0;
}

/* Hands out the next count floats of an arena. */
static float *model_take(float **p, size_t count)
{
    float *t = *p;
    *p += count;
    return t;
}

/* The views of (n, cfg) in the arenas. */
static void model_layout(struct model *m, size_t n, const struct model_config *cfg)
{
    size_t d = cfg->d_model, h = cfg->heads;
    float *p = m->arena;
    m->emb = model_take(&p, n * d);
    m->pe = model_take(&p, n * d);
    m->x = model_take(&p, n * d);
    m->q = model_take(&p, n * d);
    m->k = model_take(&p, n * d);
    m->v = model_take(&p, n * d);
    m->out = model_take(&p, n * d);
    m->row_max = model_take(&p, h * n);
    m->row_sum = model_take(&p, h * n);
    m->scratch = model_take(&p, attention_block_rows(n) * n);
    m->weights = model_take(&p, h * n * n);
    bool random = cfg->proj == PROJ_RANDOM;
    m->w_q = random ? m->params : NULL;
    m->w_k = random ? m->params + d * d : NULL;
    m->w_v = random ? m->params + 2 * d * d : NULL;
}

static bool model_parallel(double ns)
{
    return ns > MODEL_SERIAL_NS;
}

/* ---- the parameters -------------------------------------------------- */

struct model_w_job {
    float *params;
    size_t d;
    uint64_t seed;
};

static void model_w_task(void *ctx, size_t t)
{
    static const int domain[3] = { RNG_W_Q, RNG_W_K, RNG_W_V };
    const struct model_w_job *j = ctx;
    proj_random_weights(j->params + t * j->d * j->d, j->d, j->seed, domain[t]);
}

/* W_Q, W_K, W_V of (seed, d), unless the arena holds them already. */
static void model_params(struct model *m, const struct model_config *cfg)
{
    size_t d = cfg->d_model;
    if (cfg->proj != PROJ_RANDOM || (m->params_d == d && m->params_seed == cfg->seed))
        return;
    struct model_w_job j = { m->params, d, cfg->seed };
    pool_run(3, model_w_task, &j, model_parallel(3.0 * d * d * MODEL_NS_RNG));
    m->params_d = d;
    m->params_seed = cfg->seed;
}

/* ---- passes 1 and 2: emb, pe ------------------------------------------ */

struct model_fill_job {
    struct model *m;
    const struct model_input *in;
    size_t blocks;             /* row blocks of PROJ_BLOCK_ROWS */
    bool embed, pe;            /* which tables to fill */
};

static void model_fill_task(void *ctx, size_t t)
{
    const struct model_fill_job *j = ctx;
    struct model *m = j->m;
    size_t d = m->d, b = t % j->blocks, i0 = b * PROJ_BLOCK_ROWS;
    size_t rows = m->n - i0 < PROJ_BLOCK_ROWS ? m->n - i0 : PROJ_BLOCK_ROWS;
    if (j->embed && t < j->blocks)
        embed_fill(m->emb + i0 * d, rows, d, m->cfg.seed, j->in->tokens + i0,
                   j->in->emb_overrides);
    else
        posenc_fill_rows(m->pe + i0 * d, i0, rows, d, m->cfg.pe, m->cfg.seed,
                         j->in->pe_rows);
}

/* ---- pass 4: q, k, v --------------------------------------------------- */

struct model_qkv_job {
    struct model *m;
    const uint16_t *blocks;    /* the row blocks to project */
};

/* Task t: matrix t % 3 (q, k, v) of block blocks[t / 3]. */
static void model_qkv_task(void *ctx, size_t t)
{
    const struct model_qkv_job *j = ctx;
    struct model *m = j->m;
    size_t n = m->n, d = m->d, i0 = (size_t)j->blocks[t / 3] * PROJ_BLOCK_ROWS;
    size_t rows = n - i0 < PROJ_BLOCK_ROWS ? n - i0 : PROJ_BLOCK_ROWS;
    float *dst[3] = { m->q, m->k, m->v };
    const float *w[3] = { m->w_q, m->w_k, m->w_v };
    float *out = dst[t % 3] + i0 * d;
    if (w[t % 3])
        proj_rows(out, m->x + i0 * d, w[t % 3], rows, d);
    else
        memcpy(out, m->x + i0 * d, rows * d * sizeof *out);
}

/* ---- pass 5: attention -------------------------------------------------- */

static struct attention_head model_head(const struct model *m, size_t t)
{
    size_t n = m->n, d = m->d, dk = m->d_k, col = t * dk;
    return (struct attention_head){
        .q = m->q + col, .k = m->k + col, .v = m->v + col, .out = m->out + col,
        .weights = m->weights + t * n * n,
        .row_max = m->row_max + t * n, .row_sum = m->row_sum + t * n,
        .n = n, .d_k = dk, .stride = d,
        .scale = m->cfg.scale, .causal = m->cfg.causal,
    };
}

struct model_attn_job {
    const struct model *m;
    size_t rows, blocks;       /* block size, blocks per head */
};

/* Task t: head t % heads, block blocks-1 - t / heads: the last blocks
 * first, since with the causal mask they are the largest, and a large task
 * left for the end would keep one thread busy while the others wait. */
static void model_attn_task(void *ctx, size_t t)
{
    const struct model_attn_job *j = ctx;
    size_t heads = j->m->cfg.heads;
    size_t i0 = (j->blocks - 1 - t / heads) * j->rows;
    struct attention_head h = model_head(j->m, t % heads);
    attention_block(&h, i0, h.n - i0 < j->rows ? h.n - i0 : j->rows);
}

static void model_attention(const struct model *m)
{
    size_t n = m->n, rows = attention_block_rows(n);
    struct model_attn_job j = { m, rows, (n + rows - 1) / rows };
    double per_head = 4.0 * (double)n * (double)n * (double)m->d_k * MODEL_NS_FLOP
                      + (double)n * (double)n * MODEL_NS_SOFTMAX;
    pool_run(j.blocks * m->cfg.heads, model_attn_task, &j,
             model_parallel(per_head * (double)m->cfg.heads));
}

/* ---- the forward pass --------------------------------------------------- */

static enum model_pass model_min(enum model_pass a, enum model_pass b)
{
    return a < b ? a : b;
}

/* x[count] = emb + pe; true when a bit of it changed. */
static bool model_x_block(float *x, const float *emb, const float *pe, size_t count)
{
    uint32_t diff = 0;
    for (size_t i = 0; i < count; i++) {
        float v = emb[i] + pe[i];
        uint32_t a, b;
        memcpy(&a, &v, sizeof a);
        memcpy(&b, &x[i], sizeof b);
        diff |= a ^ b;
        x[i] = v;
    }
    return diff != 0;
}

int model_forward(struct model *m, const struct model_config *cfg_in,
                  const struct model_input *in, enum model_pass from,
                  char *err, size_t errlen)
{
    const struct model_config cfg = *cfg_in;   /* cfg_in may be &m->cfg */
    size_t n = in->n;
    if (model_config_check(&cfg, err, errlen) != 0)
        return -1;
    uint64_t bytes = model_bytes_needed(n, &cfg);
    if (bytes > AV_MAX_MODEL_BYTES) {
        uint64_t mib = bytes / (1u << 20) + (bytes % (1u << 20) != 0);
        snprintf(err, errlen,
                 "model needs %" PRIu64 " MiB; the limit is %llu MiB "
                 "(fewer tokens or heads)", mib, AV_MAX_MODEL_BYTES >> 20);
        return -1;
    }
    if (n > AV_MAX_TOKENS) {
        snprintf(err, errlen, "%zu tokens; the limit is %u", n, AV_MAX_TOKENS);
        return -1;
    }
    /* At least one float, so that every view is a real pointer even for
     * n = 0. Both counts fit in size_t: they are under AV_MAX_MODEL_BYTES. */
    size_t arena_floats = (size_t)model_arena_floats(n, &cfg);
    if (model_reserve(m, arena_floats ? arena_floats : 1,
                      (size_t)model_param_floats(&cfg)) != 0) {
        snprintf(err, errlen, "out of memory (model needs %" PRIu64 " bytes)", bytes);
        return -1;
    }

    /* What the arrays still hold, and so where to start. */
    size_t d = cfg.d_model;
    const struct model_config old = m->cfg;
    bool same = m->computed && n == m->n && d == m->d && cfg.seed == old.seed;
    if (!same)
        from = MODEL_PASS_EMBED;
    if (cfg.pe != old.pe)
        from = model_min(from, MODEL_PASS_PE);
    if (cfg.proj != old.proj)
        from = model_min(from, MODEL_PASS_QKV);
    if (cfg.heads != old.heads || cfg.scale != old.scale || cfg.causal != old.causal)
        from = model_min(from, MODEL_PASS_ATTENTION);
    /* A none, sinusoidal or learned PE is a function of what the model
     * sees; a table's rows are the caller's to judge. */
    bool pe_kept = same && cfg.pe == old.pe && cfg.pe != PE_TABLE;
    /* q, k, v are x . W of the x in the arena; the weights and out are
     * attention over those q, k, v */
    bool qkv_kept = same && cfg.proj == old.proj;
    bool attn_kept = qkv_kept && cfg.heads == old.heads && cfg.scale == old.scale
                     && cfg.causal == old.causal;

    m->cfg = cfg;
    m->n = n;
    m->d = d;
    m->d_k = d / cfg.heads;
    model_layout(m, n, &cfg);
    model_params(m, &cfg);
    m->computed = true;
    if (n == 0)
        return 0;

    /* 1. emb[n][d] (overrides, then the default generator) and
     * 2. pe[n][d], in one job of row blocks */
    size_t blocks = (n + PROJ_BLOCK_ROWS - 1) / PROJ_BLOCK_ROWS;
    struct model_fill_job fill = { m, in, blocks, from <= MODEL_PASS_EMBED,
                                   from <= MODEL_PASS_PE && !pe_kept };
    size_t fill_tasks = (fill.embed + fill.pe) * blocks;
    double fill_ns = (double)n * (double)d
                     * (fill.embed * MODEL_NS_RNG + fill.pe * MODEL_NS_PE);
    pool_run(fill_tasks, model_fill_task, &fill, model_parallel(fill_ns));

    /* 3. x[n][d] = emb + pe, noting the row blocks whose q, k, v must be
     * redone: all of them, or (when they are x . W of the x in the arena)
     * those whose x changed */
    uint16_t dirty[AV_MAX_TOKENS / PROJ_BLOCK_ROWS + 1];
    size_t ndirty = 0;
    for (size_t b = 0; b < blocks; b++) {
        size_t i0 = b * PROJ_BLOCK_ROWS;
        size_t count = (n - i0 < PROJ_BLOCK_ROWS ? n - i0 : PROJ_BLOCK_ROWS) * d;
        bool redo = from <= MODEL_PASS_QKV;
        if (from <= MODEL_PASS_X && qkv_kept)
            redo = model_x_block(m->x + i0 * d, m->emb + i0 * d, m->pe + i0 * d, count);
        else if (from <= MODEL_PASS_X)
            for (size_t i = i0 * d; i < i0 * d + count; i++)
                m->x[i] = m->emb[i] + m->pe[i];
        if (redo)
            dirty[ndirty++] = (uint16_t)b;
    }

    /* 4. q, k, v [n][d] = x . w_q, w_k, w_v [d][d] (or copies of x), for
     * the blocks whose x changed */
    struct model_qkv_job qkv = { m, dirty };
    double rows = (double)ndirty * PROJ_BLOCK_ROWS;
    pool_run(3 * ndirty, model_qkv_task, &qkv,
             cfg.proj == PROJ_RANDOM
             && model_parallel(6.0 * rows * (double)d * (double)d * MODEL_NS_FLOP));

    /* 5. per head t, on columns t*d_k .. (t+1)*d_k-1 of q, k, v (row stride
     * d), by row blocks: scores = q_t . k_t^T (/ sqrt(d_k)), weights =
     * softmax by rows (causal: j > i -> 0) with the row max and sum,
     * out[:, t*d_k ..] = weights . v_t. Unless none of its inputs changed. */
    if (from <= MODEL_PASS_ATTENTION && (ndirty > 0 || !attn_kept || from == MODEL_PASS_ATTENTION))
        model_attention(m);
    return 0;
}

/* ---- the scores, recomputed for the views --------------------------------- */

/* Block [i0, i0+rows) of head h's scores into s[rows][n]: the visible keys
 * with the forward pass's own call, the masked ones (if any) with one more. */
static void model_block_scores(const struct attention_head *h, size_t i0,
                               size_t rows, float *s, size_t lds)
{
    size_t cols = attention_block_cols(h->n, i0, rows, h->causal);
    attention_scores(s, lds, h, i0, rows, 0, cols);
    if (cols < h->n)
        attention_scores(s + cols, lds, h, i0, rows, cols, h->n - cols);
}

void model_row_scores(const struct model *m, size_t head, size_t row, float *out)
{
    struct attention_head h = model_head(m, head);
    size_t n = m->n, size = attention_block_rows(n);
    size_t i0 = row / size * size, rows = n - i0 < size ? n - i0 : size;
    model_block_scores(&h, i0, rows, m->scratch, n);
    memcpy(out, m->scratch + (row - i0) * n, n * sizeof *out);
}

void model_head_scores(const struct model *m, size_t head, float *out)
{
    struct attention_head h = model_head(m, head);
    size_t n = m->n, size = attention_block_rows(n);
    for (size_t i0 = 0; i0 < n; i0 += size)
        model_block_scores(&h, i0, n - i0 < size ? n - i0 : size, out + i0 * n, n);
}
