/* test_attention.c - scores, the fused softmax, the causal mask and the
 * weighted sum, each against a float64 recomputation of its formula. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "attnviz/attention.h"

#define N 7

/* A fixed, irregular input in [-2, 2): no generator shared with the code. */
static float sample(size_t i)
{
    return (float)((double)((i * 7919u + 13u) % 401u) / 100.0 - 2.0);
}

static void fill(float *a, size_t count, size_t salt)
{
    for (size_t i = 0; i < count; i++)
        a[i] = sample(i + salt);
}

/* softmax of s[0..live) in double, its max and sum. */
static void ref_softmax_row(double *w, const float *s, size_t live, double *max, double *sum)
{
    *max = -INFINITY;
    *sum = 0.0;
    for (size_t j = 0; j < live; j++)
        *max = fmax(*max, s[j]);
    for (size_t j = 0; j < live; j++)
        *sum += exp((double)s[j] - *max);
    for (size_t j = 0; j < live; j++)
        w[j] = exp((double)s[j] - *max) / *sum;
}

/* Softmax of a copy of s[0..live): checks weights, max and sum against
 * double to tol (relative for the sum). */
static void check_row(const float *s, size_t live, double tol)
{
    float *w = malloc(live * sizeof *w), max, sum;
    double *ref = malloc(live * sizeof *ref), rmax, rsum, total = 0.0;
    memcpy(w, s, live * sizeof *w);
    attention_softmax_row(w, live, &max, &sum);
    ref_softmax_row(ref, s, live, &rmax, &rsum);
    assert_true(max == rmax);
    assert_true(fabs(sum - rsum) <= tol * rsum);
    for (size_t j = 0; j < live; j++) {
        assert_true(isfinite(w[j]) && w[j] >= 0.0f);
        assert_true(fabs(w[j] - ref[j]) <= tol);
        /* each weight is its exponential divided by the stored sum */
        total += w[j];
    }
    assert_true(fabs(total - 1.0) < 1e-5);
    free(w);
    free(ref);
}

/* A head over q, k, v of [n][stride], weights [n][n], out [n][stride]. */
static struct attention_head head(const float *q, const float *k, const float *v,
                                  float *out, float *w, float *mx, float *sm,
                                  size_t n, size_t dk, size_t stride, bool scale, bool causal)
{
    return (struct attention_head){ .q = q, .k = k, .v = v, .out = out, .weights = w,
                                    .row_max = mx, .row_sum = sm, .n = n, .d_k = dk,
                                    .stride = stride, .scale = scale, .causal = causal };
}

static void scores_are_dot_products_over_sqrt_dk(void **state)
{
    (void)state;
    float q[N * 4], k[N * 4], s[N * N];
    fill(q, N * 4, 0);
    fill(k, N * 4, 100);
    struct attention_head h = head(q, k, NULL, NULL, NULL, NULL, NULL, N, 4, 4, true, false);
    attention_scores(s, N, &h, 0, N, 0, N);
    for (size_t i = 0; i < N; i++)
        for (size_t j = 0; j < N; j++) {
            double dot = 0.0;
            for (size_t c = 0; c < 4; c++)
                dot += (double)q[i * 4 + c] * k[j * 4 + c];
            assert_true(fabs(s[i * N + j] - dot / 2.0) < 1e-6);
        }
}

static void unscaled_scores_are_sqrt_dk_times_the_scaled_ones(void **state)
{
    (void)state;
    float q[N * 9], k[N * 9], on[N * N], off[N * N];
    fill(q, N * 9, 3);
    fill(k, N * 9, 50);
    struct attention_head h = head(q, k, NULL, NULL, NULL, NULL, NULL, N, 9, 9, true, false);
    attention_scores(on, N, &h, 0, N, 0, N);
    h.scale = false;
    attention_scores(off, N, &h, 0, N, 0, N);
    for (size_t i = 0; i < N * N; i++)
        assert_true(fabs(off[i] - 3.0 * on[i]) <= 1e-5 * fmax(1.0, fabs(off[i])));
}

static void scores_read_a_head_and_a_key_range_through_the_row_stride(void **state)
{
    (void)state;
    /* 5 rows of 6 floats; the head is columns 2..3; query rows 1..3
     * against keys 2..4, written 4 floats apart */
    float q[5 * 6], k[5 * 6], s[3 * 4];
    fill(q, 30, 1);
    fill(k, 30, 2);
    struct attention_head h = head(q + 2, k + 2, NULL, NULL, NULL, NULL, NULL, 5, 2, 6,
                                   false, false);
    attention_scores(s, 4, &h, 1, 3, 2, 3);
    for (size_t r = 0; r < 3; r++)
        for (size_t c = 0; c < 3; c++) {
            size_t i = 1 + r, j = 2 + c;
            double dot = (double)q[i * 6 + 2] * k[j * 6 + 2]
                       + (double)q[i * 6 + 3] * k[j * 6 + 3];
            assert_true(fabs(s[r * 4 + c] - dot) < 1e-6);
        }
}

static void softmax_rows_match_the_formula(void **state)
{
    (void)state;
    float s[N * N];
    fill(s, N * N, 9);
    for (size_t i = 0; i < N; i++)
        check_row(s + i * N, N, 1e-6);
}

/* Rows longer than the lanes and the float chunks: the same bound holds. */
static void long_rows_match_the_formula(void **state)
{
    (void)state;
    static const size_t lens[] = { 15, 16, 17, 255, 256, 257, 1000, 4099, 8192 };
    float *s = malloc(8192 * sizeof *s);
    for (size_t i = 0; i < 8192; i++)
        s[i] = (float)(8.0 * sin(0.37 * (double)i) + 0.01 * (double)(i % 97));
    for (size_t t = 0; t < sizeof lens / sizeof lens[0]; t++)
        check_row(s, lens[t], 2e-6);
    free(s);
}

/* The exponential itself over its whole range, through rows [0, -x]:
 * weight 0 = 1 / (1 + e^-x), weight 1 = e^-x / (1 + e^-x). */
static void the_exponential_is_accurate_down_to_underflow(void **state)
{
    (void)state;
    for (double x = 0.0; x <= 87.0; x += 0.0731) {
        float w[2] = { 0.0f, (float)-x }, max, sum;
        double e = exp(-(double)(float)x);
        attention_softmax_row(w, 2, &max, &sum);
        assert_true(fabs(sum - (1.0 + e)) <= 3e-7 * (1.0 + e));
        assert_true(fabs(w[1] - e / (1.0 + e)) <= 3e-7 * (e / (1.0 + e)) + 1e-44);
    }
    /* 88 or more below the max: exactly 0 */
    const float far[4] = { 0.0f, -88.0f, -1e30f, -INFINITY };
    float w[4], max, sum;
    memcpy(w, far, sizeof w);
    attention_softmax_row(w, 4, &max, &sum);
    assert_true(w[0] == 1.0f && w[1] == 0.0f && w[2] == 0.0f && w[3] == 0.0f);
    assert_true(sum == 1.0f && max == 0.0f);
}

static void softmax_of_huge_scores_has_no_nan(void **state)
{
    (void)state;
    float a[3] = { 1e30f, 1e30f, 0.0f }, b[3] = { 1e30f, -1e30f, 3.0e38f },
          c[3] = { 1e30f, 2e30f, 1e30f }, inf[3] = { INFINITY, 1.0f, INFINITY };
    float max, sum;
    attention_softmax_row(a, 3, &max, &sum);
    assert_true(a[0] == 0.5f && a[1] == 0.5f && a[2] == 0.0f);
    attention_softmax_row(b, 3, &max, &sum);
    assert_true(b[0] == 0.0f && b[1] == 0.0f && b[2] == 1.0f);
    attention_softmax_row(c, 3, &max, &sum);
    assert_true(c[0] == 0.0f && c[1] == 1.0f && c[2] == 0.0f);
    assert_true(max == 2e30f && sum == 1.0f);
    /* an overflowed score: the infinite ones share the row */
    attention_softmax_row(inf, 3, &max, &sum);
    assert_true(inf[0] == 0.5f && inf[1] == 0.0f && inf[2] == 0.5f);
}

static void softmax_of_tiny_scores_has_no_nan(void **state)
{
    (void)state;
    float a[2] = { -1e30f, -1e30f }, b[2] = { -1e30f, -3.0e38f },
          c[2] = { -INFINITY, -INFINITY }, max, sum;
    attention_softmax_row(a, 2, &max, &sum);
    assert_true(a[0] == 0.5f && a[1] == 0.5f);
    attention_softmax_row(b, 2, &max, &sum);
    assert_true(b[0] == 1.0f && b[1] == 0.0f);
    attention_softmax_row(c, 2, &max, &sum);
    assert_true(c[0] == 0.5f && c[1] == 0.5f);
}

static void softmax_of_equal_scores_is_uniform(void **state)
{
    (void)state;
    float w[5], max, sum;
    for (size_t i = 0; i < 5; i++)
        w[i] = 0.75f;
    attention_softmax_row(w, 5, &max, &sum);
    for (size_t i = 0; i < 5; i++)
        assert_true(w[i] == 0.2f);
    assert_true(max == 0.75f && sum == 5.0f);
}

/* One block of a whole head: weights, row max and sum, and out. */
struct block_case {
    size_t n, dk, stride;
    float *q, *k, *v, *out, *w, *mx, *sm;
};

static struct block_case block_case_new(size_t n, size_t dk, size_t stride)
{
    struct block_case b = { n, dk, stride,
                            malloc(n * stride * sizeof(float)), malloc(n * stride * sizeof(float)),
                            malloc(n * stride * sizeof(float)), malloc(n * stride * sizeof(float)),
                            malloc(n * n * sizeof(float)), malloc(n * sizeof(float)),
                            malloc(n * sizeof(float)) };
    fill(b.q, n * stride, 1);
    fill(b.k, n * stride, 200);
    fill(b.v, n * stride, 77);
    for (size_t i = 0; i < n * stride; i++)
        b.out[i] = -9.0f;
    for (size_t i = 0; i < n * n; i++)
        b.w[i] = NAN;   /* every entry must be written */
    return b;
}

static void block_case_free(struct block_case *b)
{
    free(b->q), free(b->k), free(b->v), free(b->out), free(b->w), free(b->mx), free(b->sm);
}

/* Runs every block of a head (columns 1 .. dk of stride) and checks all of
 * it against double; slope > 0 adds ALiBi's bias -slope |i - j| to the
 * scores (given to the kernel as its table by j - i, recomputed here for
 * each (i, j) in double). */
static void check_biased_head(size_t n, size_t dk, bool scale, bool causal, double slope)
{
    size_t stride = dk + 2, rows = attention_block_rows(n);
    struct block_case b = block_case_new(n, dk, stride);
    struct attention_head h = head(b.q + 1, b.k + 1, b.v + 1, b.out + 1, b.w, b.mx, b.sm,
                                   n, dk, stride, scale, causal);
    /* table[n - 1 + j - i] */
    float *table = malloc((2 * n - 1) * sizeof *table);
    for (size_t k = 0; k < 2 * n - 1; k++)
        table[k] = (float)(-slope * fabs((double)k - (double)(n - 1)));
    if (slope > 0.0)
        h.bias = table;
    for (size_t i0 = 0; i0 < n; i0 += rows)
        attention_block(&h, i0, n - i0 < rows ? n - i0 : rows);
    double *s = malloc(n * sizeof *s), *w = malloc(n * sizeof *w);
    for (size_t i = 0; i < n; i++) {
        size_t live = causal ? i + 1 : n;
        double max = -INFINITY, sum = 0.0;
        for (size_t j = 0; j < n; j++) {
            double dot = 0.0;
            for (size_t c = 1; c <= dk; c++)
                dot += (double)b.q[i * stride + c] * b.k[j * stride + c];
            s[j] = scale ? dot / sqrt((double)dk) : dot;
            s[j] -= slope * fabs((double)i - (double)j);
            if (j < live)
                max = fmax(max, s[j]);
        }
        for (size_t j = 0; j < live; j++)
            sum += exp(s[j] - max);
        assert_true(fabs(b.mx[i] - max) <= 1e-5 * fmax(1.0, fabs(max)));
        assert_true(fabs(b.sm[i] - sum) <= 1e-5 * sum);
        for (size_t j = 0; j < n; j++) {
            w[j] = j < live ? exp(s[j] - max) / sum : 0.0;
            if (j >= live)
                assert_true(b.w[i * n + j] == 0.0f);   /* exactly */
            assert_true(fabs(b.w[i * n + j] - w[j]) < 1e-5);
        }
        for (size_t c = 1; c <= dk; c++) {
            double o = 0.0;
            for (size_t j = 0; j < n; j++)
                o += w[j] * b.v[j * stride + c];
            assert_true(fabs(b.out[i * stride + c] - o) < 1e-5);
        }
        /* columns outside the head are left alone */
        assert_true(b.out[i * stride] == -9.0f && b.out[i * stride + dk + 1] == -9.0f);
    }
    free(s);
    free(w);
    free(table);
    block_case_free(&b);
}

static void check_head(size_t n, size_t dk, bool scale, bool causal)
{
    check_biased_head(n, dk, scale, causal, 0.0);
}

static void a_head_matches_double(void **state)
{
    (void)state;
    check_head(N, 3, true, false);
    check_head(N, 4, false, false);
    check_head(300, 16, true, false);   /* several blocks, the last one short */
}

static void causal_heads_match_double_with_exact_zeros(void **state)
{
    (void)state;
    check_head(N, 3, true, true);
    check_head(300, 16, true, true);
}

/* ALiBi: the softmax runs over score - m |i - j|, on both sides of the
 * diagonal, and with the causal mask on the keys up to the query only. */
static void a_bias_by_distance_is_added_before_the_softmax(void **state)
{
    (void)state;
    check_biased_head(N, 3, true, false, 0.5);
    check_biased_head(N, 4, false, true, 0.25);
    check_biased_head(300, 16, true, false, 1.0 / 256.0);  /* several blocks */
    check_biased_head(300, 16, true, true, 0.0625);
}

/* A large slope makes the row's own key win: bias 0 there, -40 and less
 * elsewhere. The scores stay within ±8/√2 here (|q|, |k| <= 2, d_k = 2,
 * scaled), so every other weight is below e^(11.4 - 40) < 1e-12. */
static void a_steep_bias_puts_the_weight_on_the_diagonal(void **state)
{
    (void)state;
    struct block_case b = block_case_new(N, 2, 2);
    float table[2 * N - 1];
    for (size_t k = 0; k < 2 * N - 1; k++)
        table[k] = -40.0f * (float)(k < N - 1 ? N - 1 - k : k - (N - 1));
    struct attention_head h = head(b.q, b.k, b.v, b.out, b.w, b.mx, b.sm, N, 2, 2, true, false);
    h.bias = table;
    attention_block(&h, 0, N);
    for (size_t i = 0; i < N; i++)
        for (size_t j = 0; j < N; j++)
            assert_true(i == j ? b.w[i * N + j] > 0.999f : b.w[i * N + j] < 1e-10f);
    block_case_free(&b);
}

static void causal_row_zero_puts_all_weight_on_itself(void **state)
{
    (void)state;
    struct block_case b = block_case_new(N, 2, 2);
    b.k[1 * 2] = 1e30f;   /* key 1 is masked for row 0: must not matter */
    struct attention_head h = head(b.q, b.k, b.v, b.out, b.w, b.mx, b.sm, N, 2, 2, true, true);
    attention_block(&h, 0, 1);
    assert_true(b.w[0] == 1.0f && b.sm[0] == 1.0f);
    for (size_t j = 1; j < N; j++)
        assert_true(b.w[j] == 0.0f);
    assert_true(b.out[0] == b.v[0] && b.out[1] == b.v[1]);
    block_case_free(&b);
}

static void blocks_are_at_most_8_mib_and_a_quarter_of_the_rows(void **state)
{
    (void)state;
    for (size_t n = 1; n <= 8192; n = n * 3 / 2 + 1) {
        size_t rows = attention_block_rows(n);
        assert_true(rows % 16 == 0 && rows >= 16 && rows <= 512);
        assert_true(rows * n <= (1u << 21));
        assert_true(rows == 16 || rows <= (n / 4 + 15) / 16 * 16);
        assert_int_equal(attention_block_cols(n, 32, rows, false), n);
        assert_int_equal(attention_block_cols(n, 32, rows, true), 32 + rows);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(scores_are_dot_products_over_sqrt_dk),
        cmocka_unit_test(unscaled_scores_are_sqrt_dk_times_the_scaled_ones),
        cmocka_unit_test(scores_read_a_head_and_a_key_range_through_the_row_stride),
        cmocka_unit_test(softmax_rows_match_the_formula),
        cmocka_unit_test(long_rows_match_the_formula),
        cmocka_unit_test(the_exponential_is_accurate_down_to_underflow),
        cmocka_unit_test(softmax_of_huge_scores_has_no_nan),
        cmocka_unit_test(softmax_of_tiny_scores_has_no_nan),
        cmocka_unit_test(softmax_of_equal_scores_is_uniform),
        cmocka_unit_test(a_head_matches_double),
        cmocka_unit_test(causal_heads_match_double_with_exact_zeros),
        cmocka_unit_test(a_bias_by_distance_is_added_before_the_softmax),
        cmocka_unit_test(a_steep_bias_puts_the_weight_on_the_diagonal),
        cmocka_unit_test(causal_row_zero_puts_all_weight_on_itself),
        cmocka_unit_test(blocks_are_at_most_8_mib_and_a_quarter_of_the_rows),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
