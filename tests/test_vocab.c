/* test_vocab.c - ids by first appearance, kept for the session. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "attnviz/vocab.h"

static unsigned intern(struct vocab *v, const char *s)
{
    return vocab_intern(v, s, strlen(s));
}

static void ids_start_at_one_in_order_of_first_appearance(void **state)
{
    (void)state;
    struct vocab *v = vocab_new();
    assert_non_null(v);
    assert_int_equal(vocab_count(v), 0);
    assert_int_equal(intern(v, "I"), 1);
    assert_int_equal(intern(v, "love"), 2);
    assert_int_equal(intern(v, "cats"), 3);
    assert_int_equal(vocab_count(v), 3);
    vocab_free(v);
}

static void repeated_word_keeps_its_id(void **state)
{
    (void)state;
    struct vocab *v = vocab_new();
    assert_int_equal(intern(v, "the"), 1);
    assert_int_equal(intern(v, "cat"), 2);
    assert_int_equal(intern(v, "the"), 1);
    assert_int_equal(vocab_count(v), 2);
    /* a later sentence of the same session */
    assert_int_equal(intern(v, "dog"), 3);
    assert_int_equal(intern(v, "cat"), 2);
    vocab_free(v);
}

static void case_is_kept_so_capitals_get_their_own_id(void **state)
{
    (void)state;
    struct vocab *v = vocab_new();
    assert_int_equal(intern(v, "Cats"), 1);
    assert_int_equal(intern(v, "cats"), 2);
    assert_string_equal(vocab_text(v, 1), "Cats");
    assert_string_equal(vocab_text(v, 2), "cats");
    vocab_free(v);
}

static void find_never_adds(void **state)
{
    (void)state;
    struct vocab *v = vocab_new();
    assert_int_equal(vocab_find(v, "x", 1), 0);
    assert_int_equal(intern(v, "x"), 1);
    assert_int_equal(vocab_find(v, "x", 1), 1);
    assert_int_equal(vocab_find(v, "y", 1), 0);
    assert_int_equal(vocab_count(v), 1);
    vocab_free(v);
}

static void text_of_an_id_round_trips_and_unknown_ids_are_null(void **state)
{
    (void)state;
    struct vocab *v = vocab_new();
    intern(v, "\xE7\x8C\xAB");
    assert_string_equal(vocab_text(v, 1), "\xE7\x8C\xAB");
    assert_null(vocab_text(v, 0));
    assert_null(vocab_text(v, 2));
    vocab_free(v);
}

static void only_len_bytes_of_the_text_count(void **state)
{
    (void)state;
    struct vocab *v = vocab_new();
    assert_int_equal(vocab_intern(v, "cats", 3), 1);
    assert_string_equal(vocab_text(v, 1), "cat");
    assert_int_equal(intern(v, "cat"), 1);
    assert_int_equal(intern(v, "cats"), 2);
    vocab_free(v);
}

static void many_words_keep_their_ids_as_the_table_grows(void **state)
{
    (void)state;
    struct vocab *v = vocab_new();
    char word[32];
    for (unsigned i = 1; i <= 20000; i++) {
        snprintf(word, sizeof word, "w%u", i);
        assert_int_equal(intern(v, word), i);
    }
    for (unsigned i = 1; i <= 20000; i += 997) {
        snprintf(word, sizeof word, "w%u", i);
        assert_int_equal(vocab_find(v, word, strlen(word)), i);
        assert_string_equal(vocab_text(v, i), word);
    }
    assert_int_equal(vocab_count(v), 20000);
    vocab_free(v);
}

static void clone_is_independent_of_the_original(void **state)
{
    (void)state;
    struct vocab *v = vocab_new();
    intern(v, "a");
    intern(v, "b");
    struct vocab *c = vocab_clone(v);
    assert_non_null(c);
    assert_int_equal(intern(c, "c"), 3);
    assert_int_equal(vocab_count(v), 2);
    assert_int_equal(vocab_find(v, "c", 1), 0);
    assert_int_equal(intern(v, "d"), 3);
    assert_int_equal(vocab_find(c, "d", 1), 0);
    vocab_free(v);
    /* the clone owns its own texts */
    assert_string_equal(vocab_text(c, 1), "a");
    assert_int_equal(vocab_find(c, "b", 1), 2);
    vocab_free(c);
}

static void clone_of_an_empty_vocabulary_works(void **state)
{
    (void)state;
    struct vocab *v = vocab_new();
    struct vocab *c = vocab_clone(v);
    assert_non_null(c);
    assert_int_equal(vocab_find(c, "a", 1), 0);
    assert_int_equal(intern(c, "a"), 1);
    vocab_free(c);
    vocab_free(v);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(ids_start_at_one_in_order_of_first_appearance),
        cmocka_unit_test(repeated_word_keeps_its_id),
        cmocka_unit_test(case_is_kept_so_capitals_get_their_own_id),
        cmocka_unit_test(find_never_adds),
        cmocka_unit_test(text_of_an_id_round_trips_and_unknown_ids_are_null),
        cmocka_unit_test(only_len_bytes_of_the_text_count),
        cmocka_unit_test(many_words_keep_their_ids_as_the_table_grows),
        cmocka_unit_test(clone_is_independent_of_the_original),
        cmocka_unit_test(clone_of_an_empty_vocabulary_works),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
