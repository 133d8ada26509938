/* explain.c - the arithmetic behind one heatmap cell (see explain.h).
 *
 * The dot product is recomputed in double from the model's float q and k, so
 * the printed terms add up to the printed sum. Everything after it is the
 * model's own: the row's scores as the forward pass computed them
 * (model_row_scores), its stored max and softmax denominator, and the stored
 * weight, so the printed weight is the one the heatmap shows. Under RoPE
 * q and k are the model's rotated ones, and say so; under ALiBi the score
 * line adds the bias (model_row_bias) and the softmax lines use score +
 * bias, the float sum the forward pass's softmax saw. */
#include "attnviz/explain.h"

#include <float.h>
#include <math.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "attnviz/command.h"
#include "attnviz/model.h"
#include "attnviz/textw.h"
#include "attnviz/xalloc.h"

enum { LABEL_COLS = 16 };   /* a token quoted in a sentence is cut to this */

static void add_line(struct explain *ex, enum explain_kind kind, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void add_line(struct explain *ex, enum explain_kind kind, const char *fmt, ...)
{
    if (ex->count >= EXPLAIN_MAX_LINES)
        return;
    ex->line[ex->count].kind = kind;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(ex->line[ex->count].text, EXPLAIN_LINE_BYTES, fmt, ap);
    va_end(ap);
    ex->count++;
}

/* Four decimals where that reads well, else scientific notation, so a tiny
 * weight never prints as a misleading 0.0000. */
static void fmt_num(char *buf, size_t cap, double x)
{
    /* The numbers are float32: a term smaller than float32's smallest
     * normal number is what the model holds as (near) 0, and says so
     * rather than print a double the heatmap never had. */
    if (x != 0.0 && fabs(x) < FLT_MIN) {
        snprintf(buf, cap, "%s1e-38", x < 0 ? "> -" : "< ");
        return;
    }
    x = (double)(float)x;
    double a = fabs(x);
    if (x == 0.0 || (a >= 1e-3 && a < 1e5))
        snprintf(buf, cap, "%.4f", x);
    else
        snprintf(buf, cap, "%.3e", x);
}

/* A factor inside a product: three decimals, negatives in parentheses. */
static void fmt_factor(char *buf, size_t cap, double x)
{
    snprintf(buf, cap, x < 0 ? "(%.3f)" : "%.3f", x);
}

/* Something that can print term k of a list. */
struct terms {
    size_t n;
    void (*fmt)(const struct terms *t, size_t k, char *buf, size_t cap);
    const float *a, *b;        /* dot product factors, or a row of values */
    double shift;              /* e^(a[k] - shift) for the exponent list */
    const struct model *m;     /* per-head weights */
    size_t row, col;
};

/* Appends text to out[0..cap), keeping it NUL-terminated. */
static void append(char *out, size_t cap, size_t *used, const char *a, const char *b)
{
    int n = snprintf(out + *used, cap - *used, "%s%s", a, b);
    if (n > 0)
        *used = *used + (size_t)n < cap ? *used + (size_t)n : cap - 1;
}

/* Joins terms with sep into out so that it takes at most maxw columns: all of
 * them when they fit, else the first few, "…", the kept term, "…", the last
 * (the kept term, the cell's own or SIZE_MAX for none, stays while any term
 * but the first fits at all). */
static void join_terms(char *out, size_t cap, const struct terms *t, size_t keep,
                       const char *sep, int maxw)
{
    char term[128];
    size_t max_head = t->n < 12 ? t->n : 12;
    for (size_t head = max_head;; head--) {
        size_t pick[14], np = 0;
        for (size_t k = 0; k < head; k++)
            pick[np++] = k;
        if (head < t->n) {
            if (keep != SIZE_MAX && keep >= head && keep < t->n - 1)
                pick[np++] = keep;
            pick[np++] = t->n - 1;
        }
        size_t used = 0;
        out[0] = '\0';
        for (size_t p = 0; p < np; p++) {
            if (p > 0 && pick[p] != pick[p - 1] + 1)
                append(out, cap, &used, sep, "…");
            t->fmt(t, pick[p], term, sizeof term);
            append(out, cap, &used, used ? sep : "", term);
        }
        if (textw_width(out) <= maxw)
            return;
        if (head <= 1)
            break;
    }
    /* Not even first … last fits: the first term alone, then just "…". */
    t->fmt(t, 0, term, sizeof term);
    size_t used = 0;
    out[0] = '\0';
    append(out, cap, &used, term, t->n > 1 ? sep : "");
    if (t->n > 1)
        append(out, cap, &used, "…", "");
    if (textw_width(out) > maxw)
        snprintf(out, cap, "…");
}

static void fmt_product(const struct terms *t, size_t k, char *buf, size_t cap)
{
    char x[32], y[32];
    fmt_factor(x, sizeof x, t->a[k]);
    fmt_factor(y, sizeof y, t->b[k]);
    snprintf(buf, cap, "%s×%s", x, y);
}

static void fmt_exp(const struct terms *t, size_t k, char *buf, size_t cap)
{
    fmt_num(buf, cap, exp((double)t->a[k] - t->shift));
}

static void fmt_value(const struct terms *t, size_t k, char *buf, size_t cap)
{
    fmt_num(buf, cap, t->a[k]);
}

static void fmt_head_weight(const struct terms *t, size_t k, char *buf, size_t cap)
{
    char w[32];
    fmt_num(w, sizeof w, model_head_weights(t->m, k)[t->row * t->m->n + t->col]);
    snprintf(buf, cap, "head %zu: %s", k, w);
}

static void fmt_weight_only(const struct terms *t, size_t k, char *buf, size_t cap)
{
    fmt_num(buf, cap, model_head_weights(t->m, k)[t->row * t->m->n + t->col]);
}

static void quote(char *buf, size_t cap, const char *token)
{
    char fit[4 * LABEL_COLS + 8];
    textw_fit(token, LABEL_COLS, fit, sizeof fit);
    snprintf(buf, cap, "\"%s\"", fit);
}

static void sentence(struct explain *ex, const char *q, const char *k, double weight)
{
    add_line(ex, EXPLAIN_SENTENCE, "%s gives %.1f%% of its attention to %s", q, weight * 100.0, k);
}

/* The score line: the scaled (or raw) score, and under ALiBi "; + bias
 * −m·|i−j| = score − m·|i−j| = score − |bias| = score + bias" (not for a
 * masked key: the softmax never sees it). The first form that fits width:
 * in full, without the division's middle step, then without the bias's
 * value. */
static void score_line(struct explain *ex, const struct model *m, size_t i, size_t j,
                       size_t t, const char *sum, float score, bool masked, int width)
{
    size_t dk = m->d_k;
    char sc[32], full[256], brief[256];
    fmt_num(sc, sizeof sc, score);
    if (m->cfg.scale) {
        char root[32];
        fmt_num(root, sizeof root, sqrt((double)dk));
        snprintf(full, sizeof full, "score = %s ÷ √%zu = %s ÷ %s = %s", sum, dk, sum, root, sc);
        snprintf(brief, sizeof brief, "score = %s ÷ √%zu = %s", sum, dk, sc);
    } else {
        snprintf(full, sizeof full, "score = %s (scaling off: no ÷ √%zu)", sc, dk);
        snprintf(brief, sizeof brief, "score = %s (unscaled)", sc);
    }
    if (m->cfg.pe != PE_ALIBI || masked) {
        add_line(ex, EXPLAIN_MATH, "%s", full);
        return;
    }
    /* the slope is a parameter, not a float32 result: 4 significant
     * digits, so that 2^-8 (one head) is not 0.0039 */
    float bias = model_bias(m, t, i, j);
    char slope[32], mag[32], biased[32], bias_part[256], short_part[256];
    snprintf(slope, sizeof slope, "%.4g", posenc_alibi_slope(t, m->cfg.heads));
    fmt_num(mag, sizeof mag, -(double)bias);
    fmt_num(biased, sizeof biased, score + bias);
    snprintf(bias_part, sizeof bias_part, "; + bias −m·|i−j| = %s − %s·|%zu−%zu| = %s − %s = %s",
             sc, slope, i, j, sc, mag, biased);
    snprintf(short_part, sizeof short_part, "; + bias −m·|i−j| = %s − %s·|%zu−%zu| = %s",
             sc, slope, i, j, biased);
    const char *base[3] = { full, brief, brief }, *tail[3] = { bias_part, bias_part, short_part };
    char line[EXPLAIN_LINE_BYTES];
    for (size_t f = 0; f < 3; f++) {
        snprintf(line, sizeof line, "%s%s", base[f], tail[f]);
        if (textw_width(line) <= width)
            break;
    }
    add_line(ex, EXPLAIN_MATH, "%s", line);
}

/* The lines of one head t. */
static void explain_head(struct explain *ex, const struct model *m, size_t i, size_t j,
                         size_t t, const char *q, const char *k, int width)
{
    size_t n = m->n, d = m->d, dk = m->d_k;
    const float *qi = m->q + i * d + t * dk;
    const float *kj = m->k + j * d + t * dk;
    bool alibi = m->cfg.pe == PE_ALIBI;
    /* srow: the scores, then (ALiBi) what the softmax saw, score + bias */
    float *srow = app_xmalloc(n * sizeof *srow);
    model_row_scores(m, t, i, srow);
    float score = srow[j];
    if (alibi) {
        float *bias = app_xmalloc(n * sizeof *bias);
        model_row_bias(m, t, i, bias);
        for (size_t c = 0; c < n; c++)
            srow[c] = srow[c] + bias[c];
        free(bias);
    }
    bool masked = m->cfg.causal && j > i;
    size_t visible = m->cfg.causal ? i + 1 : n;   /* keys the query may see */

    if (masked)
        add_line(ex, EXPLAIN_MASKED, "%s gives no attention to %s: masked (causal, key %zu > query %zu)",
                 q, k, j, i);
    else
        sentence(ex, q, k, model_head_weights(m, t)[i * n + j]);

    double dot = 0.0;
    for (size_t c = 0; c < dk; c++)
        dot += (double)qi[c] * (double)kj[c];
    char sum[32], list[EXPLAIN_LINE_BYTES], prefix[128];
    fmt_num(sum, sizeof sum, dot);
    snprintf(prefix, sizeof prefix, "q_%zu·k_%zu = ", i, j);
    struct terms prod = { .n = dk, .fmt = fmt_product, .a = qi, .b = kj };
    join_terms(list, sizeof list, &prod, SIZE_MAX, " + ",
               width - textw_width(prefix) - 3 - (int)strlen(sum));
    add_line(ex, EXPLAIN_MATH, "%s%s = %s", prefix, list, sum);

    score_line(ex, m, i, j, t, sum, score, masked, width);
    if (masked) {
        add_line(ex, EXPLAIN_MATH, "the softmax of row %zu runs over keys 0..%zu only: later keys get weight 0",
                 i, i);
        free(srow);
        return;
    }

    double max = m->row_max[t * n + i], denom = m->row_sum[t * n + i];
    char maxs[32];
    fmt_num(maxs, sizeof maxs, max);
    snprintf(prefix, sizeof prefix, "e^(score%s − max) for row %zu, max %s: ",
             alibi ? " + bias" : "", i, maxs);
    struct terms exps = { .n = visible, .fmt = fmt_exp, .a = srow, .shift = max };
    join_terms(list, sizeof list, &exps, j, "  ", width - textw_width(prefix));
    add_line(ex, EXPLAIN_MATH, "%s%s", prefix, list);

    char num[32], den[32], w[32];
    double e = exp((double)srow[j] - max);
    fmt_num(num, sizeof num, e);
    fmt_num(den, sizeof den, denom);
    fmt_num(w, sizeof w, model_head_weights(m, t)[i * n + j]);
    add_line(ex, EXPLAIN_MATH, "weight = %s ÷ Σ %s = %s   (Σ over %zu key%s)",
             num, den, w, visible, visible == 1 ? "" : "s");

    struct terms qv = { .n = dk, .fmt = fmt_value, .a = qi };
    struct terms kv = { .n = dk, .fmt = fmt_value, .a = kj };
    /* under RoPE the q and k the dot product used are the rotated ones */
    const char *rotated = m->cfg.pe == PE_ROPE ? " (rotated by pos·θ)" : "";
    snprintf(prefix, sizeof prefix, "q_%zu%s = [", i, rotated);
    join_terms(list, sizeof list, &qv, SIZE_MAX, ", ", width - textw_width(prefix) - 1);
    add_line(ex, EXPLAIN_VECTOR, "%s%s]", prefix, list);
    snprintf(prefix, sizeof prefix, "k_%zu%s = [", j, rotated);
    join_terms(list, sizeof list, &kv, SIZE_MAX, ", ", width - textw_width(prefix) - 1);
    add_line(ex, EXPLAIN_VECTOR, "%s%s]", prefix, list);
    free(srow);
}

/* The lines for the mean over heads. */
static void explain_mean(struct explain *ex, const struct model *m, size_t i, size_t j,
                         const char *q, const char *k, int width)
{
    size_t heads = m->cfg.heads;
    double mean = 0.0;
    for (size_t t = 0; t < heads; t++)
        mean += model_head_weights(m, t)[i * m->n + j];
    mean /= (double)heads;

    if (m->cfg.causal && j > i)
        add_line(ex, EXPLAIN_MASKED, "%s gives no attention to %s: masked (causal, key %zu > query %zu)",
                 q, k, j, i);
    else
        sentence(ex, q, k, mean);

    char list[EXPLAIN_LINE_BYTES], avg[32];
    struct terms each = { .n = heads, .fmt = fmt_head_weight, .m = m, .row = i, .col = j };
    join_terms(list, sizeof list, &each, SIZE_MAX, "   ", width);
    add_line(ex, EXPLAIN_MATH, "%s", list);
    struct terms plain = { .n = heads, .fmt = fmt_weight_only, .m = m, .row = i, .col = j };
    fmt_num(avg, sizeof avg, mean);
    join_terms(list, sizeof list, &plain, SIZE_MAX, " + ", width - 24);
    add_line(ex, EXPLAIN_MATH, "mean = (%s) ÷ %zu = %s", list, heads, avg);
    add_line(ex, EXPLAIN_MATH, "each head's weight is its own softmax; [ and ] show one head's arithmetic");
}

void explain_cell(struct explain *ex, const struct model *m, const char *const *tokens,
                  size_t i, size_t j, int head, int width)
{
    ex->count = 0;
    char q[4 * LABEL_COLS + 16], k[4 * LABEL_COLS + 16];
    quote(q, sizeof q, tokens[i]);
    quote(k, sizeof k, tokens[j]);
    if (head == HEAD_MEAN) {
        add_line(ex, EXPLAIN_TITLE, "query %s (row %zu) → key %s (col %zu) · mean of %zu heads",
                 q, i, k, j, m->cfg.heads);
        explain_mean(ex, m, i, j, q, k, width);
        return;
    }
    size_t t = head >= 0 && (size_t)head < m->cfg.heads ? (size_t)head : 0;
    add_line(ex, EXPLAIN_TITLE, "query %s (row %zu) → key %s (col %zu) · head %zu", q, i, k, j, t);
    explain_head(ex, m, i, j, t, q, k, width);
}
