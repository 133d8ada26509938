/* screen_ask.c - the main screen with a yes/no question on its message
 * line: whether to restore the session of an attnviz that ended
 * unexpectedly (its autosave file, see autosave.h). */
#include <curses.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "attnviz/screen.h"

static WINDOW *ask_draw(struct tui *t)
{
    WINDOW *cur = screen_main_panes(t, "y: restore the session that ended unexpectedly · "
                                    "n: discard it · Esc: later", NULL);
    if (cur)
        wnoutrefresh(cur);    /* no cursor while the question is up */
    return NULL;
}

static bool ask_key(struct tui *t, int key)
{
    if (key == 'y' || key == 'Y') {
        char line[PATH_MAX + 8];
        snprintf(line, sizeof line, ":load %s", t->restore);
        tui_run_line(t, line, NULL);
        if (t->res.flags & APP_ERROR)
            return true;          /* said why; the file stays for another try */
        tui_say(t, false, "restored: :save FILE keeps it");
    } else if (key == 'n' || key == 'N') {
        tui_say(t, false, "the old session was discarded");
    } else if (key == 27) {
        /* no answer is no "no": the work stays for the next start */
        tui_say(t, false, "the old session is kept: the next start asks again");
        t->restore[0] = '\0';
    } else {
        return false;
    }
    if (t->restore[0])
        unlink(t->restore);
    t->restore[0] = '\0';
    /* Answered: the prompt takes the focus, as at any start. While the
     * question was up it had none, so the bottom line showed its keys. */
    screen_main_prompt(t, "");
    t->dirty |= D_ALL;
    return true;
}

const struct screen screen_ask = { ask_draw, ask_key };
