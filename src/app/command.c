/* command.c - the session language: the command table, and the parser and
 * formatter it drives.
 *
 * The grammar is in command.h. Every error is one line that names the
 * command, what it expects and what it got, because the same text reaches
 * the prompt, a session file's "file:line:" report and batch mode. */
#include "attnviz/command.h"

#include <inttypes.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "attnviz/errmsg.h"
#include "attnviz/limits.h"
#include "attnviz/quote.h"
#include "attnviz/shown.h"
#include "attnviz/tokenizer.h"
#include "attnviz/xalloc.h"

/* ---- model settings ---------------------------------------------------- */

struct command_setting {
    uint64_t (*get)(const struct model_config *c);
    void (*set)(struct model_config *c, uint64_t v);
};

#define SETTING(field, type)                                                   \
    static uint64_t get_##field(const struct model_config *c)                  \
    { return (uint64_t)c->field; }                                             \
    static void set_##field(struct model_config *c, uint64_t v)                \
    { c->field = (type)v; }                                                    \
    static const struct command_setting setting_##field = { get_##field, set_##field };

SETTING(d_model, size_t)
SETTING(heads, size_t)
SETTING(seed, uint64_t)
SETTING(pe, enum pe_kind)
SETTING(proj, enum proj_kind)
SETTING(scale, bool)
SETTING(causal, bool)
#undef SETTING

/* Index = the bool, so an on/off choice is the value it sets. */
static const char *const cmd_off_on[] = { "off", "on", NULL };
static const char *const cmd_ranges[RANGE_COUNT + 1] = {
    [RANGE_AUTO] = "auto", [RANGE_FIXED] = "fixed", [RANGE_ROW] = "row", [RANGE_COUNT] = NULL,
};
static const char *const cmd_zoom_modes[ZOOM_MODE_COUNT + 1] = {
    [ZOOM_MAX] = "max", [ZOOM_MEAN] = "mean", [ZOOM_MODE_COUNT] = NULL,
};
static const char *const cmd_formats[PRINT_FORMAT_COUNT + 1] = {
    [PRINT_JSON] = "json", [PRINT_TEXT] = "text", [PRINT_CSV] = "csv", [PRINT_FORMAT_COUNT] = NULL,
};
static const char *const cmd_export_kinds[EXPORT_KIND_COUNT + 1] = {
    [EXPORT_SVG] = "svg", [EXPORT_CSV] = "csv", [EXPORT_JSON] = "json", [EXPORT_ANSI] = "ansi",
    [EXPORT_KIND_COUNT] = NULL,
};

/* ---- the table ----------------------------------------------------------- */

#define NONE MODEL_PASS_COUNT
#define ROW(k, ...) [(k) - CMD_FIRST] = { .kind = (k), __VA_ARGS__ }

static const struct command_desc cmd_table[CMD_KIND_COUNT - CMD_FIRST] = {
    ROW(CMD_DIM, .name = ":dim", .arg = ARG_INT, .arg_name = "N", .lo = 1, .hi = AV_MAX_DIM,
        .scope = SCOPE_SESSION, .setting = &setting_d_model, .def = 8, .dirty = MODEL_PASS_EMBED,
        .config_key = "dim", .option = "dim",
        .help = "d_model (a multiple of the heads)"),
    ROW(CMD_HEADS, .name = ":heads", .arg = ARG_INT, .arg_name = "H", .lo = 1, .hi = AV_MAX_HEADS,
        .scope = SCOPE_SESSION, .setting = &setting_heads, .def = 1, .dirty = MODEL_PASS_ATTENTION,
        .config_key = "heads", .option = "heads",
        .help = "heads (they divide d_model)"),
    ROW(CMD_SEED, .name = ":seed", .arg = ARG_INT, .arg_name = "S", .lo = 0, .hi = UINT64_MAX,
        .scope = SCOPE_SESSION, .setting = &setting_seed, .def = 42, .dirty = MODEL_PASS_EMBED,
        .config_key = "seed", .option = "seed",
        .help = "seed of the embeddings, the learned PE and W"),
    ROW(CMD_PE, .name = ":pe", .arg = ARG_CHOICE, .choices = pe_kind_names,
        .scope = SCOPE_SESSION, .setting = &setting_pe, .def = PE_SINUSOIDAL, .dirty = MODEL_PASS_PE,
        .config_key = "pe", .option = "pe",
        .help = "positional encoding"),
    ROW(CMD_PE_ROW, .name = ":pe-row", .arg = ARG_VECTOR, .arg_name = "POS v1 … vd",
        .hi = AV_MAX_TOKENS - 1, .key_is_pos = true,
        .scope = SCOPE_SESSION, .dirty = MODEL_PASS_PE,
        .help = "set row POS of the table PE (d_model values; rows never set are 0)"),
    ROW(CMD_PROJ, .name = ":proj", .arg = ARG_CHOICE, .choices = proj_kind_names,
        .scope = SCOPE_SESSION, .setting = &setting_proj, .def = PROJ_RANDOM, .dirty = MODEL_PASS_QKV,
        .config_key = "proj", .option = "proj",
        .help = "projection of Q, K, V"),
    ROW(CMD_SCALE, .name = ":scale", .arg = ARG_CHOICE, .choices = cmd_off_on,
        .scope = SCOPE_SESSION, .setting = &setting_scale, .def = true, .dirty = MODEL_PASS_ATTENTION,
        .config_key = "scale", .option = "no-scale", .option_value = "off",
        .help = "divide the scores by √d_k"),
    ROW(CMD_CAUSAL, .name = ":causal", .arg = ARG_CHOICE, .choices = cmd_off_on,
        .scope = SCOPE_SESSION, .setting = &setting_causal, .def = false, .dirty = MODEL_PASS_ATTENTION,
        .config_key = "causal", .option = "causal", .option_value = "on",
        .help = "mask every key after its query"),
    ROW(CMD_EMB, .name = ":emb", .arg = ARG_VECTOR, .arg_name = "TOKEN v1 … vd",
        .scope = SCOPE_SESSION, .dirty = MODEL_PASS_EMBED,
        .help = "set the embedding of TOKEN (d_model values)"),
    ROW(CMD_VECTORS, .name = ":vectors", .arg = ARG_PATH, .arg_name = "FILE|off",
        .scope = SCOPE_SESSION, .dirty = MODEL_PASS_EMBED, .option = "vectors",
        .help = "word vectors (GloVe, word2vec text) for the embeddings"),
    ROW(CMD_SELECT, .name = ":select", .arg = ARG_CELL, .arg_name = "ROW COL [DIM]",
        .hi = AV_MAX_TOKENS - 1, .scope = SCOPE_SESSION, .quiet = true, .dirty = NONE,
        .help = "put the cursor on query ROW, key COL (and component DIM)"),
    ROW(CMD_HEAD, .name = ":head", .arg = ARG_PICK, .arg_name = "I|mean", .hi = AV_MAX_HEADS - 1,
        .word = "mean", .what = "a head",
        .scope = SCOPE_SESSION, .dirty = NONE,
        .help = "show head I, or the mean of the heads"),
    ROW(CMD_THEME, .name = ":theme", .arg = ARG_NAME, .arg_name = "NAME", .hi = AV_MAX_NAME,
        .scope = SCOPE_VIEW, .dirty = NONE, .config_key = "theme", .option = "theme",
        .help = "color theme (a viewer's setting: not saved, not undone)"),
    ROW(CMD_RANGE, .name = ":range", .arg = ARG_CHOICE, .choices = cmd_ranges,
        .scope = SCOPE_VIEW, .dirty = NONE, .config_key = "range",
        .help = "what the colors span: auto (0 to the largest weight shown when none is "
                "over 1/4, else 0 to 1), fixed (0 to 1), row (each row to its largest)"),
    ROW(CMD_STAGE, .name = ":stage", .arg = ARG_CHOICE, .choices = stage_names,
        .scope = SCOPE_VIEW, .dirty = NONE,
        .help = "the stage the heatmap shows: e, +pe (e, pe, x), x, q k v, q·kᵀ, ÷√d_k, "
                "the masked scores, the weights, ×v (the query's output taken apart), out"),
    ROW(CMD_VIEW, .name = ":view", .arg = ARG_CHOICE, .choices = view_names,
        .scope = SCOPE_VIEW, .dirty = NONE,
        .help = "attention (its stages) or pe (the positional encoding and PE·PEᵀ)"),
    ROW(CMD_ZOOM, .name = ":zoom", .arg = ARG_PICK, .arg_name = "N|fit", .lo = 1,
        .hi = AV_MAX_TOKENS, .word = "fit", .what = "rows a cell shows",
        .scope = SCOPE_VIEW, .dirty = NONE,
        .help = "each heatmap cell shows N × N cells (1: every cell); fit: the whole matrix"),
    ROW(CMD_ZOOM_MODE, .name = ":zoom-mode", .arg = ARG_CHOICE, .choices = cmd_zoom_modes,
        .scope = SCOPE_VIEW, .dirty = NONE, .config_key = "zoom-mode",
        .help = "what a zoomed-out cell shows of its block: the max or the mean"),
    ROW(CMD_SUMMARIES, .name = ":summaries", .arg = ARG_CHOICE, .choices = cmd_off_on,
        .scope = SCOPE_VIEW, .dirty = NONE, .config_key = "summaries",
        .help = "each row's entropy and top 3 keys beside the weights (when there is room)"),
    ROW(CMD_DETAIL_DELAY, .name = ":detail-delay", .arg = ARG_INT, .arg_name = "MS", .lo = 0,
        .hi = AV_MAX_DETAIL_DELAY_MS, .scope = SCOPE_VIEW, .dirty = NONE,
        .config_key = "detail-delay",
        .help = "how long the cursor rests before the vectors and explain panes follow it "
                "(ms; 0: at once; a held arrow key moves the heatmap's cursor alone)"),
    ROW(CMD_NOTE, .name = ":note", .arg = ARG_TEXT, .arg_name = "TEXT",
        .scope = SCOPE_SESSION, .dirty = NONE,
        .help = "narration (shown in a replay; printed to stderr in batch mode)"),
    ROW(CMD_PRINT, .name = ":print", .arg = ARG_CHOICE, .choices = cmd_formats,
        .scope = SCOPE_ACTION, .dirty = NONE,
        .help = "print the model (batch mode and --dump)"),
    ROW(CMD_EXPORT, .name = ":export", .arg = ARG_CHOICE_PATH, .arg_name = "FILE",
        .choices = cmd_export_kinds, .scope = SCOPE_ACTION, .dirty = NONE,
        .help = "write the heatmap shown as a picture, a table, JSON or colored text "
                "(only over a file of that kind)"),
    ROW(CMD_EXPORT_FORCE, .name = ":export!", .arg = ARG_CHOICE_PATH, .arg_name = "FILE",
        .choices = cmd_export_kinds, .scope = SCOPE_ACTION, .dirty = NONE,
        .help = "export over any regular file"),
    ROW(CMD_SAVE, .name = ":save", .arg = ARG_PATH, .arg_name = "FILE",
        .scope = SCOPE_ACTION, .dirty = NONE,
        .help = "save the session (only over a session file)"),
    ROW(CMD_SAVE_FORCE, .name = ":save!", .arg = ARG_PATH, .arg_name = "FILE",
        .scope = SCOPE_ACTION, .dirty = NONE,
        .help = "save the session over any regular file"),
    ROW(CMD_LOAD, .name = ":load", .arg = ARG_PATH, .arg_name = "FILE|TOUR",
        .scope = SCOPE_ACTION, .dirty = NONE,
        .help = "run a session file or a tour into this one (all of it or, on an error, none)"),
    ROW(CMD_REPLAY, .name = ":replay", .arg = ARG_PATH, .arg_name = "FILE|TOUR",
        .scope = SCOPE_ACTION, .dirty = NONE,
        .help = "step through a session file or a tour (in the terminal UI; elsewhere as :load)"),
    ROW(CMD_OPEN, .name = ":open", .arg = ARG_PATH, .arg_name = "FILE",
        .scope = SCOPE_ACTION, .dirty = NONE,
        .help = "take a text file as the sentence (line breaks become spaces; :save keeps "
                "the text, not the file's name)"),
    ROW(CMD_PAUSE, .name = ":pause", .arg = ARG_NONE,
        .scope = SCOPE_ACTION, .quiet = true, .dirty = NONE,
        .help = "in a replay, stop play mode until a key"),
    ROW(CMD_THEMES, .name = ":themes", .arg = ARG_NONE,
        .scope = SCOPE_ACTION, .dirty = NONE,
        .help = "list the themes"),
    ROW(CMD_TOURS, .name = ":tours", .arg = ARG_NONE,
        .scope = SCOPE_ACTION, .dirty = NONE,
        .help = "list the tours :replay NAME finds"),
    ROW(CMD_UNDO, .name = ":undo", .arg = ARG_NONE,
        .scope = SCOPE_ACTION, .dirty = NONE,
        .help = "take back the last change (a cursor move is not one; a :load is one), saying "
                "what it was"),
    ROW(CMD_REDO, .name = ":redo", .arg = ARG_NONE,
        .scope = SCOPE_ACTION, .dirty = NONE,
        .help = "make the last change :undo took back again"),
    ROW(CMD_HELP, .name = ":help", .arg = ARG_NONE, .scope = SCOPE_ACTION, .quiet = true, .dirty = NONE,
        .help = "every key and command (the help screen; in batch mode the commands)"),
    ROW(CMD_QUIT, .name = ":quit", .alias = ":q", .arg = ARG_NONE,
        .scope = SCOPE_ACTION, .quiet = true, .dirty = NONE,
        .help = "quit (the terminal UI asks first when there are unsaved changes)"),
    ROW(CMD_QUIT_FORCE, .name = ":quit!", .alias = ":q!", .arg = ARG_NONE,
        .scope = SCOPE_ACTION, .quiet = true, .dirty = NONE,
        .help = "quit without asking, even with unsaved changes"),
    ROW(CMD_WRITE_QUIT, .name = ":wq", .arg = ARG_PATH, .arg_name = "FILE",
        .scope = SCOPE_ACTION, .dirty = NONE,
        .help = "save the session to FILE, then quit"),
};
#undef ROW
#undef NONE

#define CMD_ROWS (sizeof cmd_table / sizeof cmd_table[0])

const struct command_desc *command_table(size_t *count)
{
    *count = CMD_ROWS;
    return cmd_table;
}

const struct command_desc *command_desc_of(enum command_kind kind)
{
    if (kind < CMD_FIRST || kind >= CMD_KIND_COUNT)
        return NULL;
    return &cmd_table[kind - CMD_FIRST];
}

const struct command_desc *command_find(const char *name)
{
    for (size_t i = 0; i < CMD_ROWS; i++)
        if (strcmp(name, cmd_table[i].name) == 0
            || (cmd_table[i].alias && strcmp(name, cmd_table[i].alias) == 0))
            return &cmd_table[i];
    return NULL;
}

uint64_t command_setting_get(const struct command_desc *d, const struct model_config *cfg)
{
    return d->setting->get(cfg);
}

void command_setting_set(const struct command_desc *d, struct model_config *cfg, uint64_t value)
{
    d->setting->set(cfg, value);
}

void command_default_config(struct model_config *cfg)
{
    *cfg = (struct model_config){ 0 };
    for (size_t i = 0; i < CMD_ROWS; i++)
        if (cmd_table[i].setting)
            cmd_table[i].setting->set(cfg, cmd_table[i].def);
}

struct command command_of_setting(const struct command_desc *d, const struct model_config *cfg)
{
    return (struct command){ .kind = d->kind, .u.num = d->setting->get(cfg) };
}

/* ---- parsing ------------------------------------------------------------- */

/* isspace in the C locale, spelled out like the tokenizer's: <ctype.h>
 * answers depend on the locale the TUI sets. */
static bool cmd_is_space(char c)
{
    return c == ' ' || (c >= '\t' && c <= '\r');
}

/* The unparsed rest of a command line, NUL-terminated and trimmed at both
 * ends (the line was trimmed as a whole; words are cut in place). */
struct cmd_rest {
    char *p;
};

/* Cuts the next whitespace-separated word off the rest; NULL when none. */
static char *cmd_word(struct cmd_rest *r)
{
    while (*r->p && cmd_is_space(*r->p))
        r->p++;
    if (!*r->p)
        return NULL;
    char *w = r->p;
    while (*r->p && !cmd_is_space(*r->p))
        r->p++;
    if (*r->p)
        *r->p++ = '\0';
    return w;
}

static char *cmd_rest_text(struct cmd_rest *r)
{
    while (*r->p && cmd_is_space(*r->p))
        r->p++;
    return r->p;
}

/* Strict unsigned decimal: digits only (no sign, blank or base prefix, which
 * strtoull would accept), no overflow, at most max. */
static bool cmd_parse_uint(const char *w, uint64_t max, uint64_t *out)
{
    uint64_t v = 0;
    if (!*w)
        return false;
    for (; *w; w++) {
        if (*w < '0' || *w > '9')
            return false;
        unsigned d = (unsigned)(*w - '0');
        if (v > (UINT64_MAX - d) / 10)
            return false;
        v = v * 10 + d;
    }
    if (v > max)
        return false;
    *out = v;
    return true;
}

/* A finite float that consumes the whole word. strtof's overflow result is
 * HUGE_VALF, so "1e99" is rejected with inf and nan; underflow to a
 * subnormal or zero is accepted, as that is the nearest float. */
static bool cmd_parse_float(const char *w, float *out)
{
    char *end;
    float v = strtof(w, &end);
    if (end == w || *end || !isfinite(v))
        return false;
    *out = v;
    return true;
}

/* "a, b or c" */
static void cmd_choice_list(const char *const *choices, char *buf, size_t cap)
{
    size_t n = 0, o = 0;
    while (choices[n])
        n++;
    buf[0] = '\0';
    for (size_t i = 0; i < n && o < cap; i++)
        o += (size_t)snprintf(buf + o, cap - o, "%s%s",
                              i == 0 ? "" : i + 1 == n ? " or " : ", ", choices[i]);
}

/* The numbers of a vector argument: every remaining word, each finite. */
static int cmd_values(const struct command_desc *d, struct cmd_rest *r, const char *what,
                      struct command *out, char *err, size_t errlen)
{
    size_t n = 0;
    for (const char *s = cmd_rest_text(r); *s;) {
        n++;
        while (*s && !cmd_is_space(*s))
            s++;
        while (*s && cmd_is_space(*s))
            s++;
    }
    if (n == 0)
        return errmsg_set(err, errlen, "%s expects %s and at least one number", d->name, what);
    if (n > AV_MAX_DIM)
        return errmsg_set(err, errlen, "%s expects at most %u numbers (the largest "
                          "d_model), got %zu", d->name, AV_MAX_DIM, n);
    float *v = app_xmalloc(n * sizeof *v);
    for (size_t i = 0; i < n; i++) {
        const char *w = cmd_word(r);
        char q[QUOTE_CAP];
        if (!cmd_parse_float(w, &v[i])) {
            free(v);
            return errmsg_set(err, errlen, "%s value %zu is not a finite number: %s",
                              d->name, i + 1, quote_str(q, w));
        }
        if (fabsf(v[i]) > (float)AV_MAX_VALUE) {
            free(v);
            return errmsg_set(err, errlen, "%s value %zu is out of range: %s (values go "
                              "from %g to %g)", d->name, i + 1, quote_str(q, w),
                              -AV_MAX_VALUE, AV_MAX_VALUE);
        }
    }
    out->u.vec.values = v;
    out->u.vec.count = n;
    return 0;
}

static int cmd_vector(const struct command_desc *d, struct cmd_rest *r,
                      struct command *out, char *err, size_t errlen)
{
    const char *what = d->key_is_pos ? "a position" : "a token";
    char q[QUOTE_CAP];
    const char *w = cmd_word(r);
    if (!w)
        return errmsg_set(err, errlen, "%s expects %s and at least one number", d->name, what);
    if (d->key_is_pos) {
        uint64_t pos;
        if (!cmd_parse_uint(w, d->hi, &pos))
            return errmsg_set(err, errlen, "%s expects a position from 0 to %" PRIu64 ", got %s",
                              d->name, d->hi, quote_str(q, w));
        out->u.vec.index = (size_t)pos;
        return cmd_values(d, r, what, out, err, errlen);
    }
    if (cmd_values(d, r, what, out, err, errlen))
        return -1;
    out->u.vec.name = app_xstrdup(w);
    return 0;
}

static bool cmd_name_ok(const char *s, uint64_t max)
{
    size_t n = strlen(s);
    if (n == 0 || n > max)
        return false;
    for (; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z')
              || (*s >= '0' && *s <= '9') || *s == '_' || *s == '-'))
            return false;
    return true;
}

/* Parses the arguments of row d from r into out (kind already set). The
 * single-argument shapes take the whole rest as their argument, so
 * ":dim 8 9" is reported as got "8 9". */
static int cmd_args(const struct command_desc *d, struct cmd_rest *r,
                    struct command *out, char *err, size_t errlen)
{
    char q[QUOTE_CAP], list[256];
    const char *arg = d->arg == ARG_VECTOR ? NULL : cmd_rest_text(r);
    switch (d->arg) {
    case ARG_NONE:
        if (*arg)
            return errmsg_set(err, errlen, "%s takes no arguments, got %s", d->name,
                              quote_str(q, arg));
        return 0;
    case ARG_INT:
        if (!cmd_parse_uint(arg, d->hi, &out->u.num) || out->u.num < d->lo)
            return errmsg_set(err, errlen, "%s expects an integer from %" PRIu64
                              " to %" PRIu64 ", got %s", d->name, d->lo, d->hi,
                              quote_str(q, arg));
        return 0;
    case ARG_CHOICE:
        for (size_t i = 0; d->choices[i]; i++)
            if (strcmp(arg, d->choices[i]) == 0) {
                out->u.num = i;
                return 0;
            }
        cmd_choice_list(d->choices, list, sizeof list);
        return errmsg_set(err, errlen, "%s expects %s, got %s", d->name, list,
                          quote_str(q, arg));
    case ARG_VECTOR:
        return cmd_vector(d, r, out, err, errlen);
    case ARG_CELL: {
        /* Words are cut in place; the copy keeps `arg` whole for the error. */
        char *dup = app_xstrdup(arg);
        struct cmd_rest words = { dup };
        const char *rw = cmd_word(&words), *cw = cmd_word(&words), *dw = cmd_word(&words);
        uint64_t row, col, dim = 0;
        bool ok = rw && cw && !cmd_word(&words)
                  && cmd_parse_uint(rw, d->hi, &row) && cmd_parse_uint(cw, d->hi, &col)
                  && (!dw || cmd_parse_uint(dw, AV_MAX_DIM - 1, &dim));
        free(dup);
        if (!ok)
            return errmsg_set(err, errlen, "%s expects a row and a column from 0 to %"
                              PRIu64 " (and a component from 0 to %u), got %s", d->name,
                              d->hi, AV_MAX_DIM - 1, quote_str(q, arg));
        out->u.cell.row = (size_t)row;
        out->u.cell.col = (size_t)col;
        out->u.cell.dim = (size_t)dim;
        out->u.cell.has_dim = dw != NULL;
        return 0;
    }
    case ARG_PICK: {
        uint64_t v;
        if (strcmp(arg, d->word) == 0) {
            out->u.pick = -1;
            return 0;
        }
        if (!cmd_parse_uint(arg, d->hi, &v) || v < d->lo)
            return errmsg_set(err, errlen, "%s expects %s from %" PRIu64 " to %" PRIu64
                              " or %s, got %s", d->name, d->what, d->lo, d->hi, d->word,
                              quote_str(q, arg));
        out->u.pick = (int)v;
        return 0;
    }
    case ARG_NAME:
        if (!cmd_name_ok(arg, d->hi))
            return errmsg_set(err, errlen, "%s expects a name of 1 to %" PRIu64 " letters, "
                              "digits, '_' or '-', got %s", d->name, d->hi, quote_str(q, arg));
        out->u.text = app_xstrdup(arg);
        return 0;
    case ARG_PATH:
        if (!*arg)
            return errmsg_set(err, errlen, "%s expects a file name", d->name);
        out->u.text = app_xstrdup(arg);
        return 0;
    case ARG_CHOICE_PATH: {
        const char *w = cmd_word(r), *path = cmd_rest_text(r);
        for (size_t i = 0; w && d->choices[i]; i++)
            if (strcmp(w, d->choices[i]) == 0) {
                if (!*path)
                    return errmsg_set(err, errlen, "%s %s expects a file name", d->name, w);
                out->u.to.choice = i;
                out->u.to.path = app_xstrdup(path);
                return 0;
            }
        cmd_choice_list(d->choices, list, sizeof list);
        return errmsg_set(err, errlen, "%s expects %s, then a file name; got %s", d->name,
                          list, quote_str(q, w ? w : ""));
    }
    case ARG_TEXT:
        out->u.text = app_xstrdup(arg);
        return 0;
    case ARG_COUNT:
        break;
    }
    return errmsg_set(err, errlen, "internal error: %s has no argument shape", d->name);
}

int command_parse(const char *line, size_t len, struct command *out,
                  char *err, size_t errlen)
{
    *out = (struct command){ .kind = CMD_EMPTY };
    if (len > 0 && line[len - 1] == '\n')
        len--;
    if (len > AV_MAX_LINE)
        return errmsg_set(err, errlen, "line too long (%zu bytes; the limit is %u)",
                          len, AV_MAX_LINE);
    size_t start = 0, end = len;
    while (start < end && cmd_is_space(line[start]))
        start++;
    while (end > start && cmd_is_space(line[end - 1]))
        end--;
    if (start == end || line[start] == '#')
        return 0;

    size_t where;
    if (!utf8_valid(line, len, &where))
        return errmsg_set(err, errlen, "invalid UTF-8 at byte %zu", where);
    /* A NUL would cut the stored text short and a line break would split the
     * line when the session is saved; neither can be typed at a prompt. */
    for (size_t i = start; i < end; i++)
        if (line[i] == '\0' || line[i] == '\n' || line[i] == '\r')
            return errmsg_set(err, errlen, "%s at byte %zu",
                              line[i] ? "line break inside the line" : "NUL byte", i);

    char *buf = app_xstrndup(line + start, end - start);
    if (buf[0] != ':') {
        out->kind = CMD_SENTENCE;
        out->u.text = buf;
        return 0;
    }
    struct cmd_rest r = { buf };
    char *name = cmd_word(&r);
    const struct command_desc *d = command_find(name);
    int rc = 0;
    if (!d) {
        char q[QUOTE_CAP];
        rc = errmsg_set(err, errlen, "unknown command %s (:help lists the commands)",
                        quote_str(q, name));
    } else {
        out->kind = d->kind;
        rc = cmd_args(d, &r, out, err, errlen);
        /* %.9g can be longer than what was typed ("0.1" -> "0.100000001"):
         * a command whose canonical line would not parse back is refused
         * here, so every logged line can be replayed. */
        if (rc == 0 && d->arg == ARG_VECTOR) {
            int need = command_format(out, NULL, 0);
            if (need > (int)AV_MAX_LINE)
                rc = errmsg_set(err, errlen, "%s is too long once its numbers are written "
                                "out (%d bytes; the limit is %u)", d->name, need, AV_MAX_LINE);
        }
        if (rc != 0)
            command_free(out);
    }
    free(buf);
    return rc;
}

int command_parse_value(const struct command_desc *d, const char *value,
                        struct command *out, char *err, size_t errlen)
{
    size_t len = strlen(d->name) + 1 + strlen(value);
    char *line = app_xmalloc(len + 1);
    snprintf(line, len + 1, "%s %s", d->name, value);
    int rc = command_parse(line, len, out, err, errlen);
    free(line);
    return rc;
}

void command_free(struct command *c)
{
    const struct command_desc *d = command_desc_of(c->kind);
    enum command_arg arg = d ? d->arg : c->kind == CMD_SENTENCE ? ARG_TEXT : ARG_NONE;
    switch (arg) {
    case ARG_NAME:
    case ARG_TEXT:
    case ARG_PATH:
        free(c->u.text);
        break;
    case ARG_VECTOR:
        free(c->u.vec.name);
        free(c->u.vec.values);
        break;
    case ARG_CHOICE_PATH:
        free(c->u.to.path);
        break;
    default:
        break;
    }
    *c = (struct command){ .kind = CMD_EMPTY };
}

/* ---- formatting ------------------------------------------------------------ */

/* snprintf-style output: counts everything, stores what fits. */
struct cmd_out {
    char *buf;
    size_t cap, len;
};

static void cmd_put(struct cmd_out *o, const char *s, size_t n)
{
    if (o->len < o->cap) {
        size_t room = o->cap - o->len;
        memcpy(o->buf + o->len, s, n < room ? n : room);
    }
    o->len += n;
}

static void cmd_putf(struct cmd_out *o, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void cmd_putf(struct cmd_out *o, const char *fmt, ...)
{
    char tmp[64];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    cmd_put(o, tmp, (size_t)n);
}

static void cmd_puts(struct cmd_out *o, const char *s)
{
    cmd_put(o, s, strlen(s));
}

static int cmd_finish(struct cmd_out *o)
{
    if (o->cap > 0)
        o->buf[o->len < o->cap ? o->len : o->cap - 1] = '\0';
    return (int)o->len;
}

int command_format(const struct command *c, char *buf, size_t cap)
{
    struct cmd_out o = { buf, cap, 0 };
    const struct command_desc *d = command_desc_of(c->kind);
    if (!d) {
        if (c->kind == CMD_SENTENCE)
            cmd_puts(&o, c->u.text);
        return cmd_finish(&o);
    }
    cmd_puts(&o, d->name);
    switch (d->arg) {
    case ARG_INT:
        cmd_putf(&o, " %" PRIu64, c->u.num);
        break;
    case ARG_CHOICE:
        cmd_putf(&o, " %s", d->choices[c->u.num]);
        break;
    case ARG_CHOICE_PATH:
        cmd_putf(&o, " %s ", d->choices[c->u.to.choice]);
        cmd_puts(&o, c->u.to.path);
        break;
    case ARG_VECTOR:
        if (d->key_is_pos)
            cmd_putf(&o, " %zu", c->u.vec.index);
        else {
            cmd_puts(&o, " ");
            cmd_puts(&o, c->u.vec.name);
        }
        for (size_t i = 0; i < c->u.vec.count; i++)
            cmd_putf(&o, " %.9g", (double)c->u.vec.values[i]);
        break;
    case ARG_CELL:
        cmd_putf(&o, " %zu %zu", c->u.cell.row, c->u.cell.col);
        if (c->u.cell.has_dim)
            cmd_putf(&o, " %zu", c->u.cell.dim);
        break;
    case ARG_PICK:
        if (c->u.pick < 0)
            cmd_putf(&o, " %s", d->word);
        else
            cmd_putf(&o, " %d", c->u.pick);
        break;
    case ARG_TEXT:
    case ARG_NAME:
    case ARG_PATH:
        /* ":note" with no text is the canonical empty note */
        if (*c->u.text) {
            cmd_puts(&o, " ");
            cmd_puts(&o, c->u.text);
        }
        break;
    case ARG_NONE:
    case ARG_COUNT:
        break;
    }
    return cmd_finish(&o);
}

int command_usage(const struct command_desc *d, char *buf, size_t cap)
{
    struct cmd_out o = { buf, cap, 0 };
    switch (d->arg) {
    case ARG_CHOICE:
    case ARG_CHOICE_PATH:
        for (size_t i = 0; d->choices[i]; i++)
            cmd_putf(&o, "%s%s", i ? "|" : "", d->choices[i]);
        if (d->arg == ARG_CHOICE_PATH)
            cmd_putf(&o, " %s", d->arg_name);
        break;
    case ARG_INT:
        cmd_putf(&o, "%s (%" PRIu64 " to %" PRIu64 ")", d->arg_name, d->lo, d->hi);
        break;
    default:
        if (d->arg_name)
            cmd_puts(&o, d->arg_name);
        break;
    }
    return cmd_finish(&o);
}
