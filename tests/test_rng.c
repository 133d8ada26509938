/* test_rng.c - the seeded numbers, against the formula of rng.c worked out
 * here again from its definition (splitmix64 finaliser over FNV-1a). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "attnviz/rng.h"

static uint64_t ref_mix(uint64_t z)
{
    z = (z ^ (z >> 30)) * UINT64_C(0xBF58476D1CE4E5B9);
    z = (z ^ (z >> 27)) * UINT64_C(0x94D049BB133111EB);
    return z ^ (z >> 31);
}

static uint64_t ref_fnv1a(const char *s, size_t len)
{
    uint64_t h = UINT64_C(0xCBF29CE484222325);
    for (size_t i = 0; i < len; i++)
        h = (h ^ (unsigned char)s[i]) * UINT64_C(0x100000001B3);
    return h;
}

/* value = (bits - 2^23) / 2^23 with bits the top 24 bits of z, in double */
static double ref_uniform(uint64_t seed, uint64_t domain, uint64_t key, uint64_t index)
{
    uint64_t z = ref_mix(seed ^ ref_mix(key ^ (domain * UINT64_C(0x9E3779B97F4A7C15)))
                         ^ ref_mix(index + UINT64_C(0x632BE59BD9B4E019)));
    return ((double)(z >> 40) - 8388608.0) / 8388608.0;
}

static void fnv1a_matches_the_published_vectors(void **state)
{
    (void)state;
    assert_true(rng_hash_bytes("", 0) == UINT64_C(0xCBF29CE484222325));
    assert_true(rng_hash_bytes("a", 1) == UINT64_C(0xAF63DC4C8601EC8C));
    assert_true(rng_hash_bytes("foobar", 6) == UINT64_C(0x85944171F73967E8));
    assert_true(rng_hash_bytes("cats", 4) == ref_fnv1a("cats", 4));
}

static void uniform_is_the_documented_formula(void **state)
{
    (void)state;
    static const uint64_t seeds[] = { 0, 1, 42, UINT64_MAX };
    static const enum rng_domain domains[] = { RNG_EMBEDDING, RNG_PE_LEARNED, RNG_W_Q,
                                               RNG_W_K, RNG_W_V };
    for (size_t s = 0; s < 4; s++)
        for (size_t d = 0; d < 5; d++)
            for (uint64_t i = 0; i < 300; i += 7) {
                uint64_t key = ref_fnv1a("love", 4) + i * i;
                float v = rng_uniform(seeds[s], domains[d], key, i);
                assert_true((double)v == ref_uniform(seeds[s], (uint64_t)domains[d], key, i));
            }
}

static void values_are_24_bit_and_in_minus_one_to_one(void **state)
{
    (void)state;
    double lo = 1.0, hi = -1.0;
    for (uint64_t i = 0; i < 20000; i++) {
        float v = rng_uniform(7, RNG_EMBEDDING, 99, i);
        assert_true(v >= -1.0f && v < 1.0f);
        double scaled = (double)v * 8388608.0;
        assert_true(scaled == (double)(int64_t)scaled);   /* k / 2^23 exactly */
        lo = v < lo ? v : lo;
        hi = v > hi ? v : hi;
    }
    assert_true(lo < -0.99 && hi > 0.99);   /* the whole range is reached */
}

/* Counts with and without a tail of the eight-wide loop, and an output
 * that is not aligned to a vector. */
static void fill_gives_the_same_bits_as_one_at_a_time(void **state)
{
    (void)state;
    float got[258];
    static const uint64_t firsts[] = { 0, 1, 1000, UINT64_C(1) << 40, UINT64_MAX - 3 };
    static const size_t counts[] = { 256, 13, 7, 1 };
    for (size_t f = 0; f < sizeof firsts / sizeof firsts[0]; f++)
        for (size_t c = 0; c < sizeof counts / sizeof counts[0]; c++) {
            size_t count = counts[c];
            memset(got, 0, sizeof got);
            rng_uniform_fill(got + 1, count, 5, RNG_W_K, 12345, firsts[f]);
            for (size_t i = 0; i < count; i++) {
                float want = rng_uniform(5, RNG_W_K, 12345, firsts[f] + i);
                assert_memory_equal(&got[1 + i], &want, sizeof want);
            }
            assert_true(got[0] == 0.0f && got[1 + count] == 0.0f);   /* nothing outside */
        }
    rng_uniform_fill(got, 0, 5, RNG_W_K, 12345, 0);   /* count 0 writes nothing */
}

static void domains_and_seeds_give_different_tables(void **state)
{
    (void)state;
    size_t same_domain = 0, same_seed = 0;
    for (uint64_t i = 0; i < 1000; i++) {
        same_domain += rng_uniform(1, RNG_W_Q, 0, i) == rng_uniform(1, RNG_W_K, 0, i);
        same_seed += rng_uniform(1, RNG_W_Q, 0, i) == rng_uniform(2, RNG_W_Q, 0, i);
    }
    assert_true(same_domain < 5 && same_seed < 5);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(fnv1a_matches_the_published_vectors),
        cmocka_unit_test(uniform_is_the_documented_formula),
        cmocka_unit_test(values_are_24_bit_and_in_minus_one_to_one),
        cmocka_unit_test(fill_gives_the_same_bits_as_one_at_a_time),
        cmocka_unit_test(domains_and_seeds_give_different_tables),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
