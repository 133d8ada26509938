/* statusbar.c - the status bar (see statusbar.h). */
#include "attnviz/statusbar.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "attnviz/app.h"
#include "attnviz/command.h"
#include "attnviz/palette.h"
#include "attnviz/shown.h"
#include "attnviz/textw.h"
#include "attnviz/vectable.h"

enum { MAX_ITEMS = 12, ITEM_BYTES = 128, GAP = 2, SENTENCE_MIN = 10 };

struct items {
    size_t n;
    char text[MAX_ITEMS][ITEM_BYTES];
};

static void add(struct items *it, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void add(struct items *it, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(it->text[it->n++], ITEM_BYTES, fmt, ap);
    va_end(ap);
}

static void collect(struct items *it, const struct app *a)
{
    const struct model_config *c = &a->s.cfg;
    it->n = 0;
    double done;
    if (app_computing(a, &done))
        add(it, "computing %d%%", (int)(done * 100.0));
    if (a->previewing)
        add(it, "preview");
    add(it, "d_model %zu", c->d_model);
    add(it, "heads %zu", c->heads);
    if (a->s.head == HEAD_MEAN)
        add(it, "mean of heads");
    else
        add(it, "head %d", a->s.head);
    add(it, "pe %s", pe_kind_name(c->pe));
    add(it, "proj %s", proj_kind_name(c->proj));
    add(it, "scale %s", c->scale ? "on" : "off");
    add(it, "causal %s", c->causal ? "on" : "off");
    add(it, "seed %llu", (unsigned long long)c->seed);
    if (a->s.vectors) {
        char name[256], cut[80];
        app_vectors_name(a, name, sizeof name);
        /* kept short: an item is never wrapped, and a long file name would
         * take a line of its own */
        textw_fit(name, 20, cut, sizeof cut);
        add(it, "vectors %s (%zu dims, %zu/%zu found)", cut, vectable_dim(a->s.vectors),
            app_vectors_found(a), app_shown(a)->n);
    }
    add(it, "theme %s", a->view.theme);
}

/* Whether the sentence fits after column end of a line width wide. */
static bool sentence_fits(int width, int end)
{
    return width - end - 1 >= SENTENCE_MIN;
}

/* Places the items: line[k] and column x[k] of item k; returns the lines
 * used and, in *last_end, the column where the last line's text ends. With
 * a sentence, a last line too full for it leaves it a line of its own
 * (while one is left), so it does not vanish when the items grow. */
static int flow(const struct items *it, bool sentence, int width, int *line, int *x,
                int *last_end)
{
    int y = 0, col = 1;
    for (size_t k = 0; k < it->n; k++) {
        int w = textw_width(it->text[k]);
        if (col > 1 && col + w > width && y + 1 < STATUSBAR_MAX_LINES) {
            y++;
            col = 1;
        }
        line[k] = y;
        x[k] = col;
        col += w + GAP;
    }
    if (sentence && !sentence_fits(width, col) && y + 1 < STATUSBAR_MAX_LINES) {
        y++;
        col = 1;
    }
    *last_end = col;
    return y + 1;
}

/* The line count does not follow a->previewing (the sentence is hidden
 * then), so typing does not move the panes. */
static bool has_sentence(const struct app *a)
{
    return a->s.sentence && *a->s.sentence;
}

int statusbar_lines(const struct app *a, int width)
{
    struct items it;
    int line[MAX_ITEMS], x[MAX_ITEMS], end;
    collect(&it, a);
    return flow(&it, has_sentence(a), width, line, x, &end) + 1;   /* + the flow strip */
}

/* The stages of the computation on one line, the shown one highlighted:
 *   tokens → e → +pe → x → q k v → q·kᵀ → ÷√d_k → mask → softmax → ×v → out
 * Where the line is too narrow, the stages before the shown one go first. */
static void draw_flow(WINDOW *w, const struct app *a, int y)
{
    int width = getmaxx(w);
    palette_use(w, ROLE_STATUS);
    mvwprintw(w, y, 0, "%*s", width, "");
    if (a->view.view == VIEW_PE) {
        mvwaddstr(w, y, 1, "view pe: the positional encoding and PE·PEᵀ (v: back to attention)");
        return;
    }
    size_t first = 0;
    for (;; first++) {
        int cols = 1 + (first == 0 ? textw_width("tokens → ") : textw_width("… "));
        for (size_t k = first; k < STAGE_COUNT; k++)
            cols += textw_width(stage_flow_labels[k]) + (k + 1 < STAGE_COUNT ? 3 : 0);
        if (cols <= width || first >= (size_t)a->view.stage)
            break;
    }
    wmove(w, y, 1);
    const char *lead = first == 0 ? "tokens → " : "… ";
    waddstr(w, lead);
    /* rest: the columns of the stages from k on, with their arrows */
    int x = 1 + textw_width(lead), rest = 0;
    for (size_t k = first; k < STAGE_COUNT; k++)
        rest += textw_width(stage_flow_labels[k]) + (k + 1 < STAGE_COUNT ? 3 : 0);
    for (size_t k = first; k < STAGE_COUNT; k++) {
        /* Where even the shown stage first leaves too little room (a
         * stage near the start, a narrow screen), the end is cut at a
         * stage with "…", never inside a name. */
        int here = textw_width(stage_flow_labels[k]);
        if (x + rest > width && x + here + 4 > width) {
            waddstr(w, "…");
            return;
        }
        palette_use(w, k == (size_t)a->view.stage ? ROLE_CURSOR : ROLE_STATUS);
        waddstr(w, stage_flow_labels[k]);
        palette_use(w, ROLE_STATUS);
        if (k + 1 < STAGE_COUNT)
            waddstr(w, " → ");
        x += here + 3;
        rest -= here + 3;
    }
}

void statusbar_draw(WINDOW *w, const struct app *a)
{
    int width = getmaxx(w), height = getmaxy(w);
    struct items it;
    int line[MAX_ITEMS], x[MAX_ITEMS], end;
    collect(&it, a);
    int used = flow(&it, has_sentence(a), width, line, x, &end);
    palette_use(w, ROLE_STATUS);
    for (int y = 0; y < height; y++)
        mvwprintw(w, y, 0, "%*s", width, "");
    char buf[2 * ITEM_BYTES];
    for (size_t k = 0; k < it.n; k++) {
        if (line[k] >= height)
            break;
        textw_fit(it.text[k], width - x[k], buf, sizeof buf);
        mvwaddstr(w, line[k], x[k], buf);
    }
    /* The sentence gets the rest of the last line, quoted and cut to fit;
     * while previewing, the prompt shows the sentence being typed. */
    if (used <= height && sentence_fits(width, end) && !a->previewing && has_sentence(a)) {
        /* Cut inside the quotes, so the closing one always shows. */
        textw_fit(a->s.sentence, width - end - 3, buf, sizeof buf);
        mvwaddstr(w, used - 1, end, "\"");
        waddstr(w, buf);
        waddstr(w, "\"");
    }
    if (height > used)
        draw_flow(w, a, used);
}
