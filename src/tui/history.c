/* history.c - the prompt's history file (history.h). */
#include "attnviz/history.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <readline/history.h>

#include "attnviz/fsfile.h"

enum { HISTORY_MAX = 1000, HISTORY_BYTES = 4 << 20 };

static char hist_path[PATH_MAX];   /* "" when there is no place for it */

bool history_open(char *err, size_t errlen)
{
    using_history();
    stifle_history(HISTORY_MAX);
    if (!xdg_path(XDG_STATE, "history", hist_path, sizeof hist_path)
        || !fsfile_make_parents(hist_path)) {
        hist_path[0] = '\0';
        return true;
    }
    char *text;
    size_t len;
    int got = fsfile_read_all(hist_path, HISTORY_BYTES, "the history file", &text, &len,
                              err, errlen);
    if (got < 0) {
        /* Not ours to replace at the end either. */
        hist_path[0] = '\0';
        return false;
    }
    if (got > 0) {
        for (char *line = text, *next; line && *line; line = next) {
            next = strchr(line, '\n');
            if (next)
                *next++ = '\0';
            if (*line)
                add_history(line);
        }
        free(text);
    }
    return true;
}

void history_add(const char *line)
{
    if (!*line)
        return;
    HIST_ENTRY *last = history_length > 0 ? history_get(history_base + history_length - 1) : NULL;
    if (!last || strcmp(last->line, line) != 0)
        add_history(line);
}

static int history_write(FILE *f, void *ctx)
{
    (void)ctx;
    HIST_ENTRY **list = history_list();
    for (size_t i = 0; list && list[i]; i++)
        if (fprintf(f, "%s\n", list[i]->line) < 0)
            return -1;
    return 0;
}

bool history_close(char *err, size_t errlen)
{
    bool ok = !hist_path[0]
              || fsfile_write_atomic(hist_path, "the history", history_write, NULL, NULL,
                                     err, errlen) == 0;
    clear_history();
    return ok;
}
