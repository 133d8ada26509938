/* batch.c - attnviz --batch: a session script with no terminal. */
#include "attnviz/batch.h"

#include <string.h>

#include "attnviz/app.h"

static void batch_diag(void *ctx, const char *msg)
{
    FILE *err = ctx;
    fprintf(err, "%s\n", msg);
}

int batch_run(struct app *a, const char *path, FILE *out, FILE *err)
{
    FILE *print_out = a->print_out;
    app_diag_fn diag = a->diag;
    void *diag_ctx = a->diag_ctx;
    a->print_out = out;
    a->diag = batch_diag;
    a->diag_ctx = err;

    bool std_in = strcmp(path, "-") == 0;
    char msg[8192];
    int bad = app_run_file(a, std_in ? "<stdin>" : path, std_in ? stdin : NULL,
                           msg, sizeof msg);
    if (bad < 0)
        fprintf(err, "attnviz: %s\n", msg);

    a->print_out = print_out;
    a->diag = diag;
    a->diag_ctx = diag_ctx;
    return bad < 0 ? 66 : bad > 0 ? 65 : 0;
}
