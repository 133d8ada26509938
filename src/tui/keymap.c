/* keymap.c - keys to session-language commands and UI actions (keymap.h).
 *
 * The binding table is the htop-style action table: each row names its keys,
 * the focus it applies in, the function that produces the result, and its
 * help text. Rows without a function document keys that the prompt (readline)
 * or the mouse handles, so the help screen lists every key in one place. */
#include "attnviz/keymap.h"

#include <curses.h>
#include <stdarg.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "attnviz/command.h"
#include "attnviz/limits.h"
#include "attnviz/shown.h"

#define CTRL(c) ((c) & 0x1f)

static void command(struct keymap_result *out, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void command(struct keymap_result *out, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(out->line, sizeof out->line, fmt, ap);
    va_end(ap);
    out->action = KEYMAP_COMMAND;
}

static long clamp_index(long v, size_t n)
{
    if (v < 0)
        return 0;
    return (size_t)v >= n ? (long)n - 1 : v;
}

void keymap_select(const struct keymap_state *s, long row, long col, struct keymap_result *out)
{
    memset(out, 0, sizeof *out);
    if (s->n == 0)
        return;
    command(out, ":select %ld %ld", clamp_index(row, s->n), clamp_index(col, s->n));
}

static long page(const struct keymap_state *s)
{
    return s->page > 1 ? (long)s->page : 1;
}

/* Heatmap cursor moves, by the cells one heatmap cell shows (its zoom):
 * rows are queries (keys in the ×v stage, whose query stays), columns keys
 * or, in a stage of tokens × dimensions, the cursor's component (:select's
 * DIM, so that a script and a saved session can point at one too). */
static long step(const struct keymap_state *s)
{
    return s->step > 1 ? (long)s->step : 1;
}
void keymap_dim(const struct keymap_state *s, long dim, struct keymap_result *o)
{
    memset(o, 0, sizeof *o);
    if (s->n == 0 || s->dims == 0)
        return;
    command(o, ":select %zu %zu %ld", s->row, s->col, clamp_index(dim, s->dims));
}
static void rows_by(const struct keymap_state *s, long dr, struct keymap_result *out)
{
    if (s->keys_down)
        keymap_select(s, (long)s->row, (long)s->col + dr, out);
    else
        keymap_select(s, (long)s->row + dr, (long)s->col, out);
}
static void rows_to(const struct keymap_state *s, long r, struct keymap_result *out)
{
    if (s->keys_down)
        keymap_select(s, (long)s->row, r, out);
    else
        keymap_select(s, r, (long)s->col, out);
}
static void cols_by(const struct keymap_state *s, long dc, struct keymap_result *out)
{
    if (s->dims)
        keymap_dim(s, (long)s->dim + dc * step(s), out);
    else
        keymap_select(s, (long)s->row, (long)s->col + dc * step(s), out);
}
static void cols_to(const struct keymap_state *s, bool last, struct keymap_result *out)
{
    if (s->dims)
        keymap_dim(s, last ? LONG_MAX : 0, out);
    else
        keymap_select(s, (long)s->row, last ? LONG_MAX : 0, out);
}
static void left(const struct keymap_state *s, struct keymap_result *o)  { cols_by(s, -1, o); }
static void right(const struct keymap_state *s, struct keymap_result *o) { cols_by(s, 1, o); }
static void up(const struct keymap_state *s, struct keymap_result *o)    { rows_by(s, -step(s), o); }
static void down(const struct keymap_state *s, struct keymap_result *o)  { rows_by(s, step(s), o); }
static void pgup(const struct keymap_state *s, struct keymap_result *o)  { rows_by(s, -page(s) * step(s), o); }
static void pgdn(const struct keymap_state *s, struct keymap_result *o)  { rows_by(s, page(s) * step(s), o); }
static void top(const struct keymap_state *s, struct keymap_result *o)   { rows_to(s, 0, o); }
static void bottom(const struct keymap_state *s, struct keymap_result *o){ rows_to(s, LONG_MAX, o); }
static void home(const struct keymap_state *s, struct keymap_result *o)  { cols_to(s, false, o); }
static void end(const struct keymap_state *s, struct keymap_result *o)   { cols_to(s, true, o); }

/* z zooms out (twice the cells a cell shows, up to fit), Z in (half, down
 * to every cell). */
static void zoom_out(const struct keymap_state *s, struct keymap_result *o)
{
    command(o, ":zoom %zu", (size_t)step(s) * 2);
}
static void zoom_in(const struct keymap_state *s, struct keymap_result *o)
{
    command(o, ":zoom %zu", s->step > 1 ? s->step / 2 : 1);
}

/* > and < step through the stages of the computation; v the views. */
static void stage_next(const struct keymap_state *s, struct keymap_result *o)
{
    command(o, ":stage %s", stage_names[(s->stage + 1) % STAGE_COUNT]);
}
static void stage_prev(const struct keymap_state *s, struct keymap_result *o)
{
    command(o, ":stage %s", stage_names[(s->stage + STAGE_COUNT - 1) % STAGE_COUNT]);
}
static void view_next(const struct keymap_state *s, struct keymap_result *o)
{
    command(o, ":view %s", view_names[(s->view + 1) % VIEW_COUNT]);
}

/* Vector panel moves: the panel clamps, since only it knows d and its rows. */
static void vec(struct keymap_result *o, enum keymap_action a, int delta)
{
    o->action = a;
    o->delta = delta;
}
static void vec_up(const struct keymap_state *s, struct keymap_result *o)   { (void)s; vec(o, KEYMAP_VEC_MOVE, -1); }
static void vec_down(const struct keymap_state *s, struct keymap_result *o) { (void)s; vec(o, KEYMAP_VEC_MOVE, 1); }
static void vec_pgup(const struct keymap_state *s, struct keymap_result *o) { vec(o, KEYMAP_VEC_MOVE, -(int)page(s)); }
static void vec_pgdn(const struct keymap_state *s, struct keymap_result *o) { vec(o, KEYMAP_VEC_MOVE, (int)page(s)); }
static void vec_first(const struct keymap_state *s, struct keymap_result *o){ (void)s; vec(o, KEYMAP_VEC_MOVE, INT_MIN); }
static void vec_last(const struct keymap_state *s, struct keymap_result *o) { (void)s; vec(o, KEYMAP_VEC_MOVE, INT_MAX); }
static void vec_left(const struct keymap_state *s, struct keymap_result *o) { (void)s; vec(o, KEYMAP_VEC_COLUMN, -1); }
static void vec_right(const struct keymap_state *s, struct keymap_result *o){ (void)s; vec(o, KEYMAP_VEC_COLUMN, 1); }

/* d_model changes keep it a multiple of the head count, so '+' with 2 heads
 * goes 8 -> 10 instead of failing; out-of-range results are left to the
 * command's own range check, whose message says what is allowed. */
static bool dim_at_end(const struct keymap_state *s, size_t want, struct keymap_result *o);

static void dim_up(const struct keymap_state *s, struct keymap_result *o)
{
    size_t want = (s->d_model / s->heads + 1) * s->heads;
    if (!dim_at_end(s, want, o))
        command(o, ":dim %zu", want);
}
/* A d_model the keys cannot go past: said, not run as a command whose
 * range error would speak of a number nobody typed. */
static bool dim_at_end(const struct keymap_state *s, size_t want, struct keymap_result *o)
{
    if (want >= s->heads && want <= AV_MAX_DIM)
        return false;
    o->action = KEYMAP_SAY;
    snprintf(o->line, sizeof o->line, "d_model is already %zu, the %s%s", s->d_model,
             want < s->heads ? "smallest" : "largest",
             s->heads > 1 && want < s->heads ? " multiple of the head count" : "");
    return true;
}

static void dim_down(const struct keymap_state *s, struct keymap_result *o)
{
    size_t h = s->heads, steps = s->d_model / h;
    size_t want = steps > 0 ? (steps - 1) * h : 0;
    if (!dim_at_end(s, want, o))
        command(o, ":dim %zu", want);
}
static void dim_double(const struct keymap_state *s, struct keymap_result *o)
{
    if (!dim_at_end(s, s->d_model * 2, o))
        command(o, ":dim %zu", s->d_model * 2);
}
static void dim_halve(const struct keymap_state *s, struct keymap_result *o)
{
    size_t want = s->d_model / 2 / s->heads * s->heads;
    if (!dim_at_end(s, want, o))
        command(o, ":dim %zu", want);
}

static void head_prev(const struct keymap_state *s, struct keymap_result *o)
{
    size_t h = s->heads;
    command(o, ":head %zu", s->head == HEAD_MEAN ? h - 1 : ((size_t)s->head + h - 1) % h);
}
static void head_next(const struct keymap_state *s, struct keymap_result *o)
{
    command(o, ":head %zu", s->head == HEAD_MEAN ? 0 : ((size_t)s->head + 1) % s->heads);
}
static void head_mean(const struct keymap_state *s, struct keymap_result *o)
{
    if (s->head == HEAD_MEAN)
        command(o, ":head 0");
    else
        command(o, ":head mean");
}

static void pe_cycle(const struct keymap_state *s, struct keymap_result *o)
{
    command(o, ":pe %s", pe_kind_name((enum pe_kind)((s->pe + 1) % PE_COUNT)));
}
static void causal(const struct keymap_state *s, struct keymap_result *o)
{
    command(o, ":causal %s", s->causal ? "off" : "on");
}
static void scale(const struct keymap_state *s, struct keymap_result *o)
{
    command(o, ":scale %s", s->scale ? "off" : "on");
}
static void theme(const struct keymap_state *s, struct keymap_result *o)
{
    if (s->n_themes == 0)
        return;
    /* A theme not in the list counts as the first, so 't' always shows a
     * different one. */
    size_t cur = 0;
    for (size_t i = 0; i < s->n_themes; i++)
        if (s->theme && strcmp(s->theme, s->themes[i]) == 0)
            cur = i;
    command(o, ":theme %s", s->themes[(cur + 1) % s->n_themes]);
}
static void undo(const struct keymap_state *s, struct keymap_result *o) { (void)s; command(o, ":undo"); }
static void redo(const struct keymap_state *s, struct keymap_result *o) { (void)s; command(o, ":redo"); }
static void quit(const struct keymap_state *s, struct keymap_result *o) { (void)s; command(o, ":quit"); }

static void ui(struct keymap_result *o, enum keymap_action a, const char *line)
{
    o->action = a;
    snprintf(o->line, sizeof o->line, "%s", line);
}
static void focus_next(const struct keymap_state *s, struct keymap_result *o) { (void)s; ui(o, KEYMAP_FOCUS_NEXT, ""); }
static void focus_prev(const struct keymap_state *s, struct keymap_result *o) { (void)s; ui(o, KEYMAP_FOCUS_PREV, ""); }
static void prompt_colon(const struct keymap_state *s, struct keymap_result *o){ (void)s; ui(o, KEYMAP_PROMPT, ":"); }
static void prompt_empty(const struct keymap_state *s, struct keymap_result *o){ (void)s; ui(o, KEYMAP_PROMPT, ""); }
static void help(const struct keymap_state *s, struct keymap_result *o)   { (void)s; command(o, ":help"); }
static void redraw(const struct keymap_state *s, struct keymap_result *o) { (void)s; ui(o, KEYMAP_REDRAW, ""); }
static void edit(const struct keymap_state *s, struct keymap_result *o)   { (void)s; ui(o, KEYMAP_EDIT, ""); }

enum {
    ON_HEAT = 1u << FOCUS_HEATMAP,
    ON_VEC = 1u << FOCUS_VECTORS,
    ON_PROMPT = 1u << FOCUS_PROMPT,
    ON_PANES = ON_HEAT | ON_VEC,
};

struct binding {
    int keys[3];               /* 0-terminated unless all three are used */
    unsigned focus;            /* ON_* mask */
    void (*fn)(const struct keymap_state *, struct keymap_result *);
    struct keymap_help help;
};

static const struct binding bindings[] = {
    { { 'h', KEY_LEFT },  ON_HEAT, left,   { "h ←  l →", "move the cursor one key left / right" } },
    { { 'l', KEY_RIGHT }, ON_HEAT, right,  { NULL, NULL } },
    { { 'k', KEY_UP },    ON_HEAT, up,     { "k ↑  j ↓", "move the cursor one query up / down" } },
    { { 'j', KEY_DOWN },  ON_HEAT, down,   { NULL, NULL } },
    { { 'g' },            ON_HEAT, top,    { "g  G", "first / last query row" } },
    { { 'G' },            ON_HEAT, bottom, { NULL, NULL } },
    { { KEY_HOME },       ON_HEAT, home,   { "Home  End", "first / last key column" } },
    { { KEY_END },        ON_HEAT, end,    { NULL, NULL } },
    { { KEY_PPAGE },      ON_HEAT, pgup,   { "PgUp  PgDn", "a page of queries up / down" } },
    { { KEY_NPAGE },      ON_HEAT, pgdn,   { NULL, NULL } },
    { { 'k', KEY_UP },    ON_VEC, vec_up,     { "vectors: k j ↑ ↓", "focus the previous / next component" } },
    { { 'j', KEY_DOWN },  ON_VEC, vec_down,   { NULL, NULL } },
    { { KEY_PPAGE },      ON_VEC, vec_pgup,   { "vectors: PgUp PgDn", "a page of components up / down" } },
    { { KEY_NPAGE },      ON_VEC, vec_pgdn,   { NULL, NULL } },
    { { 'g', KEY_HOME },  ON_VEC, vec_first,  { "vectors: g G", "first / last component" } },
    { { 'G', KEY_END },   ON_VEC, vec_last,   { NULL, NULL } },
    { { 'h', KEY_LEFT },  ON_VEC, vec_left,   { "vectors: h l ← →", "earlier / later vectors when not all fit" } },
    { { 'l', KEY_RIGHT }, ON_VEC, vec_right,  { NULL, NULL } },
    { { '\t' },           ON_PANES, focus_next, { "Tab  S-Tab", "focus: heatmap → vectors → prompt" } },
    { { KEY_BTAB },       ON_PANES, focus_prev, { NULL, NULL } },
    { { ':' },            ON_PANES, prompt_colon, { ":", "type a :command at the prompt" } },
    { { '\r', '\n', KEY_ENTER }, ON_PANES, prompt_empty, { "Enter", "type a sentence at the prompt" } },
    { { '+', '=' },       ON_PANES, dim_up,     { "+  -", "d_model up / down (by the head count)" } },
    { { '-' },            ON_PANES, dim_down,   { NULL, NULL } },
    { { '*' },            ON_PANES, dim_double, { "*  /", "double / halve d_model" } },
    { { '/' },            ON_PANES, dim_halve,  { NULL, NULL } },
    { { '[' },            ON_PANES, head_prev,  { "[  ]", "previous / next head" } },
    { { ']' },            ON_PANES, head_next,  { NULL, NULL } },
    { { 'a' },            ON_PANES, head_mean,  { "a", "toggle the mean of all heads" } },
    { { 'p' },            ON_PANES, pe_cycle,   { "p", "next PE: none, sinusoidal, learned, table, rope, alibi" } },
    { { 'c' },            ON_PANES, causal,     { "c", "toggle the causal mask" } },
    { { 's' },            ON_PANES, scale,      { "s", "toggle the 1/√d_k scaling" } },
    { { 't' },            ON_PANES, theme,      { "t", "next color theme" } },
    { { '>' },            ON_PANES, stage_next, { ">  <", "next / previous stage of the computation (the flow strip)" } },
    { { '<' },            ON_PANES, stage_prev, { NULL, NULL } },
    { { 'v' },            ON_PANES, view_next,  { "v", "next view: attention, the positional encoding" } },
    { { 'z' },            ON_PANES, zoom_out,   { "z  Z", "zoom out (a cell shows a block) / in" } },
    { { 'Z' },            ON_PANES, zoom_in,    { NULL, NULL } },
    { { 'e' },            ON_PANES, edit,       { "e", "edit an embedding component (Enter / Esc)" } },
    { { 'u' },            ON_PANES, undo,       { "u  Ctrl-R", "undo the last change (not a cursor move) / redo it" } },
    { { CTRL('R') },      ON_PANES, redo,       { NULL, NULL } },
    { { CTRL('L') },      ON_PANES, redraw,     { "Ctrl-L", "redraw the screen" } },
    { { '?', KEY_F(1) },  ON_PANES, help,       { "?  F1", "this help" } },
    { { 'q' },            ON_PANES, quit,       { "q", "quit (Ctrl-C too); asks when there are unsaved changes" } },
    { { 0 }, ON_PROMPT, NULL, { "prompt: Enter", "run a :command or set the sentence (live preview)" } },
    { { 0 }, ON_PROMPT, NULL, { "prompt: Tab", "complete commands, arguments, tokens (twice: list)" } },
    { { 0 }, ON_PROMPT, NULL, { "prompt: ?", "on an empty line: this help" } },
    { { 0 }, ON_PROMPT, NULL, { "prompt: ↑ ↓  Ctrl-R", "history, search history" } },
    { { 0 }, ON_PROMPT, NULL, { "prompt: Esc", "leave the prompt, dropping the line" } },
    { { 0 }, ON_PROMPT, NULL, { "prompt: Ctrl-C  Ctrl-D", "Ctrl-C clears the line; Ctrl-D on an empty line quits" } },
    { { 0 }, ON_PANES, NULL,  { "mouse", "click selects a cell or component; wheel scrolls" } },
    { { 0 }, ON_PANES, NULL,  { "any other letter", "starts typing a sentence at the prompt" } },
    { { 0 }, ON_PANES, NULL,  { "paste", "goes to the prompt as text (line breaks become blanks)" } },
    /* Replay keys act only while a replay runs; tui.c reads them first. */
    { { 0 }, ON_PANES, NULL,  { "replay: Space n  N ⌫", "next step / one step back" } },
    { { 0 }, ON_PANES, NULL,  { "replay: P  x Esc", "play the rest (any key pauses) / leave the replay" } },
    { { 0 }, ON_PANES, NULL,  { "replay: + -", "while playing: faster / slower (notes get their reading time)" } },
    { { 0 }, ON_PANES, NULL,  { "replay: N  .", "after a change off the script: back to the tour / go on from it" } },
    { { 0 }, ON_PANES, NULL,  { "the vector columns", "e embedding (e_i*: a word the :vectors file lacks), pe positional encoding, x = e + pe, q k v (the shown head's columns bright), out; c the component" } },
    { { 0 }, ON_PANES, NULL,  { "explain: q_i·k_j", "query i's and key j's d_k numbers of the shown head, multiplied and summed" } },
};

void keymap_translate(const struct keymap_state *s, int key, struct keymap_result *out)
{
    memset(out, 0, sizeof *out);
    for (size_t i = 0; i < sizeof bindings / sizeof bindings[0]; i++) {
        const struct binding *b = &bindings[i];
        if (!b->fn || !(b->focus & (1u << s->focus)))
            continue;
        for (size_t k = 0; k < 3 && b->keys[k]; k++)
            if (b->keys[k] == key) {
                b->fn(s, out);
                return;
            }
    }
}

int keymap_emb_line(const char *token, const float *vec, size_t d, size_t comp,
                    double value, char *buf, size_t cap)
{
    size_t used = 0;
    int n = snprintf(buf, cap, ":emb %s", token);
    if (n < 0)
        return n;
    used = (size_t)n;
    for (size_t c = 0; c < d; c++) {
        double v = c == comp ? value : (double)vec[c];
        n = snprintf(used < cap ? buf + used : NULL, used < cap ? cap - used : 0, " %.9g", v);
        if (n < 0)
            return n;
        used += (size_t)n;
    }
    return (int)used;
}

bool keymap_help_at(size_t i, struct keymap_help *out)
{
    size_t row = 0;
    for (size_t k = 0; k < sizeof bindings / sizeof bindings[0]; k++) {
        if (!bindings[k].help.keys)
            continue;     /* the second half of a pair shown on its first row */
        if (row++ == i) {
            *out = bindings[k].help;
            return true;
        }
    }
    return false;
}
