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
 *   heads = 2
 *   seed = 7
 *   pe = learned        # none, sinusoidal, learned, table
 *   proj = random       # identity, random
 *   scale = on          # on, off
 *   causal = off        # on, off
 *
 * Each value is checked as the session-language line ":KEY VALUE", so it
 * accepts what the command and the option accept and says the same when it
 * does not. A bad line is reported as "FILE:LINE: message" and skipped: a
 * config file never stops the program. */
#ifndef ATTNVIZ_CONFIG_H
#define ATTNVIZ_CONFIG_H

#include <stdbool.h>
#include <stddef.h>

#include "attnviz/app.h"
#include "attnviz/model.h"
#include "attnviz/theme.h"

/* attnviz's config folder: "$XDG_CONFIG_HOME/attnviz" (when it is an
 * absolute path, as the XDG spec asks) or "$HOME/.config/attnviz". false
 * when neither is set or the path does not fit in cap bytes. */
bool config_dir(char *buf, size_t cap);

/* Reads the config file at path over *cfg and theme (which keep what the
 * file does not set; theme "" means none). Problems go to diag (may be
 * NULL). A missing file is no problem. Returns the number of problems. */
int config_load(const char *path, struct model_config *cfg,
                char theme[THEME_NAME_MAX + 1], app_diag_fn diag, void *ctx);

/* config_load of the file in config_dir(), when there is one. */
int config_load_standard(struct model_config *cfg, char theme[THEME_NAME_MAX + 1],
                         app_diag_fn diag, void *ctx);

#endif
