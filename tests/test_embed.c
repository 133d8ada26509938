/* test_embed.c - default embeddings (the documented rng formula), prefix
 * stability and overrides. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "attnviz/embed.h"
#include "attnviz/rng.h"
#include "attnviz/vecstore.h"
#include "attnviz/vectable.h"

/* The formula of rng.c's comment, written out again here so the test checks
 * the code against the documentation rather than against itself. */
static uint64_t doc_mix(uint64_t z)
{
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9u;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBu;
    return z ^ (z >> 31);
}

static double doc_uniform(uint64_t seed, uint64_t domain, const char *key,
                          uint64_t index)
{
    uint64_t h = 0xCBF29CE484222325u;
    for (const unsigned char *p = (const unsigned char *)key; *p; p++)
        h = (h ^ *p) * 0x100000001B3u;
    uint64_t z = doc_mix(seed ^ doc_mix(h ^ (domain * 0x9E3779B97F4A7C15u))
                         ^ doc_mix(index + 0x632BE59BD9B4E019u));
    return (double)(z >> 40) / 8388608.0 - 1.0;
}

/* Component c of the default embedding of a token (embed.h). */
static float default_component(uint64_t seed, const char *text, size_t len, size_t c)
{
    return rng_uniform(seed, RNG_EMBEDDING, rng_hash_bytes(text, len), c);
}

static void fnv1a_matches_the_published_test_vectors(void **state)
{
    (void)state;
    assert_true(rng_hash_bytes("", 0) == 0xCBF29CE484222325u);
    assert_true(rng_hash_bytes("a", 1) == 0xAF63DC4C8601EC8Cu);
    assert_true(rng_hash_bytes("foobar", 6) == 0x85944171F73967E8u);
}

static void default_embedding_follows_the_documented_formula(void **state)
{
    (void)state;
    static const char *const words[] = { "I", "love", "cats", "\xE7\x8C\xAB", "" };
    float got[40];
    for (size_t w = 0; w < 5; w++) {
        embed_fill(got, 1, 40, 7, &words[w], NULL, NULL);
        for (size_t c = 0; c < 40; c++)
            assert_true((double)got[c] == doc_uniform(7, RNG_EMBEDDING, words[w], c));
    }
}

static void values_lie_in_minus_one_to_one_on_a_24_bit_grid(void **state)
{
    (void)state;
    double lo = 1, hi = -1;
    for (size_t c = 0; c < 4096; c++) {
        double x = default_component(1, "grid", 4, c);
        assert_true(x >= -1.0 && x < 1.0);
        double scaled = x * 8388608.0;
        assert_true(scaled == (double)(int64_t)scaled);
        lo = x < lo ? x : lo;
        hi = x > hi ? x : hi;
    }
    /* 4096 draws cover the range */
    assert_true(lo < -0.9 && hi > 0.9);
}

static void default_embedding_is_deterministic(void **state)
{
    (void)state;
    const char *tokens[] = { "I", "love", "cats" };
    float a[3 * 8], b[3 * 8];
    embed_fill(a, 3, 8, 42, tokens, NULL, NULL);
    embed_fill(b, 3, 8, 42, tokens, NULL, NULL);
    assert_memory_equal(a, b, sizeof a);
    for (size_t i = 0; i < 3; i++)
        for (size_t c = 0; c < 8; c++)
            assert_true(a[i * 8 + c] == default_component(42, tokens[i], strlen(tokens[i]), c));
}

static void different_seeds_give_different_embeddings(void **state)
{
    (void)state;
    size_t same = 0;
    for (size_t c = 0; c < 64; c++)
        same += default_component(1, "cats", 4, c) == default_component(2, "cats", 4, c);
    assert_true(same < 4);
}

static void different_tokens_get_different_embeddings(void **state)
{
    (void)state;
    size_t same = 0;
    for (size_t c = 0; c < 64; c++)
        same += default_component(1, "cats", 4, c) == default_component(1, "Cats", 4, c);
    assert_true(same < 4);
}

static void the_same_token_twice_gets_the_same_row(void **state)
{
    (void)state;
    const char *tokens[] = { "the", "cat", "the" };
    float e[3 * 5];
    embed_fill(e, 3, 5, 3, tokens, NULL, NULL);
    assert_memory_equal(e, e + 10, 5 * sizeof *e);
}

static void growing_d_keeps_the_old_components(void **state)
{
    (void)state;
    const char *tokens[] = { "I", "love", "cats" };
    float small[3 * 3], big[3 * 16];
    embed_fill(small, 3, 3, 9, tokens, NULL, NULL);
    embed_fill(big, 3, 16, 9, tokens, NULL, NULL);
    for (size_t i = 0; i < 3; i++)
        assert_memory_equal(small + i * 3, big + i * 16, 3 * sizeof *small);
}

static void override_covers_its_prefix_and_defaults_fill_the_rest(void **state)
{
    (void)state;
    struct vecstore *ov = vecstore_new();
    const float love[3] = { 0.2f, 0.4f, 0.6f };
    vecstore_set(ov, "love", love, 3);
    const char *tokens[] = { "I", "love", "cats" };
    float e[3 * 6];
    embed_fill(e, 3, 6, 5, tokens, ov, NULL);
    assert_memory_equal(e + 6, love, sizeof love);
    for (size_t c = 3; c < 6; c++)
        assert_true(e[6 + c] == default_component(5, "love", 4, c));
    /* tokens without an override keep their defaults */
    for (size_t c = 0; c < 6; c++) {
        assert_true(e[c] == default_component(5, "I", 1, c));
        assert_true(e[12 + c] == default_component(5, "cats", 4, c));
    }
    vecstore_free(ov);
}

static void shrinking_keeps_stored_values_so_growing_back_restores_them(void **state)
{
    (void)state;
    struct vecstore *ov = vecstore_new();
    const float v[5] = { 1, 2, 3, 4, 5 };
    vecstore_set(ov, "cats", v, 5);
    const char *tokens[] = { "cats" };
    float e[8];
    embed_fill(e, 1, 2, 0, tokens, ov, NULL);
    assert_true(e[0] == 1.0f && e[1] == 2.0f);
    embed_fill(e, 1, 5, 0, tokens, ov, NULL);
    assert_memory_equal(e, v, sizeof v);
    embed_fill(e, 1, 8, 0, tokens, ov, NULL);
    assert_memory_equal(e, v, sizeof v);
    for (size_t c = 5; c < 8; c++)
        assert_true(e[c] == default_component(0, "cats", 4, c));
    vecstore_free(ov);
}

/* A table of 4-component vectors for "cat" and "dog". */
static struct vectable *cat_dog_table(void)
{
    static const float cat[4] = { 0.5f, -0.25f, 1, 2 }, dog[4] = { 3, 4, 5, 6 };
    struct vectable *t = vectable_new(4, 0);
    bool dup;
    assert_non_null(t);
    assert_int_equal(vectable_add(t, "cat", 3, cat, &dup), 0);
    assert_int_equal(vectable_add(t, "dog", 3, dog, &dup), 0);
    return t;
}

static void word_vectors_give_their_prefix_and_the_default_the_rest(void **state)
{
    (void)state;
    struct vectable *t = cat_dog_table();
    const char *tokens[] = { "cat", "zebra" };
    float e[2 * 6], small[2 * 3];
    embed_fill(e, 2, 6, 5, tokens, NULL, t);
    const float cat[4] = { 0.5f, -0.25f, 1, 2 };
    assert_memory_equal(e, cat, sizeof cat);
    /* past the file's dimension, and for a word not in it: the default */
    for (size_t c = 4; c < 6; c++)
        assert_true(e[c] == default_component(5, "cat", 3, c));
    for (size_t c = 0; c < 6; c++)
        assert_true(e[6 + c] == default_component(5, "zebra", 5, c));
    /* a smaller d_model takes the first components */
    embed_fill(small, 2, 3, 5, tokens, NULL, t);
    assert_memory_equal(small, cat, 3 * sizeof *small);
    assert_memory_equal(small + 3, e + 6, 3 * sizeof *small);
    vectable_free(t);
}

static void an_override_comes_before_the_word_vectors(void **state)
{
    (void)state;
    struct vectable *t = cat_dog_table();
    struct vecstore *ov = vecstore_new();
    const float two[2] = { 9, 8 };
    vecstore_set(ov, "dog", two, 2);
    const char *tokens[] = { "dog" };
    float e[6];
    embed_fill(e, 1, 6, 1, tokens, ov, t);
    /* the override's two, the file's components 2 and 3, the default */
    assert_true(e[0] == 9 && e[1] == 8 && e[2] == 5 && e[3] == 6);
    assert_true(e[4] == default_component(1, "dog", 3, 4));
    vecstore_free(ov);
    vectable_free(t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(fnv1a_matches_the_published_test_vectors),
        cmocka_unit_test(default_embedding_follows_the_documented_formula),
        cmocka_unit_test(values_lie_in_minus_one_to_one_on_a_24_bit_grid),
        cmocka_unit_test(default_embedding_is_deterministic),
        cmocka_unit_test(different_seeds_give_different_embeddings),
        cmocka_unit_test(different_tokens_get_different_embeddings),
        cmocka_unit_test(the_same_token_twice_gets_the_same_row),
        cmocka_unit_test(growing_d_keeps_the_old_components),
        cmocka_unit_test(override_covers_its_prefix_and_defaults_fill_the_rest),
        cmocka_unit_test(shrinking_keeps_stored_values_so_growing_back_restores_them),
        cmocka_unit_test(word_vectors_give_their_prefix_and_the_default_the_rest),
        cmocka_unit_test(an_override_comes_before_the_word_vectors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
