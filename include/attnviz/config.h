/* config.h - the optional config file: starting values of the terminal UI
 * that the command line overrides (main.c: --batch, --dump and --replay do
 * not use its model values, so they give the same numbers everywhere).
 *
 * $XDG_CONFIG_HOME/attnviz/config (default ~/.config/attnviz/config), in the
 * theme files' `key = value` format with '#' comments (here also after a
 * value, as every value is one word):
 *
 *   theme = magma
 *   dim = 16
 *   pe = learned        # none, sinusoidal, learned, table, rope, alibi
 *
 * The keys are the config keys of the command table (command.h); each value
 * is checked as the command line ":COMMAND VALUE", so it accepts what the
 * command and the option accept and says the same when it does not. A bad
 * line is reported as "FILE:LINE: message" and skipped: a config file never
 * stops the program. */
#ifndef ATTNVIZ_CONFIG_H
#define ATTNVIZ_CONFIG_H

#include <stddef.h>

#include "attnviz/app.h"
#include "attnviz/limits.h"
#include "attnviz/model.h"

enum { CONFIG_VIEW_MAX = 8, CONFIG_LINE_MAX = 96 };

/* The viewer's settings a config file gives (theme, range), as the command
 * lines that set them (":theme magma"), for the caller to run on its app. */
struct config_view {
    size_t n;
    char line[CONFIG_VIEW_MAX][CONFIG_LINE_MAX];
};

/* Reads the config file at path: model settings over *cfg (which keeps
 * what the file does not set), viewer settings into *view (one line a key,
 * the last value given). Problems go to diag (may be NULL). A missing file
 * is no problem. Returns the number of problems. */
int config_load(const char *path, struct model_config *cfg, struct config_view *view,
                app_diag_fn diag, void *ctx);

/* config_load of $XDG_CONFIG_HOME/attnviz/config, when there is one. */
int config_load_standard(struct model_config *cfg, struct config_view *view,
                         app_diag_fn diag, void *ctx);

#endif
