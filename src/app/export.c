/* export.c - the model as JSON, a text report or CSV (shapes in export.h).
 *
 * One list of tensors describes the model (name, head, rows, columns and what
 * labels them); each format has one matrix writer that every tensor goes
 * through, so adding a tensor means adding it to exp_tensors only. */
#include "attnviz/export.h"

#include <math.h>
#include <stdbool.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "attnviz/limits.h"
#include "attnviz/quote.h"
#include "attnviz/shown.h"
#include "attnviz/xalloc.h"

enum exp_axis { EXP_AXIS_TOKENS, EXP_AXIS_INDEX };

/* One matrix of the model: rows x cols, row r at data + r * stride; or,
 * for the scores, which the model does not keep, recomputed a row at a
 * time into row_buf (so an export needs no second N x N array). */
struct exp_tensor {
    const char *name;      /* JSON key and CSV tensor */
    const char *title;     /* text heading */
    int head;              /* -1 when not per head */
    const float *data;
    size_t rows, cols, stride;
    enum exp_axis row_axis, col_axis;
    const struct model *scores_of;   /* non-NULL: the scores of head `head` */
    float *row_buf;                  /* [cols] for them */
};

static const float *exp_row(const struct exp_tensor *t, size_t r)
{
    if (!t->scores_of)
        return t->data + r * t->stride;
    model_row_scores(t->scores_of, (size_t)t->head, r, t->row_buf);
    return t->row_buf;
}

#define EXP_MAX_TENSORS (6 + 6 * AV_MAX_HEADS + 1)

/* The model's tensors in export order: embedding, pe, x, w_q, w_k, w_v (proj
 * random), per head q, k, v, scores, weights, output, then the output. */
static size_t exp_tensors(const struct model *m, float *row_buf, struct exp_tensor *t)
{
    size_t n = m->n, d = m->d, dk = m->d_k, c = 0;
    const bool scaled = m->cfg.scale, causal = m->cfg.causal;
    const bool rope = m->cfg.pe == PE_ROPE, alibi = m->cfg.pe == PE_ALIBI;
    /* The scores are printed without ALiBi's bias (as model_row_scores
     * gives them), the weights are the softmax of score + bias: the titles
     * say so, and that RoPE's q and k are the rotated ones. */
    const char *q_title = rope ? "Q, rotated (RoPE: pair i of row pos by pos * 10000^(-2i/d_k))" : "Q";
    const char *k_title = rope ? "K, rotated (RoPE, as Q)" : "K";
    const char *s_title = !alibi ? (scaled ? "scores = Q . K^T / sqrt(d_k)  (rows: queries, columns: keys)"
                                           : "scores = Q . K^T, unscaled  (rows: queries, columns: keys)")
                          : scaled ? "scores = Q . K^T / sqrt(d_k), without the ALiBi bias  (rows: queries, columns: keys)"
                                   : "scores = Q . K^T, unscaled, without the ALiBi bias  (rows: queries, columns: keys)";
    const char *w_title = !alibi ? (causal ? "weights = softmax of each scores row, causal: key after query is 0"
                                           : "weights = softmax of each scores row")
                          : causal ? "weights = softmax of each row of scores - m |i - j| (ALiBi), causal: key after query is 0"
                                   : "weights = softmax of each row of scores - m |i - j| (ALiBi)";
#define EXP_T(nm, ttl, hd, p, r, cl, st, ra, ca) \
    t[c++] = (struct exp_tensor){ nm, ttl, hd, p, r, cl, st, ra, ca, NULL, NULL }
    EXP_T("embedding", "embedding E", -1, m->emb, n, d, d, EXP_AXIS_TOKENS, EXP_AXIS_INDEX);
    EXP_T("pe", "positional encoding PE", -1, m->pe, n, d, d, EXP_AXIS_TOKENS, EXP_AXIS_INDEX);
    EXP_T("x", "x = E + PE", -1, m->x, n, d, d, EXP_AXIS_TOKENS, EXP_AXIS_INDEX);
    if (m->w_q) {
        EXP_T("w_q", "W_Q (Q = x . W_Q)", -1, m->w_q, d, d, d, EXP_AXIS_INDEX, EXP_AXIS_INDEX);
        EXP_T("w_k", "W_K (K = x . W_K)", -1, m->w_k, d, d, d, EXP_AXIS_INDEX, EXP_AXIS_INDEX);
        EXP_T("w_v", "W_V (V = x . W_V)", -1, m->w_v, d, d, d, EXP_AXIS_INDEX, EXP_AXIS_INDEX);
    }
    for (size_t h = 0; h < m->cfg.heads; h++) {
        int hd = (int)h;
        EXP_T("q", q_title, hd, m->q + h * dk, n, dk, d, EXP_AXIS_TOKENS, EXP_AXIS_INDEX);
        EXP_T("k", k_title, hd, m->k + h * dk, n, dk, d, EXP_AXIS_TOKENS, EXP_AXIS_INDEX);
        EXP_T("v", "V", hd, m->v + h * dk, n, dk, d, EXP_AXIS_TOKENS, EXP_AXIS_INDEX);
        EXP_T("scores", s_title, hd, NULL, n, n, n, EXP_AXIS_TOKENS, EXP_AXIS_TOKENS);
        t[c - 1].scores_of = m;
        t[c - 1].row_buf = row_buf;
        EXP_T("weights", w_title, hd, model_head_weights(m, h), n, n, n,
              EXP_AXIS_TOKENS, EXP_AXIS_TOKENS);
        EXP_T("output", "output = weights . V", hd, m->out + h * dk, n, dk, d,
              EXP_AXIS_TOKENS, EXP_AXIS_INDEX);
    }
    EXP_T("output", "output (the heads side by side)", -1, m->out, n, d, d,
          EXP_AXIS_TOKENS, EXP_AXIS_INDEX);
#undef EXP_T
    return c;
}

/* ---- JSON ------------------------------------------------------------ */

static void exp_json_string(FILE *f, const char *s)
{
    fputc('"', f);
    for (size_t len = strlen(s), i = 0, n; i < len; i += n) {
        unsigned char ch = (unsigned char)s[i];
        /* every control character as quote_char sees them, DEL and the C1
         * ones too (JSON allows them raw; a terminal acts on them) */
        if (quote_is_control(s + i, len - i, &n))
            fprintf(f, "\\u%04x", n == 2 ? (unsigned char)s[i + 1] : ch);
        else if (ch == '"' || ch == '\\')
            fprintf(f, "\\%c", ch);
        else
            fputc(ch, f);
    }
    fputc('"', f);
}

/* %.9g round-trips a float32; JSON has no inf or NaN (the app refuses models
 * holding them, this keeps the document valid regardless). */
static void exp_json_number(FILE *f, float v)
{
    if (isfinite(v))
        fprintf(f, "%.9g", (double)v);
    else
        fputs("null", f);
}

/* One row of a matrix: [v, v, …], after a comma unless it is the first. */
static void exp_json_row(FILE *f, const float *row, size_t cols, bool first)
{
    fputs(first ? "[" : ",[", f);
    for (size_t c = 0; c < cols; c++) {
        if (c)
            fputc(',', f);
        exp_json_number(f, row[c]);
    }
    fputc(']', f);
}

static void exp_json_matrix(FILE *f, const struct exp_tensor *t)
{
    fprintf(f, "\"%s\":[", t->name);
    for (size_t r = 0; r < t->rows; r++)
        exp_json_row(f, exp_row(t, r), t->cols, r == 0);
    fputc(']', f);
}

/* What the heatmap shows: the view, stage, head, query and cursor (its dim
 * null in a pane of tokens), and each pane's matrix (a masked score, -inf,
 * is null), so that a script or the reference check reads every stage as
 * the screen has it. */
static void exp_json_shown(FILE *f, const struct shown *s)
{
    fprintf(f, ",\n\"shown\":{\"view\":\"%s\",\"stage\":\"%s\",\"head\":", view_names[s->view],
            stage_names[s->stage]);
    if (s->head == HEAD_MEAN)
        fputs("\"mean\"", f);
    else
        fprintf(f, "%d", s->head);
    fprintf(f, ",\"query\":%zu,\"cursor\":{\"row\":%zu,\"col\":%zu,\"dim\":", s->query,
            s->cursor_row, s->cursor_col);
    if (s->n_panes && !s->pane[0].cols_are_tokens)
        fprintf(f, "%zu}", s->cursor_dim);
    else
        fputs("null}", f);
    fputs(",\"panes\":[", f);
    size_t width = 0;
    for (size_t p = 0; p < s->n_panes; p++)
        width = s->pane[p].cols > width ? s->pane[p].cols : width;
    float *row = app_xmalloc((width ? width : 1) * sizeof *row);
    for (size_t p = 0; p < s->n_panes; p++) {
        const struct shown_pane *pn = &s->pane[p];
        fprintf(f, "%s\n{\"data\":\"%s\",\"title\":", p ? "," : "", shown_data_names[pn->data]);
        exp_json_string(f, pn->title);
        fprintf(f, ",\"col_first\":%zu,\"values\":[", pn->col_first);
        for (size_t r = 0; r < pn->rows; r++) {
            shown_row(s, p, r, row);
            exp_json_row(f, row, pn->cols, r == 0);
        }
        fputs("]}", f);
    }
    free(row);
    fputs("]}", f);
}

static void exp_json(FILE *f, const struct export_doc *doc, const struct exp_tensor *t, size_t nt)
{
    const struct model *m = doc->m;
    fputs("{\"tokens\":[", f);
    for (size_t i = 0; i < m->n; i++) {
        if (i)
            fputc(',', f);
        exp_json_string(f, doc->tokens[i]);
    }
    fputs("],\n\"ids\":[", f);
    for (size_t i = 0; i < m->n; i++)
        fprintf(f, "%s%u", i ? "," : "", doc->ids[i]);
    fprintf(f, "],\n\"config\":{\"d_model\":%zu,\"heads\":%zu,\"d_k\":%zu,"
            "\"pe\":\"%s\",\"proj\":\"%s\",\"scale\":%s,\"causal\":%s,"
            "\"seed\":%" PRIu64 "}",
            m->d, m->cfg.heads, m->d_k, pe_kind_name(m->cfg.pe),
            proj_kind_name(m->cfg.proj), m->cfg.scale ? "true" : "false",
            m->cfg.causal ? "true" : "false", m->cfg.seed);
    /* Consecutive tensors of one head form one object of "heads"; the list
     * starts and ends with tensors of no head (embedding ..., output). */
    int head = -1;
    for (size_t i = 0; i < nt; i++) {
        int h = t[i].head;
        if (h >= 0 && head < 0)
            fputs(",\n\"heads\":[{", f);
        else if (h >= 0 && h != head)
            fputs("},\n{", f);
        else if (h < 0 && head >= 0)
            fputs("}],\n", f);
        else
            fputs(h < 0 ? ",\n" : ",", f);
        head = h;
        exp_json_matrix(f, &t[i]);
    }
    if (doc->shown)
        exp_json_shown(f, doc->shown);
    fputs("}\n", f);
}

/* ---- CSV ------------------------------------------------------------- */

/* RFC 4180: a field holding a comma, quote or line break is quoted, with
 * its quotes doubled; tokens are the only free text here, their control
 * characters escaped as in messages (quote_dup). */
static void exp_csv_field(FILE *f, const char *token)
{
    char *text = quote_dup(token);
    if (!strpbrk(text, ",\"\r\n")) {
        fputs(text, f);
        free(text);
        return;
    }
    fputc('"', f);
    for (const char *s = text; *s; s++) {
        if (*s == '"')
            fputc('"', f);
        fputc(*s, f);
    }
    fputc('"', f);
    free(text);
}

static void exp_csv_matrix(FILE *f, const struct export_doc *doc, const struct exp_tensor *t)
{
    for (size_t r = 0; r < t->rows; r++) {
        const float *row = exp_row(t, r);
        for (size_t c = 0; c < t->cols; c++) {
            fprintf(f, "%s,", t->name);
            if (t->head >= 0)
                fprintf(f, "%d", t->head);
            fprintf(f, ",%zu,", r);
            if (t->row_axis == EXP_AXIS_TOKENS)
                exp_csv_field(f, doc->tokens[r]);
            fprintf(f, ",%zu,%.9g\n", c, (double)row[c]);
        }
    }
}

static void exp_csv(FILE *f, const struct export_doc *doc, const struct exp_tensor *t, size_t nt)
{
    fputs("tensor,head,row,row_token,col,value\n", f);
    for (size_t i = 0; i < nt; i++)
        exp_csv_matrix(f, doc, &t[i]);
}

/* ---- text ------------------------------------------------------------ */

#define EXP_LABEL_COLS 16u    /* widest token label, in terminal columns */
#define EXP_NUM_CAP 32u

static size_t exp_utf8_decode(const unsigned char *s, uint32_t *cp)
{
    if (s[0] < 0x80) {
        *cp = s[0];
        return 1;
    }
    size_t n = s[0] >= 0xF0 ? 4 : s[0] >= 0xE0 ? 3 : 2;
    uint32_t v = s[0] & (0x7Fu >> n);
    for (size_t i = 1; i < n && (s[i] & 0xC0) == 0x80; i++)
        v = v << 6 | (s[i] & 0x3Fu);
    *cp = v;
    return n;
}

/* The next character of valid UTF-8 at p: its bytes, its columns (wcwidth,
 * so CJK and emoji count two) and whether it is a control character. */
static size_t exp_char(const unsigned char *p, size_t *cols, bool *ctrl)
{
    uint32_t cp;
    size_t n = exp_utf8_decode(p, &cp);
    *ctrl = cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp <= 0x9F);   /* C0, DEL, C1 */
    int w = *ctrl ? 1 : wcwidth((wchar_t)cp);
    *cols = w < 0 ? 1 : (size_t)w;
    return n;
}

/* Tokens are valid UTF-8: the parser checked. */
void export_label_make(struct export_label *l, const char *token, size_t max_width)
{
    static const char ellipsis[] = "\xE2\x80\xA6";
    const unsigned char *p;
    size_t n, w, cols = 0, bytes = 0;
    bool ctrl;
    for (p = (const unsigned char *)token; *p; p += n) {
        n = exp_char(p, &w, &ctrl);
        cols += w;
        bytes += ctrl ? 1 : n;
    }
    bool cut = cols > max_width || bytes >= EXPORT_LABEL_CAP;
    size_t max_cols = max_width - cut;
    size_t max_bytes = EXPORT_LABEL_CAP - 1 - (cut ? sizeof ellipsis - 1 : 0);
    size_t o = 0;
    cols = 0;
    for (p = (const unsigned char *)token; *p; p += n) {
        n = exp_char(p, &w, &ctrl);
        size_t nb = ctrl ? 1 : n;
        if (cols + w > max_cols || o + nb > max_bytes)
            break;
        if (ctrl)
            l->text[o] = '?';
        else
            memcpy(l->text + o, p, n);
        o += nb;
        cols += w;
    }
    if (cut) {
        memcpy(l->text + o, ellipsis, sizeof ellipsis - 1);
        o += sizeof ellipsis - 1;
        cols++;
    }
    l->text[o] = '\0';
    l->width = cols;
}

static void exp_pad(FILE *f, size_t n)
{
    for (; n > 0; n--)
        fputc(' ', f);
}

/* Four decimals read well for weights and vectors; the exponent form keeps
 * huge user-set values from blowing up a column. */
static int exp_text_number(char *buf, float v)
{
    if (fabsf(v) < 0.00005f)
        v = 0.0f;   /* no "-0.0000" */
    return snprintf(buf, EXP_NUM_CAP, fabsf(v) < 1e5f ? "%.4f" : "%.3e", (double)v);
}

static void exp_text_matrix(FILE *f, const struct exp_tensor *t,
                            const struct export_label *labels)
{
    char num[EXP_NUM_CAP];
    struct export_label idx;
    size_t lw = 0, cw = 0;
    for (size_t r = 0; r < t->rows; r++) {
        size_t w;
        if (t->row_axis == EXP_AXIS_TOKENS)
            w = labels[r].width;
        else
            w = (size_t)snprintf(num, sizeof num, "%zu", r);
        lw = w > lw ? w : lw;
        const float *row = exp_row(t, r);
        for (size_t c = 0; c < t->cols; c++) {
            w = (size_t)exp_text_number(num, row[c]);
            cw = w > cw ? w : cw;
        }
    }
    for (size_t c = 0; c < t->cols; c++) {
        size_t w = t->col_axis == EXP_AXIS_TOKENS ? labels[c].width
                   : (size_t)snprintf(num, sizeof num, "%zu", c);
        cw = w > cw ? w : cw;
    }

    fprintf(f, "%s  [%zu x %zu]\n  ", t->title, t->rows, t->cols);
    exp_pad(f, lw);
    for (size_t c = 0; c < t->cols; c++) {
        const struct export_label *h = &labels[c];
        if (t->col_axis == EXP_AXIS_INDEX) {
            idx.width = (size_t)snprintf(idx.text, sizeof idx.text, "%zu", c);
            h = &idx;
        }
        exp_pad(f, 2 + cw - h->width);
        fputs(h->text, f);
    }
    fputc('\n', f);
    for (size_t r = 0; r < t->rows; r++) {
        fputs("  ", f);
        if (t->row_axis == EXP_AXIS_TOKENS) {
            fputs(labels[r].text, f);
            exp_pad(f, lw - labels[r].width);
        } else
            fprintf(f, "%*zu", (int)lw, r);
        const float *row = exp_row(t, r);
        for (size_t c = 0; c < t->cols; c++) {
            int w = exp_text_number(num, row[c]);
            exp_pad(f, 2 + cw - (size_t)w);
            fputs(num, f);
        }
        fputc('\n', f);
    }
    fputc('\n', f);
}

static void exp_text(FILE *f, const struct export_doc *doc, const struct exp_tensor *t, size_t nt)
{
    const struct model *m = doc->m;
    struct export_label *labels = app_xcalloc(m->n, sizeof *labels);
    size_t lw = 5;   /* "token" */
    for (size_t i = 0; i < m->n; i++) {
        export_label_make(&labels[i], doc->tokens[i], EXP_LABEL_COLS);
        lw = labels[i].width > lw ? labels[i].width : lw;
    }
    /* Control characters as '?' here too (a tab stays a blank). */
    fputs("sentence: ", f);
    for (size_t len = strlen(doc->sentence), i = 0, n; i < len; i += n) {
        const char *s = doc->sentence + i;
        if (*s == '\t' || !quote_is_control(s, len - i, &n)) {
            fputc(*s, f);
            n = 1;
        } else {
            fputc('?', f);
        }
    }
    fputc('\n', f);
    fprintf(f, "config: d_model %zu, heads %zu, d_k %zu, pe %s, proj %s, scale %s, "
            "causal %s, seed %" PRIu64 "\n\n", m->d, m->cfg.heads, m->d_k,
            pe_kind_name(m->cfg.pe), proj_kind_name(m->cfg.proj),
            m->cfg.scale ? "on" : "off", m->cfg.causal ? "on" : "off", m->cfg.seed);
    fprintf(f, "tokens  [%zu]\n  pos  token", m->n);
    exp_pad(f, lw - 5);
    fputs("  id\n", f);
    for (size_t i = 0; i < m->n; i++) {
        fprintf(f, "  %3zu  %s", i, labels[i].text);
        exp_pad(f, lw - labels[i].width);
        fprintf(f, "  %u\n", doc->ids[i]);
    }
    fputc('\n', f);
    int head = -1;
    for (size_t i = 0; i < nt; i++) {
        if (t[i].head != head && t[i].head >= 0 && m->cfg.pe == PE_ALIBI)
            fprintf(f, "-- head %d of %zu: columns %zu..%zu of Q, K, V (d_k %zu), "
                    "ALiBi slope m = %.9g\n\n",
                    t[i].head, m->cfg.heads, (size_t)t[i].head * m->d_k,
                    ((size_t)t[i].head + 1) * m->d_k - 1, m->d_k,
                    posenc_alibi_slope((size_t)t[i].head, m->cfg.heads));
        else if (t[i].head != head && t[i].head >= 0)
            fprintf(f, "-- head %d of %zu: columns %zu..%zu of Q, K, V (d_k %zu)\n\n",
                    t[i].head, m->cfg.heads, (size_t)t[i].head * m->d_k,
                    ((size_t)t[i].head + 1) * m->d_k - 1, m->d_k);
        else if (t[i].head != head)
            fputs("-- all heads\n\n", f);
        head = t[i].head;
        exp_text_matrix(f, &t[i], labels);
    }
    free(labels);
}

typedef void exp_writer(FILE *f, const struct export_doc *doc, const struct exp_tensor *t,
                        size_t nt);

static exp_writer *const exp_writers[PRINT_FORMAT_COUNT] = {
    [PRINT_JSON] = exp_json, [PRINT_TEXT] = exp_text, [PRINT_CSV] = exp_csv,
};

int export_write(FILE *f, const struct export_doc *doc, enum print_format fmt)
{
    struct exp_tensor *t = app_xmalloc(EXP_MAX_TENSORS * sizeof *t);
    float *row_buf = app_xmalloc((doc->m->n ? doc->m->n : 1) * sizeof *row_buf);
    size_t nt = exp_tensors(doc->m, row_buf, t);
    exp_writers[fmt](f, doc, t, nt);
    free(row_buf);
    free(t);
    return fflush(f) == 0 && !ferror(f) ? 0 : -1;
}
