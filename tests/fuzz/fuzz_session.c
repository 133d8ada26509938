/* fuzz_session.c - libFuzzer: a session of lines through app_run_line must
 * never crash, and a bad line must leave the log as it was. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "attnviz/app.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Lines the harness does not run: :save, :wq, :export, :load and :replay
 * touch the file system (a fuzzer must not write files or read /dev/zero),
 * and a large d_model only makes every run slow - its limits have unit
 * tests. */
static int fuzz_skip(const char *line, size_t len)
{
    struct command c;
    char err[256];
    if (command_parse(line, len, &c, err, sizeof err) != 0)
        return 0;
    int skip = c.kind == CMD_SAVE || c.kind == CMD_SAVE_FORCE || c.kind == CMD_WRITE_QUIT
               || c.kind == CMD_EXPORT || c.kind == CMD_EXPORT_FORCE || c.kind == CMD_LOAD
               || c.kind == CMD_REPLAY
               || (c.kind == CMD_DIM && c.u.num > 64);
    command_free(&c);
    return skip;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct app a;
    struct model_config cfg;
    char err[512];
    static struct app_result r;
    command_default_config(&cfg);
    if (app_init(&a, &cfg, err, sizeof err) != 0)
        abort();
    const char *p = (const char *)data, *end = p + size;
    unsigned lineno = 0;
    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        size_t len = nl ? (size_t)(nl - p) : (size_t)(end - p);
        lineno++;
        if (!fuzz_skip(p, len)) {
            size_t log_len = a.s.log_len;
            app_run_line(&a, p, len, "fuzz", lineno, &r);
            if ((r.flags & APP_ERROR) && a.s.log_len != log_len) {
                fprintf(stderr, "a failing line changed the log: %s\n", r.text);
                abort();
            }
            app_sync(&a);
            if (app_shown(&a)->n != a.model.n || a.s.cfg.d_model != a.model.d) {
                fprintf(stderr, "tokens or config out of step with the model\n");
                abort();
            }
            if (r.flags & APP_QUIT)
                break;
        }
        p += len + 1;
    }
    app_free(&a);
    return 0;
}
