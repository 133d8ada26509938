/* fuzz_session.c - libFuzzer: a session of lines through app_run_line must
 * never crash, and a bad line must leave the log as it was.
 *
 * It runs in its private folder (util.h), and a line that names a file
 * runs only with a plain name, which resolves there: :wq /tmp/x or :save
 * ../x would otherwise write outside it (and, as root, :save! /dev/null
 * would replace the device). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "attnviz/app.h"
#include "util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct app a;
    struct model_config cfg;
    char err[512];
    static struct app_result r;
    fuzz_dir_fresh();
    command_default_config(&cfg);
    if (app_init(&a, &cfg, err, sizeof err) != 0)
        abort();
    const char *p = (const char *)data, *end = p + size;
    unsigned lineno = 0;
    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        size_t len = nl ? (size_t)(nl - p) : (size_t)(end - p);
        lineno++;
        if (fuzz_line_safe(p, len, 1)) {
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
