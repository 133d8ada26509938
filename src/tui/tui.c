/* Placeholder until the terminal UI lands (issue 3): replaced by the TUI. */
#include <stdio.h>

#include "attnviz/tui.h"

int tui_run(struct app *a, const struct tui_options *opt)
{
    (void)a;
    (void)opt;
    fputs("attnviz: the terminal UI is not built yet; use --batch or --dump\n", stderr);
    return 69;
}
