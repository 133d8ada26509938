/* batch.h - runs a session script with no terminal (attnviz --batch).
 *
 * The same path as the prompt: every line goes through app_run_line. Errors
 * go to err as "SOURCE:LINE: message" and the run continues, so every error
 * is reported; :print writes to out; :note text goes to err. */
#ifndef ATTNVIZ_BATCH_H
#define ATTNVIZ_BATCH_H

#include <stdio.h>

struct app;

/* An exit status (exitcode.h): AV_EXIT_OK, AV_EXIT_DATA when any line was
 * bad, AV_EXIT_NOINPUT when path cannot be read or holds binary data,
 * AV_EXIT_IO when a line's output could not be written (a :print to a
 * full disk or a closed pipe, a :save or :export past a file-size limit).
 * path "-" reads stdin. */
int batch_run(struct app *a, const char *path, FILE *out, FILE *err);

#endif
