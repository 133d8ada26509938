/* fuzz_config.c - libFuzzer: any bytes as the config file. config_load
 * never stops the program; what it keeps must hold anyway:
 *   - every problem is one message "FILE:LINE: ..." or "FILE: ..." with no
 *     line break and no control byte (quote.h escapes what the file says),
 *     and the count it returns is the count of messages;
 *   - the model config it leaves passes model_config_check (it started
 *     from the defaults, and dim and heads are checked together);
 *   - the viewer settings are at most CONFIG_VIEW_MAX lines, each a
 *     viewer command that parses, one a command;
 *   - reading the same file again gives the same config and lines. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "attnviz/command.h"
#include "attnviz/config.h"
#include "util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct seen {
    const char *path;
    int count;
};

static void check_message(void *ctx, const char *msg)
{
    struct seen *s = ctx;
    size_t n = strlen(s->path);
    s->count++;
    if (strncmp(msg, s->path, n) != 0 || msg[n] != ':')
        fuzz_fail("a message without the file's name: %s", msg);
    for (const unsigned char *p = (const unsigned char *)msg; *p; p++)
        if (*p < 0x20 || *p == 0x7f)
            fuzz_fail("a control byte 0x%02x in a message: %s", *p, msg);
}

static int same_config(const struct model_config *a, const struct model_config *b)
{
    return a->d_model == b->d_model && a->heads == b->heads && a->seed == b->seed
           && a->pe == b->pe && a->proj == b->proj && a->scale == b->scale
           && a->causal == b->causal;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *path = fuzz_write("config", data, size);
    struct model_config cfg, again;
    struct config_view view, view2;
    struct seen s = { path, 0 };
    char err[512];
    command_default_config(&cfg);
    view.n = 0;
    int problems = config_load(path, &cfg, &view, check_message, &s);
    if (problems != s.count)
        fuzz_fail("%d problems returned, %d reported", problems, s.count);
    if (model_config_check(&cfg, err, sizeof err) != 0)
        fuzz_fail("the config it kept is not valid: %s", err);
    if (view.n > CONFIG_VIEW_MAX)
        fuzz_fail("%zu viewer lines", view.n);
    for (size_t i = 0; i < view.n; i++) {
        struct command c;
        const char *line = view.line[i];
        if (!memchr(line, '\0', CONFIG_LINE_MAX))
            fuzz_fail("viewer line %zu is not terminated", i);
        if (command_parse(line, strlen(line), &c, err, sizeof err) != 0)
            fuzz_fail("viewer line \"%s\" does not parse: %s", line, err);
        const struct command_desc *d = command_desc_of(c.kind);
        if (!d || d->scope != SCOPE_VIEW || !d->config_key)
            fuzz_fail("viewer line \"%s\" is not a viewer setting", line);
        for (size_t k = 0; k < i; k++) {
            struct command e;
            command_parse(view.line[k], strlen(view.line[k]), &e, err, sizeof err);
            if (e.kind == c.kind)
                fuzz_fail("two lines of one command: \"%s\", \"%s\"", view.line[k], line);
            command_free(&e);
        }
        command_free(&c);
    }
    command_default_config(&again);
    view2.n = 0;
    s.count = 0;
    if (config_load(path, &again, &view2, check_message, &s) != problems
        || !same_config(&cfg, &again) || view2.n != view.n)
        fuzz_fail("a second reading differs");
    for (size_t i = 0; i < view.n; i++)
        if (strcmp(view.line[i], view2.line[i]) != 0)
            fuzz_fail("a second reading differs: \"%s\", \"%s\"", view.line[i], view2.line[i]);
    return 0;
}
