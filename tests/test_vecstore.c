/* test_vecstore.c - vectors by key: set, replace, get, order, clone. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "attnviz/vecstore.h"

static void a_missing_key_has_no_vector(void **state)
{
    (void)state;
    struct vecstore *s = vecstore_new();
    size_t len = 42;
    assert_null(vecstore_get(s, "cats", &len));
    assert_int_equal(len, 42);
    assert_int_equal(vecstore_count(s), 0);
    vecstore_free(s);
}

static void set_stores_a_copy_of_the_values(void **state)
{
    (void)state;
    struct vecstore *s = vecstore_new();
    float v[3] = { 0.1f, 0.3f, 0.5f };
    assert_int_equal(vecstore_set(s, "I", v, 3), 0);
    v[0] = 9.0f;
    size_t len = 0;
    const float *got = vecstore_get(s, "I", &len);
    assert_non_null(got);
    assert_int_equal(len, 3);
    assert_true(got[0] == 0.1f && got[1] == 0.3f && got[2] == 0.5f);
    vecstore_free(s);
}

static void setting_a_key_again_replaces_the_whole_vector(void **state)
{
    (void)state;
    struct vecstore *s = vecstore_new();
    const float a[4] = { 1, 2, 3, 4 }, b[2] = { -1, -2 };
    assert_int_equal(vecstore_set(s, "k", a, 4), 0);
    assert_int_equal(vecstore_set(s, "k", b, 2), 0);
    size_t len = 0;
    const float *got = vecstore_get(s, "k", &len);
    assert_int_equal(len, 2);
    assert_true(got[0] == -1.0f && got[1] == -2.0f);
    assert_int_equal(vecstore_count(s), 1);
    vecstore_free(s);
}

static void keys_are_listed_in_insertion_order_even_after_a_replace(void **state)
{
    (void)state;
    struct vecstore *s = vecstore_new();
    const float one = 1, two = 2, three = 3;
    vecstore_set(s, "2", &one, 1);
    vecstore_set(s, "0", &two, 1);
    vecstore_set(s, "1", &three, 1);
    vecstore_set(s, "2", &three, 1);
    static const char *const keys[] = { "2", "0", "1" };
    static const float vals[] = { 3, 2, 3 };
    assert_int_equal(vecstore_count(s), 3);
    for (size_t i = 0; i < 3; i++) {
        const float *v = NULL;
        size_t len = 0;
        assert_string_equal(vecstore_key_at(s, i, &v, &len), keys[i]);
        assert_int_equal(len, 1);
        assert_true(v[0] == vals[i]);
    }
    const float *v = NULL;
    size_t len = 0;
    assert_null(vecstore_key_at(s, 3, &v, &len));
    vecstore_free(s);
}

static void an_empty_vector_can_be_stored(void **state)
{
    (void)state;
    struct vecstore *s = vecstore_new();
    assert_int_equal(vecstore_set(s, "e", NULL, 0), 0);
    size_t len = 9;
    assert_non_null(vecstore_get(s, "e", &len));
    assert_int_equal(len, 0);
    vecstore_free(s);
}

static void copy_prefix_copies_at_most_d_values(void **state)
{
    (void)state;
    struct vecstore *s = vecstore_new();
    const float v[4] = { 1, 2, 3, 4 };
    vecstore_set(s, "k", v, 4);
    float out[6] = { 0 };
    assert_int_equal(vecstore_copy_prefix(s, "k", out, 2), 2);
    assert_true(out[0] == 1.0f && out[1] == 2.0f && out[2] == 0.0f);
    assert_int_equal(vecstore_copy_prefix(s, "k", out, 6), 4);
    assert_true(out[3] == 4.0f && out[4] == 0.0f);
    vecstore_free(s);
}

static void copy_prefix_of_a_missing_key_or_no_store_copies_nothing(void **state)
{
    (void)state;
    struct vecstore *s = vecstore_new();
    float out[1] = { 7 };
    assert_int_equal(vecstore_copy_prefix(s, "k", out, 1), 0);
    assert_int_equal(vecstore_copy_prefix(NULL, "k", out, 1), 0);
    assert_true(out[0] == 7.0f);
    vecstore_free(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(a_missing_key_has_no_vector),
        cmocka_unit_test(set_stores_a_copy_of_the_values),
        cmocka_unit_test(setting_a_key_again_replaces_the_whole_vector),
        cmocka_unit_test(keys_are_listed_in_insertion_order_even_after_a_replace),
        cmocka_unit_test(an_empty_vector_can_be_stored),
        cmocka_unit_test(copy_prefix_copies_at_most_d_values),
        cmocka_unit_test(copy_prefix_of_a_missing_key_or_no_store_copies_nothing),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
