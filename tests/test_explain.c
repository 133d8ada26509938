/* test_explain.c - the explain pane's text for a cell of a real model: every
 * number in it is checked against float64 arithmetic done here. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "attnviz/command.h"
#include "attnviz/explain.h"
#include "attnviz/model.h"
#include "attnviz/textw.h"

static const char *const seed_tokens[] = { "I", "love", "cats" };

static void forward_pe(struct model *m, size_t n, const char *const *tokens, size_t d,
                       size_t heads, enum proj_kind proj, bool scale, bool causal,
                       enum pe_kind pe)
{
    struct model_config cfg = { .d_model = d, .heads = heads, .seed = 7, .pe = pe,
                                .proj = proj, .scale = scale, .causal = causal };
    struct model_input in = { .n = n, .tokens = tokens };
    char err[256];
    model_init(m);
    if (model_forward(m, &cfg, &in, MODEL_PASS_EMBED, err, sizeof err) != 0)
        fail_msg("model_forward: %s", err);
}

static void forward(struct model *m, size_t n, const char *const *tokens, size_t d,
                    size_t heads, enum proj_kind proj, bool scale, bool causal)
{
    forward_pe(m, n, tokens, d, heads, proj, scale, causal, PE_SINUSOIDAL);
}

/* The line of the given kind that contains needle, or NULL. */
static const char *find(const struct explain *ex, const char *needle)
{
    for (size_t i = 0; i < ex->count; i++)
        if (strstr(ex->line[i].text, needle))
            return ex->line[i].text;
    return NULL;
}

static double number_after(const char *line, const char *marker)
{
    const char *p = strstr(line, marker);
    assert_non_null(p);
    return strtod(p + strlen(marker), NULL);
}

static double number_after_last(const char *line, const char *marker)
{
    const char *p = NULL;
    for (const char *q = strstr(line, marker); q; q = strstr(q + 1, marker))
        p = q;
    assert_non_null(p);
    return strtod(p + strlen(marker), NULL);
}

/* Head t's score of (i, j) and the row's softmax pieces, in double. */
struct ref {
    double dot, score, biased, max, denom, weight;   /* biased: + ALiBi's bias */
};

/* ALiBi's slope for head t of a power-of-two H: 2^(-8(t+1)/H). */
static double slope_of(size_t t, size_t heads)
{
    return pow(2.0, -8.0 * (double)(t + 1) / (double)heads);
}

static struct ref reference(const struct model *m, size_t t, size_t i, size_t j)
{
    size_t n = m->n, d = m->d, dk = m->d_k, live = m->cfg.causal ? i + 1 : n;
    double *s = calloc(n, sizeof *s);
    struct ref r = { .max = -INFINITY };
    for (size_t c = 0; c < n; c++) {
        double dot = 0.0;
        for (size_t x = 0; x < dk; x++)
            dot += (double)m->q[i * d + t * dk + x] * m->k[c * d + t * dk + x];
        s[c] = m->cfg.scale ? dot / sqrt((double)dk) : dot;
        if (c == j) {
            r.dot = dot;
            r.score = s[c];
        }
        /* what the softmax sees: under ALiBi, score - m |i - c| */
        if (m->cfg.pe == PE_ALIBI)
            s[c] -= slope_of(t, m->cfg.heads) * fabs((double)i - (double)c);
        if (c < live && s[c] > r.max)
            r.max = s[c];
    }
    for (size_t c = 0; c < live; c++)
        r.denom += exp(s[c] - r.max);
    r.biased = s[j];
    r.weight = exp(s[j] - r.max) / r.denom;
    free(s);
    return r;
}

/* Over 2,000 keys a weight is about 0.05%: two significant digits in
 * fixed point (0.050), not "0.0%" and not 5e-02. */
static void a_small_weight_keeps_two_digits_in_the_sentence(void **state)
{
    (void)state;
    enum { N = 2000 };
    static char names[N][8];
    static const char *tokens[N];
    for (size_t i = 0; i < N; i++) {
        snprintf(names[i], sizeof names[i], "w%zu", i);
        tokens[i] = names[i];
    }
    struct model m;
    forward(&m, N, tokens, 8, 1, PROJ_RANDOM, true, false);
    struct explain ex;
    explain_cell(&ex, &m, tokens, 0, 1, 0, 100);
    double pct = 100.0 * model_head_weights(&m, 0)[1];
    assert_true(pct > 0.01 && pct < 0.1);
    const char *text = ex.line[1].text, *head = "\"w0\" gives 0.0";
    assert_true(strncmp(text, head, strlen(head)) == 0);
    char *end;
    double shown = strtod(text + strlen("\"w0\" gives "), &end);
    assert_string_equal(end, "% of its attention to \"w1\"");
    /* 0.0dd: two significant digits, so within half a unit of the third decimal */
    assert_int_equal((int)(end - (text + strlen("\"w0\" gives "))), 5);
    assert_true(fabs(shown - pct) <= 0.0005 + 1e-12);
    model_free(&m);
}

static void the_sentence_gives_the_weight_as_a_percentage(void **state)
{
    (void)state;
    struct model m;
    forward(&m, 3, seed_tokens, 4, 1, PROJ_IDENTITY, true, false);
    struct explain ex;
    explain_cell(&ex, &m, seed_tokens, 1, 0, 0, 100);
    char want[128];
    snprintf(want, sizeof want, "\"love\" gives %.1f%% of its attention to \"I\"",
             100.0 * model_head_weights(&m, 0)[1 * 3 + 0]);
    assert_int_equal(ex.line[0].kind, EXPLAIN_TITLE);
    assert_non_null(strstr(ex.line[0].text, "query \"love\" (row 1)"));
    assert_non_null(strstr(ex.line[0].text, "key \"I\" (col 0)"));
    assert_int_equal(ex.line[1].kind, EXPLAIN_SENTENCE);
    assert_string_equal(ex.line[1].text, want);
    model_free(&m);
}

static void the_dot_product_is_written_term_by_term_and_adds_up(void **state)
{
    (void)state;
    struct model m;
    forward(&m, 3, seed_tokens, 4, 1, PROJ_IDENTITY, true, false);
    struct explain ex;
    explain_cell(&ex, &m, seed_tokens, 1, 2, 0, 120);
    const char *dot = find(&ex, "q_1·k_2 = ");
    assert_non_null(dot);
    for (size_t c = 0; c < 4; c++) {
        char term[64];
        double q = m.q[1 * 4 + c], k = m.k[2 * 4 + c];
        snprintf(term, sizeof term, q < 0 ? "(%.3f)×" : "%.3f×", q);
        snprintf(term + strlen(term), sizeof term - strlen(term), k < 0 ? "(%.3f)" : "%.3f", k);
        assert_non_null(strstr(dot, term));
    }
    assert_null(strstr(dot, "…"));
    struct ref r = reference(&m, 0, 1, 2);
    assert_float_equal(number_after_last(dot, " = "), r.dot, 5e-5);
    model_free(&m);
}

static void the_score_divides_by_the_square_root_of_d_k(void **state)
{
    (void)state;
    struct model m;
    forward(&m, 3, seed_tokens, 4, 1, PROJ_IDENTITY, true, false);
    struct explain ex;
    explain_cell(&ex, &m, seed_tokens, 2, 1, 0, 120);
    const char *line = find(&ex, "score = ");
    assert_non_null(line);
    assert_non_null(strstr(line, "÷ √4 = "));
    assert_non_null(strstr(line, "÷ 2.0000 = "));
    struct ref r = reference(&m, 0, 2, 1);
    assert_float_equal(number_after(line, "score = "), r.dot, 5e-5);
    assert_float_equal(number_after_last(line, " = "), r.score, 5e-5);
    model_free(&m);
}

static void the_softmax_denominator_and_weight_match_float64(void **state)
{
    (void)state;
    struct model m;
    forward(&m, 3, seed_tokens, 8, 1, PROJ_RANDOM, true, false);
    struct explain ex;
    explain_cell(&ex, &m, seed_tokens, 0, 2, 0, 120);
    struct ref r = reference(&m, 0, 0, 2);
    const char *sum = find(&ex, "weight = ");
    assert_non_null(sum);
    assert_non_null(strstr(sum, "(Σ over 3 keys)"));
    assert_float_equal(number_after(sum, "÷ Σ "), r.denom, 5e-5);
    assert_float_equal(number_after(sum, "weight = "), exp(r.biased - r.max), 5e-5);
    assert_float_equal(number_after_last(sum, " = "), r.weight, 5e-5);
    const char *exps = find(&ex, "e^(score − max) for row 0, max ");
    assert_non_null(exps);
    assert_float_equal(number_after(exps, "max "), r.max, 5e-5);
    model_free(&m);
}

/* x as the pane prints a number: 4 decimals, or scientific when tiny or huge. */
static const char *num(char *buf, size_t cap, double x)
{
    double a = fabs(x);
    snprintf(buf, cap, x == 0.0 || (a >= 1e-3 && a < 1e5) ? "%.4f" : "%.3e", x);
    return buf;
}

/* The pane prints the model's own numbers, as stored with the weights:
 * the row max, the softmax denominator and the weight, formatted as the
 * pane formats them (4 decimals), and the score from model_row_scores. */
static void the_max_sum_and_weight_are_the_models_stored_numbers(void **state)
{
    (void)state;
    struct model m;
    forward(&m, 3, seed_tokens, 8, 2, PROJ_RANDOM, true, true);
    struct explain ex;
    size_t t = 1, i = 2, j = 1, n = 3;
    explain_cell(&ex, &m, seed_tokens, i, j, (int)t, 120);
    float s[3];
    model_row_scores(&m, t, i, s);
    char want[96], a[32], b[32];
    snprintf(want, sizeof want, "max %s: ", num(a, sizeof a, m.row_max[t * n + i]));
    assert_non_null(find(&ex, want));
    snprintf(want, sizeof want, "÷ Σ %s = %s", num(a, sizeof a, m.row_sum[t * n + i]),
             num(b, sizeof b, model_head_weights(&m, t)[i * n + j]));
    assert_non_null(find(&ex, want));
    snprintf(want, sizeof want, " = %s", num(a, sizeof a, s[j]));
    assert_non_null(strstr(find(&ex, "score = "), want));
    model_free(&m);
}

static void scaling_off_says_so_and_keeps_the_raw_score(void **state)
{
    (void)state;
    struct model m;
    forward(&m, 3, seed_tokens, 4, 1, PROJ_IDENTITY, false, false);
    struct explain ex;
    explain_cell(&ex, &m, seed_tokens, 0, 1, 0, 120);
    const char *line = find(&ex, "score = ");
    assert_non_null(strstr(line, "scaling off"));
    struct ref r = reference(&m, 0, 0, 1);
    assert_float_equal(number_after(line, "score = "), r.dot, 5e-5);
    model_free(&m);
}

static void a_large_d_k_is_shortened_with_an_ellipsis_to_fit(void **state)
{
    (void)state;
    struct model m;
    forward(&m, 3, seed_tokens, 64, 1, PROJ_IDENTITY, true, false);
    struct explain ex;
    explain_cell(&ex, &m, seed_tokens, 1, 0, 0, 80);
    const char *dot = find(&ex, "q_1·k_0 = ");
    assert_non_null(dot);
    assert_non_null(strstr(dot, " + … + "));
    assert_true(textw_width(dot) <= 80);
    struct ref r = reference(&m, 0, 1, 0);
    assert_float_equal(number_after_last(dot, " = "), r.dot, 5e-4);
    const char *q = find(&ex, "q_1 = [");
    assert_non_null(strstr(q, "…"));
    assert_true(textw_width(q) <= 80);
    model_free(&m);
}

/* Tokens "w0" .. "w{n-1}" (n <= 40). */
static const char *const *numbered_tokens(size_t n)
{
    static char words[40][16];
    static const char *tokens[40];
    for (size_t i = 0; i < n && i < 40; i++) {
        snprintf(words[i], sizeof words[i], "w%zu", i);
        tokens[i] = words[i];
    }
    return tokens;
}

/* e^(score - max) of cell (i, j) of head 0, as the pane prints it. */
static void own_exponential(const struct model *m, size_t i, size_t j, char *buf, size_t cap)
{
    struct ref r = reference(m, 0, i, j);
    snprintf(buf, cap, "%.4f", exp(r.biased - r.max));
}

static void a_long_row_keeps_the_cells_own_exponential(void **state)
{
    (void)state;
    const char *const *tokens = numbered_tokens(40);
    struct model m;
    forward(&m, 40, tokens, 8, 1, PROJ_IDENTITY, true, false);
    struct explain ex;
    explain_cell(&ex, &m, tokens, 3, 25, 0, 100);
    const char *exps = find(&ex, "e^(score − max)");
    assert_non_null(exps);
    assert_true(textw_width(exps) <= 100);
    char mine[32];
    own_exponential(&m, 3, 25, mine, sizeof mine);
    assert_non_null(strstr(exps, mine));
    assert_non_null(strstr(exps, "…"));
    assert_non_null(strstr(find(&ex, "weight = "), "Σ over 40 keys"));
    model_free(&m);
}

/* However narrow, the cell's own exponential stays while it fits beside
 * the first one: "first  …  own  …" before "first  …". */
static void a_narrow_row_keeps_the_cells_own_exponential_beside_the_first(void **state)
{
    (void)state;
    const char *const *tokens = numbered_tokens(20);
    struct model m;
    forward(&m, 20, tokens, 8, 1, PROJ_IDENTITY, true, false);
    char mine[32];
    own_exponential(&m, 3, 15, mine, sizeof mine);
    int kept_somewhere = 0;
    for (int width = 40; width <= 110; width++) {
        struct explain ex;
        explain_cell(&ex, &m, tokens, 3, 15, 0, width);
        const char *exps = find(&ex, "e^(score − max)");
        assert_non_null(exps);
        const char *list = strstr(exps, ": ");
        assert_non_null(list);
        list += 2;
        int room = width - textw_width_n(exps, (size_t)(list - exps));
        char first[32], want[96];
        snprintf(first, sizeof first, "%.*s", (int)strcspn(list, " "), list);
        snprintf(want, sizeof want, "%s  …  %s  …", first, mine);
        if (textw_width(want) <= room) {
            assert_non_null(strstr(list, mine));
            kept_somewhere++;
        }
        assert_true(textw_width(exps) <= width);
    }
    assert_true(kept_somewhere > 0);
    model_free(&m);
}

static void a_masked_cell_says_it_is_masked(void **state)
{
    (void)state;
    struct model m;
    forward(&m, 3, seed_tokens, 4, 1, PROJ_IDENTITY, true, true);
    struct explain ex;
    explain_cell(&ex, &m, seed_tokens, 0, 2, 0, 120);
    assert_int_equal(ex.line[1].kind, EXPLAIN_MASKED);
    assert_non_null(strstr(ex.line[1].text, "masked"));
    assert_non_null(strstr(ex.line[1].text, "\"I\" gives no attention to \"cats\""));
    assert_null(find(&ex, "÷ Σ"));
    assert_null(find(&ex, "% of its attention"));
    model_free(&m);
}

static void with_the_causal_mask_the_softmax_runs_over_the_visible_keys(void **state)
{
    (void)state;
    struct model m;
    forward(&m, 3, seed_tokens, 4, 1, PROJ_IDENTITY, true, true);
    struct explain ex;
    explain_cell(&ex, &m, seed_tokens, 1, 0, 0, 120);
    struct ref r = reference(&m, 0, 1, 0);
    const char *sum = find(&ex, "weight = ");
    assert_non_null(strstr(sum, "Σ over 2 keys"));
    assert_float_equal(number_after(sum, "÷ Σ "), r.denom, 5e-5);
    assert_float_equal(number_after_last(sum, " = "), r.weight, 5e-5);
    assert_non_null(find(&ex, "% of its attention to \"I\""));
    model_free(&m);
}

static void the_mean_of_heads_lists_each_head_and_their_mean(void **state)
{
    (void)state;
    struct model m;
    forward(&m, 3, seed_tokens, 8, 2, PROJ_RANDOM, true, false);
    struct explain ex;
    explain_cell(&ex, &m, seed_tokens, 2, 0, HEAD_MEAN, 120);
    assert_non_null(strstr(ex.line[0].text, "mean of 2 heads"));
    double w0 = reference(&m, 0, 2, 0).weight, w1 = reference(&m, 1, 2, 0).weight;
    const char *each = find(&ex, "head 0: ");
    assert_non_null(each);
    assert_float_equal(number_after(each, "head 0: "), w0, 5e-5);
    assert_float_equal(number_after(each, "head 1: "), w1, 5e-5);
    const char *mean = find(&ex, "mean = (");
    assert_float_equal(number_after_last(mean, " = "), (w0 + w1) / 2, 5e-5);
    char want[64];
    snprintf(want, sizeof want, "gives %.1f%% of its attention", 50.0 * (w0 + w1));
    assert_non_null(find(&ex, want));
    model_free(&m);
}

static void a_second_head_reads_its_own_columns(void **state)
{
    (void)state;
    struct model m;
    forward(&m, 3, seed_tokens, 8, 2, PROJ_RANDOM, true, false);
    struct explain ex;
    explain_cell(&ex, &m, seed_tokens, 1, 1, 1, 120);
    assert_non_null(strstr(ex.line[0].text, "head 1"));
    struct ref r = reference(&m, 1, 1, 1);
    assert_float_equal(number_after_last(find(&ex, "q_1·k_1 = "), " = "), r.dot, 5e-5);
    assert_non_null(strstr(find(&ex, "score = "), "÷ √4"));
    model_free(&m);
}

/* ---- RoPE and ALiBi ------------------------------------------------------ */

/* "PREFIX[v0, v1, …]" of values as the pane prints them (4 decimals of a
 * float32). */
static void vector_line(char *out, size_t cap, const char *prefix, const double *v, size_t count)
{
    size_t used = (size_t)snprintf(out, cap, "%s", prefix);
    for (size_t c = 0; c < count; c++) {
        char x[32];
        num(x, sizeof x, (double)(float)v[c]);
        used += (size_t)snprintf(out + used, cap - used, "%s%s", c ? ", " : "", x);
    }
    snprintf(out + used, cap - used, "]");
}

/* Row pos of head t of x (identity: q = k = x before the rotation)
 * rotated in double: pair i by pos * 10000^(-2i/d_k). */
static void rotated(const struct model *m, size_t pos, size_t t, double *out)
{
    size_t dk = m->d_k;
    const float *x = m->x + pos * m->d + t * dk;
    for (size_t c = 0; c < dk; c++)
        out[c] = x[c];
    for (size_t i = 0; i + 1 < dk; i += 2) {
        double angle = (double)pos / pow(10000.0, (double)i / (double)dk);
        double a = out[i], b = out[i + 1];
        out[i] = a * cos(angle) - b * sin(angle);
        out[i + 1] = a * sin(angle) + b * cos(angle);
    }
}

static void under_rope_q_and_k_are_the_rotated_vectors(void **state)
{
    (void)state;
    struct model m;
    forward_pe(&m, 3, seed_tokens, 8, 2, PROJ_IDENTITY, true, false, PE_ROPE);
    struct explain ex;
    size_t i = 2, j = 1, t = 1;
    explain_cell(&ex, &m, seed_tokens, i, j, (int)t, 120);
    double q[4], k[4], dot = 0.0;
    rotated(&m, i, t, q);
    rotated(&m, j, t, k);
    for (size_t c = 0; c < 4; c++)
        dot += q[c] * k[c];
    char want[256];
    vector_line(want, sizeof want, "q_2 (rotated by pos·θ) = [", q, 4);
    assert_non_null(find(&ex, "q_2 (rotated by pos·θ) = ["));
    assert_string_equal(find(&ex, "q_2 (rotated by pos·θ) = ["), want);
    vector_line(want, sizeof want, "k_1 (rotated by pos·θ) = [", k, 4);
    assert_string_equal(find(&ex, "k_1 (rotated by pos·θ) = ["), want);
    /* the dot product is that of the rotated vectors */
    assert_float_equal(number_after_last(find(&ex, "q_2·k_1 = "), " = "), dot, 5e-5);
    assert_float_equal(number_after_last(find(&ex, "score = "), " = "), dot / 2.0, 5e-5);
    assert_null(find(&ex, "bias"));
    model_free(&m);
    /* without rope the lines say nothing of a rotation */
    forward(&m, 3, seed_tokens, 8, 2, PROJ_IDENTITY, true, false);
    explain_cell(&ex, &m, seed_tokens, i, j, (int)t, 120);
    assert_non_null(find(&ex, "q_2 = ["));
    assert_null(find(&ex, "rotated"));
    model_free(&m);
}

static const char *const five_tokens[] = { "I", "love", "cats", "and", "dogs" };

/* The score line under ALiBi, as the pane writes it in full:
 * "score = DOT ÷ √4 = DOT ÷ 2.0000 = S; + bias −m·|i−j| = S − M·|i−j| =
 * S − |B| = S + B", from values computed here. */
static void under_alibi_the_score_line_adds_the_bias(void **state)
{
    (void)state;
    struct model m;
    forward_pe(&m, 5, five_tokens, 8, 2, PROJ_RANDOM, true, false, PE_ALIBI);
    struct explain ex;
    for (size_t t = 0; t < 2; t++) {
        size_t i = 3, j = 0;
        explain_cell(&ex, &m, five_tokens, i, j, (int)t, 200);
        struct ref r = reference(&m, t, i, j);
        double slope = slope_of(t, 2), bias = -slope * 3.0;   /* 2^-4, 2^-8 */
        char a[32], s[32], b[32], biased[32], want[512];
        num(a, sizeof a, (double)(float)r.dot);
        num(s, sizeof s, (double)(float)r.score);
        num(b, sizeof b, -(double)(float)bias);
        num(biased, sizeof biased, (double)((float)r.score + (float)bias));
        snprintf(want, sizeof want, "score = %s ÷ √4 = %s ÷ 2.0000 = %s; + bias −m·|i−j| = "
                 "%s − %s·|3−0| = %s − %s = %s", a, a, s, s, t ? "0.003906" : "0.0625", s, b,
                 biased);
        assert_string_equal(find(&ex, "score = "), want);
        /* the softmax is that of score + bias */
        const char *exps = find(&ex, "e^(score + bias − max) for row 3, max ");
        assert_non_null(exps);
        assert_float_equal(number_after(exps, "max "), r.max, 5e-5);
        const char *w = find(&ex, "weight = ");
        assert_float_equal(number_after(w, "weight = "), exp(r.biased - r.max), 5e-5);
        assert_float_equal(number_after(w, "÷ Σ "), r.denom, 5e-5);
        assert_float_equal(number_after_last(w, " = "), r.weight, 5e-5);
        /* the weight is the model's own (the heatmap's) */
        char mine[32];
        num(mine, sizeof mine, model_head_weights(&m, t)[i * 5 + j]);
        assert_non_null(strstr(w, mine));
    }
    model_free(&m);
}

/* Narrow: the division's middle step goes first, then the bias's value,
 * then the bias takes a line of its own; a masked key shows no bias (the
 * softmax never sees it). */
static void under_alibi_a_narrow_pane_keeps_the_biased_score(void **state)
{
    (void)state;
    struct model m;
    forward_pe(&m, 5, five_tokens, 8, 2, PROJ_RANDOM, true, true, PE_ALIBI);
    struct explain ex;
    explain_cell(&ex, &m, five_tokens, 4, 1, 0, 60);
    struct ref r = reference(&m, 0, 4, 1);
    /* 60 columns: the score in full, and the bias on a line of its own */
    const char *line = find(&ex, "score = ");
    assert_non_null(strstr(line, "÷ 2.0000"));
    assert_null(strstr(line, "bias"));
    line = find(&ex, "+ bias −m·|i−j| = ");
    assert_non_null(strstr(line, " − 0.0625·|4−1| = "));
    assert_float_equal(number_after_last(line, " = "), r.biased, 5e-5);
    assert_true(textw_width(line) <= 60);
    explain_cell(&ex, &m, five_tokens, 1, 3, 0, 200);
    assert_int_equal(ex.line[1].kind, EXPLAIN_MASKED);
    assert_null(strstr(find(&ex, "score = "), "bias"));
    model_free(&m);
}

/* The 2^-8 slope of head 1 in 52 columns: no one-line form fits, so the
 * score and the bias take two lines, each whole (the bias without its
 * middle step), the biased score last, neither wider than the pane. */
static void under_alibi_too_narrow_for_one_line_the_bias_gets_its_own(void **state)
{
    (void)state;
    struct model m;
    forward_pe(&m, 5, five_tokens, 8, 2, PROJ_RANDOM, true, false, PE_ALIBI);
    struct explain ex;
    explain_cell(&ex, &m, five_tokens, 3, 0, 1, 52);
    struct ref r = reference(&m, 1, 3, 0);
    const char *score = find(&ex, "score = ");
    assert_non_null(score);
    assert_null(strstr(score, "bias"));
    assert_float_equal(number_after_last(score, " = "), r.score, 5e-5);
    const char *bias = find(&ex, "+ bias −m·|i−j| = ");
    assert_non_null(bias);
    assert_true(bias != score);
    assert_non_null(strstr(bias, " − 0.003906·|3−0| = "));
    assert_float_equal(number_after_last(bias, " = "), r.biased, 5e-5);
    for (size_t l = 0; l < ex.count; l++)
        if (ex.line[l].kind == EXPLAIN_MATH && (strstr(ex.line[l].text, "score = ")
                                                || strstr(ex.line[l].text, "+ bias")))
            assert_true(textw_width(ex.line[l].text) <= 52);
    model_free(&m);
}

int main(void)
{
    setlocale(LC_ALL, "C.UTF-8");
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(the_sentence_gives_the_weight_as_a_percentage),
        cmocka_unit_test(a_small_weight_keeps_two_digits_in_the_sentence),
        cmocka_unit_test(the_dot_product_is_written_term_by_term_and_adds_up),
        cmocka_unit_test(the_score_divides_by_the_square_root_of_d_k),
        cmocka_unit_test(the_softmax_denominator_and_weight_match_float64),
        cmocka_unit_test(the_max_sum_and_weight_are_the_models_stored_numbers),
        cmocka_unit_test(scaling_off_says_so_and_keeps_the_raw_score),
        cmocka_unit_test(a_large_d_k_is_shortened_with_an_ellipsis_to_fit),
        cmocka_unit_test(a_long_row_keeps_the_cells_own_exponential),
        cmocka_unit_test(a_narrow_row_keeps_the_cells_own_exponential_beside_the_first),
        cmocka_unit_test(a_masked_cell_says_it_is_masked),
        cmocka_unit_test(with_the_causal_mask_the_softmax_runs_over_the_visible_keys),
        cmocka_unit_test(the_mean_of_heads_lists_each_head_and_their_mean),
        cmocka_unit_test(a_second_head_reads_its_own_columns),
        cmocka_unit_test(under_rope_q_and_k_are_the_rotated_vectors),
        cmocka_unit_test(under_alibi_the_score_line_adds_the_bias),
        cmocka_unit_test(under_alibi_too_narrow_for_one_line_the_bias_gets_its_own),
        cmocka_unit_test(under_alibi_a_narrow_pane_keeps_the_biased_score),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
