/* app.c - the state of attnviz and app_apply, the one place it changes.
 *
 * Every command follows one pattern: check everything it needs (the parse
 * did the syntax; here the state-dependent rules and the model's size),
 * and only then change the state and mark the first stale pass of the
 * forward pass. So a failing command leaves every byte of the state as it
 * was, and the model is computed once, by app_sync, after any number of
 * commands. Inputs are bounded (AV_MAX_VALUE), so a computed model cannot
 * overflow: nothing can fail after the change is made. */
#include "attnviz/app.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "attnviz/datadir.h"
#include "attnviz/errmsg.h"
#include "attnviz/export.h"
#include "attnviz/fatal.h"
#include "attnviz/fsfile.h"
#include "attnviz/job.h"
#include "attnviz/limits.h"
#include "attnviz/quote.h"
#include "attnviz/replay.h"
#include "attnviz/script.h"
#include "attnviz/session.h"
#include "attnviz/theme.h"
#include "attnviz/tokenizer.h"
#include "attnviz/tour.h"
#include "attnviz/vecstore.h"
#include "attnviz/vectable.h"
#include "attnviz/vectors.h"
#include "attnviz/vocab.h"
#include "attnviz/xalloc.h"

/* Fills r's text and sets flag (APP_ERROR or APP_SAID) to say there is one. */
static void app_text(struct app_result *r, unsigned flag, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void app_text(struct app_result *r, unsigned flag, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(r->text, sizeof r->text, fmt, ap);
    va_end(ap);
    r->flags |= flag;
}

#define app_fail(r, ...) app_text(r, APP_ERROR, __VA_ARGS__)
#define app_say(r, ...) app_text(r, APP_SAID, __VA_ARGS__)
/* a failure to write the output the command exists for */
#define app_fail_io(r, ...) app_text(r, APP_ERROR | APP_IO, __VA_ARGS__)

static enum model_pass app_min_pass(enum model_pass a, enum model_pass b)
{
    return a < b ? a : b;
}

/* What a background pass reads: copies of the state's inputs, its own
 * until it has ended (the state may change meanwhile). */
struct app_pass {
    struct model_config cfg;
    struct app_tokens toks;        /* becomes the picture's */
    struct vecstore *emb_overrides, *pe_rows;
    struct vectable *vectors;      /* a reference */
    struct model_input in;
    unsigned long changes;         /* app.changes when it was taken */
    enum model_pass marks;         /* the first pass app_mark()ed since */
};

static void app_mark(struct app *a, enum model_pass pass)
{
    if (pass >= MODEL_PASS_COUNT)
        return;    /* a cursor move, a note: the model stays as it is */
    a->dirty = app_min_pass(a->dirty, pass);
    a->spare_dirty = app_min_pass(a->spare_dirty, pass);
    if (a->pass)
        a->pass->marks = app_min_pass(a->pass->marks, pass);
    a->changes++;
}

/* ---- tokens ------------------------------------------------------------ */

static void app_toks_free(struct app_tokens *t)
{
    for (size_t i = 0; i < t->n; i++)
        free(t->text[i]);
    free(t->text);
    free(t->ids);
    *t = (struct app_tokens){ 0 };
}

static void app_toks_copy(struct app_tokens *dst, const struct app_tokens *src)
{
    app_toks_free(dst);
    dst->n = src->n;
    dst->text = app_xcalloc(src->n ? src->n : 1, sizeof *dst->text);
    dst->ids = app_xcalloc(src->n ? src->n : 1, sizeof *dst->ids);
    for (size_t i = 0; i < src->n; i++) {
        dst->text[i] = app_xstrdup(src->text[i]);
        dst->ids[i] = src->ids[i];
    }
}

static void app_pass_free(struct app_pass *p)
{
    if (!p)
        return;
    app_toks_free(&p->toks);
    vecstore_free(p->emb_overrides);
    vecstore_free(p->pe_rows);
    vectable_free(p->vectors);
    free(p);
}

/* The tokens of s, not yet interned (ids 0); false with r filled when the
 * sentence has none, bad UTF-8 or too many. */
static bool app_toks_split(struct app_tokens *t, const char *s, struct app_result *r)
{
    size_t len = strlen(s), n = 0, where = 0;
    struct token_span *spans = app_xmalloc(AV_MAX_TOKENS * sizeof *spans);
    enum tokenize_status st = tokenize(s, len, spans, AV_MAX_TOKENS, &n, &where);
    if (st != TOKENIZE_OK) {
        free(spans);
        if (st == TOKENIZE_BAD_UTF8)
            app_fail(r, "invalid UTF-8 at byte %zu", where);
        else
            app_fail(r, "sentence has more than %u tokens (limit %u)", AV_MAX_TOKENS,
                     AV_MAX_TOKENS);
        return false;
    }
    if (n == 0) {
        free(spans);
        app_fail(r, "the sentence has no tokens");
        return false;
    }
    t->n = n;
    t->text = app_xcalloc(n, sizeof *t->text);
    t->ids = app_xcalloc(n, sizeof *t->ids);
    for (size_t i = 0; i < n; i++)
        t->text[i] = app_xstrndup(s + spans[i].start, spans[i].len);
    free(spans);
    return true;
}

/* app_toks_split, then whether the model of that many tokens fits the
 * limits at the current config. */
static bool app_toks_fit(const struct app *a, struct app_tokens *t, const char *s,
                         struct app_result *r)
{
    char err[512];
    if (!app_toks_split(t, s, r))
        return false;
    if (model_check(t->n, &a->s.cfg, err, sizeof err) != 0) {
        app_toks_free(t);
        app_fail(r, "%s", err);
        return false;
    }
    return true;
}

static void app_toks_intern(struct app_tokens *t, struct vocab *v)
{
    for (size_t i = 0; i < t->n; i++) {
        t->ids[i] = vocab_intern(v, t->text[i], strlen(t->text[i]));
        if (t->ids[i] == 0)
            av_fatal("out of memory");
    }
}

/* ---- the session ---------------------------------------------------------- */

static void app_session_init(struct app_session *s, const struct model_config *cfg)
{
    *s = (struct app_session){ .cfg = *cfg };
    s->sentence = app_xstrdup("");
    s->vocab = vocab_new();
    s->emb_overrides = vecstore_new();
    s->pe_rows = vecstore_new();
    if (!s->vocab || !s->emb_overrides || !s->pe_rows)
        av_fatal("out of memory");
}

static void app_session_free(struct app_session *s)
{
    app_toks_free(&s->toks);
    free(s->sentence);
    vocab_free(s->vocab);
    vecstore_free(s->emb_overrides);
    vecstore_free(s->pe_rows);
    vectable_free(s->vectors);
    free(s->vectors_path);
    free(s->note);
    for (size_t i = 0; i < s->log_len; i++)
        free(s->log[i]);
    free(s->log);
    free(s->joined);
    *s = (struct app_session){ 0 };
}

static void app_clamp(struct app *a)
{
    struct app_session *s = &a->s;
    size_t n = app_shown(a)->n;
    if (s->sel_row >= n)
        s->sel_row = n ? n - 1 : 0;
    if (s->sel_col >= n)
        s->sel_col = n ? n - 1 : 0;
    if (s->sel_dim >= s->cfg.d_model)
        s->sel_dim = s->cfg.d_model - 1;
    if (s->head != HEAD_MEAN && (size_t)s->head >= s->cfg.heads)
        s->head = (int)s->cfg.heads - 1;
    /* The mean of one head is that head; showing it as head 0 keeps the
     * screen from speaking of "the mean of 1 heads". */
    if (s->head == HEAD_MEAN && s->cfg.heads == 1)
        s->head = 0;
}

static char *app_format(const struct command *c)
{
    int n = command_format(c, NULL, 0);
    char *s = app_xmalloc((size_t)n + 1);
    command_format(c, s, (size_t)n + 1);
    return s;
}

static void app_redo_clear(struct app *a)
{
    for (size_t i = 0; i < a->redo_len; i++)
        free(a->redo[i]);
    a->redo_len = 0;
}

/* A run of cursor moves is one step of the session, not dozens. */
static void app_log(struct app_session *s, const struct command *c, bool merge)
{
    char *line = app_format(c);
    if (merge) {
        free(s->log[s->log_len - 1]);
        s->log[s->log_len - 1] = line;
        return;
    }
    if (s->log_len == s->log_cap) {
        s->log_cap = s->log_cap ? 2 * s->log_cap : 16;
        s->log = app_xrealloc(s->log, s->log_cap * sizeof *s->log);
        s->joined = app_xrealloc(s->joined, s->log_cap * sizeof *s->joined);
    }
    s->joined[s->log_len] = false;
    s->log[s->log_len++] = line;
}

/* ---- init, free, sync --------------------------------------------------- */

static bool app_is_move(const char *line)
{
    return strncmp(line, ":select ", 8) == 0;
}

/* The log's changes (its lines but the cursor moves, each with its end):
 * their digest, and their count in *count. */
static uint64_t app_changes_digest(const struct app *a, size_t *count)
{
    uint64_t h = 14695981039346656037ull;
    *count = 0;
    for (size_t i = 0; i < a->s.log_len; i++) {
        if (app_is_move(a->s.log[i]))
            continue;
        for (const unsigned char *p = (const unsigned char *)a->s.log[i];; p++) {
            h = (h ^ (*p ? *p : '\n')) * 1099511628211ull;
            if (!*p)
                break;
        }
        ++*count;
    }
    return h;
}

/* The log's changes as they are now are the saved ones. */
static void app_mark_saved(struct app *a)
{
    a->saved_digest = app_changes_digest(a, &a->saved_count);
}

int app_init(struct app *a, const struct model_config *cfg, char *err, size_t errlen)
{
    memset(a, 0, sizeof *a);
    if (model_check(0, cfg, err, errlen) != 0)
        return -1;
    a->start_cfg = *cfg;
    app_session_init(&a->s, cfg);
    model_init(&a->model);
    model_init(&a->spare);
    a->dirty = MODEL_PASS_EMBED;
    a->spare_dirty = MODEL_PASS_EMBED;
    snprintf(a->view.theme, sizeof a->view.theme, "%s", THEME_DEFAULT_NAME);
    a->view.stage = STAGE_WEIGHTS;
    a->view.zoom = 1;
    a->view.summaries = true;
    a->view.detail_delay_ms = AV_DEFAULT_DETAIL_DELAY_MS;
    app_mark_saved(a);     /* nothing to lose yet */
    return 0;
}


void app_free(struct app *a)
{
    vectable_free(a->last_vectors.table);
    free(a->last_vectors.path);
    app_redo_clear(a);
    free(a->redo);
    app_session_free(&a->s);
    app_toks_free(&a->preview);
    job_free(a->job);
    app_pass_free(a->pass);
    app_toks_free(&a->picture);
    model_free(&a->model);
    model_free(&a->spare);
    memset(a, 0, sizeof *a);
}

void app_start_history(struct app *a, bool saved)
{
    a->history_start = a->s.log_len;
    if (saved)
        app_mark_saved(a);
    app_redo_clear(a);
}

bool app_unsaved(const struct app *a)
{
    size_t count;
    uint64_t digest = app_changes_digest(a, &count);
    return count != a->saved_count || digest != a->saved_digest;
}

void app_set_io(struct app *a, const struct app_io *io)
{
    a->io = *io;
}

/* Waits for the background pass and drops it: its model is the spare's
 * again, one pass behind or (stopped) all of them. */
static void app_pass_drop(struct app *a)
{
    if (!a->pass)
        return;
    int rc;
    job_stop(a->job);
    job_collect(a->job, true, &rc, NULL, 0);
    a->spare_dirty = rc == 0 ? a->pass->marks : MODEL_PASS_EMBED;
    app_pass_free(a->pass);
    a->pass = NULL;
}

void app_set_ansi_colors(struct app *a, enum ansi_colors c)
{
    a->view.ansi = c;
}

unsigned app_sync(struct app *a)
{
    app_pass_drop(a);
    if (a->dirty == MODEL_PASS_COUNT)
        return 0;
    const struct app_tokens *t = app_shown(a);
    struct model_input in = {
        .n = t->n,
        .tokens = (const char *const *)t->text,
        .emb_overrides = a->s.emb_overrides,
        .pe_rows = a->s.pe_rows,
        .vectors = a->s.vectors,
    };
    char err[512];
    /* Every change was checked against the limits before it was made, so
     * only running out of memory is left. */
    if (model_forward(&a->model, &a->s.cfg, &in, a->dirty, err, sizeof err) != 0)
        av_fatal("%s", err);
    if (a->dirty == MODEL_PASS_EMBED)
        app_toks_copy(&a->picture, t);
    a->dirty = MODEL_PASS_COUNT;
    a->model_gen++;
    return APP_MODEL;
}

/* About the work of a pass that takes 10 ms on a core of 2020 (n²·d of
 * the attention, 3·n·d² of the projections): above it, a frame would wait. */
#define APP_FRAME_WORK 3e8

static bool app_pass_slow(const struct app *a, enum model_pass from)
{
    double n = (double)app_shown(a)->n, d = (double)a->s.cfg.d_model;
    return n * n * d + (from <= MODEL_PASS_QKV ? 3.0 * n * d * d : 0.0) > APP_FRAME_WORK;
}

static struct app_pass *app_pass_take(const struct app *a)
{
    struct app_pass *p = app_xcalloc(1, sizeof *p);
    p->cfg = a->s.cfg;
    app_toks_copy(&p->toks, app_shown(a));
    p->emb_overrides = vecstore_clone(a->s.emb_overrides);
    p->pe_rows = vecstore_clone(a->s.pe_rows);
    if ((a->s.emb_overrides && !p->emb_overrides) || (a->s.pe_rows && !p->pe_rows))
        av_fatal("out of memory");
    p->vectors = a->s.vectors ? vectable_ref(a->s.vectors) : NULL;
    p->in = (struct model_input){
        .n = p->toks.n, .tokens = (const char *const *)p->toks.text,
        .emb_overrides = p->emb_overrides, .pe_rows = p->pe_rows, .vectors = p->vectors,
    };
    p->changes = a->changes;
    p->marks = MODEL_PASS_COUNT;
    return p;
}

unsigned app_sync_background(struct app *a)
{
    unsigned flags = 0;
    if (a->pass) {
        if (a->pass->changes != a->changes)
            job_stop(a->job);
        int rc;
        char err[512];
        if (!job_collect(a->job, false, &rc, err, sizeof err))
            return 0;
        if (rc < 0)
            av_fatal("%s", err);
        struct app_pass *p = a->pass;
        a->pass = NULL;
        if (rc == 0 && p->changes == a->changes) {
            struct model m = a->model;
            a->model = a->spare;
            a->spare = m;
            a->spare_dirty = a->dirty;
            a->dirty = p->marks;
            struct app_tokens t = a->picture;
            a->picture = p->toks;
            p->toks = t;
            a->model_gen++;
            flags = APP_MODEL;
        } else {
            a->spare_dirty = rc == 0 ? p->marks : MODEL_PASS_EMBED;
        }
        app_pass_free(p);
    }
    if (a->dirty == MODEL_PASS_COUNT)
        return flags;
    enum model_pass from = a->spare_dirty;
    if (!app_pass_slow(a, app_min_pass(a->dirty, from)))
        return flags | app_sync(a);
    if (!a->job)
        a->job = job_new();
    a->pass = app_pass_take(a);
    a->spare_dirty = MODEL_PASS_COUNT;
    if (!job_start(a->job, &a->spare, &a->pass->cfg, &a->pass->in, from)) {
        /* no thread to be had: the frame waits, as it would have */
        a->spare_dirty = from;
        app_pass_free(a->pass);
        a->pass = NULL;
        return flags | app_sync(a);
    }
    return flags;
}

bool app_computing(const struct app *a, double *progress)
{
    if (progress)
        *progress = a->pass ? job_progress(a->job) : 0.0;
    return a->pass != NULL;
}

size_t app_cursor_row(const struct app *a)
{
    size_t n = a->picture.n;
    return a->s.sel_row < n ? a->s.sel_row : n ? n - 1 : 0;
}

size_t app_cursor_col(const struct app *a)
{
    size_t n = a->picture.n;
    return a->s.sel_col < n ? a->s.sel_col : n ? n - 1 : 0;
}

size_t app_cursor_dim(const struct app *a, size_t dims)
{
    return a->s.sel_dim < dims ? a->s.sel_dim : dims ? dims - 1 : 0;
}

int app_picture_head(const struct app *a)
{
    size_t heads = a->model.cfg.heads;
    if (a->s.head == HEAD_MEAN)
        return heads > 1 ? HEAD_MEAN : 0;
    return (size_t)a->s.head < heads ? a->s.head : heads ? (int)heads - 1 : 0;
}

/* ---- preview --------------------------------------------------------- */

void app_preview(struct app *a, const char *sentence, struct app_result *r)
{
    /* What is typed so far is not a sentence (a command, a comment, an
     * empty line): the committed sentence is shown. */
    const char *s = sentence + strspn(sentence, " \t");
    if (*s == '\0' || *s == ':' || *s == '#') {
        r->flags |= app_preview_end(a);
        return;
    }
    struct app_tokens t = { 0 };
    if (!app_toks_fit(a, &t, sentence, r))
        return;
    /* Interning into a throwaway copy numbers new words after the
     * vocabulary's last id, as the real commit would, without keeping them. */
    struct vocab *v = vocab_clone(a->s.vocab);
    if (!v)
        av_fatal("out of memory");
    app_toks_intern(&t, v);
    vocab_free(v);
    app_toks_free(&a->preview);
    a->preview = t;
    a->previewing = true;
    app_mark(a, MODEL_PASS_EMBED);
    app_clamp(a);
    r->flags |= APP_REDRAW | APP_MODEL;
}

unsigned app_preview_end(struct app *a)
{
    if (!a->previewing)
        return 0;
    app_toks_free(&a->preview);
    a->previewing = false;
    app_mark(a, MODEL_PASS_EMBED);
    app_clamp(a);
    return APP_REDRAW | APP_MODEL;
}

/* ---- commands -------------------------------------------------------- */

static void app_set_sentence(struct app *a, const char *text, struct app_result *r)
{
    struct app_tokens t = { 0 };
    if (!app_toks_fit(a, &t, text, r))
        return;
    app_preview_end(a);
    app_toks_intern(&t, a->s.vocab);
    app_toks_free(&a->s.toks);
    a->s.toks = t;
    free(a->s.sentence);
    a->s.sentence = app_xstrdup(text);
    /* "dim 16" is a sentence, but likely meant as the command */
    char word[32];
    size_t wl = strcspn(text, " \t");
    snprintf(word, sizeof word, ":%.*s", (int)(wl < 30 ? wl : 30), text);
    if (command_find(word))
        app_say(r, "sentence of %zu token%s (did you mean :%s?)", t.n, t.n == 1 ? "" : "s",
                text);
    else
        app_say(r, "sentence of %zu token%s", t.n, t.n == 1 ? "" : "s");
}

/* :dim, :heads, :seed, :pe, :proj, :scale, :causal: one field of the
 * config, checked together with the rest. */
static void app_set_setting(struct app *a, const struct command_desc *d,
                            const struct command *c, struct app_result *r)
{
    struct model_config cfg = a->s.cfg;
    char err[512];
    command_setting_set(d, &cfg, c->u.num);
    if (model_check(a->s.toks.n, &cfg, err, sizeof err) != 0) {
        char line[64];
        command_format(c, line, sizeof line);
        app_fail(r, "%s: %s", line, err);
        return;
    }
    a->s.cfg = cfg;
    if (d->kind == CMD_PE && cfg.pe == PE_TABLE && vecstore_count(a->s.pe_rows) == 0)
        app_say(r, ":pe table: the table is all zeros until :pe-row POS v1 … vd sets a row");
}

/* :emb and :pe-row: one vector into its store. */
static void app_set_vector(struct app *a, const struct command_desc *d,
                           const struct command *c, struct app_result *r)
{
    if (c->u.vec.count != a->s.cfg.d_model) {
        app_fail(r, "%s needs exactly %zu values (d_model), got %zu", d->name,
                 a->s.cfg.d_model, c->u.vec.count);
        return;
    }
    char pos[24];
    const char *key = c->u.vec.name;
    if (d->key_is_pos) {
        snprintf(pos, sizeof pos, "%zu", c->u.vec.index);
        key = pos;
    }
    struct vecstore *store = d->key_is_pos ? a->s.pe_rows : a->s.emb_overrides;
    if (vecstore_set(store, key, c->u.vec.values, c->u.vec.count) != 0)
        av_fatal("out of memory");
    if (!d->key_is_pos && !vocab_find(a->s.vocab, key, strlen(key))) {
        char q[QUOTE_CAP];
        app_say(r, "%s is not in the sentence: its embedding is kept for a later one",
                quote_str(q, key));
    }
}

static void app_select(struct app *a, const struct command *c, struct app_result *r)
{
    size_t n = a->s.toks.n, row = c->u.cell.row, col = c->u.cell.col;
    size_t d = a->s.cfg.d_model;
    size_t dim = c->u.cell.dim;
    if (a->rebuilding) {
        /* the log again without a change :undo took out: a move made after
         * it stays as far as the matrix goes now (a shorter sentence), or
         * the undo would fail on it */
        if (n == 0)
            return;
        row = row < n ? row : n - 1;
        col = col < n ? col : n - 1;
        dim = dim < d ? dim : d - 1;
    }
    if (n == 0) {
        app_fail(r, "no tokens to select");
        return;
    }
    if (row >= n || col >= n) {
        app_fail(r, ":select %zu %zu is outside the %zux%zu matrix "
                 "(rows and columns go from 0 to %zu)", row, col, n, n, n - 1);
        return;
    }
    if (c->u.cell.has_dim && dim >= d) {
        app_fail(r, ":select component %zu does not exist: d_model is %zu "
                 "(components go from 0 to %zu)", dim, d, d - 1);
        return;
    }
    a->s.sel_row = row;
    a->s.sel_col = col;
    if (c->u.cell.has_dim)
        a->s.sel_dim = dim;
}

static void app_set_head(struct app *a, int head, struct app_result *r)
{
    if (head != HEAD_MEAN && (head < 0 || (size_t)head >= a->s.cfg.heads)) {
        app_fail(r, ":head %d does not exist: heads go from 0 to %zu (or mean)",
                 head, a->s.cfg.heads - 1);
        return;
    }
    a->s.head = head;
}

static void app_set_note(struct app *a, const char *text, struct app_result *r)
{
    free(a->s.note);
    a->s.note = app_xstrdup(text);
    if (a->io.diag && !a->rebuilding)
        a->io.diag(a->io.diag_ctx, text);
    app_say(r, "%s", text);
}

/* A file named inside a session file is relative to that file's folder, so
 * a tour can :load its neighbours from wherever it is run. base is the
 * naming file's path, or NULL at the prompt (relative to the cwd). "~" and
 * "~/..." are the home folder, as in a shell. */
static char *app_resolve(const char *file, const char *base)
{
    const char *home = getenv("HOME");
    if (home && *home && (strcmp(file, "~") == 0 || strncmp(file, "~/", 2) == 0)) {
        size_t hl = strlen(home), fl = strlen(file + 1);
        char *p = app_xmalloc(hl + fl + 1);
        memcpy(p, home, hl);
        memcpy(p + hl, file + 1, fl + 1);
        return p;
    }
    const char *slash = base ? strrchr(base, '/') : NULL;
    if (file[0] == '/' || !slash)
        return app_xstrdup(file);
    size_t dlen = (size_t)(slash - base) + 1, flen = strlen(file);
    char *p = app_xmalloc(dlen + flen + 1);
    memcpy(p, base, dlen);
    memcpy(p + dlen, file, flen + 1);
    return p;
}

char *app_script_path(const char *file, const char *base, char *err, size_t errlen)
{
    if (!tour_is_name(file))
        return app_resolve(file, base);
    struct datadir_list *dirs = app_xmalloc(sizeof *dirs);
    datadir_folders(DATADIR_SAMPLES, dirs);
    char *path = tour_find(dirs, file);
    free(dirs);
    if (!path)
        errmsg_set(err, errlen, "no tour named \"%s\" (:tours lists them; a file name "
                   "needs a '/' or the " TOUR_SUFFIX " ending, as in ./%s)", file, file);
    return path;
}

/* Pushes a script's identity on the running stack; false when it is
 * already there (a :load cycle). */
static bool app_push_running(struct app *a, unsigned long long dev, unsigned long long ino)
{
    for (unsigned i = 0; i < a->n_running; i++)
        if (a->running[i].dev == dev && a->running[i].ino == ino)
            return false;
    a->running[a->n_running].dev = dev;
    a->running[a->n_running].ino = ino;
    a->n_running++;
    return true;
}

static void app_diag(const struct app *a, const char *msg)
{
    if (a->io.diag)
        a->io.diag(a->io.diag_ctx, msg);
}

size_t app_vectors_found(const struct app *a)
{
    const struct app_tokens *t = app_shown(a);
    size_t found = 0;
    for (size_t i = 0; a->s.vectors && i < t->n; i++)
        found += vectable_find(a->s.vectors, t->text[i]) != NULL;
    return found;
}

/* The table of :vectors path, if one is in memory already, shared (with
 * its file's identity in *f): during a rebuild, the replaced session's
 * table of that logged path, whatever the file holds now, since :undo
 * restores what the session had; else the session's own or the one read
 * last, while the file at abs is still the one it was read from (typed
 * again after an edit, it is read anew). */
static struct vectable *app_vectors_loaded(const struct app *a, const char *path,
                                           const char *abs, struct vectors_file *f)
{
    const struct app_session *old = a->replaced;
    if (old && old->vectors && strcmp(old->vectors_path, path) == 0) {
        *f = old->vectors_file;
        return vectable_ref(old->vectors);
    }
    struct { struct vectable *table; const char *path; const struct vectors_file *file; } kept[2] = {
        { a->s.vectors, a->s.vectors_path, &a->s.vectors_file },
        { a->last_vectors.table, a->last_vectors.path, &a->last_vectors.file },
    };
    for (size_t i = 0; i < 2 && abs; i++)
        if (kept[i].table && strcmp(kept[i].path, abs) == 0 && vectors_file_of(abs, f)
            && vectors_file_same(kept[i].file, f))
            return vectable_ref(kept[i].table);
    return NULL;
}

/* Keeps t, just read from the file at path, as the one read last. */
static void app_vectors_keep(struct app *a, struct vectable *t, const char *path,
                             const struct vectors_file *f)
{
    vectable_free(a->last_vectors.table);
    free(a->last_vectors.path);
    a->last_vectors.table = vectable_ref(t);
    a->last_vectors.path = app_xstrdup(path);
    a->last_vectors.file = *f;
}

static void app_vectors_report(void *ctx, const char *msg)
{
    app_diag(ctx, msg);
}

void app_vectors_name(const struct app *a, char *buf, size_t cap)
{
    const char *path = a->s.vectors_path ? a->s.vectors_path : "";
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    const char *dot = strrchr(base, '.');
    size_t len = dot && dot > base ? (size_t)(dot - base) : strlen(base);
    snprintf(buf, cap, "%.*s", (int)len, base);
}

/* :vectors off: back to the default embeddings; d_model stays. */
static void app_vectors_off(struct app *a, struct app_result *r, char **logged)
{
    if (!a->s.vectors) {
        app_fail(r, ":vectors off: no vectors are loaded");
        return;
    }
    vectable_free(a->s.vectors);
    free(a->s.vectors_path);
    a->s.vectors = NULL;
    a->s.vectors_path = NULL;
    *logged = app_xstrdup("off");
    app_say(r, "vectors off: every token has its default embedding (d_model stays %zu)",
            a->s.cfg.d_model);
}

/* :vectors FILE: the file's vectors become the tokens' embeddings and
 * d_model their dimension, checked as :dim is. The log gets the absolute
 * path (*logged), so the line replays from any folder. */
static void app_set_vectors(struct app *a, const char *arg, const char *base,
                            struct app_result *r, char **logged)
{
    if (strcmp(arg, "off") == 0 || strcmp(arg, "none") == 0) {
        app_vectors_off(a, r, logged);
        return;
    }
    char *path = app_resolve(arg, base), *abs = realpath(path, NULL);
    struct vectors_result vr = { .table = NULL };
    vr.table = app_vectors_loaded(a, path, abs, &vr.file);
    bool read = !vr.table;
    char err[1024];
    if (read && vectors_load(path, a->rebuilding ? NULL : app_vectors_report, a, &vr, err,
                             sizeof err) != 0) {
        if (vr.bad == 0) {
            app_fail(r, ":vectors %s", err);
            r->flags |= APP_NOINPUT;
        }
        else if (a->io.diag && !a->rebuilding)
            app_fail(r, ":vectors \"%s\": %zu bad line%s (reported above); nothing was "
                     "loaded", path, vr.bad, vr.bad == 1 ? "" : "s");
        else if (vr.bad == 1)
            app_fail(r, "%s; nothing was loaded", err);
        else
            app_fail(r, "%s (and %zu more bad lines); nothing was loaded", err, vr.bad - 1);
        free(path);
        free(abs);
        return;
    }
    struct model_config cfg = a->s.cfg;
    cfg.d_model = vectable_dim(vr.table);
    if (model_check(a->s.toks.n, &cfg, err, sizeof err) != 0) {
        app_fail(r, ":vectors \"%s\": its %zu dimensions would be d_model: %s", path,
                 cfg.d_model, err);
        vectable_free(vr.table);
        free(path);
        free(abs);
        return;
    }
    vectable_free(a->s.vectors);
    free(a->s.vectors_path);
    a->s.vectors = vr.table;
    a->s.vectors_path = abs ? abs : app_xstrdup(path);
    a->s.vectors_file = vr.file;
    a->s.cfg = cfg;
    if (read)
        app_vectors_keep(a, vr.table, a->s.vectors_path, &vr.file);
    *logged = app_xstrdup(a->s.vectors_path);
    char name[256], repeats[96] = "";
    app_vectors_name(a, name, sizeof name);
    if (vr.repeats)
        snprintf(repeats, sizeof repeats, "; %zu repeated word%s kept the first vector",
                 vr.repeats, vr.repeats == 1 ? "" : "s");
    app_say(r, "vectors %s: %zu words of %zu dimensions (d_model %zu); %zu of %zu tokens "
            "found%s", name, vectable_count(vr.table), cfg.d_model, cfg.d_model,
            app_vectors_found(a), app_shown(a)->n, repeats);
    free(path);
}

static void app_apply_from(struct app *a, const struct command *c, const char *base,
                           struct app_result *r);

/* :open FILE: the file's text becomes the sentence, logged as the
 * sentence itself so that a saved session does not need the file. */
static void app_open(struct app *a, const char *path, const char *base, struct app_result *r)
{
    char err[1024];
    char *text = NULL, q[QUOTE_CAP];
    size_t len = 0;
    quote_str(q, path);
    int got = fsfile_read_all(path, AV_MAX_LINE, "a text", &text, &len, err, sizeof err);
    if (got <= 0) {
        if (got == 0)
            app_fail(r, ":open cannot open %s: %s", q, strerror(ENOENT));
        else
            app_fail(r, ":open %s", err);
        r->flags |= APP_NOINPUT;
        return;
    }
    size_t start = utf8_bom_len(text, len), where;
    if (!utf8_valid(text + start, len - start, &where)) {
        app_fail(r, ":open %s: invalid UTF-8 at byte %zu", q, where + start);
        free(text);
        return;
    }
    for (size_t i = start; i < len; i++) {
        if (text[i] == '\0') {
            app_fail(r, ":open %s: a NUL byte at byte %zu (not a text file?)", q, i);
            r->flags |= APP_NOINPUT;
            free(text);
            return;
        }
        if (text[i] == '\n' || text[i] == '\r' || text[i] == '\t' || text[i] == '\f'
            || text[i] == '\v')
            text[i] = ' ';
    }
    char *body = text + start;
    body += strspn(body, " ");
    for (size_t end = strlen(body); end > 0 && body[end - 1] == ' '; end--)
        body[end - 1] = '\0';
    size_t n = 0;
    struct token_span *spans = app_xmalloc((len + 1) * sizeof *spans);
    tokenize(body, strlen(body), spans, len + 1, &n, &where);
    free(spans);
    if (n == 0) {
        app_fail(r, ":open %s has no words", q);
    } else if (n > AV_MAX_TOKENS) {
        app_fail(r, ":open %s has %zu tokens; the limit is %u", q, n, AV_MAX_TOKENS);
    } else if (body[0] == ':' || body[0] == '#') {
        app_fail(r, ":open %s starts with '%c', which a session line reads as a %s", q, body[0],
                 body[0] == ':' ? "command" : "comment");
    } else {
        struct command c = { .kind = CMD_SENTENCE, .u.text = body };
        app_apply_from(a, &c, base, r);
        if (!(r->flags & APP_ERROR))
            app_say(r, "opened %s: %zu token%s", q, a->s.toks.n, a->s.toks.n == 1 ? "" : "s");
    }
    free(text);
}

/* Puts a formatted prefix before r's message ("FILE:LINE: "), cutting
 * the message's end when the whole does not fit. */
static void app_prepend(struct app_result *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void app_prepend(struct app_result *r, const char *fmt, ...)
{
    char prefix[1024];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(prefix, sizeof prefix, fmt, ap);
    va_end(ap);
    size_t plen = n < 0 ? 0 : (size_t)n < sizeof prefix ? (size_t)n : sizeof prefix - 1;
    size_t mlen = strlen(r->text);
    if (plen + mlen >= sizeof r->text)
        mlen = sizeof r->text - 1 - plen;
    memmove(r->text + plen, r->text, mlen);
    memcpy(r->text, prefix, plen);
    r->text[plen + mlen] = '\0';
}

static void app_prefix(struct app_result *r, const char *source, unsigned lineno)
{
    if (lineno)
        app_prepend(r, "%s:%u: ", source, lineno);
    else
        app_prepend(r, "%s: ", source);
}

/* :load (and :replay where scripts are not stepped): all of the file or,
 * when any line of it fails, none. Every bad line is reported through the
 * diag hook; the changes the good ones made are taken back. */
static void app_load(struct app *a, const struct command_desc *d, const char *path,
                     struct app_result *r)
{
    if (a->n_running >= AV_MAX_LOAD_DEPTH) {
        app_fail(r, "%s nested too deeply (limit %u) at \"%s\"", d->name,
                 AV_MAX_LOAD_DEPTH, path);
        return;
    }
    char err[1024];
    struct script *s = script_load(path, err, sizeof err);
    if (!s) {
        app_fail(r, "%s %s", d->name, err);
        return;
    }
    if (!app_push_running(a, s->dev, s->ino)) {
        script_free(s);
        app_fail(r, "%s \"%s\" is already running: a session file cannot :load itself, "
                 "directly or through another", d->name, path);
        return;
    }
    size_t bad = s->bad;
    /* Where no diag hook shows every bad line (the terminal), the summary
     * quotes the first, as :vectors does. */
    char *first = app_xcalloc(1, APP_TEXT_MAX);
    if (bad) {
        /* A line that does not even parse: nothing of the file runs. */
        for (size_t i = 0; i < s->n_lines; i++)
            if (s->lines[i].error) {
                app_diag(a, s->lines[i].error);
                if (!first[0])
                    snprintf(first, APP_TEXT_MAX, "%s", s->lines[i].error);
            }
    } else {
        /* The log as it was, copied: a line of the file may change entries
         * already there (a cursor move merges into the :select before it,
         * an :undo takes one back and rebuilds the log), and a refused
         * file must leave them whole. */
        size_t mark = a->s.log_len;
        char **before = app_xmalloc((mark ? mark : 1) * sizeof *before);
        bool *joined = app_xmalloc((mark ? mark : 1) * sizeof *joined);
        for (size_t i = 0; i < mark; i++) {
            before[i] = app_xstrdup(a->s.log[i]);
            joined[i] = a->s.joined[i];
        }
        struct app_view view = a->view;
        struct app_result *sub = app_xmalloc(sizeof *sub);
        bool outer = !a->loading;
        unsigned long rebuilds = a->rebuilds;
        a->loading = true;
        for (size_t i = 0; i < s->n_lines; i++) {
            *sub = (struct app_result){ 0 };
            app_apply_from(a, &s->lines[i].cmd, path, sub);
            r->flags |= sub->flags & (APP_REDRAW | APP_MODEL | APP_QUIT | APP_IO);
            if (sub->flags & APP_ERROR) {
                app_prefix(sub, path, s->lines[i].lineno);
                app_diag(a, sub->text);
                if (!first[0])
                    snprintf(first, APP_TEXT_MAX, "%s", sub->text);
                bad++;
            }
            if (sub->flags & APP_QUIT)
                break;
        }
        a->loading = !outer;
        if (bad) {
            *sub = (struct app_result){ 0 };
            app_rebuild(a, before, joined, mark, sub);
            a->view = view;
        } else if (outer && a->rebuilds == rebuilds) {
            /* the file's lines are one change (not when a line of it
             * rebuilt the log, an :undo: what is its own is then unknown) */
            for (size_t i = mark + 1; i < a->s.log_len; i++)
                a->s.joined[i] = true;
        }
        for (size_t i = 0; i < mark; i++)
            free(before[i]);
        free(before);
        free(joined);
        free(sub);
    }
    a->n_running--;
    script_free(s);
    if (bad && a->io.diag)
        app_fail(r, "%s \"%s\": %zu bad line%s (reported above); nothing of it was kept",
                 d->name, path, bad, bad == 1 ? "" : "s");
    else if (bad == 1)
        app_fail(r, "%s %s; nothing of it was kept", d->name, first);
    else if (bad)
        app_fail(r, "%s %s (and %zu more bad lines); nothing of it was kept", d->name, first,
                 bad - 1);
    free(first);
}

void app_rebuild(struct app *a, char *const *lines, const bool *joined, size_t n,
                 struct app_result *r)
{
    a->rebuilds++;
    app_preview_end(a);
    struct app_session old = a->s;
    bool was = a->rebuilding;
    const struct app_session *replaced = a->replaced;
    app_session_init(&a->s, &a->start_cfg);
    a->rebuilding = true;
    a->replaced = &old;
    struct app_result *sub = app_xmalloc(sizeof *sub);
    for (size_t i = 0; i < n; i++) {
        *sub = (struct app_result){ 0 };
        size_t at = a->s.log_len;
        app_run_line(a, lines[i], strlen(lines[i]), NULL, 0, sub);
        if (joined && a->s.log_len == at + 1)
            a->s.joined[at] = joined[i];
        if (sub->flags & APP_ERROR) {
            memcpy(r->text, sub->text, sizeof r->text);
            app_prepend(r, "replaying \"%.200s\" failed: ", lines[i]);
            r->flags |= APP_ERROR;
            app_session_free(&a->s);
            a->s = old;
            a->rebuilding = was;
            a->replaced = replaced;
            free(sub);
            return;
        }
    }
    free(sub);
    a->rebuilding = was;
    a->replaced = replaced;
    app_session_free(&old);
    app_mark(a, MODEL_PASS_EMBED);
    app_clamp(a);
    r->flags |= APP_REDRAW | APP_MODEL;
}

/* What :undo says it took back: the line, or the lines of a :load. */
static void app_say_step(struct app_result *r, const char *verb, const char *step)
{
    size_t lines = 1;
    for (const char *p = strchr(step, '\n'); p; p = strchr(p + 1, '\n'))
        lines++;
    if (lines == 1)
        app_say(r, "%s %s", verb, step);
    else
        app_say(r, "%s the %zu lines of a :load (%.*s …)", verb, lines,
                (int)strcspn(step, "\n"), step);
}

/* The log without its last change (the cursor moves after it stay), rebuilt:
 * replay is deterministic, so undo needs no inverse for any command. A
 * change is a line, or the lines of one :load (joined). What was taken
 * back goes on the redo stack, a change's lines one under another. */
static void app_undo(struct app *a, struct app_result *r)
{
    size_t k = a->s.log_len;
    while (k > a->history_start && app_is_move(a->s.log[k - 1]))
        k--;
    if (k == a->history_start) {
        app_fail(r, "nothing to undo");
        return;
    }
    size_t first = k - 1;
    while (first > a->history_start && a->s.joined[first])
        first--;
    size_t len = 0;
    for (size_t i = first; i < k; i++)
        len += strlen(a->s.log[i]) + 1;
    char *keep = app_xmalloc(len);
    char **lines = app_xmalloc(a->s.log_len * sizeof *lines);
    bool *joined = app_xmalloc(a->s.log_len * sizeof *joined);
    size_t n = 0, o = 0;
    for (size_t i = 0; i < a->s.log_len; i++) {
        if (i >= first && i < k) {
            o += (size_t)sprintf(keep + o, "%s%s", o ? "\n" : "", a->s.log[i]);
            continue;
        }
        lines[n] = a->s.log[i];
        joined[n++] = a->s.joined[i];
    }
    app_rebuild(a, lines, joined, n, r);
    free(lines);
    free(joined);
    if (r->flags & APP_ERROR) {
        free(keep);
        app_prepend(r, "cannot undo: ");
        return;
    }
    if (a->redo_len == a->redo_cap) {
        a->redo_cap = a->redo_cap ? 2 * a->redo_cap : 16;
        a->redo = app_xrealloc(a->redo, a->redo_cap * sizeof *a->redo);
    }
    a->redo[a->redo_len++] = keep;
    a->edits++;
    app_say_step(r, "undid", keep);
}

/* The lines of a :load the undo took back, after the log: the log
 * rebuilt with them, joined (all or nothing, as the :load was). */
static void app_redo_lines(struct app *a, char *step, struct app_result *r)
{
    size_t n = a->s.log_len + 1;
    for (const char *p = strchr(step, '\n'); p; p = strchr(p + 1, '\n'))
        n++;
    char **lines = app_xmalloc(n * sizeof *lines);
    bool *joined = app_xmalloc(n * sizeof *joined);
    size_t k = 0;
    for (; k < a->s.log_len; k++) {
        lines[k] = app_xstrdup(a->s.log[k]);
        joined[k] = a->s.joined[k];
    }
    for (char *line = step, *next; line; line = next, k++) {
        next = strchr(line, '\n');
        lines[k] = next ? app_xstrndup(line, (size_t)(next - line)) : app_xstrdup(line);
        joined[k] = line != step;
        next = next ? next + 1 : NULL;
    }
    app_rebuild(a, lines, joined, k, r);
    for (size_t i = 0; i < k; i++)
        free(lines[i]);
    free(lines);
    free(joined);
}

/* The last change :undo took back, made again. */
static void app_redo(struct app *a, struct app_result *r)
{
    if (a->redo_len == 0) {
        app_fail(r, "nothing to redo");
        return;
    }
    char *step = a->redo[--a->redo_len];
    /* Running it must not clear the rest of the stack. */
    if (strchr(step, '\n')) {
        app_redo_lines(a, step, r);
    } else {
        bool was = a->rebuilding;
        a->rebuilding = true;
        app_run_line(a, step, strlen(step), NULL, 0, r);
        a->rebuilding = was;
    }
    if (r->flags & APP_ERROR) {
        a->redo_len++;
        app_prepend(r, "cannot redo: ");
        return;
    }
    a->edits++;
    app_say_step(r, "redid", step);
    free(step);
}

/* :themes: one theme a line, '*' marking the current one, then its
 * description or, for a bad file, why it shows the default. Without an
 * output (the TUI) the names are the message. */
static void app_themes(struct app *a, struct app_result *r)
{
    size_t n, width = 0, used = 0;
    const char *const *names = theme_names(&n);
    FILE *f = a->io.print_out;
    if (!f) {
        names = theme_usable_names(&n);
        used = (size_t)snprintf(r->text, sizeof r->text, "themes:");
        for (size_t i = 0; i < n && used < sizeof r->text; i++)
            used += (size_t)snprintf(r->text + used, sizeof r->text - used, " %s%s", names[i],
                                     strcmp(names[i], a->view.theme) == 0 ? "*" : "");
        r->flags |= APP_SAID;
        return;
    }
    for (size_t i = 0; i < n; i++)
        if (strlen(names[i]) > width)
            width = strlen(names[i]);
    for (size_t i = 0; i < n; i++) {
        const struct theme *t = theme_find(names[i]);
        const char *about = t->error ? t->error : t->description;
        fprintf(f, "%c %-*s  %s%s\n", strcmp(names[i], a->view.theme) == 0 ? '*' : ' ',
                (int)width, names[i], t->error ? "bad file, cannot be used: " : "", about);
    }
    const char *const *skipped = theme_skipped(&n);
    for (size_t i = 0; i < n; i++)
        fprintf(f, "  %s\n", skipped[i]);
    if (fflush(f) != 0 || ferror(f))
        app_fail_io(r, ":themes failed: %s", strerror(errno));
}

/* :tours: one tour a line with what it is about; without an output (the
 * TUI) the names are the message. */
static void app_tours(struct app *a, struct app_result *r)
{
    struct datadir_list *dirs = app_xmalloc(sizeof *dirs);
    datadir_folders(DATADIR_SAMPLES, dirs);
    size_t n, width = 0, used;
    struct tour *t = tour_list(dirs, &n);
    free(dirs);
    FILE *f = a->io.print_out;
    if (n == 0) {
        app_say(r, "no tours found (make install puts them in %s/samples)", datadir_installed());
        if (f)
            app_diag(a, r->text);
    } else if (!f) {
        used = (size_t)snprintf(r->text, sizeof r->text, "tours:");
        for (size_t i = 0; i < n && used < sizeof r->text; i++)
            used += (size_t)snprintf(r->text + used, sizeof r->text - used, " %s", t[i].name);
        r->flags |= APP_SAID;
    } else {
        for (size_t i = 0; i < n; i++)
            if (strlen(t[i].name) > width)
                width = strlen(t[i].name);
        for (size_t i = 0; i < n; i++)
            fprintf(f, "%-*s  %s\n", (int)width, t[i].name, t[i].about);
        if (fflush(f) != 0 || ferror(f))
            app_fail_io(r, ":tours failed: %s", strerror(errno));
    }
    tour_list_free(t, n);
}

/* :help in batch mode: every command with its argument and what it does;
 * the TUI shows its help screen instead. */
static void app_help(struct app *a, struct app_result *r)
{
    FILE *f = a->io.print_out;
    if (!f)
        return;
    size_t n;
    const struct command_desc *t = command_table(&n);
    for (size_t i = 0; i < n; i++) {
        char usage[160];
        command_usage(&t[i], usage, sizeof usage);
        fprintf(f, "%-8s %-32s %s\n", t[i].name, usage, t[i].help);
    }
    if (fflush(f) != 0 || ferror(f))
        app_fail_io(r, ":help failed: %s", strerror(errno));
}

/* The synced model of the shown tokens as an export reads it; with shown
 * (built here, for the caller to shown_free), what the heatmap shows. */
static struct export_doc app_export_doc(struct app *a, struct shown *shown)
{
    app_sync(a);
    const struct app_tokens *t = app_shown(a);
    if (shown)
        shown_build(shown, a);
    return (struct export_doc){ .m = &a->model, .tokens = (const char *const *)t->text,
                                .ids = t->ids, .sentence = a->s.sentence, .shown = shown };
}

static void app_print(struct app *a, const struct command *c, struct app_result *r)
{
    /* No output (the TUI): the screen already shows the model, and a tour
     * that ends with :print must replay there without an error. */
    if (!a->io.print_out) {
        app_say(r, ":print writes to stdout in --batch and --dump; here the screen "
                "is the model");
        return;
    }
    /* the JSON names the stage shown, with its matrices */
    struct shown s;
    struct export_doc doc = app_export_doc(a, &s);
    if (export_write(a->io.print_out, &doc, (enum print_format)c->u.num) != 0)
        app_fail_io(r, ":print failed: %s", strerror(errno));
    shown_free(&s);
}

/* The heatmap as the screen shows it, for an export: the shown panes of
 * s, the theme's colors (the default's for a bad theme file, as on
 * screen), :range and the zoom. */
static struct heat_doc app_heat_doc(const struct app *a, const struct export_doc *doc,
                                    const struct shown *s)
{
    const struct theme *t = theme_find(a->view.theme);
    if (!t || t->error)
        t = theme_default();
    return (struct heat_doc){ .model = doc, .shown = s, .map = t->map, .range = a->view.range,
                              .zoom = a->view.zoom, .zoom_mode = a->view.zoom_mode,
                              .colors = a->view.ansi };
}

int app_export_write(struct app *a, FILE *f, enum export_kind kind)
{
    struct shown s;
    struct export_doc doc = app_export_doc(a, &s);
    struct heat_doc h = app_heat_doc(a, &doc, &s);
    int rc = heatexport_write(f, &h, kind);
    shown_free(&s);
    return rc;
}

static void app_export(struct app *a, const struct command_desc *d, const struct command *c,
                       const char *path, struct app_result *r)
{
    if (app_shown(a)->n == 0) {
        app_fail(r, "%s: nothing to export yet (type a sentence first)", d->name);
        return;
    }
    struct shown s;
    struct export_doc doc = app_export_doc(a, &s);
    struct heat_doc h = app_heat_doc(a, &doc, &s);
    enum export_kind kind = (enum export_kind)c->u.to.choice;
    int rc = heatexport_save(&h, kind, path, d->kind == CMD_EXPORT_FORCE, d->name, r->text,
                             sizeof r->text);
    if (rc != FSFILE_WRITTEN) {
        r->flags |= APP_ERROR | (rc == FSFILE_FAILED ? APP_IO : 0);
    } else {
        char what[256];
        heatexport_describe(&h, kind, what, sizeof what);
        app_say(r, "wrote %s (%s)", path, what);
    }
    shown_free(&s);
}

static void app_save(struct app *a, const struct command_desc *d, const char *path,
                     struct app_result *r)
{
    struct session_doc doc = { &a->start_cfg, a->s.log, a->s.log_len, session_time() };
    int rc = session_save(&doc, path, d->kind == CMD_SAVE_FORCE, d->name, r->text,
                          sizeof r->text);
    if (rc != FSFILE_WRITTEN)
        r->flags |= APP_ERROR | (rc == FSFILE_FAILED ? APP_IO : 0);
    else {
        app_mark_saved(a);
        app_say(r, "saved %zu line%s to %s", doc.log_len, doc.log_len == 1 ? "" : "s", path);
    }
}

/* Stepping through a script is the terminal's business: typed there (not
 * inside a script), :replay hands the script back. Anywhere else - batch
 * mode, inside a :load'ed file or a step of a replay (base: the line came
 * from a file) - the file simply runs, so a tour that replays another one
 * still works as a batch test, and as a tour. */
static void app_replay(struct app *a, const struct command_desc *d, const char *path,
                       const char *base, struct app_result *r)
{
    if (!a->io.steps_replays || a->n_running > 0 || base) {
        app_load(a, d, path, r);
        return;
    }
    char err[1024];
    r->replay = replay_open(path, a, err, sizeof err);
    if (!r->replay)
        app_fail(r, "%s %s", d->name, err);
}

/* app_apply with the path of the session file the command came from (NULL
 * at the prompt), against which :load and :save resolve relative names. */
static void app_apply_from(struct app *a, const struct command *c, const char *base,
                           struct app_result *r)
{
    r->kind = c->kind;
    if (c->kind == CMD_EMPTY)
        return;
    /* Every command but a new sentence acts on the committed state. */
    if (a->previewing && c->kind != CMD_SENTENCE)
        r->flags |= app_preview_end(a);
    const struct command_desc *d = command_desc_of(c->kind);
    enum model_pass dirty = d ? d->dirty : MODEL_PASS_EMBED;
    bool merge = false;
    char *path = NULL, *logged = NULL;   /* logged: the argument the log gets instead */
    if (d && d->setting) {
        app_set_setting(a, d, c, r);
    } else switch (c->kind) {
    case CMD_SENTENCE:
        app_set_sentence(a, c->u.text, r);
        break;
    case CMD_EMB:
    case CMD_PE_ROW:
        app_set_vector(a, d, c, r);
        break;
    case CMD_VECTORS:
        app_set_vectors(a, c->u.text, base, r, &logged);
        break;
    case CMD_SELECT:
        app_select(a, c, r);
        merge = a->s.log_len > 0 && strncmp(a->s.log[a->s.log_len - 1], ":select ", 8) == 0;
        break;
    case CMD_HEAD:
        app_set_head(a, c->u.pick, r);
        break;
    case CMD_THEME:
        if (theme_check(c->u.text, r->text, sizeof r->text) != 0)
            r->flags |= APP_ERROR;
        else
            snprintf(a->view.theme, sizeof a->view.theme, "%s", c->u.text);
        break;
    case CMD_RANGE:
        a->view.range = (enum heat_range)c->u.num;
        break;
    case CMD_STAGE:
        a->view.stage = (enum stage)c->u.num;
        a->view.view = VIEW_ATTENTION;
        break;
    case CMD_VIEW:
        a->view.view = (enum view)c->u.num;
        break;
    case CMD_ZOOM:
        a->view.zoom = c->u.pick;
        break;
    case CMD_ZOOM_MODE:
        a->view.zoom_mode = (enum zoom_mode)c->u.num;
        break;
    case CMD_SUMMARIES:
        a->view.summaries = c->u.num != 0;
        break;
    case CMD_DETAIL_DELAY:
        a->view.detail_delay_ms = (unsigned)c->u.num;
        break;
    case CMD_THEMES:
        app_themes(a, r);
        break;
    case CMD_TOURS:
        app_tours(a, r);
        break;
    case CMD_NOTE:
        app_set_note(a, c->u.text, r);
        break;
    case CMD_PRINT:
        app_print(a, c, r);
        break;
    case CMD_EXPORT:
    case CMD_EXPORT_FORCE:
        path = app_resolve(c->u.to.path, base);
        app_export(a, d, c, path, r);
        break;
    case CMD_SAVE:
    case CMD_SAVE_FORCE:
        path = app_resolve(c->u.text, base);
        app_save(a, d, path, r);
        break;
    case CMD_LOAD:
    case CMD_REPLAY:
        path = app_script_path(c->u.text, base, r->text, sizeof r->text);
        if (!path) {
            app_prepend(r, "%s: ", d->name);
            r->flags |= APP_ERROR;
        } else if (c->kind == CMD_LOAD)
            app_load(a, d, path, r);
        else
            app_replay(a, d, path, base, r);
        break;
    case CMD_OPEN:
        path = app_resolve(c->u.text, base);
        app_open(a, path, base, r);
        break;
    case CMD_UNDO:
        app_undo(a, r);
        break;
    case CMD_REDO:
        app_redo(a, r);
        break;
    case CMD_HELP:
        app_help(a, r);
        break;
    case CMD_QUIT:
    case CMD_QUIT_FORCE:
        r->flags |= APP_QUIT;
        break;
    case CMD_WRITE_QUIT:
        path = app_resolve(c->u.text, base);
        app_save(a, d, path, r);
        if (!(r->flags & APP_ERROR))
            r->flags |= APP_QUIT;
        break;
    case CMD_PAUSE:
        /* Only a replay waits; the log records state, not pacing. */
        break;
    default:
        app_fail(r, "internal error: no effect for command kind %d", (int)c->kind);
        break;
    }
    free(path);
    if (r->flags & APP_ERROR)
        return;
    /* (a move a rebuild found no tokens for is not one: app_select) */
    bool session = (!d || d->scope == SCOPE_SESSION)
                   && !(c->kind == CMD_SELECT && a->s.toks.n == 0);
    if (session) {
        struct command as_logged = { .kind = c->kind, .u.text = logged }, cursor = *c;
        /* a cursor move is logged as where the cursor is (a rebuild may
         * have kept it inside a smaller matrix), its component too: the
         * line it merges into may have named one */
        if (c->kind == CMD_SELECT) {
            cursor.u.cell.row = a->s.sel_row;
            cursor.u.cell.col = a->s.sel_col;
            cursor.u.cell.dim = a->s.sel_dim;
            cursor.u.cell.has_dim = a->s.sel_dim != 0;
        }
        app_log(&a->s, logged ? &as_logged : &cursor, merge);
        free(logged);
        if (c->kind != CMD_SELECT && !a->rebuilding) {
            a->edits++;
            app_redo_clear(a);
        }
        app_mark(a, dirty);
        app_clamp(a);
        r->flags |= APP_REDRAW | (dirty < MODEL_PASS_COUNT ? APP_MODEL : 0);
    } else if (d->scope == SCOPE_VIEW) {
        r->flags |= APP_REDRAW;
    }
    /* What a command says when it says nothing itself: its canonical line
     * (a quiet one, such as a cursor move, would drown every other message). */
    if (!(r->flags & APP_SAID) && d && !d->quiet && !r->replay) {
        command_format(c, r->text, sizeof r->text);
        r->flags |= APP_SAID;
    }
}

void app_apply(struct app *a, const struct command *c, struct app_result *r)
{
    *r = (struct app_result){ .kind = CMD_EMPTY };
    app_apply_from(a, c, NULL, r);
}

void app_run_line(struct app *a, const char *line, size_t len,
                  const char *source, unsigned lineno, struct app_result *r)
{
    struct command c;
    *r = (struct app_result){ .kind = CMD_EMPTY };
    if (command_parse(line, len, &c, r->text, sizeof r->text) != 0)
        r->flags = APP_ERROR;
    else {
        app_apply_from(a, &c, lineno ? source : NULL, r);
        command_free(&c);
    }
    if ((r->flags & APP_ERROR) && source)
        app_prefix(r, source, lineno);
}

int app_run_file(struct app *a, const char *path, FILE *stream, bool *io_failed, char *err,
                 size_t errlen)
{
    struct script_reader *sr = script_reader_open(path, stream, err, errlen);
    if (!sr)
        return -1;
    unsigned long long dev, ino;
    script_reader_identity(sr, &dev, &ino);
    if (!app_push_running(a, dev, ino)) {
        script_reader_close(sr);
        return errmsg_set(err, errlen, "\"%s\" is already running", path);
    }
    struct app_result *r = app_xmalloc(sizeof *r);
    int bad = 0;
    const char *line;
    size_t len;
    unsigned lineno;
    for (;;) {
        enum script_read got = script_reader_next(sr, &line, &len, &lineno, r->text,
                                                  sizeof r->text);
        if (got == SCRIPT_END)
            break;
        if (got == SCRIPT_FAIL) {
            errmsg_set(err, errlen, "%s", r->text);
            bad = -1;
            break;
        }
        if (got == SCRIPT_BAD_LINE) {
            app_diag(a, r->text);
            bad++;
            continue;
        }
        app_run_line(a, line, len, path, lineno, r);
        if (r->flags & APP_ERROR) {
            app_diag(a, r->text);
            bad++;
        }
        if ((r->flags & APP_IO) && io_failed)
            *io_failed = true;
        if (r->flags & APP_QUIT)
            break;
    }
    free(r);
    a->n_running--;
    script_reader_close(sr);
    return bad;
}

float app_cell_weight(const struct app *a, size_t i, size_t j)
{
    const struct model *m = &a->model;
    size_t n = m->n, heads = m->cfg.heads;
    if (i >= n || j >= n)
        return 0.0f;
    if (a->s.head != HEAD_MEAN)
        return model_head_weights(m, (size_t)a->s.head < heads ? (size_t)a->s.head : heads - 1)
               [i * n + j];
    double sum = 0;
    for (size_t t = 0; t < heads; t++)
        sum += model_head_weights(m, t)[i * n + j];
    return (float)(sum / (double)heads);
}
