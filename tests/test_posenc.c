/* test_posenc.c - every positional encoding against its definition. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <string.h>

#include "attnviz/posenc.h"
#include "attnviz/rng.h"
#include "attnviz/vecstore.h"

#define N 64
#define D 9

/* PE[pos][2i] = sin(pos / 10000^(2i/d)), PE[pos][2i+1] = cos(same). */
static double sinusoid(size_t pos, size_t comp, size_t d)
{
    size_t two_i = comp - comp % 2;
    double angle = (double)pos / pow(10000.0, (double)two_i / (double)d);
    return comp % 2 ? cos(angle) : sin(angle);
}

static void check_sinusoidal(size_t n, size_t d)
{
    float pe[N * D];
    posenc_sinusoidal(pe, n, d);
    for (size_t pos = 0; pos < n; pos++)
        for (size_t c = 0; c < d; c++)
            assert_true(fabs(pe[pos * d + c] - sinusoid(pos, c, d)) < 1e-7);
}

static void sinusoidal_matches_the_formula_for_even_d(void **state)
{
    (void)state;
    check_sinusoidal(N, 8);
    check_sinusoidal(N, 2);
}

static void sinusoidal_with_odd_d_ends_in_a_sine(void **state)
{
    (void)state;
    check_sinusoidal(N, 9);
    float pe[N * 5];
    posenc_sinusoidal(pe, N, 5);
    /* the last component, index 4 = 2i with i = 2 */
    for (size_t pos = 0; pos < N; pos++)
        assert_true(fabs(pe[pos * 5 + 4] - sin((double)pos / pow(10000.0, 4.0 / 5.0))) < 1e-7);
}

static void sinusoidal_with_d_one_is_sin_of_the_position(void **state)
{
    (void)state;
    float pe[N];
    posenc_sinusoidal(pe, N, 1);
    for (size_t pos = 0; pos < N; pos++)
        assert_true(fabs(pe[pos] - sin((double)pos)) < 1e-7);
}

static void sinusoidal_row_zero_is_zero_one_zero_one(void **state)
{
    (void)state;
    float pe[3 * 7];
    posenc_sinusoidal(pe, 3, 7);
    static const float row0[7] = { 0, 1, 0, 1, 0, 1, 0 };
    assert_memory_equal(pe, row0, sizeof row0);
}

static void learned_pe_is_the_seeded_table_at_half_scale(void **state)
{
    (void)state;
    float pe[N * D];
    posenc_learned(pe, N, D, 11);
    for (size_t pos = 0; pos < N; pos++) {
        /* position as 8 little-endian bytes */
        unsigned char key[8] = { (unsigned char)pos, (unsigned char)(pos >> 8) };
        uint64_t h = rng_hash_bytes(key, 8);
        for (size_t c = 0; c < D; c++) {
            float want = rng_uniform(11, RNG_PE_LEARNED, h, c);
            assert_true((double)pe[pos * D + c] == 0.5 * want);
            assert_true(fabs(pe[pos * D + c]) <= 0.5);
        }
    }
}

static void learned_pe_is_deterministic_and_depends_on_the_seed(void **state)
{
    (void)state;
    float a[N * D], b[N * D], c[N * D];
    posenc_learned(a, N, D, 1);
    posenc_learned(b, N, D, 1);
    posenc_learned(c, N, D, 2);
    assert_memory_equal(a, b, sizeof a);
    size_t same = 0;
    for (size_t i = 0; i < N * D; i++)
        same += a[i] == c[i];
    assert_true(same < N * D / 50);
}

static void learned_pe_keeps_its_values_when_n_and_d_grow(void **state)
{
    (void)state;
    float small[4 * 3], big[N * D];
    posenc_learned(small, 4, 3, 5);
    posenc_learned(big, N, D, 5);
    for (size_t pos = 0; pos < 4; pos++)
        assert_memory_equal(small + pos * 3, big + pos * D, 3 * sizeof *small);
}

static void table_rows_never_set_are_zero(void **state)
{
    (void)state;
    struct vecstore *rows = vecstore_new();
    const float r1[3] = { 0.1f, 0.0f, 0.1f };
    vecstore_set(rows, "1", r1, 3);
    float pe[4 * 3];
    memset(pe, 0x7f, sizeof pe);
    posenc_table(pe, 4, 3, rows);
    for (size_t pos = 0; pos < 4; pos++)
        for (size_t c = 0; c < 3; c++)
            assert_true(pe[pos * 3 + c] == (pos == 1 ? r1[c] : 0.0f));
    vecstore_free(rows);
}

static void table_rows_are_cut_to_d_or_padded_with_zeros(void **state)
{
    (void)state;
    struct vecstore *rows = vecstore_new();
    const float longer[5] = { 1, 2, 3, 4, 5 }, shorter[1] = { 7 };
    vecstore_set(rows, "0", longer, 5);
    vecstore_set(rows, "2", shorter, 1);
    float pe[3 * 3];
    posenc_table(pe, 3, 3, rows);
    static const float want[9] = { 1, 2, 3, 0, 0, 0, 7, 0, 0 };
    assert_memory_equal(pe, want, sizeof want);
    vecstore_free(rows);
}

static void table_without_rows_is_all_zero(void **state)
{
    (void)state;
    float pe[4 * 2], zero[4 * 2] = { 0 };
    memset(pe, 0x7f, sizeof pe);
    posenc_table(pe, 4, 2, NULL);
    assert_memory_equal(pe, zero, sizeof pe);
}

static void none_writes_zeros(void **state)
{
    (void)state;
    float pe[N * D], zero[N * D] = { 0 };
    memset(pe, 0x7f, sizeof pe);
    posenc_fill(pe, N, D, PE_NONE, 3, NULL);
    assert_memory_equal(pe, zero, sizeof pe);
}

static void fill_gives_the_same_numbers_as_each_kind(void **state)
{
    (void)state;
    struct vecstore *rows = vecstore_new();
    const float r[2] = { 3, 4 };
    vecstore_set(rows, "3", r, 2);
    float a[N * D], b[N * D];
    posenc_fill(a, N, D, PE_SINUSOIDAL, 3, rows);
    posenc_sinusoidal(b, N, D);
    assert_memory_equal(a, b, sizeof a);
    posenc_fill(a, N, D, PE_LEARNED, 3, rows);
    posenc_learned(b, N, D, 3);
    assert_memory_equal(a, b, sizeof a);
    posenc_fill(a, N, D, PE_TABLE, 3, rows);
    posenc_table(b, N, D, rows);
    assert_memory_equal(a, b, sizeof a);
    vecstore_free(rows);
}

static void every_kind_has_its_session_language_name(void **state)
{
    (void)state;
    assert_string_equal(pe_kind_name(PE_NONE), "none");
    assert_string_equal(pe_kind_name(PE_SINUSOIDAL), "sinusoidal");
    assert_string_equal(pe_kind_name(PE_LEARNED), "learned");
    assert_string_equal(pe_kind_name(PE_TABLE), "table");
    assert_string_equal(pe_kind_name(PE_ROPE), "rope");
    assert_string_equal(pe_kind_name(PE_ALIBI), "alibi");
    assert_int_equal(PE_COUNT, 6);
    assert_null(pe_kind_names[PE_COUNT]);
    assert_string_equal(pe_kind_name(PE_COUNT), "?");
}

/* rope and alibi add nothing to the embeddings. */
static void rope_and_alibi_write_zeros(void **state)
{
    (void)state;
    float pe[N * D], zero[N * D] = { 0 };
    memset(pe, 0x7f, sizeof pe);
    posenc_fill(pe, N, D, PE_ROPE, 3, NULL);
    assert_memory_equal(pe, zero, sizeof pe);
    memset(pe, 0x7f, sizeof pe);
    posenc_fill_rows(pe, 40, N, D, PE_ALIBI, 3, NULL);
    assert_memory_equal(pe, zero, sizeof pe);
}

/* ---- RoPE --------------------------------------------------------------- */

/* theta_i = 10000^(-2i/d_k): d_k = 8 gives 1, 1/10, 1/100, 1/1000; d_k = 4
 * gives 1, 1/100; d_k = 5 gives 1, 10000^-0.4, 10000^-0.8. */
static void rope_angles_are_pos_times_ten_thousand_to_minus_2i_over_d_k(void **state)
{
    (void)state;
    static const double dk8[4] = { 1.0, 0.1, 0.01, 0.001 };
    for (size_t i = 0; i < 4; i++)
        for (size_t pos = 0; pos < 100; pos += 7) {
            double want = (double)pos * dk8[i];
            assert_true(fabs(posenc_rope_angle(pos, i, 8) - want) <= 1e-15 * fmax(1.0, want));
        }
    assert_true(fabs(posenc_rope_theta(1, 4) - 0.01) < 1e-17);
    assert_true(fabs(posenc_rope_theta(1, 5) - 0.025118864315095794) < 1e-16);
    assert_true(fabs(posenc_rope_theta(2, 5) - 6.309573444801929e-4) < 1e-18);
    assert_true(posenc_rope_theta(0, 64) == 1.0);
    /* position 8191, the last there is, pair 0: 8191 radians */
    assert_true(posenc_rope_angle(8191, 0, 64) == 8191.0);
}

/* (a, b) rotated by angle t, in double: the definition. */
static void rotate(double *a, double *b, double t)
{
    double x = *a, y = *b;
    *a = x * cos(t) - y * sin(t);
    *b = x * sin(t) + y * cos(t);
}

/* d = 10 as 2 heads of d_k = 5: pairs (0,1), (2,3) of each head rotated by
 * pos and pos * 10000^-0.4, the odd last component (4, 9) left alone; k
 * the same as q; the same angles for both heads. */
static void rope_rotates_each_pair_of_each_head_and_leaves_an_odd_last_one(void **state)
{
    (void)state;
    enum { R = 6, DD = 10, DK = 5 };
    const size_t first = 3;
    float q[R * DD], k[R * DD], q0[R * DD], k0[R * DD];
    for (size_t c = 0; c < R * DD; c++) {
        q0[c] = q[c] = (float)((double)((c * 37) % 23) / 11.0 - 1.0);
        k0[c] = k[c] = (float)((double)((c * 53) % 19) / 9.0 - 1.0);
    }
    posenc_rope(q, k, first, R, DD, DK);
    const double theta[2] = { 1.0, pow(10000.0, -0.4) };
    for (size_t r = 0; r < R; r++)
        for (size_t h = 0; h < 2; h++) {
            size_t c0 = r * DD + h * DK;
            for (size_t i = 0; i < 2; i++) {
                double angle = (double)(first + r) * theta[i];
                double qa = q0[c0 + 2 * i], qb = q0[c0 + 2 * i + 1];
                double ka = k0[c0 + 2 * i], kb = k0[c0 + 2 * i + 1];
                rotate(&qa, &qb, angle);
                rotate(&ka, &kb, angle);
                assert_true(fabs(q[c0 + 2 * i] - qa) < 1e-7);
                assert_true(fabs(q[c0 + 2 * i + 1] - qb) < 1e-7);
                assert_true(fabs(k[c0 + 2 * i] - ka) < 1e-7);
                assert_true(fabs(k[c0 + 2 * i + 1] - kb) < 1e-7);
            }
            assert_true(q[c0 + 4] == q0[c0 + 4] && k[c0 + 4] == k0[c0 + 4]);
        }
}

/* A rotation keeps the length of each pair; position 0 is no rotation at
 * all, bit for bit; k may be left out; d_k = 1 has nothing to rotate. */
static void rope_keeps_lengths_and_position_zero(void **state)
{
    (void)state;
    enum { R = 4, DD = 8 };
    float q[R * DD], q0[R * DD];
    for (size_t c = 0; c < R * DD; c++)
        q0[c] = q[c] = (float)(0.25 * (double)c - 3.0);
    posenc_rope(q, NULL, 0, R, DD, 8);
    assert_memory_equal(q, q0, DD * sizeof *q);          /* row 0: pos 0 */
    for (size_t c = DD; c < R * DD; c += 2) {
        double before = hypot(q0[c], q0[c + 1]), after = hypot(q[c], q[c + 1]);
        assert_true(fabs(after - before) <= 1e-6 * before);
    }
    memcpy(q, q0, sizeof q);
    posenc_rope(q, NULL, 5, R, DD, 1);
    assert_memory_equal(q, q0, sizeof q);
}

/* Each row alone: rows 0..99 in one call or row by row, the same bits
 * (what lets the model rotate any block of rows on any thread). */
static void rope_rows_do_not_depend_on_the_call_they_come_in(void **state)
{
    (void)state;
    enum { R = 100, DD = 12 };
    static float a[R * DD], b[R * DD];
    for (size_t c = 0; c < R * DD; c++)
        a[c] = b[c] = (float)sin(0.1 * (double)c);
    posenc_rope(a, NULL, 0, R, DD, 6);
    for (size_t r = 0; r < R; r++)
        posenc_rope(b + r * DD, NULL, r, 1, DD, 6);
    assert_memory_equal(a, b, sizeof a);
}

/* ---- ALiBi -------------------------------------------------------------- */

static void check_slopes(size_t heads, const double *want)
{
    for (size_t t = 0; t < heads; t++) {
        double got = posenc_alibi_slope(t, heads);
        if (fabs(got - want[t]) > 1e-15 * want[t])
            fail_msg("H = %zu, head %zu: slope %.17g, expected %.17g", heads, t, got, want[t]);
    }
}

/* The paper's slopes, written out from its rule: for H a power of two
 * 2^(-8/H), 2^(-16/H), ...; for H = 3 the 2 slopes of 2 heads, then the
 * first of the 4 of 4 heads; for 6 the 4 of 4, then the 1st and 3rd of
 * 8; for 12 the 8 of 8, then the 1st, 3rd, 5th and 7th of 16. */
static void alibi_slopes_follow_the_papers_rule(void **state)
{
    (void)state;
    static const double h1[] = { 1.0 / 256 };
    static const double h2[] = { 1.0 / 16, 1.0 / 256 };
    static const double h8[] = { 0.5, 0.25, 0.125, 0.0625, 1.0 / 32, 1.0 / 64,
                                 1.0 / 128, 1.0 / 256 };
    static const double h3[] = { 1.0 / 16, 1.0 / 256, 0.25 };
    static const double h6[] = { 0.25, 1.0 / 16, 1.0 / 64, 1.0 / 256, 0.5, 0.125 };
    static const double h12[] = { 0.5, 0.25, 0.125, 0.0625, 1.0 / 32, 1.0 / 64,
                                  1.0 / 128, 1.0 / 256,
                                  0.70710678118654752,    /* 2^-0.5 */
                                  0.35355339059327376,    /* 2^-1.5 */
                                  0.17677669529663688,    /* 2^-2.5 */
                                  0.088388347648318440 }; /* 2^-3.5 */
    check_slopes(1, h1);
    check_slopes(2, h2);
    check_slopes(8, h8);
    check_slopes(3, h3);
    check_slopes(6, h6);
    check_slopes(12, h12);
    /* the powers of two are exact */
    for (size_t t = 0; t < 8; t++)
        assert_true(posenc_alibi_slope(t, 8) == h8[t]);
}

/* The bias is -m |i - j| in double, rounded once to float. */
static void alibi_bias_is_minus_slope_times_distance(void **state)
{
    (void)state;
    assert_true(posenc_alibi_bias(0.25, 0) == 0.0f);
    assert_true(posenc_alibi_bias(0.25, 3) == -0.75f);
    assert_true(posenc_alibi_bias(1.0 / 256, 8191) == -8191.0f / 256.0f);
    double m = 0.70710678118654752;
    for (size_t dist = 0; dist < 9000; dist += 131)
        assert_true(posenc_alibi_bias(m, dist) == (float)(-m * (double)dist));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(sinusoidal_matches_the_formula_for_even_d),
        cmocka_unit_test(sinusoidal_with_odd_d_ends_in_a_sine),
        cmocka_unit_test(sinusoidal_with_d_one_is_sin_of_the_position),
        cmocka_unit_test(sinusoidal_row_zero_is_zero_one_zero_one),
        cmocka_unit_test(learned_pe_is_the_seeded_table_at_half_scale),
        cmocka_unit_test(learned_pe_is_deterministic_and_depends_on_the_seed),
        cmocka_unit_test(learned_pe_keeps_its_values_when_n_and_d_grow),
        cmocka_unit_test(table_rows_never_set_are_zero),
        cmocka_unit_test(table_rows_are_cut_to_d_or_padded_with_zeros),
        cmocka_unit_test(table_without_rows_is_all_zero),
        cmocka_unit_test(none_writes_zeros),
        cmocka_unit_test(fill_gives_the_same_numbers_as_each_kind),
        cmocka_unit_test(every_kind_has_its_session_language_name),
        cmocka_unit_test(rope_and_alibi_write_zeros),
        cmocka_unit_test(rope_angles_are_pos_times_ten_thousand_to_minus_2i_over_d_k),
        cmocka_unit_test(rope_rotates_each_pair_of_each_head_and_leaves_an_odd_last_one),
        cmocka_unit_test(rope_keeps_lengths_and_position_zero),
        cmocka_unit_test(rope_rows_do_not_depend_on_the_call_they_come_in),
        cmocka_unit_test(alibi_slopes_follow_the_papers_rule),
        cmocka_unit_test(alibi_bias_is_minus_slope_times_distance),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
