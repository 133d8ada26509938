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
#include "attnviz/shown.h"
#include "attnviz/textw.h"
#include "attnviz/vecstore.h"
#include "attnviz/vectable.h"
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
    size_t b_stride;           /* b[k] is b[k * b_stride] (a matrix column); 0 is 1 */
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

/* The columns of terms pick[0 .. np) (their widths tw[slot[p]]) joined as
 * join_terms joins them: sep between neighbours, sep "…" sep over a gap,
 * and with tail a closing sep "…". */
static int joined_width(const size_t *pick, const size_t *slot, size_t np, const int *tw,
                        bool tail, int sep_w, int gap_w)
{
    int cols = tail ? gap_w : 0;
    for (size_t p = 0; p < np; p++)
        cols += tw[slot[p]] + (p == 0 ? 0 : pick[p] != pick[p - 1] + 1 ? gap_w + sep_w : sep_w);
    return cols;
}

/* Joins terms with sep into out so that it takes at most maxw columns: all of
 * them when they fit, else the first few, "…", the kept term, "…", the last;
 * narrower, the first, "…", the kept term, "…"; then the first and "…" (the
 * kept term, the cell's own or SIZE_MAX for none, stays while any term but
 * the first fits at all). Each candidate is formatted and measured once:
 * the explain pane is redrawn on every key, and d_k terms tried twelve ways
 * were an eighth of a frame. */
static void join_terms(char *out, size_t cap, const struct terms *t, size_t keep,
                       const char *sep, int maxw)
{
    enum { HEAD_MAX = 12, KEEP = HEAD_MAX, LAST = HEAD_MAX + 1, SLOTS = HEAD_MAX + 2 };
    out[0] = '\0';
    if (t->n == 0)
        return;
    char term[SLOTS][128];
    int tw[SLOTS];
    size_t max_head = t->n < HEAD_MAX ? t->n : HEAD_MAX;
    for (size_t k = 0; k < max_head; k++) {
        t->fmt(t, k, term[k], sizeof term[k]);
        tw[k] = textw_width(term[k]);
    }
    bool keep_apart = keep != SIZE_MAX && keep < t->n - 1;
    if (keep_apart && keep >= max_head) {
        t->fmt(t, keep, term[KEEP], sizeof term[KEEP]);
        tw[KEEP] = textw_width(term[KEEP]);
    }
    if (t->n > max_head) {
        t->fmt(t, t->n - 1, term[LAST], sizeof term[LAST]);
        tw[LAST] = textw_width(term[LAST]);
    }
    int sep_w = textw_width(sep), gap_w = sep_w + textw_width("…");
    /* The candidates, widest first: the first `head` terms and (when that
     * is not all of them) the kept one and the last; then the first and
     * the kept one, then the first alone, these two closed by "…". */
    size_t pick[SLOTS], slot[SLOTS], np = 0;
    bool tail = false, fits = false;
    for (size_t head = max_head; head >= 1 && !fits; head--) {
        np = 0;
        for (size_t k = 0; k < head; k++) {
            pick[np] = k;
            slot[np++] = k;
        }
        if (head < t->n) {
            if (keep_apart && keep >= head) {
                pick[np] = keep;
                slot[np++] = keep < max_head ? keep : KEEP;
            }
            pick[np] = t->n - 1;
            slot[np++] = t->n - 1 < max_head ? t->n - 1 : LAST;
        }
        fits = joined_width(pick, slot, np, tw, false, sep_w, gap_w) <= maxw;
    }
    if (!fits && keep_apart && keep > 0) {
        pick[0] = slot[0] = 0;
        pick[1] = keep;
        slot[1] = keep < max_head ? keep : KEEP;
        np = 2;
        tail = true;
        fits = joined_width(pick, slot, np, tw, tail, sep_w, gap_w) <= maxw;
    }
    if (!fits) {
        pick[0] = slot[0] = 0;
        np = 1;
        tail = t->n > 1;
        fits = joined_width(pick, slot, np, tw, tail, sep_w, gap_w) <= maxw;
    }
    if (!fits) {
        snprintf(out, cap, "…");
        return;
    }
    size_t used = 0;
    for (size_t p = 0; p < np; p++) {
        if (p > 0 && pick[p] != pick[p - 1] + 1)
            append(out, cap, &used, sep, "…");
        append(out, cap, &used, used ? sep : "", term[slot[p]]);
    }
    if (tail)
        append(out, cap, &used, sep, "…");
}

static void fmt_product(const struct terms *t, size_t k, char *buf, size_t cap)
{
    char x[32], y[32];
    fmt_factor(x, sizeof x, t->a[k]);
    fmt_factor(y, sizeof y, t->b[k * (t->b_stride ? t->b_stride : 1)]);
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

/* One decimal, or under 0.1% two significant digits (0.032%, 0.0000041%):
 * a weight of a long text is not "0.0%", nor written with an exponent. */
static void sentence(struct explain *ex, const char *q, const char *k, double weight)
{
    double pct = weight * 100.0;
    char num[32];
    if (pct > 0 && pct < 1e-6)
        snprintf(num, sizeof num, "less than 0.000001");
    else if (pct > 0 && pct < 0.1)
        snprintf(num, sizeof num, "%.*f", 1 - (int)floor(log10(pct)), pct);
    else
        snprintf(num, sizeof num, "%.1f", pct);
    add_line(ex, EXPLAIN_SENTENCE, "%s gives %s%% of its attention to %s", q, num, k);
}

/* The score line: the scaled (or raw) score, and with_bias under ALiBi
 * "; + bias −m·|i−j| = score − m·|i−j| = score − |bias| = score + bias"
 * (not for a masked key: the softmax never sees it). The first form that fits width:
 * in full, without the division's middle step, then without the bias's
 * value; else the score and the bias on two lines. */
static void score_line(struct explain *ex, const struct model *m, size_t i, size_t j,
                       size_t t, const char *sum, float score, bool with_bias, int width)
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
    if (m->cfg.pe != PE_ALIBI || !with_bias) {
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
        if (textw_width(line) <= width) {
            add_line(ex, EXPLAIN_MATH, "%s", line);
            return;
        }
    }
    /* Too narrow for one line (80 columns and a small slope): the bias on
     * a line of its own, "; " dropped, rather than its result cut off. */
    add_line(ex, EXPLAIN_MATH, "%s", textw_width(full) <= width ? full : brief);
    char bare[128];
    snprintf(bare, sizeof bare, "+ bias −m·|i−j| = %s", biased);
    const char *own = textw_width(bias_part + 2) <= width  ? bias_part + 2
                      : textw_width(short_part + 2) <= width ? short_part + 2
                                                             : bare;
    add_line(ex, EXPLAIN_MATH, "%s", own);
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

    score_line(ex, m, i, j, t, sum, score, !masked, width);
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

/* ---- the other stages and views ------------------------------------------------ */

/* "a × b + c × d + … = sum" of n products a[k]·b[k·stride], and the sum (in
 * double, as the terms are printed). */
static double product_line(char *out, size_t cap, const float *a, const float *b, size_t stride,
                           size_t n, const char *prefix, int width)
{
    double sum = 0.0;
    for (size_t k = 0; k < n; k++)
        sum += (double)a[k] * (double)b[k * stride];
    char list[EXPLAIN_LINE_BYTES], total[32];
    fmt_num(total, sizeof total, sum);
    struct terms prod = { .n = n, .fmt = fmt_product, .a = a, .b = b, .b_stride = stride };
    join_terms(list, sizeof list, &prod, SIZE_MAX, " + ",
               width - textw_width(prefix) - 3 - (int)strlen(total));
    size_t used = 0;
    out[0] = '\0';
    append(out, cap, &used, prefix, list);
    append(out, cap, &used, " = ", total);
    return sum;
}

/* The sinusoidal PE's formula with its numbers filled in. */
static void explain_pe_value(struct explain *ex, const struct model *m, size_t pos, size_t c)
{
    double v = m->pe[pos * m->d + c];
    char val[32];
    fmt_num(val, sizeof val, v);
    switch (m->cfg.pe) {
    case PE_SINUSOIDAL: {
        size_t i2 = c / 2 * 2;
        double freq = 1.0 / pow(10000.0, (double)i2 / (double)m->d);
        char f[32], angle[32];
        fmt_num(f, sizeof f, freq);
        fmt_num(angle, sizeof angle, (double)pos * freq);
        add_line(ex, EXPLAIN_MATH, "PE[%zu][%zu] = %s(%zu × 1/10000^(%zu/%zu)) = %s(%zu × %s) = "
                 "%s(%s) = %s", pos, c, c % 2 ? "cos" : "sin", pos, i2, m->d,
                 c % 2 ? "cos" : "sin", pos, f, c % 2 ? "cos" : "sin", angle, val);
        add_line(ex, EXPLAIN_MATH, "column %zu's frequency is 1/10000^(%zu/%zu) = %s: more "
                 "dimensions add slower waves", c, i2, m->d, f);
        break;
    }
    case PE_LEARNED:
        add_line(ex, EXPLAIN_MATH, "PE[%zu][%zu] = %s, a seeded table (learned PE: one row a "
                 "position)", pos, c, val);
        break;
    case PE_TABLE:
        add_line(ex, EXPLAIN_MATH, "PE[%zu][%zu] = %s, the table's row %zu (:pe-row; rows "
                 "never set are 0)", pos, c, val, pos);
        break;
    default:
        add_line(ex, EXPLAIN_MATH, "PE[%zu][%zu] = %s: this kind adds no vector to x", pos, c,
                 val);
        break;
    }
}

/* q_i[c] (or k, v) = x_i · the column c of W. */
static void explain_projection(struct explain *ex, const struct model *m, size_t i, size_t c,
                               const char *name, const float *w, const float *out, int width)
{
    size_t d = m->d;
    char line[EXPLAIN_LINE_BYTES], prefix[64], val[32];
    fmt_num(val, sizeof val, out[i * d + c]);
    if (!w) {
        add_line(ex, EXPLAIN_MATH, "%s_%zu[%zu] = x_%zu[%zu] = %s (identity projection: q = k = v "
                 "= x)", name, i, c, i, c, val);
        return;
    }
    bool rope = m->cfg.pe == PE_ROPE && name[0] != 'v';
    snprintf(prefix, sizeof prefix, "%s_%zu[%zu] = x_%zu·W_%s[:,%zu] = ", name, i, c, i, name, c);
    static const char before[] = " before RoPE";
    double own = product_line(line, sizeof line, m->x + i * d, w + c, d, d, prefix,
                              rope ? width - (int)sizeof before + 1 : width);
    if (rope)
        snprintf(line + strlen(line), sizeof line - strlen(line), "%s", before);
    add_line(ex, EXPLAIN_MATH, "%s", line);
    size_t local = c % m->d_k, pair = local / 2;
    if (!rope || pair * 2 + 1 >= m->d_k) {
        if (rope)
            add_line(ex, EXPLAIN_MATH, "the last of an odd d_k: RoPE leaves it as it is");
        return;
    }
    /* RoPE turns the pair (2p, 2p+1) of the head by pos·θ_p */
    size_t mate = c ^ 1;
    double other = 0.0;
    for (size_t k = 0; k < d; k++)
        other += (double)m->x[i * d + k] * (double)w[k * d + mate];
    double angle = posenc_rope_angle(i, pair, m->d_k), co = cos(angle), si = sin(angle);
    double even = local % 2 ? other : own, odd = local % 2 ? own : other;
    double rotated = local % 2 ? even * si + odd * co : even * co - odd * si;
    char ang[32], e[32], o[32], cs[32], sn[32], r[32];
    fmt_num(ang, sizeof ang, angle);
    fmt_factor(e, sizeof e, even);
    fmt_factor(o, sizeof o, odd);
    fmt_factor(cs, sizeof cs, co);
    fmt_factor(sn, sizeof sn, si);
    fmt_num(r, sizeof r, rotated);
    /* the result first: a narrow pane cuts the end of the line */
    add_line(ex, EXPLAIN_MATH, "after RoPE %s: pair %zu turned by %zu·θ_%zu = %s: %s×%s %s %s×%s",
             r, pair, i, pair, ang, e, local % 2 ? sn : cs, local % 2 ? "+" : "−", o,
             local % 2 ? cs : sn);
}

/* Cell (i, j) of a scores stage: the dot product, the division, the mask. */
static void explain_scores(struct explain *ex, const struct model *m, enum shown_data data,
                           size_t i, size_t j, size_t t, int width)
{
    size_t d = m->d, dk = m->d_k, n = m->n;
    char line[EXPLAIN_LINE_BYTES], prefix[64];
    snprintf(prefix, sizeof prefix, "q_%zu·k_%zu = ", i, j);
    double dot = product_line(line, sizeof line, m->q + i * d + t * dk, m->k + j * d + t * dk,
                              1, dk, prefix, width);
    add_line(ex, EXPLAIN_MATH, "%s", line);
    if (data == SHOWN_RAW) {
        if (m->cfg.scale)
            add_line(ex, EXPLAIN_MATH, "the score before the division: the next stage divides "
                     "it by √%zu", dk);
        else
            add_line(ex, EXPLAIN_MATH, "scaling is off: the next stage keeps it as it is");
        return;
    }
    float *row = app_xmalloc(n * sizeof *row);
    model_row_scores(m, t, i, row);
    char sum[32];
    fmt_num(sum, sizeof sum, dot);
    /* the bias is added with the mask, just before the softmax */
    score_line(ex, m, i, j, t, sum, row[j], data == SHOWN_MASKED && !(m->cfg.causal && j > i),
               width);
    free(row);
    if (data != SHOWN_MASKED)
        return;
    if (m->cfg.causal && j > i)
        add_line(ex, EXPLAIN_MASKED, "the causal mask: key %zu comes after query %zu, so the "
                 "softmax takes −∞ here (weight exactly 0)", j, i);
    else if (m->cfg.causal)
        add_line(ex, EXPLAIN_MATH, "the causal mask keeps it: key %zu ≤ query %zu", j, i);
    else
        add_line(ex, EXPLAIN_MATH, "no mask (causal off): the softmax takes every key");
}

/* Component c of query i's output, term by term: Σ_j w_ij·v_j[c]. */
static void explain_output(struct explain *ex, const struct model *m, size_t i, size_t key,
                           size_t c, int width)
{
    size_t d = m->d, n = m->n, t = c / m->d_k;
    const float *w = model_head_weights(m, t) + i * n;
    char line[EXPLAIN_LINE_BYTES], prefix[64], a[32], b[40], p[32];
    if (key < n) {
        fmt_num(a, sizeof a, w[key]);
        char num[32];
        fmt_num(num, sizeof num, m->v[key * d + c]);
        snprintf(b, sizeof b, m->v[key * d + c] < 0.0f ? "(%s)" : "%s", num);
        fmt_num(p, sizeof p, (double)w[key] * m->v[key * d + c]);
        add_line(ex, EXPLAIN_MATH, "w_%zu,%zu·v_%zu[%zu] = %s × %s = %s: what key %zu adds", i, key,
                 key, c, a, b, p, key);
    }
    snprintf(prefix, sizeof prefix, "out_%zu[%zu] = Σ_j w_%zu,j·v_j[%zu] = ", i, c, i, c);
    product_line(line, sizeof line, w, m->v + c, d, n, prefix, width);
    add_line(ex, EXPLAIN_MATH, "%s", line);
}

/* How one component of a token × dimension pane is made: e, pe, x, q, k, v
 * or out. c is the model's dimension. */
/* Where e_i[c] came from: an :emb override, the word vectors, or the
 * default generator (embed.h's order). */
static void explain_embedding(struct explain *ex, const struct shown *s, size_t i, size_t c,
                              const char *raw, const char *token, const char *value)
{
    size_t len = 0;
    const float *v = s->vectors ? vectable_find(s->vectors, raw) : NULL;
    if (s->emb_overrides && vecstore_get(s->emb_overrides, raw, &len) && c < len)
        add_line(ex, EXPLAIN_MATH, "e_%zu[%zu] = %s: set by :emb %s", i, c, value, token);
    else if (v && c < vectable_dim(s->vectors))
        add_line(ex, EXPLAIN_MATH, "e_%zu[%zu] = %s: component %zu of %s's word vector (%s)", i,
                 c, value, c, token, s->vectors_path ? s->vectors_path : ":vectors");
    else
        add_line(ex, EXPLAIN_MATH, "e_%zu[%zu] = %s: %s's default embedding (seeded from the "
                 "token and the seed%s)", i, c, value, token,
                 s->vectors ? v ? ", past the word vector's dimensions" : "; not in the word vectors"
                            : "");
}

static void explain_component(struct explain *ex, const struct shown *s, enum shown_data data,
                              size_t i, size_t c, const char *raw, const char *token, int width)
{
    const struct model *m = s->m;
    size_t d = m->d;
    char e[32], p[32], x[32];
    fmt_num(e, sizeof e, m->emb[i * d + c]);
    fmt_num(p, sizeof p, m->pe[i * d + c]);
    fmt_num(x, sizeof x, m->x[i * d + c]);
    switch (data) {
    case SHOWN_EMB:
        explain_embedding(ex, s, i, c, raw, token, e);
        break;
    case SHOWN_PE:
        explain_pe_value(ex, m, i, c);
        break;
    case SHOWN_X:
        add_line(ex, EXPLAIN_MATH, "x_%zu[%zu] = e + pe = %s + %s = %s", i, c, e, p, x);
        if (m->cfg.pe == PE_SINUSOIDAL)
            explain_pe_value(ex, m, i, c);
        break;
    case SHOWN_Q:
        explain_projection(ex, m, i, c, "q", m->w_q, m->q, width);
        break;
    case SHOWN_K:
        explain_projection(ex, m, i, c, "k", m->w_k, m->k, width);
        break;
    case SHOWN_V:
        explain_projection(ex, m, i, c, "v", m->w_v, m->v, width);
        break;
    case SHOWN_OUT:
        explain_output(ex, m, i, m->n, c, width);
        break;
    default:
        break;
    }
}

/* Whether pane p's lines are said by another pane's: +pe's e and pe are in
 * x's explanation. */
static bool said_elsewhere(const struct shown *s, size_t p)
{
    enum shown_data data = s->pane[p].data;
    return (data == SHOWN_EMB || data == SHOWN_PE) && s->n_panes == 3
           && s->pane[2].data == SHOWN_X;
}

void explain_stage(struct explain *ex, const struct shown *s, const char *const *tokens,
                   const struct explain_at *at, int width)
{
    const struct model *m = s->m;
    ex->count = 0;
    if (s->n_panes == 0 || m->n == 0)
        return;
    const struct shown_pane *first = &s->pane[0];
    char q[4 * LABEL_COLS + 16], k[4 * LABEL_COLS + 16], val[32];
    if (at->block) {
        add_line(ex, EXPLAIN_TITLE, "block: rows %zu–%zu × columns %zu–%zu · %s", at->r0,
                 at->r1 - 1, at->c0, at->c1 - 1, first->title);
        fmt_num(val, sizeof val, at->block_value);
        add_line(ex, EXPLAIN_SENTENCE, "the %s of its %zu cells is %s", at->block_mean ? "mean"
                 : "largest", (at->r1 - at->r0) * (at->c1 - at->c0), val);
        add_line(ex, EXPLAIN_MATH, "Z zooms in (the cursor's cell stays in view); :zoom-mode "
                 "max|mean");
        return;
    }
    size_t i = at->row < first->rows ? at->row : first->rows - 1, j = at->col;
    if (first->data == SHOWN_WEIGHTS) {
        explain_cell(ex, m, tokens, i, j, s->head, width);
        return;
    }
    size_t head = s->head == HEAD_MEAN ? 0 : (size_t)s->head;
    if (first->data == SHOWN_XV) {
        size_t c = first->col_first + at->dim;
        quote(q, sizeof q, tokens[s->query]);
        add_line(ex, EXPLAIN_TITLE, "query %s (row %zu): its output, component %zu, taken apart",
                 q, s->query, c);
        explain_output(ex, m, s->query, i, c, width);
        return;
    }
    quote(q, sizeof q, tokens[i < m->n ? i : m->n - 1]);
    quote(k, sizeof k, tokens[j]);
    if (first->cols_are_tokens) {
        add_line(ex, EXPLAIN_TITLE, "query %s (row %zu) → key %s (col %zu) · head %zu · %s", q, i,
                 k, j, head, first->title);
        if (s->head == HEAD_MEAN)
            add_line(ex, EXPLAIN_MATH, "the mean of the heads' scores; head 0's arithmetic:");
        explain_scores(ex, m, first->data, i, j, head, width);
        return;
    }
    size_t c = first->col_first + at->dim;
    /* panes side by side are one stage: name it, not its first pane */
    const char *what = s->n_panes == 3 && s->pane[2].data == SHOWN_X ? "e + pe = x"
                       : s->n_panes == 3 ? "q k v" : s->view == VIEW_PE ? "PE | PE·PEᵀ"
                       : first->title;
    add_line(ex, EXPLAIN_TITLE, "%s (row %zu) · component %zu · %s", q, i, c, what);
    for (size_t p = 0; p < s->n_panes; p++) {
        const struct shown_pane *pn = &s->pane[p];
        if (said_elsewhere(s, p))
            continue;
        if (pn->data != SHOWN_PEPE) {
            explain_component(ex, s, pn->data, i, pn->col_first + at->dim, tokens[i], q, width);
            continue;
        }
        char line[EXPLAIN_LINE_BYTES], prefix[64];
        snprintf(prefix, sizeof prefix, "PE_%zu·PE_%zu = ", i, j);
        product_line(line, sizeof line, m->pe + i * m->d, m->pe + j * m->d, 1, m->d, prefix,
                     width);
        add_line(ex, EXPLAIN_MATH, "%s", line);
        if (m->cfg.pe == PE_SINUSOIDAL)
            add_line(ex, EXPLAIN_MATH, "positions %zu and %zu are %zu apart: with sin/cos PE the "
                     "product depends on the distance, not on where the pair is", i, j,
                     i > j ? i - j : j - i);
    }
}
