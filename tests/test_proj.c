/* test_proj.c - W_Q, W_K, W_V and the projection products, against the
 * documented formula and float64 products worked out here. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "attnviz/proj.h"
#include "attnviz/rng.h"

static uint64_t ref_mix(uint64_t z)
{
    z = (z ^ (z >> 30)) * UINT64_C(0xBF58476D1CE4E5B9);
    z = (z ^ (z >> 27)) * UINT64_C(0x94D049BB133111EB);
    return z ^ (z >> 31);
}

/* rng_uniform(seed, domain, 0, index) from rng.c's definition */
static double ref_uniform(uint64_t seed, uint64_t domain, uint64_t index)
{
    uint64_t z = ref_mix(seed ^ ref_mix(domain * UINT64_C(0x9E3779B97F4A7C15))
                         ^ ref_mix(index + UINT64_C(0x632BE59BD9B4E019)));
    return ((double)(z >> 40) - 8388608.0) / 8388608.0;
}

static void kind_names_are_the_session_words(void **state)
{
    (void)state;
    assert_string_equal(proj_kind_name(PROJ_IDENTITY), "identity");
    assert_string_equal(proj_kind_name(PROJ_RANDOM), "random");
    assert_string_equal(proj_kind_name((enum proj_kind)9), "?");
}

static void weights_follow_the_documented_formula(void **state)
{
    (void)state;
    static const size_t dims[] = { 1, 5, 64 };
    static const int domains[] = { RNG_W_Q, RNG_W_K, RNG_W_V };
    for (size_t di = 0; di < 3; di++) {
        size_t d = dims[di];
        float *w = malloc(d * d * sizeof *w);
        for (size_t t = 0; t < 3; t++) {
            proj_random_weights(w, d, 77, domains[t]);
            for (size_t i = 0; i < d * d; i++) {
                float want = (float)(ref_uniform(77, (uint64_t)domains[t], i)
                                     * sqrt(3.0 / (double)d));
                assert_memory_equal(&w[i], &want, sizeof want);
            }
        }
        free(w);
    }
}

static void weights_have_variance_one_over_d(void **state)
{
    (void)state;
    size_t d = 256;
    float *w = malloc(d * d * sizeof *w);
    proj_random_weights(w, d, 3, RNG_W_Q);
    double sum = 0.0, sq = 0.0, bound = sqrt(3.0 / (double)d);
    for (size_t i = 0; i < d * d; i++) {
        assert_true(fabs(w[i]) <= bound);
        sum += w[i];
        sq += (double)w[i] * w[i];
    }
    double mean = sum / (double)(d * d), var = sq / (double)(d * d) - mean * mean;
    assert_true(fabs(mean) < 0.01 * bound);
    assert_true(fabs(var * (double)d - 1.0) < 0.02);
    free(w);
}

static void a_block_of_rows_is_those_rows_of_the_matrix(void **state)
{
    (void)state;
    size_t d = 9;
    float full[81], rows[4 * 9];
    proj_random_weights(full, d, 11, RNG_W_V);
    proj_random_rows(rows, d, 11, RNG_W_V, 3, 4);
    assert_memory_equal(rows, full + 3 * d, sizeof rows);
}

/* x[rows][d] . w[d][d] in double, column by column, for columns [c0, c0+cols) */
static void check_block(size_t rows, size_t d, size_t c0, size_t cols)
{
    float *x = malloc(rows * d * sizeof *x), *w = malloc(d * d * sizeof *w),
          *out = malloc(rows * d * sizeof *out);
    for (size_t i = 0; i < rows * d; i++)
        x[i] = (float)sin(0.7 * (double)i);
    proj_random_weights(w, d, 5, RNG_W_Q);
    for (size_t i = 0; i < rows * d; i++)
        out[i] = -9.0f;
    proj_block(out, x, w, rows, d, c0, cols);
    for (size_t i = 0; i < rows; i++)
        for (size_t c = 0; c < d; c++) {
            if (c < c0 || c >= c0 + cols) {
                assert_true(out[i * d + c] == -9.0f);   /* left alone */
                continue;
            }
            double acc = 0.0, mag = 0.0;
            for (size_t r = 0; r < d; r++) {
                acc += (double)x[i * d + r] * w[r * d + c];
                mag += fabs((double)x[i * d + r] * w[r * d + c]);
            }
            /* float32 sums: within d rounding errors of the sum of |terms| */
            assert_true(fabs(out[i * d + c] - acc) <= 1e-7 * (double)d * mag + 1e-30);
            assert_true(fabs(out[i * d + c] - acc) < 1e-5);
        }
    free(x);
    free(w);
    free(out);
}

static void blocks_are_x_times_w_in_float(void **state)
{
    (void)state;
    check_block(7, 12, 0, 12);
    check_block(64, 300, 0, 150);
    check_block(64, 300, 150, 150);
    check_block(3, 512, 100, 17);
}

static void block_sizes_are_functions_of_the_size_alone(void **state)
{
    (void)state;
    assert_int_equal(proj_block_rows(1), PROJ_MIN_ROWS);
    assert_int_equal(proj_block_rows(256), PROJ_MIN_ROWS);
    assert_int_equal(proj_block_rows(257), 2 * PROJ_MIN_ROWS);
    assert_int_equal(proj_col_blocks(64, 512), 2);
    assert_int_equal(proj_col_blocks(64, 64), 1);
    assert_int_equal(proj_col_blocks(4096, 512), 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(kind_names_are_the_session_words),
        cmocka_unit_test(weights_follow_the_documented_formula),
        cmocka_unit_test(weights_have_variance_one_over_d),
        cmocka_unit_test(a_block_of_rows_is_those_rows_of_the_matrix),
        cmocka_unit_test(blocks_are_x_times_w_in_float),
        cmocka_unit_test(block_sizes_are_functions_of_the_size_alone),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
