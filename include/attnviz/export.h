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
 * aligned tables with token labels.
 *
 * The heatmap's own exports (SVG, a CSV table, colored text) are
 * heatexport.h's. */
#ifndef ATTNVIZ_EXPORT_H
#define ATTNVIZ_EXPORT_H

#include <stdio.h>

#include "attnviz/command.h"

struct shown;

/* What an export shows: a model and the sentence it was computed for. */
struct export_doc {
    const struct model *m;
    const char *const *tokens;   /* [m->n] */
    const unsigned *ids;         /* [m->n] vocabulary ids */
    const char *sentence;
    /* NULL, or what the heatmap shows: JSON then ends with the key
     * "shown": {"view", "stage", "head" (a number, or "mean")} */
    const struct shown *shown;
};

/* Returns 0, or -1 when writing failed (errno set). */
int export_write(FILE *f, const struct export_doc *doc, enum print_format fmt);

/* A token as people see it in a table or a picture: control characters as
 * '?', at most max_width (>= 1) terminal columns wide, else cut with "…"
 * (wide characters count two). */
#define EXPORT_LABEL_CAP 96u     /* bytes; zero-width characters are cut here too */
struct export_label {
    char text[EXPORT_LABEL_CAP];
    size_t width;                /* display columns */
};
void export_label_make(struct export_label *l, const char *token, size_t max_width);

#endif
