/* vecpanel.h - the vectors behind the cursor cell, one column each:
 *
 *   e_i  pe_i  x_i = e + pe  q_i  k_j  v_j  out_i
 *
 * for query row i and key column j, one row per component, each number with
 * a small bar (length = |value| relative to that vector's largest, color =
 * sign). Components of q, k, v outside the current head are dimmed; with
 * word vectors loaded, "e_i*" marks a query token they do not have (its
 * embedding is the default generator's). The
 * focused component can be edited in place: the typed number becomes an
 * :emb command for the query token (keymap_emb_line). */
#ifndef ATTNVIZ_VECPANEL_H
#define ATTNVIZ_VECPANEL_H

#include <curses.h>
#include <stdbool.h>
#include <stddef.h>

struct app;

/* REFUSED: the key is no part of a number, or the field is full; nothing
 * was typed. */
enum { VECPANEL_EDIT_MAX = 31 };     /* characters in the edit field */

enum vecpanel_edit_result { VEC_EDIT_MORE, VEC_EDIT_APPLY, VEC_EDIT_CANCEL, VEC_EDIT_REFUSED };

struct vecpanel {
    size_t comp, comp_off;     /* focused component, first one on screen */
    int col_off;               /* first vector column on screen */
    int rows_vis, cols_vis;    /* of the last draw */
    int idx_w, col_w;          /* of the last draw: for clicks */
    bool editing;
    char edit[VECPANEL_EDIT_MAX + 1];
};

void vecpanel_init(struct vecpanel *v);
void vecpanel_draw(struct vecpanel *v, WINDOW *w, const struct app *a, bool focused);

/* Moves the focused component by delta (INT_MIN / INT_MAX: first / last). */
void vecpanel_move(struct vecpanel *v, const struct app *a, int delta);
/* Scrolls the vector columns by delta. */
void vecpanel_columns(struct vecpanel *v, int delta);
/* A click at window position (y, x): focuses that component; false when it
 * is not on one. */
bool vecpanel_hit(struct vecpanel *v, const struct app *a, int y, int x);

/* In-place editing of the focused embedding component. */
void vecpanel_edit_begin(struct vecpanel *v);
enum vecpanel_edit_result vecpanel_edit_key(struct vecpanel *v, int key);
/* The number typed; false, with *why ("nothing typed", "not a number",
 * ...), when it is none a component can take. */
bool vecpanel_edit_value(const struct vecpanel *v, double *value, const char **why);
/* Where the terminal cursor goes while editing (window coordinates). */
bool vecpanel_edit_cursor(const struct vecpanel *v, int *y, int *x);

#endif
