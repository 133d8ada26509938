/* explain.h - the arithmetic behind one heatmap cell, as lines of text.
 *
 * For query row i, key column j and head t (d_k = d_model / heads):
 *
 *   "love" gives 36.7% of its attention to "I"
 *   q_1·k_0 = 0.120×0.340 + (-0.500)×0.200 + … = 0.7310
 *   score = 0.7310 ÷ √8 = 0.7310 ÷ 2.8284 = 0.2584
 *   e^(score − max) for row 1, max 0.9123: 0.7123  1.0000  …
 *   weight = 0.7123 ÷ Σ 4.2321 = 0.1683   (Σ over 11 keys)
 *   q_1 = [...]   k_0 = [...]
 *
 * Under RoPE the q and k lines are the rotated vectors and say so
 * ("q_1 (rotated by pos·θ) = [...]"); under ALiBi the score line goes on
 * "; + bias −m·|i−j| = 0.2584 − 0.25·|1−0| = 0.2584 − 0.2500 = 0.0084" and
 * the e^(score + bias − max) and weight lines use that biased score.
 * With the causal mask and j > i the sentence says the cell is masked; for
 * the mean of heads it lists each head's weight and their mean. Long lists
 * (large d_k or n) are shortened with "…" to fit the width, always keeping
 * the term for the cell itself. Pure: reads the model, writes text. */
#ifndef ATTNVIZ_EXPLAIN_H
#define ATTNVIZ_EXPLAIN_H

#include <stdbool.h>
#include <stddef.h>

struct model;

enum explain_kind {
    EXPLAIN_TITLE,      /* which cell: the pane's title */
    EXPLAIN_SENTENCE,   /* the plain-language result */
    EXPLAIN_MASKED,     /* the cell is hidden by the causal mask */
    EXPLAIN_MATH,       /* one step of the computation */
    EXPLAIN_VECTOR,     /* q_i, k_j */
};

#define EXPLAIN_MAX_LINES 8
#define EXPLAIN_LINE_BYTES 1024

struct explain {
    size_t count;
    struct {
        enum explain_kind kind;
        char text[EXPLAIN_LINE_BYTES];
    } line[EXPLAIN_MAX_LINES];
};

/* Explains cell (i, j) of head `head` (0 .. heads-1, or HEAD_MEAN) of m,
 * whose token texts are tokens[0 .. m->n). Lines are shortened to fit width
 * columns where they hold lists; the rest may be cut by the pane. i and j
 * must be < m->n (m->n > 0). */
void explain_cell(struct explain *ex, const struct model *m, const char *const *tokens,
                  size_t i, size_t j, int head, int width);

struct shown;

/* Where the heatmap's cursor is, for explain_stage. */
struct explain_at {
    size_t row;           /* the first pane's row (a query; a key for ×v) */
    size_t col;           /* the token column (a key, a position) */
    size_t dim;           /* the column in dimension panes, from their first */
    bool block;           /* zoomed out: the cursor is on a block ... */
    size_t r0, r1, c0, c1;          /* ... of rows [r0, r1) × columns [c0, c1) */
    double block_value;             /* its summary, the mean or the largest */
    bool block_mean;
};

/* The arithmetic behind the cursor's cell of the stage or view s shows: for
 * the weights explain_cell's lines; for q·kᵀ the dot product term by term;
 * for ÷√d_k the division; for the masked scores the mask; for ×v one key's
 * part of an output component and the whole weighted sum; for e, pe, x, q,
 * k, v, out how the component is made (the PE with its formula and
 * frequency); for PE·PEᵀ the dot product of two positions; zoomed out, the
 * block. */
void explain_stage(struct explain *ex, const struct shown *s, const char *const *tokens,
                   const struct explain_at *at, int width);

#endif
