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
 *   pe = learned        # none, sinusoidal, learned, table
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

/* Reads the config file at path over *cfg and theme (which keep what the
 * file does not set; theme "" means none). Problems go to diag (may be
 * NULL). A missing file is no problem. Returns the number of problems. */
int config_load(const char *path, struct model_config *cfg,
                char theme[AV_MAX_NAME + 1], app_diag_fn diag, void *ctx);

/* config_load of $XDG_CONFIG_HOME/attnviz/config, when there is one. */
int config_load_standard(struct model_config *cfg, char theme[AV_MAX_NAME + 1],
                         app_diag_fn diag, void *ctx);

#endif
