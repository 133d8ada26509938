/* help.c - the help screen ('?'): every key from the keymap's binding table
 * and every command of the command table (screen.h). */
#include <curses.h>
#include <stdio.h>
#include <string.h>

#include "attnviz/command.h"
#include "attnviz/keymap.h"
#include "attnviz/palette.h"
#include "attnviz/screen.h"
#include "attnviz/textw.h"

enum { KEYS_W = 24 };

static void put_fit(WINDOW *w, int y, int x, int width, const char *text)
{
    char buf[512];
    if (width <= 0)
        return;
    textw_fit(text, width, buf, sizeof buf);
    mvwaddstr(w, y, x, buf);
}

enum { MAX_ROWS = 256 };

struct help_row {
    const char *keys;     /* NULL for a line of plain text */
    char what[512];
};

/* Appends text as rows under keys, wrapped at spaces to avail columns;
 * continuation rows have empty keys. Returns the new row count. */
static size_t add_wrapped(struct help_row *rows, size_t n, const char *keys, const char *text,
                          int avail)
{
    const char *p = text;
    do {
        if (n >= MAX_ROWS)
            return n;
        /* The longest run of whole words that fits (at least one word). */
        size_t take = strlen(p), fit = 0;
        for (size_t i = 0; i <= take; i++)
            if ((p[i] == ' ' || p[i] == '\0') && (fit == 0 || textw_width_n(p, i) <= avail))
                fit = i;
        if (textw_width_n(p, take) <= avail)
            fit = take;
        rows[n].keys = p == text ? keys : (keys ? "" : NULL);
        snprintf(rows[n].what, sizeof rows[n].what, "%.*s", (int)fit, p);
        n++;
        p += fit;
        p += strspn(p, " ");
    } while (*p);
    return n;
}

/* The help text for this width: the key table, then the command names
 * wrapped like words. */
static size_t build(struct help_row *rows, int width)
{
    size_t n = 0;
    struct keymap_help h;
    for (size_t k = 0; keymap_help_at(k, &h); k++)
        n = add_wrapped(rows, n, h.keys, h.what, width - KEYS_W - 3);
    n = add_wrapped(rows, n, NULL, " ", width - 3);
    n = add_wrapped(rows, n, NULL, "Commands at the prompt (the session language, see README.md):",
                    width - 3);
    size_t count;
    const struct command_desc *t = command_table(&count);
    for (size_t i = 0; i < count; i++) {
        char usage[160], what[512];
        command_usage(&t[i], usage, sizeof usage);
        snprintf(what, sizeof what, "%s%s%s", usage, *usage ? ": " : "", t[i].help);
        n = add_wrapped(rows, n, t[i].name, what, width - KEYS_W - 3);
    }
    return n;
}

/* Draws the help into w from line `scroll` on; returns the largest useful
 * scroll for this size. */
static int help_draw(WINDOW *w, int scroll)
{
    int width = getmaxx(w), height = getmaxy(w);
    palette_use(w, ROLE_TITLE_FOCUS);
    mvwprintw(w, 0, 0, "%*s", width, "");
    put_fit(w, 0, 1, width - 2, "attnviz help · any key closes · j/k or ↑/↓ scroll");
    static struct help_row rows[MAX_ROWS];
    int total = (int)build(rows, width);
    int body = height - 1;
    int max_scroll = total > body ? total - body : 0;
    if (scroll > max_scroll)
        scroll = max_scroll;
    for (int y = 1; y < height; y++) {
        palette_use(w, ROLE_TEXT);
        wmove(w, y, 0);
        wclrtoeol(w);
        int k = scroll + y - 1;
        if (k >= total)
            continue;
        if (rows[k].keys) {
            palette_use(w, ROLE_PROMPT);
            put_fit(w, y, 2, KEYS_W - 1, rows[k].keys);
            palette_use(w, ROLE_TEXT);
            put_fit(w, y, 2 + KEYS_W, width - KEYS_W - 3, rows[k].what);
        } else {
            put_fit(w, y, 2, width - 3, rows[k].what);
        }
    }
    return max_scroll;
}

static WINDOW *help_screen_draw(struct tui *t)
{
    help_draw(stdscr, t->help_scroll);
    wnoutrefresh(stdscr);
    return NULL;
}

/* j/k and the page keys scroll; any other key closes the help. */
static bool help_key(struct tui *t, int key)
{
    switch (key) {
    case 'j': case KEY_DOWN:  t->help_scroll++; break;
    case 'k': case KEY_UP:    t->help_scroll -= t->help_scroll > 0; break;
    case KEY_NPAGE:           t->help_scroll += LINES / 2; break;
    case KEY_PPAGE:           t->help_scroll = t->help_scroll > LINES / 2 ? t->help_scroll - LINES / 2 : 0; break;
    default:
        t->help = false;
        tui_relayout(t, true);
        return true;
    }
    /* help_draw clamps; keep the stored value in range for the way back. */
    int max = help_draw(stdscr, t->help_scroll);
    if (t->help_scroll > max)
        t->help_scroll = max;
    return true;
}

const struct screen screen_help = { help_screen_draw, help_key };
