/* bench.c - `attnviz --bench` (see bench.h). */
#include "attnviz/bench.h"

#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "attnviz/app.h"
#include "attnviz/fatal.h"
#include "attnviz/model.h"
#include "attnviz/rng.h"
#include "attnviz/vecstore.h"
#include "attnviz/xalloc.h"

static double bench_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static int bench_cmp(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static double bench_median(double *t, size_t count)
{
    qsort(t, count, sizeof *t, bench_cmp);
    return count % 2 ? t[count / 2] : (t[count / 2 - 1] + t[count / 2]) / 2;
}

/* A sentence of n different tokens, "t0" .. (the caller frees *text and
 * the array). */
static const char **bench_tokens(size_t n, char **text)
{
    const char **t = app_xmalloc((n ? n : 1) * sizeof *t);
    char *p = *text = app_xmalloc(n * 8 + 1);
    for (size_t i = 0; i < n; i++) {
        t[i] = p;
        p += sprintf(p, "t%zu", i) + 1;
    }
    return t;
}

static int bench_forward(struct model *m, const struct model_config *cfg,
                         const struct model_input *in, enum model_pass from)
{
    char err[256];
    if (model_forward(m, cfg, in, from, err, sizeof err) == 0)
        return 0;
    fprintf(stderr, "attnviz: --bench: %s\n", err);
    return -1;
}

/* One kind of edit: a change between two or three states (config,
 * input), each run from the pass the app would give. Three states in turn
 * are a change to a d_model neither held nor kept as the spare. */
struct bench_edit {
    const char *name;
    struct model_config cfg[3];
    struct model_input in[3];
    enum model_pass from;
    size_t states;
};

/* Median ms of `repeat` changes, going round the states. */
static int bench_edit(struct model *m, const struct bench_edit *e, size_t repeat,
                      double *t, double *ms)
{
    for (size_t s = 0; s < e->states; s++)   /* every state made once first */
        if (bench_forward(m, &e->cfg[s], &e->in[s], e->from) != 0)
            return -1;
    for (size_t r = 0; r < repeat; r++) {
        size_t s = r % e->states;
        double t0 = bench_now();
        if (bench_forward(m, &e->cfg[s], &e->in[s], e->from) != 0)
            return -1;
        t[r] = bench_now() - t0;
    }
    *ms = bench_median(t, repeat) * 1e3;
    return 0;
}

static int bench_edits(struct model *m, const struct model_config *cfg,
                       const struct model_input *in, size_t repeat, double *t, FILE *out)
{
    /* :emb on the first token (it appears once): its default vector, half
     * a unit up */
    struct vecstore *ov = vecstore_new();
    float *v = app_xmalloc(cfg->d_model * sizeof *v);
    for (size_t c = 0; c < cfg->d_model; c++)
        v[c] = rng_uniform(cfg->seed, RNG_EMBEDDING,
                           rng_hash_bytes(in->tokens[0], strlen(in->tokens[0])), c) + 0.5f;
    if (!ov || vecstore_set(ov, in->tokens[0], v, cfg->d_model) != 0)
        av_fatal("out of memory");
    free(v);
    struct model_input edited = *in;
    edited.emb_overrides = ov;
    struct model_config up = *cfg, up2 = *cfg, learned = *cfg, causal = *cfg;
    up.d_model += cfg->heads;
    up2.d_model += 2 * cfg->heads;
    learned.pe = PE_LEARNED;
    causal.causal = !cfg->causal;
    const struct bench_edit edits[] = {
        { "edit_emb_ms", { *cfg, *cfg }, { *in, edited }, MODEL_PASS_EMBED, 2 },
        /* - and + in turn: back to the d_model whose W is the spare */
        { "edit_dim_ms", { *cfg, up }, { *in, *in }, MODEL_PASS_COUNT, 2 },
        /* + to a d_model whose W must be made */
        { "edit_dim_new_ms", { *cfg, up, up2 }, { *in, *in, *in }, MODEL_PASS_COUNT, 3 },
        { "edit_pe_ms", { *cfg, learned }, { *in, *in }, MODEL_PASS_COUNT, 2 },
        { "edit_causal_ms", { *cfg, causal }, { *in, *in }, MODEL_PASS_COUNT, 2 },
    };
    int rc = 0;
    for (size_t i = 0; rc == 0 && i < sizeof edits / sizeof edits[0]; i++) {
        double ms;
        rc = bench_edit(m, &edits[i], repeat, t, &ms);
        if (rc == 0)
            fprintf(out, "%s=%.4f n=%zu d_model=%zu heads=%zu\n", edits[i].name, ms,
                    in->n, cfg->d_model, cfg->heads);
    }
    vecstore_free(ov);
    return rc;
}

/* :undo after a 13-line session of this size, through the app as the
 * terminal UI runs it: the rebuild replays the log without computing, then
 * one sync computes once. Each undo is followed by a :redo (not timed). */
static int bench_undo(const struct model_config *cfg, const char *const *tokens, size_t n,
                      size_t repeat, double *t, FILE *out)
{
    struct app a;
    char err[256];
    if (app_init(&a, cfg, err, sizeof err) != 0) {
        fprintf(stderr, "attnviz: --bench: %s\n", err);
        return -1;
    }
    size_t len = 0;
    for (size_t i = 0; i < n; i++)
        len += strlen(tokens[i]) + 1;
    char *sentence = app_xmalloc(len + 1), *p = sentence;
    for (size_t i = 0; i < n; i++)
        p += sprintf(p, "%s%s", i ? " " : "", tokens[i]);
    const char *lines[] = {
        sentence, ":causal on", ":select 3 1", ":scale off", ":pe learned", ":seed 2",
        ":causal off", ":select 1 0", ":pe sinusoidal", ":scale on", ":seed 1",
        ":note the last change", ":causal on",
    };
    struct app_result *r = app_xmalloc(sizeof *r);
    int rc = 0;
    for (size_t i = 0; rc == 0 && i < sizeof lines / sizeof lines[0]; i++) {
        app_run_line(&a, lines[i], strlen(lines[i]), NULL, 0, r);
        rc = r->flags & APP_ERROR ? -1 : 0;
    }
    app_sync(&a);
    for (size_t k = 0; rc == 0 && k < repeat; k++) {
        double t0 = bench_now();
        app_run_line(&a, ":undo", 5, NULL, 0, r);
        app_sync(&a);
        t[k] = bench_now() - t0;
        rc = r->flags & APP_ERROR ? -1 : 0;
        app_run_line(&a, ":redo", 5, NULL, 0, r);
        app_sync(&a);
    }
    if (rc == 0)
        fprintf(out, "edit_undo_ms=%.4f n=%zu d_model=%zu heads=%zu lines=%zu\n",
                bench_median(t, repeat) * 1e3, n, cfg->d_model, cfg->heads,
                sizeof lines / sizeof lines[0]);
    else
        fprintf(stderr, "attnviz: --bench: %s\n", r->text);
    free(r);
    free(sentence);
    app_free(&a);
    return rc;
}

int bench_run(const struct bench_options *o, FILE *out)
{
    model_set_threads(o->threads);
    char *text;
    const char **tokens = bench_tokens(o->n, &text);
    struct model_config cfg = {
        .d_model = o->d_model, .heads = o->heads, .seed = 1, .pe = PE_SINUSOIDAL,
        .proj = PROJ_RANDOM, .scale = true, .causal = false,
    };
    struct model_input in = { .n = o->n, .tokens = tokens };
    size_t repeat = o->repeat ? o->repeat : 1;
    double *t = app_xmalloc(repeat * sizeof *t);
    struct model m;
    model_init(&m);
    int rc = 0;
    if (o->edits && o->n > 0) {
        struct model e;
        model_init(&e);
        rc = bench_edits(&e, &cfg, &in, repeat, t, out);
        model_free(&e);
        if (rc == 0)
            rc = bench_undo(&cfg, tokens, o->n, repeat, t, out);
    }
    /* the warm-up makes W and touches every page of the arena */
    if (rc == 0)
        rc = bench_forward(&m, &cfg, &in, MODEL_PASS_EMBED);
    for (size_t r = 0; rc == 0 && r < repeat; r++) {
        model_forget(&m);
        double t0 = bench_now();
        rc = bench_forward(&m, &cfg, &in, MODEL_PASS_EMBED);
        t[r] = bench_now() - t0;
    }
    if (rc == 0) {
        struct rusage ru;
        getrusage(RUSAGE_SELF, &ru);
        fprintf(out, "median_s=%.6f n=%zu d_model=%zu heads=%zu threads=%u peak_rss_mib=%.1f\n",
                bench_median(t, repeat), o->n, o->d_model, o->heads, model_threads(),
                (double)ru.ru_maxrss / 1024.0);
    }
    model_free(&m);
    free(t);
    free(tokens);
    free(text);
    return rc;
}
