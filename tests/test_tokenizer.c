/* test_tokenizer.c - whitespace, punctuation, UTF-8 and limits. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "attnviz/tokenizer.h"

#define MAXTOK 64

/* Tokenizes text and checks that the tokens are exactly the NULL-terminated
 * list `want`. */
static void expect_tokens(const char *text, const char *const *want)
{
    struct token_span spans[MAXTOK];
    size_t count = 99, where = 99;
    assert_int_equal(tokenize(text, strlen(text), spans, MAXTOK, &count, &where),
                     TOKENIZE_OK);
    size_t n = 0;
    while (want[n])
        n++;
    assert_int_equal(count, n);
    for (size_t i = 0; i < n; i++) {
        assert_int_equal(spans[i].len, strlen(want[i]));
        assert_memory_equal(text + spans[i].start, want[i], spans[i].len);
    }
}

/* Tokenizing text fails with BAD_UTF8 at byte offset `at`. */
static void expect_bad_utf8(const char *text, size_t len, size_t at)
{
    struct token_span spans[MAXTOK];
    size_t count = 99, where = 99, where2 = 99;
    assert_int_equal(tokenize(text, len, spans, MAXTOK, &count, &where),
                     TOKENIZE_BAD_UTF8);
    assert_int_equal(count, 0);
    assert_int_equal(where, at);
    assert_int_equal(utf8_valid(text, len, &where2), 0);
    assert_int_equal(where2, at);
}

static void words_are_split_on_spaces(void **state)
{
    (void)state;
    expect_tokens("I love cats", (const char *[]){ "I", "love", "cats", NULL });
}

static void whitespace_runs_tabs_and_newlines_all_separate(void **state)
{
    (void)state;
    expect_tokens("  I\t\tlove\n\ncats \r\v\f now  ",
                  (const char *[]){ "I", "love", "cats", "now", NULL });
}

static void empty_or_blank_text_has_no_tokens(void **state)
{
    (void)state;
    expect_tokens("", (const char *[]){ NULL });
    expect_tokens(" \t\n\r\v\f ", (const char *[]){ NULL });
}

static void punctuation_marks_are_tokens_of_their_own(void **state)
{
    (void)state;
    expect_tokens("Hello, world!!",
                  (const char *[]){ "Hello", ",", "world", "!", "!", NULL });
    expect_tokens("(a)-b", (const char *[]){ "(", "a", ")", "-", "b", NULL });
}

static void every_ascii_punctuation_character_stands_alone(void **state)
{
    (void)state;
    const char punct[] = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~";
    struct token_span spans[MAXTOK];
    size_t count, where;
    assert_int_equal(tokenize(punct, strlen(punct), spans, MAXTOK, &count, &where),
                     TOKENIZE_OK);
    assert_int_equal(count, 32);
    for (size_t i = 0; i < count; i++) {
        assert_int_equal(spans[i].start, i);
        assert_int_equal(spans[i].len, 1);
    }
}

static void dont_splits_into_don_apostrophe_t(void **state)
{
    (void)state;
    expect_tokens("don't", (const char *[]){ "don", "'", "t", NULL });
}

static void letters_and_digits_stay_together_but_a_dot_splits(void **state)
{
    (void)state;
    expect_tokens("abc123 3.14", (const char *[]){ "abc123", "3", ".", "14", NULL });
}

static void case_is_kept(void **state)
{
    (void)state;
    expect_tokens("Cats cats CATS", (const char *[]){ "Cats", "cats", "CATS", NULL });
}

static void accented_letters_stay_inside_their_word(void **state)
{
    (void)state;
    expect_tokens("caf\xC3\xA9 na\xC3\xAFve",
                  (const char *[]){ "caf\xC3\xA9", "na\xC3\xAFve", NULL });
}

static void cjk_text_is_kept_whole(void **state)
{
    (void)state;
    /* 猫が好き, then 。 (U+3002, not ASCII punctuation: stays in the word) */
    expect_tokens("\xE7\x8C\xAB\xE3\x81\x8C\xE5\xA5\xBD\xE3\x81\x8D\xE3\x80\x82",
                  (const char *[]){
                      "\xE7\x8C\xAB\xE3\x81\x8C\xE5\xA5\xBD\xE3\x81\x8D\xE3\x80\x82",
                      NULL });
}

static void emoji_is_kept_whole_and_ascii_punctuation_splits_off(void **state)
{
    (void)state;
    expect_tokens("I \xF0\x9F\x98\xBA! cats\xF0\x9F\x90\x88",
                  (const char *[]){ "I", "\xF0\x9F\x98\xBA", "!",
                                    "cats\xF0\x9F\x90\x88", NULL });
}

static void boundary_code_points_are_valid(void **state)
{
    (void)state;
    static const char *const ok[] = {
        "\xC2\x80",           /* U+0080 */
        "\xDF\xBF",           /* U+07FF */
        "\xE0\xA0\x80",       /* U+0800 */
        "\xED\x9F\xBF",       /* U+D7FF, just below the surrogates */
        "\xEE\x80\x80",       /* U+E000, just above them */
        "\xEF\xBF\xBF",       /* U+FFFF */
        "\xF0\x90\x80\x80",   /* U+10000 */
        "\xF4\x8F\xBF\xBF",   /* U+10FFFF */
    };
    for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++)
        assert_int_equal(utf8_valid(ok[i], strlen(ok[i]), NULL), 1);
}

static void overlong_encodings_are_rejected_with_their_offset(void **state)
{
    (void)state;
    expect_bad_utf8("ab\xC0\xAF", 4, 2);            /* '/' in two bytes */
    expect_bad_utf8("ab \xC1\xBF", 5, 3);
    expect_bad_utf8("x\xE0\x80\xAF", 4, 1);         /* '/' in three bytes */
    expect_bad_utf8("xy\xF0\x8F\xBF\xBF", 6, 2);    /* U+FFFF in four bytes */
}

static void surrogates_are_rejected_with_their_offset(void **state)
{
    (void)state;
    expect_bad_utf8("ok \xED\xA0\x80", 6, 3);       /* U+D800 */
    expect_bad_utf8("\xED\xBF\xBF", 3, 0);          /* U+DFFF */
}

static void truncated_sequences_are_rejected_with_their_offset(void **state)
{
    (void)state;
    expect_bad_utf8("abc\xE2\x82", 5, 3);           /* end of text */
    expect_bad_utf8("abc\xE2\x82 d", 7, 3);         /* a space cuts it */
    expect_bad_utf8("\xF0\x9F\x98", 3, 0);
    expect_bad_utf8("a\xC3", 2, 1);
}

static void code_points_above_10ffff_are_rejected(void **state)
{
    (void)state;
    expect_bad_utf8("a\xF4\x90\x80\x80", 5, 1);     /* U+110000 */
    expect_bad_utf8("\xF5\x80\x80\x80", 4, 0);
    expect_bad_utf8("\xFF", 1, 0);
}

static void stray_continuation_bytes_are_rejected(void **state)
{
    (void)state;
    expect_bad_utf8("cat\x80s", 5, 3);
    expect_bad_utf8("\xC3\xA9\xA9", 3, 2);
}

static void invalid_utf8_after_many_tokens_is_still_found(void **state)
{
    (void)state;
    /* Validation comes before the split: the bad byte wins over the limit. */
    struct token_span spans[2];
    size_t count, where;
    const char text[] = "a b c d \xC0";
    assert_int_equal(tokenize(text, sizeof text - 1, spans, 2, &count, &where),
                     TOKENIZE_BAD_UTF8);
    assert_int_equal(where, 8);
}

static void too_many_tokens_reports_where_the_first_extra_one_starts(void **state)
{
    (void)state;
    struct token_span spans[3];
    size_t count = 0, where = 0;
    const char text[] = "a bb, c";   /* a bb , c: the 4th starts at 6 */
    assert_int_equal(tokenize(text, strlen(text), spans, 3, &count, &where),
                     TOKENIZE_TOO_MANY);
    assert_int_equal(count, 3);
    assert_int_equal(where, 6);
    assert_int_equal(spans[2].start, 4);
    assert_int_equal(spans[2].len, 1);
}

static void exactly_max_tokens_is_accepted(void **state)
{
    (void)state;
    struct token_span spans[3];
    size_t count = 0, where = 0;
    assert_int_equal(tokenize("a b c  ", 7, spans, 3, &count, &where), TOKENIZE_OK);
    assert_int_equal(count, 3);
}

static void a_max_of_zero_only_accepts_blank_text(void **state)
{
    (void)state;
    size_t count = 7, where = 7;
    assert_int_equal(tokenize("   ", 3, NULL, 0, &count, &where), TOKENIZE_OK);
    assert_int_equal(count, 0);
    assert_int_equal(tokenize("  x", 3, NULL, 0, &count, &where), TOKENIZE_TOO_MANY);
    assert_int_equal(count, 0);
    assert_int_equal(where, 2);
}

static void length_not_nul_ends_the_text(void **state)
{
    (void)state;
    struct token_span spans[4];
    size_t count, where;
    assert_int_equal(tokenize("cats dogs", 4, spans, 4, &count, &where), TOKENIZE_OK);
    assert_int_equal(count, 1);
    assert_int_equal(spans[0].len, 4);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(words_are_split_on_spaces),
        cmocka_unit_test(whitespace_runs_tabs_and_newlines_all_separate),
        cmocka_unit_test(empty_or_blank_text_has_no_tokens),
        cmocka_unit_test(punctuation_marks_are_tokens_of_their_own),
        cmocka_unit_test(every_ascii_punctuation_character_stands_alone),
        cmocka_unit_test(dont_splits_into_don_apostrophe_t),
        cmocka_unit_test(letters_and_digits_stay_together_but_a_dot_splits),
        cmocka_unit_test(case_is_kept),
        cmocka_unit_test(accented_letters_stay_inside_their_word),
        cmocka_unit_test(cjk_text_is_kept_whole),
        cmocka_unit_test(emoji_is_kept_whole_and_ascii_punctuation_splits_off),
        cmocka_unit_test(boundary_code_points_are_valid),
        cmocka_unit_test(overlong_encodings_are_rejected_with_their_offset),
        cmocka_unit_test(surrogates_are_rejected_with_their_offset),
        cmocka_unit_test(truncated_sequences_are_rejected_with_their_offset),
        cmocka_unit_test(code_points_above_10ffff_are_rejected),
        cmocka_unit_test(stray_continuation_bytes_are_rejected),
        cmocka_unit_test(invalid_utf8_after_many_tokens_is_still_found),
        cmocka_unit_test(too_many_tokens_reports_where_the_first_extra_one_starts),
        cmocka_unit_test(exactly_max_tokens_is_accepted),
        cmocka_unit_test(a_max_of_zero_only_accepts_blank_text),
        cmocka_unit_test(length_not_nul_ends_the_text),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
