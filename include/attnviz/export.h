/* export.h - writes the current model as JSON, a text report or CSV.
 *
 * JSON keys (a contract; tests/reference_check.py reads them): tokens, ids,
 * config {d_model, heads, d_k, pe, proj, scale, causal, seed}, embedding, pe,
 * x (N x d_model), w_q, w_k, w_v (d_model x d_model, only for proj random),
 * heads [{q, k, v (N x d_k), scores, weights (N x N), output (N x d_k)}],
 * output (N x d_model). Numbers are %.9g so float32 round-trips.
 *
 * CSV is long format, one number per row, header
 *   tensor,head,row,row_token,col,value
 * (head is empty for tensors that are not per-head). Text is for people:
 * aligned tables with token labels. */
#ifndef ATTNVIZ_EXPORT_H
#define ATTNVIZ_EXPORT_H

#include <stdio.h>

#include "attnviz/command.h"

/* What an export shows: a model and the sentence it was computed for. */
struct export_doc {
    const struct model *m;
    const char *const *tokens;   /* [m->n] */
    const unsigned *ids;         /* [m->n] vocabulary ids */
    const char *sentence;
};

/* Returns 0, or -1 when writing failed (errno set). */
int export_write(FILE *f, const struct export_doc *doc, enum print_format fmt);

#endif
