/* batch.c - attnviz --batch: a session script with no terminal. */
#include "attnviz/batch.h"

#include <stdio.h>
#include <string.h>

#include "attnviz/app.h"
#include "attnviz/exitcode.h"
#include "attnviz/quote.h"

static void batch_diag(void *ctx, const char *msg)
{
    FILE *err = ctx;
    quote_write(err, msg);
    fputc('\n', err);
}

int batch_run(struct app *a, const char *path, FILE *out, FILE *err)
{
    struct app_io was = a->io;
    app_set_io(a, &(struct app_io){ .print_out = out, .diag = batch_diag, .diag_ctx = err });
    bool std_in = strcmp(path, "-") == 0;
    char msg[APP_TEXT_MAX];
    bool io_failed = false;
    int bad = app_run_file(a, std_in ? "<stdin>" : path, std_in ? stdin : NULL, &io_failed,
                           msg, sizeof msg);
    if (bad < 0)
        fprintf(err, "attnviz: %s\n", msg);
    app_set_io(a, &was);
    /* A :print, :save or :export that could not write its output reported
     * it as its line's error; the status is the output's, as --dump's is. */
    if (io_failed)
        return AV_EXIT_IO;
    return bad < 0 ? AV_EXIT_NOINPUT : bad > 0 ? AV_EXIT_DATA : AV_EXIT_OK;
}
