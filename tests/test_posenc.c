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
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
