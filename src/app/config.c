/* config.c - the optional config file (config.h). */
#include "attnviz/config.h"

#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "attnviz/command.h"
#include "attnviz/fsfile.h"
#include "attnviz/kvline.h"
#include "attnviz/quote.h"
#include "attnviz/theme.h"

static void config_report(app_diag_fn diag, void *ctx, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void config_report(app_diag_fn diag, void *ctx, const char *fmt, ...)
{
    char msg[PATH_MAX + 1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (diag)
        diag(ctx, msg);
}

/* The row whose config key is key, or NULL with the message that lists the
 * keys there are. */
static const struct command_desc *config_key(const char *key, char *err, size_t errlen)
{
    size_t n, o = 0;
    const struct command_desc *t = command_table(&n);
    char q[QUOTE_CAP], keys[256] = "";
    for (size_t i = 0; i < n; i++) {
        if (!t[i].config_key)
            continue;
        if (strcmp(key, t[i].config_key) == 0)
            return &t[i];
        o += (size_t)snprintf(keys + o, o < sizeof keys ? sizeof keys - o : 0, "%s%s",
                              o ? ", " : "", t[i].config_key);
    }
    snprintf(err, errlen, "unknown key %s (keys: %s)", quote_str(q, key), keys);
    return NULL;
}

/* A viewer setting's line, replacing an earlier one of the same command. */
static void config_view_put(struct config_view *view, const struct command *c)
{
    char line[CONFIG_LINE_MAX];
    command_format(c, line, sizeof line);
    size_t i = 0, name = strcspn(line, " ");
    while (i < view->n && !(strncmp(view->line[i], line, name) == 0
                            && view->line[i][name] == ' '))
        i++;
    if (i == CONFIG_VIEW_MAX)
        return;
    memcpy(view->line[i], line, sizeof line);
    view->n += i == view->n;
}

/* Applies one `key = value` pair; -1 with a message in err. */
static int config_set(const char *key, const char *value, struct model_config *cfg,
                      struct config_view *view, char *err, size_t errlen)
{
    const struct command_desc *d = config_key(key, err, errlen);
    struct command c;
    if (!d || command_parse_value(d, value, &c, err, errlen) != 0)
        return -1;
    /* A theme is checked now, so the message names the file and line. */
    int rc = d->kind == CMD_THEME ? theme_check(c.u.text, err, errlen) : 0;
    if (rc == 0 && d->setting)
        command_setting_set(d, cfg, c.u.num);
    else if (rc == 0)
        config_view_put(view, &c);
    command_free(&c);
    return rc;
}

/* Every value here is one word, so a '#' after it starts a comment (theme
 * files have none: there '#' starts a color). */
static void config_cut_comment(char *value)
{
    char *hash = strchr(value, '#');
    if (!hash)
        return;
    while (hash > value && (hash[-1] == ' ' || hash[-1] == '\t'))
        hash--;
    *hash = '\0';
}

int config_load(const char *path, struct model_config *cfg, struct config_view *view,
                app_diag_fn diag, void *ctx)
{
    char *text, err[1024];
    size_t len;
    int got = fsfile_read_all(path, AV_MAX_CONFIG_BYTES, "a config file", &text, &len,
                              err, sizeof err);
    if (got == 0)
        return 0;
    if (got < 0) {
        config_report(diag, ctx, "%s", err);
        return 1;
    }
    struct model_config before = *cfg;
    unsigned lineno = 0;
    int problems = 0;
    for (char *line = text, *next; line; line = next) {
        next = strchr(line, '\n');
        if (next)
            *next++ = '\0';
        lineno++;
        char *key, *value;
        int kind = kvline_split(line, &key, &value, err, sizeof err);
        if (kind == 0)
            continue;
        if (kind > 0)
            config_cut_comment(value);
        if (kind < 0 || config_set(key, value, cfg, view, err, sizeof err) != 0) {
            config_report(diag, ctx, "%s:%u: %s", path, lineno, err);
            problems++;
        }
    }
    free(text);
    /* dim and heads are good one by one but must also go together. */
    if (model_config_check(cfg, err, sizeof err) != 0) {
        config_report(diag, ctx, "%s: %s: dim and heads are ignored", path, err);
        cfg->heads = before.heads;
        cfg->d_model = before.d_model;
        problems++;
    }
    return problems;
}

int config_load_standard(struct model_config *cfg, struct config_view *view,
                         app_diag_fn diag, void *ctx)
{
    char path[PATH_MAX];
    if (!xdg_path(XDG_CONFIG, "config", path, sizeof path))
        return 0;
    return config_load(path, cfg, view, diag, ctx);
}
