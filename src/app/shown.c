/* shown.c - the matrices of a stage or a view (shown.h). */
#include "attnviz/shown.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "attnviz/app.h"
#include "attnviz/model.h"
#include "attnviz/xalloc.h"

const char *const stage_names[STAGE_COUNT + 1] = {
    [STAGE_E] = "e", [STAGE_PE] = "pe", [STAGE_X] = "x", [STAGE_QKV] = "qkv",
    [STAGE_SCORES] = "scores", [STAGE_SCALED] = "scaled", [STAGE_MASKED] = "masked",
    [STAGE_WEIGHTS] = "weights", [STAGE_XV] = "xv", [STAGE_OUT] = "out",
    [STAGE_COUNT] = NULL,
};

const char *const stage_flow_labels[STAGE_COUNT] = {
    [STAGE_E] = "e", [STAGE_PE] = "+pe", [STAGE_X] = "x", [STAGE_QKV] = "q k v",
    [STAGE_SCORES] = "q·kᵀ", [STAGE_SCALED] = "÷√d_k", [STAGE_MASKED] = "mask",
    [STAGE_WEIGHTS] = "softmax", [STAGE_XV] = "×v", [STAGE_OUT] = "out",
};

const char *const view_names[VIEW_COUNT + 1] = {
    [VIEW_ATTENTION] = "attention", [VIEW_PE] = "pe", [VIEW_COUNT] = NULL,
};

const char *const shown_data_names[] = {
    [SHOWN_EMB] = "emb", [SHOWN_PE] = "pe", [SHOWN_X] = "x", [SHOWN_Q] = "q", [SHOWN_K] = "k",
    [SHOWN_V] = "v", [SHOWN_OUT] = "out", [SHOWN_RAW] = "raw", [SHOWN_SCALED] = "scaled",
    [SHOWN_MASKED] = "masked", [SHOWN_WEIGHTS] = "weights", [SHOWN_XV] = "xv",
    [SHOWN_PEPE] = "pe_pe",
};

static void pane(struct shown *s, enum shown_data data, const char *title, size_t rows,
                 size_t cols, bool tokens, size_t first, bool signed_values)
{
    s->pane[s->n_panes++] = (struct shown_pane){
        .data = data, .title = title, .rows = rows, .cols = cols,
        .cols_are_tokens = tokens, .col_first = first, .signed_values = signed_values,
    };
}

/* The panes of a's view or stage. */
static void shown_panes(struct shown *s, const struct app *a)
{
    const struct model *m = &a->model;
    size_t n = m->n, d = m->d, heads = m->cfg.heads;
    *s = (struct shown){ .m = m, .stage = a->view.stage, .view = a->view.view,
                         .head = app_picture_head(a), .query = app_cursor_row(a),
                         .emb_overrides = a->s.emb_overrides, .vectors = a->s.vectors,
                         .vectors_path = a->s.vectors_path };
    if (s->head != HEAD_MEAN && (size_t)s->head >= heads)
        s->head = (int)heads - 1;
    bool mean = s->head == HEAD_MEAN;
    /* A head's part of q, k, v; the mean of heads shows them all. */
    size_t dk = mean ? d : m->d_k, first = mean ? 0 : (size_t)s->head * m->d_k;
    if (mean && n)
        s->scratch = app_xmalloc(n * sizeof *s->scratch);
    if (s->view == VIEW_PE) {
        pane(s, SHOWN_PE, "PE", n, d, false, 0, true);
        pane(s, SHOWN_PEPE, "PE·PEᵀ", n, n, true, 0, true);
        return;
    }
    switch (s->stage) {
    case STAGE_E:      pane(s, SHOWN_EMB, "e", n, d, false, 0, true); break;
    case STAGE_PE:
        pane(s, SHOWN_EMB, "e", n, d, false, 0, true);
        pane(s, SHOWN_PE, "+ pe", n, d, false, 0, true);
        pane(s, SHOWN_X, "= x", n, d, false, 0, true);
        break;
    case STAGE_X:      pane(s, SHOWN_X, "x = e + pe", n, d, false, 0, true); break;
    case STAGE_QKV:
        pane(s, SHOWN_Q, "q", n, dk, false, first, true);
        pane(s, SHOWN_K, "k", n, dk, false, first, true);
        pane(s, SHOWN_V, "v", n, dk, false, first, true);
        break;
    case STAGE_SCORES: pane(s, SHOWN_RAW, "q·kᵀ", n, n, true, 0, true); break;
    case STAGE_SCALED:
        pane(s, SHOWN_SCALED, m->cfg.scale ? "q·kᵀ ÷ √d_k" : "q·kᵀ (scaling off)", n, n,
             true, 0, true);
        break;
    case STAGE_MASKED:
        pane(s, SHOWN_MASKED, m->cfg.pe == PE_ALIBI ? "masked scores + bias" : "masked scores", n,
             n, true, 0, true);
        break;
    case STAGE_XV:
        pane(s, SHOWN_XV, "w·v of the query", n + (n > 0), dk, false, first, true);
        s->pane[0].out_row = n > 0;
        break;
    case STAGE_OUT:    pane(s, SHOWN_OUT, "out", n, d, false, 0, true); break;
    case STAGE_WEIGHTS:
    case STAGE_COUNT:
    default:           pane(s, SHOWN_WEIGHTS, "weights", n, n, true, 0, false); break;
    }
}

void shown_build(struct shown *s, const struct app *a)
{
    shown_panes(s, a);
    s->cursor_row = app_cursor_row(a);
    s->cursor_col = app_cursor_col(a);
    s->cursor_dim = s->n_panes && !s->pane[0].cols_are_tokens
                    ? app_cursor_dim(a, s->pane[0].cols) : 0;
}

void shown_free(struct shown *s)
{
    free(s->scratch);
    s->scratch = NULL;
}

/* Scores of row i for head t: as the model computed them (÷√d_k unless
 * scaling is off), raw (before the division) or masked. */
static void head_scores(const struct model *m, enum shown_data data, size_t t, size_t i,
                        float *out)
{
    size_t n = m->n;
    model_row_scores(m, t, i, out);
    if (data == SHOWN_RAW && m->cfg.scale) {
        float root = (float)sqrt((double)m->d_k);
        for (size_t j = 0; j < n; j++)
            out[j] *= root;
    }
    /* what the softmax takes: the ALiBi bias added, the masked keys gone */
    if (data == SHOWN_MASKED && m->cfg.pe == PE_ALIBI)
        for (size_t j = 0; j < n; j++)
            out[j] += model_bias(m, t, i, j);
    if (data == SHOWN_MASKED && m->cfg.causal)
        for (size_t j = i + 1; j < n; j++)
            out[j] = -INFINITY;
}

static void head_row(const struct model *m, enum shown_data data, size_t t, size_t i,
                     float *out)
{
    if (data == SHOWN_WEIGHTS)
        memcpy(out, model_head_weights(m, t) + i * m->n, m->n * sizeof *out);
    else
        head_scores(m, data, t, i, out);
}

/* Row i of an n × n pane: the head's, or the mean over the heads. */
static void square_row(const struct shown *s, enum shown_data data, size_t i, float *out)
{
    const struct model *m = s->m;
    size_t n = m->n, heads = m->cfg.heads;
    if (s->head != HEAD_MEAN) {
        head_row(m, data, (size_t)s->head, i, out);
        return;
    }
    for (size_t j = 0; j < n; j++)
        out[j] = 0.0f;
    for (size_t t = 0; t < heads; t++) {
        head_row(m, data, t, i, s->scratch);
        for (size_t j = 0; j < n; j++)
            out[j] += s->scratch[j] / (float)heads;
    }
}

/* The selected query's output taken apart: row j < n is w_ij·v_j on the
 * pane's columns (each head's own weight for its own columns), row n is
 * their sum, the output. */
static void xv_row(const struct shown *s, const struct shown_pane *p, size_t j, float *out)
{
    const struct model *m = s->m;
    size_t n = m->n, d = m->d, i = s->query < n ? s->query : n - 1;
    for (size_t c = 0; c < p->cols; c++) {
        size_t col = p->col_first + c, t = col / m->d_k;
        if (j == n)
            out[c] = m->out[i * d + col];
        else
            out[c] = model_head_weights(m, t)[i * n + j] * m->v[j * d + col];
    }
}

void shown_row(const struct shown *s, size_t p, size_t i, float *out)
{
    const struct shown_pane *pn = &s->pane[p];
    const struct model *m = s->m;
    size_t d = m->d;
    const float *src = NULL;
    switch (pn->data) {
    case SHOWN_EMB: src = m->emb; break;
    case SHOWN_PE:  src = m->pe; break;
    case SHOWN_X:   src = m->x; break;
    case SHOWN_Q:   src = m->q; break;
    case SHOWN_K:   src = m->k; break;
    case SHOWN_V:   src = m->v; break;
    case SHOWN_OUT: src = m->out; break;
    case SHOWN_RAW:
    case SHOWN_SCALED:
    case SHOWN_MASKED:
    case SHOWN_WEIGHTS:
        square_row(s, pn->data, i, out);
        return;
    case SHOWN_XV:
        xv_row(s, pn, i, out);
        return;
    case SHOWN_PEPE:
        for (size_t j = 0; j < m->n; j++) {
            double dot = 0.0;
            for (size_t c = 0; c < d; c++)
                dot += (double)m->pe[i * d + c] * m->pe[j * d + c];
            out[j] = (float)dot;
        }
        return;
    }
    memcpy(out, src + i * d + pn->col_first, pn->cols * sizeof *out);
}

bool shown_masked(const struct shown *s, size_t p, size_t i, size_t j)
{
    const struct shown_pane *pn = &s->pane[p];
    if (!s->m->cfg.causal)
        return false;
    switch (pn->data) {
    case SHOWN_MASKED:
    case SHOWN_WEIGHTS:
        return j > i;
    case SHOWN_XV:      /* row j is key j: after the query, it gives nothing */
        return i > s->query && i < s->m->n;
    default:
        return false;
    }
}

double shown_extent(const struct shown *s, size_t p, size_t first, size_t count)
{
    const struct shown_pane *pn = &s->pane[p];
    float *row = app_xmalloc((pn->cols ? pn->cols : 1) * sizeof *row);
    double top = 0.0;
    for (size_t i = first; i < first + count && i < pn->rows; i++) {
        shown_row(s, p, i, row);
        for (size_t j = 0; j < pn->cols; j++)
            if (isfinite(row[j]) && fabs(row[j]) > top)
                top = fabs(row[j]);
    }
    free(row);
    return top;
}

void shown_fold_start(struct shown_fold *f, bool mean, bool signed_values)
{
    *f = (struct shown_fold){ .acc = mean ? 0.0 : -INFINITY, .mean = mean,
                              .signed_values = signed_values };
}

void shown_fold_add(struct shown_fold *f, double v)
{
    if (f->mean)
        f->acc += v;
    else if (f->signed_values)
        f->acc = f->count && fabs(f->acc) >= fabs(v) ? f->acc : v;
    else
        f->acc = v > f->acc ? v : f->acc;
    f->count++;
}

double shown_fold_value(const struct shown_fold *f)
{
    if (!f->count)
        return NAN;
    return f->mean ? f->acc / (double)f->count : f->acc;
}

double shown_block(const struct shown *s, size_t p, size_t r0, size_t r1, size_t c0, size_t c1,
                   bool mean)
{
    const struct shown_pane *pn = &s->pane[p];
    float *row = app_xmalloc((pn->cols ? pn->cols : 1) * sizeof *row);
    struct shown_fold f;
    shown_fold_start(&f, mean, pn->signed_values);
    for (size_t i = r0; i < r1 && i < pn->rows; i++) {
        shown_row(s, p, i, row);
        for (size_t j = c0; j < c1 && j < pn->cols; j++)
            if (!shown_masked(s, p, i, j) && isfinite(row[j]))
                shown_fold_add(&f, row[j]);
    }
    free(row);
    return shown_fold_value(&f);
}

void shown_block_row(const struct shown *s, size_t p, size_t r0, size_t z, size_t c0,
                     size_t count, bool mean, float *out)
{
    const struct shown_pane *pn = &s->pane[p];
    float *row = app_xmalloc((pn->cols ? pn->cols : 1) * sizeof *row);
    struct shown_fold *fold = app_xmalloc((count ? count : 1) * sizeof *fold);
    for (size_t k = 0; k < count; k++)
        shown_fold_start(&fold[k], mean, pn->signed_values);
    for (size_t r = r0; r < r0 + z && r < pn->rows; r++) {
        shown_row(s, p, r, row);
        for (size_t k = 0; k < count; k++)
            for (size_t j = c0 + k * z; j < c0 + (k + 1) * z && j < pn->cols; j++)
                if (!shown_masked(s, p, r, j) && isfinite(row[j]))
                    shown_fold_add(&fold[k], row[j]);
    }
    for (size_t k = 0; k < count; k++)
        out[k] = (float)shown_fold_value(&fold[k]);
    free(fold);
    free(row);
}

const char *const shown_axis_names[AXIS_COUNT] = {
    [AXIS_QUERY] = "query", [AXIS_KEY] = "key", [AXIS_TOKEN] = "token", [AXIS_POS] = "pos",
    [AXIS_DIM] = "dim",
};

const char *const shown_axis_plural[AXIS_COUNT] = {
    [AXIS_QUERY] = "queries", [AXIS_KEY] = "keys", [AXIS_TOKEN] = "tokens",
    [AXIS_POS] = "positions", [AXIS_DIM] = "dimensions",
};

enum shown_axis shown_row_axis(const struct shown *s)
{
    if (s->view == VIEW_PE)
        return AXIS_POS;
    if (s->n_panes && s->pane[0].data == SHOWN_XV)
        return AXIS_KEY;
    return s->n_panes && s->pane[0].cols_are_tokens ? AXIS_QUERY : AXIS_TOKEN;
}

enum shown_axis shown_col_axis(const struct shown *s, size_t p)
{
    if (!s->pane[p].cols_are_tokens)
        return AXIS_DIM;
    return s->pane[p].data == SHOWN_PEPE ? AXIS_POS : AXIS_KEY;
}

const char *shown_row_label(const struct shown *s, const char *const *tokens, size_t n,
                            size_t r)
{
    if (s->n_panes && s->pane[0].out_row && r + 1 == s->pane[0].rows)
        return "= out";
    return r < n ? tokens[r] : "";
}
