/* config.c - the optional config file (config.h). */
#include "attnviz/config.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "attnviz/command.h"
#include "attnviz/kvline.h"
#include "attnviz/xalloc.h"

#define CONFIG_PATH_MAX 4096

/* The keys, each the name of the command that checks its value. */
static const struct {
    const char *key;
    enum command_kind kind;
} config_keys[] = {
    { "theme", CMD_THEME }, { "dim", CMD_DIM },     { "heads", CMD_HEADS },
    { "seed", CMD_SEED },   { "pe", CMD_PE },       { "proj", CMD_PROJ },
    { "scale", CMD_SCALE }, { "causal", CMD_CAUSAL },
};
#define CONFIG_KEY_COUNT (sizeof config_keys / sizeof config_keys[0])

bool config_dir(char *buf, size_t cap)
{
    const char *xdg = getenv("XDG_CONFIG_HOME");
    const char *home = getenv("HOME");
    int n;
    if (xdg && xdg[0] == '/')
        n = snprintf(buf, cap, "%s/attnviz", xdg);
    else if (home && home[0])
        n = snprintf(buf, cap, "%s/.config/attnviz", home);
    else
        return false;
    return n > 0 && (size_t)n < cap;
}

static void config_report(app_diag_fn diag, void *ctx, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void config_report(app_diag_fn diag, void *ctx, const char *fmt, ...)
{
    char msg[CONFIG_PATH_MAX + 512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (diag)
        diag(ctx, msg);
}

/* Applies one `key = value` pair; -1 with a message in err. */
static int config_set(const char *key, const char *value, struct model_config *cfg,
                      char theme[THEME_NAME_MAX + 1], char *err, size_t errlen)
{
    char q[KVLINE_QUOTE_CAP];
    size_t k = 0;
    while (k < CONFIG_KEY_COUNT && strcmp(key, config_keys[k].key) != 0)
        k++;
    if (k == CONFIG_KEY_COUNT) {
        snprintf(err, errlen, "unknown key %s (keys: theme, dim, heads, seed, pe, proj, "
                 "scale, causal)", kvline_quote(q, key));
        return -1;
    }
    /* The value as the command line it stands for, checked by its parser. */
    size_t len = strlen(key) + strlen(value) + 2;
    char *line = app_xmalloc(len + 1);
    snprintf(line, len + 1, ":%s %s", key, value);
    struct command c;
    int rc = command_parse(line, len, &c, err, errlen);
    free(line);
    if (rc != 0)
        return -1;
    switch (c.kind) {
    case CMD_THEME:
        rc = theme_check(c.u.text, err, errlen);
        if (rc == 0)
            snprintf(theme, THEME_NAME_MAX + 1, "%s", c.u.text);
        break;
    case CMD_DIM:    cfg->d_model = c.u.count; break;
    case CMD_HEADS:  cfg->heads = c.u.count; break;
    case CMD_SEED:   cfg->seed = c.u.seed; break;
    case CMD_PE:     cfg->pe = c.u.pe; break;
    case CMD_PROJ:   cfg->proj = c.u.proj; break;
    case CMD_SCALE:  cfg->scale = c.u.on; break;
    case CMD_CAUSAL: cfg->causal = c.u.on; break;
    default: break;
    }
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

int config_load(const char *path, struct model_config *cfg,
                char theme[THEME_NAME_MAX + 1], app_diag_fn diag, void *ctx)
{
    FILE *f = fopen(path, "r");
    if (!f) {
        if (errno == ENOENT)
            return 0;
        config_report(diag, ctx, "%s: %s", path, strerror(errno));
        return 1;
    }
    struct model_config before = *cfg;
    char *line = NULL, *key, *value, err[512];
    size_t cap = 0;
    unsigned lineno = 0;
    int problems = 0;
    for (ssize_t n; (n = getline(&line, &cap, f)) >= 0;) {
        lineno++;
        if (n > 0 && line[n - 1] == '\n')
            line[n - 1] = '\0';
        int kind = kvline_split(line, &key, &value, err, sizeof err);
        if (kind == 0)
            continue;
        if (kind > 0)
            config_cut_comment(value);
        if (kind < 0 || config_set(key, value, cfg, theme, err, sizeof err) != 0) {
            config_report(diag, ctx, "%s:%u: %s", path, lineno, err);
            problems++;
        }
    }
    if (ferror(f)) {
        config_report(diag, ctx, "%s: %s", path, strerror(errno));
        problems++;
    }
    free(line);
    fclose(f);
    /* dim and heads are good one by one but must also go together. */
    if (cfg->heads == 0 || cfg->d_model % cfg->heads != 0) {
        config_report(diag, ctx, "%s: heads %zu does not divide dim %zu: both are ignored",
                      path, cfg->heads, cfg->d_model);
        cfg->heads = before.heads;
        cfg->d_model = before.d_model;
        problems++;
    }
    return problems;
}

int config_load_standard(struct model_config *cfg, char theme[THEME_NAME_MAX + 1],
                         app_diag_fn diag, void *ctx)
{
    char path[CONFIG_PATH_MAX];
    if (!config_dir(path, sizeof path - sizeof "/config"))
        return 0;
    strcat(path, "/config");
    return config_load(path, cfg, theme, diag, ctx);
}
