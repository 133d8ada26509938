/* app.c - the state of attnviz and app_apply, the one place it changes.
 *
 * Every recomputing command follows one pattern: build the candidate parts
 * (config, tokens, a cloned override store), compute the model into
 * a->scratch, and only when that worked swap the model in and install the
 * parts. So a failing command leaves every byte of the state as it was. */
#include "attnviz/app.h"

#include <errno.h>
#include <float.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "attnviz/export.h"
#include "attnviz/limits.h"
#include "attnviz/session.h"
#include "attnviz/theme.h"
#include "attnviz/tokenizer.h"
#include "attnviz/vecstore.h"
#include "attnviz/vocab.h"
#include "attnviz/errmsg.h"
#include "attnviz/xalloc.h"

/* Room for one message: a quoted argument is cut short by the parser, a
 * file name may be as long as a path gets. */
#define APP_MSG_MAX 8192

/* A scratch arena bigger than this is released after a swap: two arenas of
 * a long sentence would double the memory for the sake of a faster edit. */
#define APP_SCRATCH_KEEP_BYTES (64u << 20)

/* app_apply's errors: the message, and the flag that says there is one. */
#define app_fail(...) (errmsg_set(__VA_ARGS__), APP_ERROR)

void app_default_config(struct model_config *cfg)
{
    *cfg = (struct model_config){
        .d_model = 8,
        .heads = 1,
        .seed = 42,
        .pe = PE_SINUSOIDAL,
        .proj = PROJ_RANDOM,
        .scale = true,
        .causal = false,
    };
}

/* ---- tokens ------------------------------------------------------------ */

/* The tokens of one sentence, the shape a->tokens/ids/n_tokens have. */
struct app_toks {
    size_t n;
    char **text;
    unsigned *ids;    /* 0 until interned */
};

static struct app_toks app_current_toks(const struct app *a)
{
    return (struct app_toks){ a->n_tokens, a->tokens, a->ids };
}

static void app_toks_free(struct app_toks *t)
{
    for (size_t i = 0; i < t->n; i++)
        free(t->text[i]);
    free(t->text);
    free(t->ids);
    *t = (struct app_toks){ 0 };
}

static unsigned app_toks_split(struct app_toks *t, const char *s, char *err, size_t errlen)
{
    size_t len = strlen(s), n = 0, where = 0;
    struct token_span *spans = app_xmalloc(AV_MAX_TOKENS * sizeof *spans);
    enum tokenize_status st = tokenize(s, len, spans, AV_MAX_TOKENS, &n, &where);
    if (st != TOKENIZE_OK) {
        free(spans);
        if (st == TOKENIZE_BAD_UTF8)
            return app_fail(err, errlen, "invalid UTF-8 at byte %zu", where);
        return app_fail(err, errlen, "sentence has more than %u tokens (limit %u)",
                        AV_MAX_TOKENS, AV_MAX_TOKENS);
    }
    t->n = n;
    t->text = app_xcalloc(n, sizeof *t->text);
    t->ids = app_xcalloc(n, sizeof *t->ids);
    for (size_t i = 0; i < n; i++)
        t->text[i] = app_xstrndup(s + spans[i].start, spans[i].len);
    free(spans);
    return 0;
}

static void app_toks_intern(struct app_toks *t, struct vocab *v)
{
    for (size_t i = 0; i < t->n; i++) {
        t->ids[i] = vocab_intern(v, t->text[i], strlen(t->text[i]));
        if (t->ids[i] == 0)
            app_die("out of memory");
    }
}

static void app_toks_install(struct app *a, struct app_toks *t)
{
    struct app_toks old = app_current_toks(a);
    app_toks_free(&old);
    a->n_tokens = t->n;
    a->tokens = t->text;
    a->ids = t->ids;
    *t = (struct app_toks){ 0 };
}

/* ---- the model ------------------------------------------------------- */

static bool app_all_finite(const float *p, size_t count)
{
    for (size_t i = 0; i < count; i++)
        if (!isfinite(p[i]))
            return false;
    return true;
}

/* Largest |row| (Euclidean) of columns col .. col+len-1 of a[n][d]. */
static double app_max_norm(const float *a, size_t n, size_t d, size_t col, size_t len)
{
    double max = 0.0;
    for (size_t i = 0; i < n; i++) {
        double s = 0.0;
        for (size_t c = col; c < col + len; c++)
            s += (double)a[i * d + c] * a[i * d + c];
        max = s > max ? s : max;
    }
    return sqrt(max);
}

/* The model keeps no scores: |q.k| <= |q| |k| bounds them all, and only
 * when that bound comes near FLT_MAX are a head's scores recomputed and
 * looked at. */
static bool app_scores_finite(const struct model *m)
{
    size_t n = m->n, dk = m->d_k;
    double alpha = m->cfg.scale ? 1.0 / sqrt((double)dk) : 1.0;
    float *s = NULL;
    bool ok = true;
    for (size_t t = 0; ok && t < m->cfg.heads; t++) {
        double bound = alpha * app_max_norm(m->q, n, m->d, t * dk, dk)
                       * app_max_norm(m->k, n, m->d, t * dk, dk);
        if (bound < 0.5 * FLT_MAX)
            continue;
        if (!s)
            s = app_xmalloc(n * n * sizeof *s);
        model_head_scores(m, t, s);
        ok = app_all_finite(s, n * n);
    }
    free(s);
    return ok;
}

/* Finite inputs can still overflow float32 on the way (x = e + pe, Q.K);
 * an inf or NaN in the model would poison every view and export, so such a
 * command is refused like any other bad one. A finite row max and sum
 * (the sum is at least 1) mean finite weights in [0, 1]. */
static bool app_model_finite(const struct model *m)
{
    size_t nd = m->n * m->d, hn = m->cfg.heads * m->n;
    return app_all_finite(m->emb, nd) && app_all_finite(m->pe, nd)
        && app_all_finite(m->x, nd) && app_all_finite(m->q, nd)
        && app_all_finite(m->k, nd) && app_all_finite(m->v, nd)
        && app_all_finite(m->row_max, hn) && app_all_finite(m->row_sum, hn)
        && app_all_finite(m->out, nd) && app_scores_finite(m);
}

/* Computes the model of (cfg, t, emb, pe) into a->scratch and, when that
 * worked, swaps it in as a->model; 0 or APP_ERROR. The caller installs its
 * other parts. */
static unsigned app_recompute(struct app *a, const struct model_config *cfg,
                         const struct app_toks *t, const struct vecstore *emb,
                         const struct vecstore *pe, char *err, size_t errlen)
{
    struct model_input in = {
        .n = t->n,
        .tokens = (const char *const *)t->text,
        .emb_overrides = emb,
        .pe_rows = pe,
    };
    if (model_forward(&a->scratch, cfg, &in, MODEL_PASS_EMBED, err, errlen) != 0)
        return APP_ERROR;
    if (!app_model_finite(&a->scratch))
        return app_fail(err, errlen, "the numbers are too large: the model "
                        "would overflow float32 (inf or NaN)");
    struct model tmp = a->model;
    a->model = a->scratch;
    a->scratch = tmp;
    if (a->scratch.arena_cap * sizeof(float) > APP_SCRATCH_KEEP_BYTES) {
        model_free(&a->scratch);
        model_init(&a->scratch);
    }
    return 0;
}

static void app_clamp(struct app *a)
{
    size_t n = a->n_tokens;
    if (a->sel_row >= n)
        a->sel_row = n ? n - 1 : 0;
    if (a->sel_col >= n)
        a->sel_col = n ? n - 1 : 0;
    if (a->head != HEAD_MEAN && (size_t)a->head >= a->cfg.heads)
        a->head = (int)a->cfg.heads - 1;
    /* The mean of one head is that head; showing it as head 0 keeps the
     * screen from speaking of "the mean of 1 heads". */
    if (a->head == HEAD_MEAN && a->cfg.heads == 1)
        a->head = 0;
}

/* ---- the log ----------------------------------------------------------- */

static char *app_format(const struct command *c)
{
    int n = command_format(c, NULL, 0);
    char *s = app_xmalloc((size_t)n + 1);
    command_format(c, s, (size_t)n + 1);
    return s;
}

static bool app_is_select(const char *line)
{
    return strncmp(line, ":select ", 8) == 0;
}

/* A run of cursor moves is one step of the session, not dozens. */
static void app_log(struct app *a, const struct command *c)
{
    char *line = app_format(c);
    if (c->kind == CMD_SELECT && a->log_len > 0 && app_is_select(a->log[a->log_len - 1])) {
        free(a->log[a->log_len - 1]);
        a->log[a->log_len - 1] = line;
        return;
    }
    if (a->log_len == a->log_cap) {
        a->log_cap = a->log_cap ? 2 * a->log_cap : 16;
        a->log = app_xrealloc(a->log, a->log_cap * sizeof *a->log);
    }
    a->log[a->log_len++] = line;
}

/* ---- init, free ------------------------------------------------------ */

int app_init(struct app *a, const struct model_config *cfg, char *err, size_t errlen)
{
    memset(a, 0, sizeof *a);
    if (cfg->heads > 0 && cfg->d_model % cfg->heads != 0) {
        errmsg_set(err, errlen, "heads %zu does not divide d_model %zu",
                 cfg->heads, cfg->d_model);
        return -1;
    }
    if (model_config_check(cfg, err, errlen) != 0)
        return -1;
    a->cfg = *cfg;
    a->start_cfg = *cfg;
    a->sentence = app_xstrdup("");
    a->vocab = vocab_new();
    a->emb_overrides = vecstore_new();
    a->pe_rows = vecstore_new();
    if (!a->vocab || !a->emb_overrides || !a->pe_rows)
        app_die("out of memory");
    model_init(&a->model);
    model_init(&a->scratch);
    snprintf(a->theme, sizeof a->theme, "%s", THEME_DEFAULT_NAME);
    struct app_toks none = { 0 };
    if (app_recompute(a, cfg, &none, NULL, NULL, err, errlen)) {
        app_free(a);
        return -1;
    }
    return 0;
}

void app_free(struct app *a)
{
    struct app_toks t = app_current_toks(a);
    app_toks_free(&t);
    free(a->sentence);
    vocab_free(a->vocab);
    vecstore_free(a->emb_overrides);
    vecstore_free(a->pe_rows);
    model_free(&a->model);
    model_free(&a->scratch);
    free(a->note);
    for (size_t i = 0; i < a->log_len; i++)
        free(a->log[i]);
    free(a->log);
    memset(a, 0, sizeof *a);
}

/* ---- preview --------------------------------------------------------- */

unsigned app_preview(struct app *a, const char *sentence, char *err, size_t errlen)
{
    struct app_toks t = { 0 };
    if (app_toks_split(&t, sentence, err, errlen))
        return APP_ERROR;
    if (t.n == 0) {
        app_toks_free(&t);
        return app_fail(err, errlen, "the sentence is empty");
    }
    if (app_recompute(a, &a->cfg, &t, a->emb_overrides, a->pe_rows, err, errlen)) {
        app_toks_free(&t);
        return APP_ERROR;
    }
    /* Interning into a throwaway copy numbers new words after the
     * vocabulary's last id, as the real commit would, without keeping them. */
    struct vocab *v = vocab_clone(a->vocab);
    if (!v)
        app_die("out of memory");
    app_toks_intern(&t, v);
    vocab_free(v);
    app_toks_install(a, &t);
    a->previewing = true;
    app_clamp(a);
    return APP_REDRAW | APP_RECOMPUTE;
}

unsigned app_preview_end(struct app *a)
{
    if (!a->previewing)
        return 0;
    char err[APP_MSG_MAX];
    struct app_toks t = { 0 };
    /* The committed sentence was computed with this very config before, so
     * only running out of memory can fail here. */
    if (app_toks_split(&t, a->sentence, err, sizeof err)
        || app_recompute(a, &a->cfg, &t, a->emb_overrides, a->pe_rows, err, sizeof err))
        app_die(err);
    app_toks_intern(&t, a->vocab);
    app_toks_install(a, &t);
    a->previewing = false;
    app_clamp(a);
    return APP_REDRAW | APP_RECOMPUTE;
}

/* ---- commands -------------------------------------------------------- */

static unsigned app_set_sentence(struct app *a, const char *text, char *err, size_t errlen)
{
    struct app_toks t = { 0 };
    if (app_toks_split(&t, text, err, errlen))
        return APP_ERROR;
    if (t.n == 0) {
        app_toks_free(&t);
        return app_fail(err, errlen, "the sentence has no tokens");
    }
    if (app_recompute(a, &a->cfg, &t, a->emb_overrides, a->pe_rows, err, errlen)) {
        app_toks_free(&t);
        return APP_ERROR;
    }
    app_toks_intern(&t, a->vocab);
    app_toks_install(a, &t);
    free(a->sentence);
    a->sentence = app_xstrdup(text);
    a->previewing = false;
    return APP_REDRAW | APP_RECOMPUTE;
}

static unsigned app_set_config(struct app *a, const struct model_config *cfg,
                               char *err, size_t errlen)
{
    struct app_toks cur = app_current_toks(a);
    if (app_recompute(a, cfg, &cur, a->emb_overrides, a->pe_rows, err, errlen))
        return APP_ERROR;
    a->cfg = *cfg;
    return APP_REDRAW | APP_RECOMPUTE;
}

/* :emb and :pe-row: one vector into a copy of its store; the copy replaces
 * the store once the model computed with it. */
static unsigned app_set_vector(struct app *a, const struct command *c,
                               char *err, size_t errlen)
{
    bool emb = c->kind == CMD_EMB;
    const char *name = emb ? ":emb" : ":pe-row";
    if (c->u.vec.count != a->cfg.d_model)
        return app_fail(err, errlen, "%s needs exactly %zu values (d_model), got %zu",
                        name, a->cfg.d_model, c->u.vec.count);
    char pos[24];
    const char *key = c->u.vec.name;
    if (!emb) {
        snprintf(pos, sizeof pos, "%zu", c->u.vec.index);
        key = pos;
    }
    struct vecstore **store = emb ? &a->emb_overrides : &a->pe_rows;
    struct vecstore *next = vecstore_clone(*store);
    if (!next || vecstore_set(next, key, c->u.vec.values, c->u.vec.count) != 0)
        app_die("out of memory");
    struct app_toks cur = app_current_toks(a);
    if (app_recompute(a, &a->cfg, &cur, emb ? next : a->emb_overrides,
                      emb ? a->pe_rows : next, err, errlen)) {
        vecstore_free(next);
        return APP_ERROR;
    }
    vecstore_free(*store);
    *store = next;
    return APP_REDRAW | APP_RECOMPUTE;
}

static unsigned app_select(struct app *a, size_t row, size_t col, char *err, size_t errlen)
{
    size_t n = a->n_tokens;
    if (n == 0)
        return app_fail(err, errlen, "no tokens to select");
    if (row >= n || col >= n)
        return app_fail(err, errlen, ":select %zu %zu is outside the %zux%zu matrix "
                        "(rows and columns go from 0 to %zu)", row, col, n, n, n - 1);
    a->sel_row = row;
    a->sel_col = col;
    return APP_REDRAW;
}

static unsigned app_set_head(struct app *a, int head, char *err, size_t errlen)
{
    if (head != HEAD_MEAN && (head < 0 || (size_t)head >= a->cfg.heads))
        return app_fail(err, errlen, ":head %d does not exist: heads go from 0 to %zu "
                        "(or mean)", head, a->cfg.heads - 1);
    a->head = head;
    app_clamp(a);
    return APP_REDRAW;
}

static unsigned app_set_note(struct app *a, const char *text)
{
    free(a->note);
    a->note = app_xstrdup(text);
    if (a->diag)
        a->diag(a->diag_ctx, text);
    return APP_REDRAW;
}

/* A file named inside a session file is relative to that file's folder, so
 * a tour can :load its neighbours from wherever it is run. base is the
 * naming file's path, or NULL at the prompt (relative to the cwd). */
static char *app_resolve(const char *file, const char *base)
{
    const char *slash = base ? strrchr(base, '/') : NULL;
    if (file[0] == '/' || !slash)
        return app_xstrdup(file);
    size_t dlen = (size_t)(slash - base) + 1, flen = strlen(file);
    char *p = app_xmalloc(dlen + flen + 1);
    memcpy(p, base, dlen);
    memcpy(p + dlen, file, flen + 1);
    return p;
}

static int app_run_stream(struct app *a, const char *path, FILE *f, unsigned *flags,
                          char *err, size_t errlen);

/* name: ":load" or ":replay", so messages name the command the user typed. */
static unsigned app_load(struct app *a, const char *name, const char *path, char *err,
                         size_t errlen)
{
    if (a->load_depth >= AV_MAX_LOAD_DEPTH)
        return app_fail(err, errlen, "%s nested too deeply (limit %u) at \"%s\"", name,
                        AV_MAX_LOAD_DEPTH, path);
    /* A device or a FIFO could feed lines forever (/dev/zero) or block the
     * open; a folder gets its own message from the read. */
    struct stat st;
    if (stat(path, &st) == 0 && !S_ISREG(st.st_mode) && !S_ISDIR(st.st_mode))
        return app_fail(err, errlen, "%s \"%s\" is not a regular file", name, path);
    unsigned flags = 0;
    char msg[APP_MSG_MAX];
    a->load_depth++;
    int bad = app_run_stream(a, path, NULL, &flags, msg, sizeof msg);
    a->load_depth--;
    if (bad < 0)
        return flags | app_fail(err, errlen, "%s %s", name, msg);
    /* The good lines stay applied, as in batch mode; the :load line itself
     * fails so batch mode's exit status and the prompt both show it. */
    if (bad > 0)
        return flags | app_fail(err, errlen, "%s \"%s\": %d bad line%s (reported above)",
                                name, path, bad, bad == 1 ? "" : "s");
    return flags;
}

unsigned app_rebuild(struct app *a, char *const *lines, size_t n, char *err, size_t errlen)
{
    struct app b;
    if (app_init(&b, &a->start_cfg, err, errlen) != 0)
        return APP_ERROR;
    char msg[APP_MSG_MAX];
    for (size_t i = 0; i < n; i++)
        if (app_run_line(&b, lines[i], strlen(lines[i]), NULL, 0, msg, sizeof msg) & APP_ERROR) {
            app_free(&b);
            return app_fail(err, errlen, "replaying \"%s\" failed: %s", lines[i], msg);
        }
    /* What is not part of the session stays as it is. */
    b.print_out = a->print_out;
    b.diag = a->diag;
    b.diag_ctx = a->diag_ctx;
    b.load_depth = a->load_depth;
    memcpy(b.running, a->running, sizeof b.running);
    b.n_running = a->n_running;
    memcpy(b.theme, a->theme, sizeof b.theme);
    app_free(a);
    *a = b;
    return APP_REDRAW | APP_RECOMPUTE;
}

/* The log minus its last entry, rebuilt: replay is deterministic, so undo
 * needs no inverse for any command. */
static unsigned app_undo(struct app *a, char *err, size_t errlen)
{
    if (a->log_len == 0)
        return app_fail(err, errlen, "nothing to undo");
    char msg[APP_MSG_MAX];
    unsigned r = app_rebuild(a, a->log, a->log_len - 1, msg, sizeof msg);
    if (r & APP_ERROR)
        return app_fail(err, errlen, "cannot undo: %s", msg);
    return r;
}

/* :themes in batch mode: one theme a line, '*' marking the current one,
 * then its description or, for a bad file, why it shows the default. */
static int app_list_themes(const struct app *a)
{
    size_t n, width = 0;
    const char *const *names = theme_names(&n);
    for (size_t i = 0; i < n; i++)
        if (strlen(names[i]) > width)
            width = strlen(names[i]);
    for (size_t i = 0; i < n; i++) {
        const struct theme *t = theme_find(names[i]);
        const char *about = t->error ? t->error : t->description;
        fprintf(a->print_out, "%c %-*s  %s%s\n", strcmp(names[i], a->theme) == 0 ? '*' : ' ',
                (int)width, names[i], t->error ? "bad file, shows the default: " : "", about);
    }
    return ferror(a->print_out) ? -1 : 0;
}

/* app_apply with the path of the session file the command came from (NULL
 * at the prompt), against which :load and :save resolve relative names. */
static unsigned app_apply_from(struct app *a, const struct command *c, const char *base,
                               char *err, size_t errlen)
{
    unsigned flags = 0;
    /* Every command but a new sentence acts on the committed state. */
    if (a->previewing && c->kind != CMD_SENTENCE && c->kind != CMD_EMPTY)
        flags = app_preview_end(a);
    struct model_config cfg = a->cfg;
    unsigned r;
    char *path;
    switch (c->kind) {
    case CMD_EMPTY:
        return flags;
    case CMD_SENTENCE:
        r = app_set_sentence(a, c->u.text, err, errlen);
        break;
    case CMD_DIM:
        if (c->u.count % cfg.heads != 0)
            return flags | app_fail(err, errlen, ":dim %zu is not a multiple of heads %zu",
                                    c->u.count, cfg.heads);
        cfg.d_model = c->u.count;
        r = app_set_config(a, &cfg, err, errlen);
        break;
    case CMD_HEADS:
        if (c->u.count == 0 || cfg.d_model % c->u.count != 0)
            return flags | app_fail(err, errlen, ":heads %zu does not divide d_model %zu",
                                    c->u.count, cfg.d_model);
        cfg.heads = c->u.count;
        r = app_set_config(a, &cfg, err, errlen);
        break;
    case CMD_SEED:
        cfg.seed = c->u.seed;
        r = app_set_config(a, &cfg, err, errlen);
        break;
    case CMD_PE:
        cfg.pe = c->u.pe;
        r = app_set_config(a, &cfg, err, errlen);
        break;
    case CMD_PROJ:
        cfg.proj = c->u.proj;
        r = app_set_config(a, &cfg, err, errlen);
        break;
    case CMD_SCALE:
        cfg.scale = c->u.on;
        r = app_set_config(a, &cfg, err, errlen);
        break;
    case CMD_CAUSAL:
        cfg.causal = c->u.on;
        r = app_set_config(a, &cfg, err, errlen);
        break;
    case CMD_EMB:
    case CMD_PE_ROW:
        r = app_set_vector(a, c, err, errlen);
        break;
    case CMD_SELECT:
        r = app_select(a, c->u.cell.row, c->u.cell.col, err, errlen);
        break;
    case CMD_HEAD:
        r = app_set_head(a, c->u.head, err, errlen);
        break;
    case CMD_THEME:
        /* A viewer's preference like --no-color, not part of the session:
         * not logged (a saved session then replays on a machine without
         * the saver's own theme files), kept by :undo. */
        if (theme_check(c->u.text, err, errlen) != 0)
            return flags | APP_ERROR;
        snprintf(a->theme, sizeof a->theme, "%s", c->u.text);
        return flags | APP_REDRAW;
    case CMD_THEMES:
        /* The TUI shows the list itself; batch mode prints it. */
        if (a->print_out && app_list_themes(a) != 0)
            return flags | app_fail(err, errlen, ":themes failed: %s", strerror(errno));
        return flags;
    case CMD_NOTE:
        r = app_set_note(a, c->u.text);
        break;
    case CMD_PRINT:
        /* No output (the TUI): the screen already shows the model, and a
         * tour that ends with :print must replay there without an error. */
        if (!a->print_out)
            return flags;
        if (export_write(a->print_out, a, c->u.format) != 0)
            return flags | app_fail(err, errlen, ":print failed: %s", strerror(errno));
        return flags;
    case CMD_SAVE:
    case CMD_SAVE_FORCE:
        path = app_resolve(c->u.text, base);
        r = session_save(a, path, c->kind == CMD_SAVE_FORCE, session_time(), err, errlen)
            ? APP_ERROR : 0;
        free(path);
        return flags | r;
    case CMD_LOAD:
    case CMD_REPLAY:
        /* Stepping through a script is the terminal's business (tui.c
         * takes :replay typed at its prompt); anywhere else - batch mode,
         * inside a script - the file simply runs, so a tour that replays
         * another one still works as a batch test. */
        path = app_resolve(c->u.text, base);
        r = app_load(a, c->kind == CMD_LOAD ? ":load" : ":replay", path, err, errlen);
        free(path);
        return flags | r;
    case CMD_QUIT:
        return flags | APP_QUIT;
    case CMD_UNDO:
        return flags | app_undo(a, err, errlen);
    case CMD_PAUSE:
        /* Only a replay waits; the log records state, not pacing. */
        return flags;
    default:
        return flags | app_fail(err, errlen, "unknown command kind %d", (int)c->kind);
    }
    if (r & APP_ERROR)
        return flags | r;
    app_clamp(a);
    app_log(a, c);
    return flags | r;
}

unsigned app_apply(struct app *a, const struct command *c, char *err, size_t errlen)
{
    return app_apply_from(a, c, NULL, err, errlen);
}

unsigned app_run_line(struct app *a, const char *line, size_t len,
                      const char *source, unsigned lineno,
                      char *err, size_t errlen)
{
    char msg[APP_MSG_MAX];
    struct command c;
    unsigned flags;
    if (command_parse(line, len, &c, msg, sizeof msg) != 0)
        flags = APP_ERROR;
    else {
        flags = app_apply_from(a, &c, lineno ? source : NULL, msg, sizeof msg);
        command_free(&c);
    }
    if ((flags & APP_ERROR) && errlen) {
        if (!source)
            snprintf(err, errlen, "%s", msg);
        else if (lineno)
            snprintf(err, errlen, "%s:%u: %s", source, lineno, msg);
        else
            snprintf(err, errlen, "%s: %s", source, msg);
    }
    return flags;
}

/* Bytes of a line kept in memory: the longest line command_parse takes and
 * the '\r' of a CRLF file. */
#define APP_LINE_KEEP (AV_MAX_LINE + 1u)

/* Reads one line of f, without its "\n" or "\r\n", into buf[APP_LINE_KEEP];
 * *len is the line's whole length, of which only the first APP_LINE_KEEP
 * bytes are stored, so a file with no line break (getline would take all
 * the memory there is) costs no more than one line. 0 at the end of f. */
static int app_read_line(FILE *f, char *buf, size_t *len)
{
    size_t n = 0;
    int c, last = EOF;
    while ((c = getc(f)) != EOF && c != '\n') {
        if (n < APP_LINE_KEEP)
            buf[n] = (char)c;
        n++;
        last = c;
    }
    *len = n - (last == '\r');
    return c != EOF || n > 0;
}

/* Pushes the identity of f on a->running; 1 when it is already there (the
 * file is running: a :load cycle), else 0. */
static int app_push_running(struct app *a, FILE *f)
{
    struct stat st;
    if (fstat(fileno(f), &st) != 0)
        return 0;
    unsigned long long dev = (unsigned long long)st.st_dev, ino = (unsigned long long)st.st_ino;
    for (unsigned i = 0; i < a->n_running; i++)
        if (a->running[i].dev == dev && a->running[i].ino == ino)
            return 1;
    if (a->n_running < sizeof a->running / sizeof a->running[0]) {
        a->running[a->n_running].dev = dev;
        a->running[a->n_running].ino = ino;
    }
    a->n_running++;
    return 0;
}

/* app_run_file, also handing back the OR of the lines' flags, so that a
 * :quit inside a :load'ed file reaches the caller of :load. */
static int app_run_stream(struct app *a, const char *path, FILE *f, unsigned *flags,
                          char *err, size_t errlen)
{
    FILE *own = NULL;
    if (!f) {
        own = f = fopen(path, "r");
        if (!f) {
            errmsg_set(err, errlen, "cannot open \"%s\": %s", path, strerror(errno));
            return -1;
        }
    }
    if (app_push_running(a, f)) {
        if (own)
            fclose(own);
        errmsg_set(err, errlen, "\"%s\" is already running: a session file cannot "
                   ":load itself", path);
        return -1;
    }
    char *line = app_xmalloc(APP_LINE_KEEP), msg[APP_MSG_MAX];
    size_t len;
    unsigned lineno = 0;
    int bad = 0;
    while (app_read_line(f, line, &len)) {
        lineno++;
        char *text = line;
        if (len > AV_MAX_LINE) {
            /* command_parse's message; the line is not all in memory. */
            snprintf(msg, sizeof msg, "%s:%u: line too long (%zu bytes; the limit is %u)",
                     path, lineno, len, AV_MAX_LINE);
            bad++;
            if (a->diag)
                a->diag(a->diag_ctx, msg);
            continue;
        }
        /* A UTF-8 byte order mark (some editors write one) is not text. */
        if (lineno == 1 && len >= 3 && memcmp(line, "\xEF\xBB\xBF", 3) == 0) {
            text += 3;
            len -= 3;
        }
        unsigned r = app_run_line(a, text, len, path, lineno, msg, sizeof msg);
        *flags |= r & ~APP_ERROR;
        if (r & APP_ERROR) {
            bad++;
            if (a->diag)
                a->diag(a->diag_ctx, msg);
        }
        if (r & APP_QUIT)
            break;
    }
    int rc = bad;
    if (ferror(f)) {
        errmsg_set(err, errlen, "cannot read \"%s\": %s", path, strerror(errno));
        rc = -1;
    }
    free(line);
    if (own)
        fclose(own);
    a->n_running--;
    return rc;
}

int app_run_file(struct app *a, const char *path, FILE *f, char *err, size_t errlen)
{
    unsigned flags = 0;
    return app_run_stream(a, path, f, &flags, err, errlen);
}

float app_cell_weight(const struct app *a, size_t i, size_t j)
{
    const struct model *m = &a->model;
    size_t n = m->n, heads = m->cfg.heads;
    if (i >= n || j >= n)
        return 0.0f;
    if (a->head != HEAD_MEAN)
        return model_head_weights(m, (size_t)a->head < heads ? (size_t)a->head : heads - 1)
               [i * n + j];
    double sum = 0;
    for (size_t t = 0; t < heads; t++)
        sum += model_head_weights(m, t)[i * n + j];
    return (float)(sum / (double)heads);
}
