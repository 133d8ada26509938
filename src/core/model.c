/* model.c - the forward pass over two arenas (see model.h).
 *
 * Each pass is a job of tasks for the pool (pool.h): row blocks for passes
 * 1, 2 and 4 (and RoPE's rotation at the end of 4), (head, row block) pairs
 * for pass 5. Tasks are cut by size alone, never by the thread count, and
 * each writes only its own rows, so the numbers do not depend on how many
 * threads ran them or in what order. A job too small to repay waking a
 * thread runs on the caller. */
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
#define MODEL_NS_RNG 1.0       /* one rng_uniform_fill value (embedding, learned PE, W) */
#define MODEL_NS_PE 6.0        /* one sinusoidal component */
#define MODEL_NS_FLOP 0.01     /* one gemm flop at 100 GFLOP/s */
#define MODEL_NS_SOFTMAX 0.5   /* one softmax element */
#define MODEL_NS_SINCOS 30.0   /* one RoPE angle's sine and cosine */
#define MODEL_NS_ROTATE 2.0    /* one RoPE pair rotated */

/* Rows in a task of passes 1 and 2: a row is a few microseconds of work at
 * d_model 512, and every row is computed alone, so small tasks share the
 * work out evenly at no cost to the numbers. */
#define MODEL_FILL_ROWS 16

void model_init(struct model *m)
{
    memset(m, 0, sizeof *m);
}

struct model_scratch_tag {
    bool valid;
    size_t head, i0;
};

void model_free(struct model *m)
{
    free(m->scratch_tag);
    free(m->arena);
    free(m->w.data);
    free(m->w_spare.data);
    free(m->pe_table.data);
    free(m->pe_spare.data);
    model_init(m);
}

/* Whether the owner asked the pass to stop (never, without a ctl). */
static bool model_stopped(const struct model *m)
{
    return m->ctl && atomic_load_explicit(&m->ctl->stop, memory_order_relaxed);
}

static void model_task_done(const struct model *m)
{
    if (m->ctl)
        atomic_fetch_add_explicit(&m->ctl->done, 1, memory_order_relaxed);
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

/* ALiBi's table of a head: the bias of j - i = -(n-1) .. n-1. */
static uint64_t model_bias_span(size_t n)
{
    return n ? 2 * (uint64_t)n - 1 : 0;
}

/* The activations' arena, in order: each tensor's place in struct model
 * and its shape. Its size (model_arena_floats) and its layout
 * (model_layout) walk this one list. ALiBi's bias by j - i comes last, so
 * that the other kinds' layout is what it was. */
enum model_extent { EXT_ONE = 0, EXT_N, EXT_D, EXT_HEADS, EXT_BLOCK_ROWS, EXT_BIAS_SPAN };

struct model_tensor {
    size_t field;                      /* offsetof(struct model, it) */
    enum model_extent shape[3];        /* EXT_ONE where it has fewer */
    bool alibi_only;
};

#define TENSOR(f, ...) { .field = offsetof(struct model, f), .shape = __VA_ARGS__ }
static const struct model_tensor model_tensors[] = {
    TENSOR(emb, { EXT_N, EXT_D }),
    TENSOR(pe, { EXT_N, EXT_D }),
    TENSOR(x, { EXT_N, EXT_D }),
    TENSOR(q, { EXT_N, EXT_D }),
    TENSOR(k, { EXT_N, EXT_D }),
    TENSOR(v, { EXT_N, EXT_D }),
    TENSOR(out, { EXT_N, EXT_D }),
    TENSOR(row_max, { EXT_HEADS, EXT_N }),
    TENSOR(row_sum, { EXT_HEADS, EXT_N }),
    TENSOR(scratch, { EXT_BLOCK_ROWS, EXT_N }),
    TENSOR(weights, { EXT_HEADS, EXT_N, EXT_N }),
    { .field = offsetof(struct model, bias), .shape = { EXT_HEADS, EXT_BIAS_SPAN }, .alibi_only = true },
};
#undef TENSOR

static uint64_t model_extent(enum model_extent e, size_t n, const struct model_config *cfg)
{
    switch (e) {
    case EXT_ONE:        return 1;
    case EXT_N:          return n;
    case EXT_D:          return cfg->d_model;
    case EXT_HEADS:      return cfg->heads;
    case EXT_BLOCK_ROWS: return attention_block_rows(n);
    case EXT_BIAS_SPAN:  return model_bias_span(n);
    }
    return 0;
}

/* Floats of tensor t for (n, cfg); 0 when this config has none of it. */
static uint64_t model_tensor_floats(const struct model_tensor *t, size_t n,
                                    const struct model_config *cfg)
{
    if (t->alibi_only && cfg->pe != PE_ALIBI)
        return 0;
    uint64_t f = 1;
    for (size_t k = 0; k < 3; k++)
        f = model_mul(f, model_extent(t->shape[k], n, cfg));
    return f;
}

static uint64_t model_arena_floats(size_t n, const struct model_config *cfg)
{
    uint64_t total = 0;
    for (size_t i = 0; i < sizeof model_tensors / sizeof model_tensors[0]; i++)
        total = model_add(total, model_tensor_floats(&model_tensors[i], n, cfg));
    return total;
}

/* Parameters: W_Q, W_K, W_V [d][d] when random. */
static uint64_t model_w_floats(const struct model_config *cfg)
{
    if (cfg->proj != PROJ_RANDOM)
        return 0;
    return model_mul(3, model_mul(cfg->d_model, cfg->d_model));
}

/* The PE kinds that depend on no input but the config, kept as a table. */
static bool model_pe_kept_as_table(enum pe_kind pe)
{
    return pe == PE_SINUSOIDAL || pe == PE_LEARNED;
}

/* Parameters: the PE table [n][d] */
static uint64_t model_pe_floats(size_t n, const struct model_config *cfg)
{
    return model_pe_kept_as_table(cfg->pe) ? model_mul(n, cfg->d_model) : 0;
}

uint64_t model_bytes_needed(size_t n, const struct model_config *cfg)
{
    uint64_t floats = model_add(model_arena_floats(n, cfg), model_w_floats(cfg));
    floats = model_add(floats, model_pe_floats(n, cfg));
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

/* Whether a parameter set holds the W of cfg's (seed, d). */
static bool model_w_holds(const struct model_param *w, const struct model_config *cfg)
{
    return w->rows && w->d == cfg->d_model && w->seed == cfg->seed;
}

/* Whether a PE table holds rows of cfg's PE (some rows: more are added). */
static bool model_pe_holds(const struct model_param *t, const struct model_config *cfg)
{
    return t->rows && t->pe == cfg->pe && t->d == cfg->d_model
           && t->seed == (cfg->pe == PE_LEARNED ? cfg->seed : 0);
}

/* A parameter set that a change leaves is kept as the spare while it is
 * small, and comes back when a change goes back (a d_model changed and
 * changed back, an undo of :dim, a PE switched and switched back): the
 * spare costs nothing at the sizes where memory counts. */
#define MODEL_SPARE_BYTES (8u << 20)

/* Swaps *p and *spare when the spare holds what is wanted (holds says
 * whether each does) or *p is worth keeping as the spare. True when *p
 * then holds it. */
static bool model_take_spare(struct model_param *p, struct model_param *spare,
                             bool (*holds)(const struct model_param *,
                                           const struct model_config *),
                             const struct model_config *cfg)
{
    if (holds(p, cfg))
        return true;
    if (holds(spare, cfg) || (p->rows && p->cap * sizeof(float) <= MODEL_SPARE_BYTES)) {
        struct model_param t = *p;
        *p = *spare;
        *spare = t;
        /* a large set that left for the spare's is not kept */
        if (spare->cap * sizeof(float) > MODEL_SPARE_BYTES) {
            free(spare->data);
            *spare = (struct model_param){ 0 };
        }
    }
    return holds(p, cfg);
}

/* The W of cfg in m->w: the spare when it holds them, else a buffer for
 * model_w to fill. On failure both sets still describe what they hold. */
static int model_reserve_w(struct model *m, const struct model_config *cfg, size_t w_floats)
{
    struct model_param *w = &m->w;
    if (w_floats == 0 || model_take_spare(w, &m->w_spare, model_w_holds, cfg))
        return 0;
    if (w_floats > w->cap) {
        float *data = malloc(w_floats * sizeof *data);
        if (!data)
            return -1;
        free(w->data);
        *w = (struct model_param){ .data = data, .cap = w_floats };
    }
    w->rows = 0;
    return 0;
}

/* Makes room in both arenas; on failure the model holds what it held. The
 * activations' arena and the PE table grow with realloc, which keeps their
 * contents: with n and d unchanged the [n][d] tensors stay where they were
 * (they come first), so e.g. more heads recompute only attention, and a
 * longer sentence adds rows to the PE table. */
static int model_reserve(struct model *m, const struct model_config *cfg, size_t arena_floats,
                         size_t pe_floats)
{
    if (pe_floats)
        model_take_spare(&m->pe_table, &m->pe_spare, model_pe_holds, cfg);
    if (pe_floats > m->pe_table.cap) {
        float *pe = realloc(m->pe_table.data, pe_floats * sizeof *pe);
        if (!pe)
            return -1;
        m->pe_table.data = pe;
        m->pe_table.cap = pe_floats;
    }
    if (arena_floats > m->arena_cap) {
        float *arena = realloc(m->arena, arena_floats * sizeof *arena);
        if (!arena)
            return -1;
        m->arena = arena;
        m->arena_cap = arena_floats;
    }
    return model_reserve_w(m, cfg, (size_t)model_w_floats(cfg));
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
    size_t d = cfg->d_model;
    float *p = m->arena;
    for (size_t i = 0; i < sizeof model_tensors / sizeof model_tensors[0]; i++) {
        const struct model_tensor *t = &model_tensors[i];
        float **view = (float **)(void *)((char *)m + t->field);
        size_t floats = (size_t)model_tensor_floats(t, n, cfg);
        *view = t->alibi_only && !floats ? NULL : model_take(&p, floats);
    }
    bool random = cfg->proj == PROJ_RANDOM;
    m->w_q = random ? m->w.data : NULL;
    m->w_k = random ? m->w.data + d * d : NULL;
    m->w_v = random ? m->w.data + 2 * d * d : NULL;
}

static bool model_parallel(double ns)
{
    return ns > MODEL_SERIAL_NS;
}

/* ---- the parameters -------------------------------------------------- */

struct model_w_job {
    float *w;
    size_t d, rows, blocks;    /* rows of W in a task, tasks per matrix */
    uint64_t seed;
};

/* Task t: row block t % blocks of matrix t / blocks (W_Q, W_K, W_V). */
static void model_w_task(void *ctx, size_t t)
{
    static const int domain[3] = { RNG_W_Q, RNG_W_K, RNG_W_V };
    const struct model_w_job *j = ctx;
    size_t d = j->d, matrix = t / j->blocks, r0 = t % j->blocks * j->rows;
    size_t rows = d - r0 < j->rows ? d - r0 : j->rows;
    proj_random_rows(j->w + (matrix * d + r0) * d, d, j->seed, domain[matrix], r0, rows);
}

/* W_Q, W_K, W_V of (seed, d), unless the arena holds them already. */
static void model_w(struct model *m, const struct model_config *cfg)
{
    size_t d = cfg->d_model;
    struct model_param *w = &m->w;
    if (cfg->proj != PROJ_RANDOM || model_w_holds(w, cfg))
        return;
    size_t per = (d + 7) / 8;
    struct model_w_job j = { w->data, d, per, (d + per - 1) / per, cfg->seed };
    pool_run(3 * j.blocks, model_w_task, &j, model_parallel(3.0 * d * d * MODEL_NS_RNG));
    w->rows = 3 * d;
    w->d = d;
    w->seed = cfg->seed;
}

/* ---- passes 1 and 2: emb, pe ------------------------------------------ */

struct model_fill_job {
    struct model *m;
    const struct model_input *in;
    size_t rows;               /* in a block: MODEL_FILL_ROWS */
    size_t emb_blocks;         /* blocks of emb to fill (all or none) */
    float *pe;                 /* where PE rows pe_first .. n-1 go: m->pe or */
    size_t pe_first, pe_blocks;    /* the PE table; blocks from pe_first */
};

/* Task t: block t of emb, then block t - emb_blocks of the PE rows. */
static void model_fill_task(void *ctx, size_t t)
{
    const struct model_fill_job *j = ctx;
    struct model *m = j->m;
    size_t n = m->n, d = m->d;
    bool emb = t < j->emb_blocks;
    size_t i0 = emb ? t * j->rows : j->pe_first + (t - j->emb_blocks) * j->rows;
    size_t rows = n - i0 < j->rows ? n - i0 : j->rows;
    if (emb)
        embed_fill(m->emb + i0 * d, rows, d, m->cfg.seed, j->in->tokens + i0,
                   j->in->emb_overrides, j->in->vectors);
    else
        posenc_fill_rows(j->pe + i0 * d, i0, rows, d, m->cfg.pe, m->cfg.seed,
                         j->in->pe_rows);
}

/* Passes 1 and 2 as one job; a PE kept as a table gets the rows it lacks
 * added to the table, and is then copied out of it. */
static void model_fill(struct model *m, const struct model_input *in, bool embed, bool pe)
{
    size_t n = m->n, d = m->d, rows = MODEL_FILL_ROWS;
    struct model_param *table = &m->pe_table;
    bool tabled = pe && model_pe_kept_as_table(m->cfg.pe);
    if (tabled && !model_pe_holds(table, &m->cfg))
        *table = (struct model_param){ .data = table->data, .cap = table->cap, .d = d,
                                       .seed = m->cfg.pe == PE_LEARNED ? m->cfg.seed : 0,
                                       .pe = m->cfg.pe };
    size_t first = !pe ? n : tabled && table->rows < n ? table->rows : tabled ? n : 0;
    struct model_fill_job j = {
        .m = m, .in = in, .rows = rows, .emb_blocks = embed ? (n + rows - 1) / rows : 0,
        .pe = tabled ? table->data : m->pe, .pe_first = first,
        .pe_blocks = (n - first + rows - 1) / rows,
    };
    double ns = (double)j.emb_blocks * (double)rows * (double)d * MODEL_NS_RNG
                + (double)j.pe_blocks * (double)rows * (double)d * MODEL_NS_PE;
    pool_run(j.emb_blocks + j.pe_blocks, model_fill_task, &j, model_parallel(ns));
    if (tabled) {
        table->rows = table->rows > n ? table->rows : n;
        memcpy(m->pe, table->data, n * d * sizeof *m->pe);
    }
}

/* ---- pass 4: q, k, v --------------------------------------------------- */

struct model_qkv_job {
    struct model *m;
    const uint16_t *blocks;    /* the row blocks to project */
    size_t rows;               /* in a block: proj_block_rows(n) */
    size_t col_blocks;         /* proj_col_blocks(n, d) */
};

/* Task t: matrix t % 3 (q, k, v), column block t / 3 % col_blocks, of row
 * block blocks[t / 3 / col_blocks]. */
static void model_qkv_task(void *ctx, size_t t)
{
    const struct model_qkv_job *j = ctx;
    struct model *m = j->m;
    size_t n = m->n, d = m->d, i0 = (size_t)j->blocks[t / 3 / j->col_blocks] * j->rows;
    size_t rows = n - i0 < j->rows ? n - i0 : j->rows;
    size_t width = (d + j->col_blocks - 1) / j->col_blocks, c0 = t / 3 % j->col_blocks * width;
    size_t cols = d - c0 < width ? d - c0 : width;
    float *dst[3] = { m->q, m->k, m->v };
    const float *w[3] = { m->w_q, m->w_k, m->w_v };
    float *out = dst[t % 3] + i0 * d;
    if (model_stopped(m))
        return;
    if (w[t % 3])
        proj_block(out, m->x + i0 * d, w[t % 3], rows, d, c0, cols);
    else
        for (size_t r = 0; r < rows; r++)
            memcpy(out + r * d + c0, m->x + (i0 + r) * d + c0, cols * sizeof *out);
    model_task_done(m);
}

/* RoPE at the end of pass 4: the rows of the dirty blocks, in tasks of
 * MODEL_FILL_ROWS rows (a row is rotated alone, so any cut gives the same
 * bits). */
struct model_rope_job {
    struct model *m;
    const uint16_t *blocks;    /* the row blocks projected */
    size_t rows;               /* in a block: proj_block_rows(n) */
    size_t per;                /* tasks per block */
};

/* Task t: rows t % per * MODEL_FILL_ROWS .. of row block blocks[t / per]. */
static void model_rope_task(void *ctx, size_t t)
{
    const struct model_rope_job *j = ctx;
    struct model *m = j->m;
    size_t n = m->n, d = m->d, b0 = (size_t)j->blocks[t / j->per] * j->rows;
    size_t end = n - b0 < j->rows ? n : b0 + j->rows;
    size_t i0 = b0 + t % j->per * MODEL_FILL_ROWS;
    if (i0 >= end)
        return;
    size_t rows = end - i0 < MODEL_FILL_ROWS ? end - i0 : MODEL_FILL_ROWS;
    posenc_rope(m->q + i0 * d, m->k + i0 * d, i0, rows, d, m->d_k);
}

/* ---- pass 5: attention -------------------------------------------------- */

static struct attention_head model_head(const struct model *m, size_t t)
{
    size_t n = m->n, d = m->d, dk = m->d_k, col = t * dk;
    return (struct attention_head){
        .q = m->q + col, .k = m->k + col, .v = m->v + col, .out = m->out + col,
        .weights = m->weights + t * n * n,
        .row_max = m->row_max + t * n, .row_sum = m->row_sum + t * n,
        .bias = m->bias ? m->bias + t * (size_t)model_bias_span(n) : NULL,
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
    if (model_stopped(j->m))
        return;
    struct attention_head h = model_head(j->m, t % heads);
    attention_block(&h, i0, h.n - i0 < j->rows ? h.n - i0 : j->rows);
    model_task_done(j->m);
}

static void model_attention(const struct model *m)
{
    size_t n = m->n, rows = attention_block_rows(n);
    /* ALiBi's table of each head, bias[n - 1 + j - i], before the tasks
     * that read it (heads x 2n products: nothing beside the attention) */
    if (m->bias) {
        size_t span = (size_t)model_bias_span(n);
        for (size_t t = 0; t < m->cfg.heads; t++) {
            double slope = posenc_alibi_slope(t, m->cfg.heads);
            float *b = m->bias + t * span;
            for (size_t k = 0; k < span; k++)
                b[k] = posenc_alibi_bias(slope, k < n - 1 ? n - 1 - k : k - (n - 1));
        }
    }
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

/* A stopped pass left the arrays half done: the next one redoes them all. */
static int model_stop(struct model *m)
{
    m->computed = false;
    return 1;
}

int model_forward(struct model *m, const struct model_config *cfg_in,
                  const struct model_input *in, enum model_pass from,
                  char *err, size_t errlen)
{
    const struct model_config cfg = *cfg_in;   /* cfg_in may be &m->cfg */
    size_t n = in->n;
    if (model_check(n, &cfg, err, errlen) != 0)
        return -1;
    uint64_t bytes = model_bytes_needed(n, &cfg);
    /* At least one float, so that every view is a real pointer even for
     * n = 0. Both counts fit in size_t: they are under AV_MAX_MODEL_BYTES. */
    size_t arena_floats = (size_t)model_arena_floats(n, &cfg);
    if (model_reserve(m, &cfg, arena_floats ? arena_floats : 1,
                      (size_t)model_pe_floats(n, &cfg)) != 0) {
        snprintf(err, errlen, "out of memory (model needs %" PRIu64 " bytes)", bytes);
        return -1;
    }

    if (!m->scratch_tag && !(m->scratch_tag = calloc(1, sizeof *m->scratch_tag))) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    m->scratch_tag->valid = false;

    /* What the arrays still hold, and so where to start. */
    size_t d = cfg.d_model;
    const struct model_config old = m->cfg;
    bool same = m->computed && n == m->n && d == m->d && cfg.seed == old.seed;
    if (!same)
        from = MODEL_PASS_EMBED;
    if (cfg.pe != old.pe)
        from = model_min(from, MODEL_PASS_PE);
    /* RoPE's rotation is part of pass 4 and depends on d_k: a switch to or
     * from it, or new heads under it, redoes pass 4 even where x is the
     * same (none -> rope leaves x as it was) */
    bool rope = cfg.pe == PE_ROPE, was_rope = old.pe == PE_ROPE;
    bool rotation_same = rope == was_rope && (!rope || cfg.heads == old.heads);
    /* ALiBi's bias is part of pass 5 (and the PE it replaces may have
     * been zeros too: none -> alibi changes no x) */
    bool bias_same = (cfg.pe == PE_ALIBI) == (old.pe == PE_ALIBI);
    if (cfg.proj != old.proj || !rotation_same)
        from = model_min(from, MODEL_PASS_QKV);
    if (cfg.heads != old.heads || cfg.scale != old.scale || cfg.causal != old.causal
        || !bias_same)
        from = model_min(from, MODEL_PASS_ATTENTION);
    /* A none, sinusoidal, learned, rope or alibi PE is a function of what
     * the model sees; a table's rows are the caller's to judge. */
    bool pe_kept = same && cfg.pe == old.pe && cfg.pe != PE_TABLE;
    /* q, k, v are x . W of the x in the arena (rotated as now); the weights
     * and out are attention over those q, k, v */
    bool qkv_kept = same && cfg.proj == old.proj && rotation_same;
    bool attn_kept = qkv_kept && cfg.heads == old.heads && cfg.scale == old.scale
                     && cfg.causal == old.causal && bias_same;

    m->cfg = cfg;
    m->n = n;
    m->d = d;
    m->d_k = d / cfg.heads;
    model_layout(m, n, &cfg);
    model_w(m, &cfg);
    m->computed = true;
    if (n == 0)
        return 0;

    /* 1. emb[n][d] (overrides, then the default generator) and
     * 2. pe[n][d], in one job of row blocks */
    model_fill(m, in, from <= MODEL_PASS_EMBED, from <= MODEL_PASS_PE && !pe_kept);

    /* 3. x[n][d] = emb + pe, noting the row blocks whose q, k, v must be
     * redone: all of them, or (when they are x . W of the x in the arena)
     * those whose x changed */
    size_t prows = proj_block_rows(n), blocks = (n + prows - 1) / prows;
    uint16_t dirty[AV_MAX_TOKENS / PROJ_MIN_ROWS + 1];
    size_t ndirty = 0;
    for (size_t b = 0; b < blocks; b++) {
        size_t i0 = b * prows;
        size_t count = (n - i0 < prows ? n - i0 : prows) * d;
        bool redo = from <= MODEL_PASS_QKV;
        if (from <= MODEL_PASS_X && qkv_kept)
            redo = model_x_block(m->x + i0 * d, m->emb + i0 * d, m->pe + i0 * d, count);
        else if (from <= MODEL_PASS_X)
            for (size_t i = i0 * d; i < i0 * d + count; i++)
                m->x[i] = m->emb[i] + m->pe[i];
        if (redo)
            dirty[ndirty++] = (uint16_t)b;
    }

    bool attend = from <= MODEL_PASS_ATTENTION
                  && (ndirty > 0 || !attn_kept || from == MODEL_PASS_ATTENTION);
    size_t attn_rows = attention_block_rows(n);
    if (m->ctl) {
        atomic_store(&m->ctl->done, 0);
        atomic_store(&m->ctl->total, (unsigned)(3 * proj_col_blocks(n, d) * ndirty
                     + (attend ? (n + attn_rows - 1) / attn_rows * cfg.heads : 0)));
    }
    if (model_stopped(m))
        return model_stop(m);

    /* 4. q, k, v [n][d] = x . w_q, w_k, w_v [d][d] (or copies of x), for
     * the blocks whose x changed */
    struct model_qkv_job qkv = { m, dirty, prows, proj_col_blocks(n, d) };
    double rows = (double)ndirty * (double)prows;
    pool_run(3 * qkv.col_blocks * ndirty, model_qkv_task, &qkv,
             cfg.proj == PROJ_RANDOM
             && model_parallel(6.0 * rows * (double)d * (double)d * MODEL_NS_FLOP));
    /* and with RoPE their q and k rotated, row by row (a job of its own:
     * a pair may straddle two column blocks of the projection) */
    if (rope && ndirty > 0) {
        size_t per = (prows + MODEL_FILL_ROWS - 1) / MODEL_FILL_ROWS;
        struct model_rope_job rj = { m, dirty, prows, per };
        double ns = rows * ((double)(m->d_k / 2) * MODEL_NS_SINCOS
                            + (double)d * MODEL_NS_ROTATE);
        pool_run(per * ndirty, model_rope_task, &rj, model_parallel(ns));
    }

    /* 5. per head t, on columns t*d_k .. (t+1)*d_k-1 of q, k, v (row stride
     * d), by row blocks: scores = q_t . k_t^T (/ sqrt(d_k)), weights =
     * softmax by rows (causal: j > i -> 0) with the row max and sum,
     * out[:, t*d_k ..] = weights . v_t. Unless none of its inputs changed. */
    if (model_stopped(m))
        return model_stop(m);
    if (attend)
        model_attention(m);
    return model_stopped(m) ? model_stop(m) : 0;
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
    size_t n = m->n, size = attention_block_rows(n);
    size_t i0 = row / size * size, rows = n - i0 < size ? n - i0 : size;
    struct model_scratch_tag *tag = m->scratch_tag;
    if (!tag || !tag->valid || tag->head != head || tag->i0 != i0) {
        struct attention_head h = model_head(m, head);
        model_block_scores(&h, i0, rows, m->scratch, n);
        if (tag)
            *tag = (struct model_scratch_tag){ true, head, i0 };
    }
    memcpy(out, m->scratch + (row - i0) * n, n * sizeof *out);
}

void model_head_scores(const struct model *m, size_t head, float *out)
{
    struct attention_head h = model_head(m, head);
    size_t n = m->n, size = attention_block_rows(n);
    for (size_t i0 = 0; i0 < n; i0 += size)
        model_block_scores(&h, i0, n - i0 < size ? n - i0 : size, out + i0 * n, n);
}

/* ---- ALiBi's bias, for the views ------------------------------------------ */

/* From the definition, as pass 5's table was filled: the same bits. */
float model_bias(const struct model *m, size_t head, size_t i, size_t j)
{
    if (m->cfg.pe != PE_ALIBI)
        return 0.0f;
    return posenc_alibi_bias(posenc_alibi_slope(head, m->cfg.heads), i > j ? i - j : j - i);
}

void model_row_bias(const struct model *m, size_t head, size_t row, float *out)
{
    if (m->cfg.pe != PE_ALIBI) {
        memset(out, 0, m->n * sizeof *out);
        return;
    }
    double slope = posenc_alibi_slope(head, m->cfg.heads);
    for (size_t j = 0; j < m->n; j++)
        out[j] = posenc_alibi_bias(slope, row > j ? row - j : j - row);
}
