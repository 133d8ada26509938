/* test_narration.c - wrapping a narration paragraph by display width. */
#include <locale.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "attnviz/narration.h"

/* The wrapped lines joined by '|'. */
static const char *wrapped(const char *text, int width)
{
    static char out[512];
    struct narration_span s[32];
    size_t n = narration_wrap(text, width, s, 32);
    assert_true(n <= 32);
    size_t o = 0;
    for (size_t i = 0; i < n; i++) {
        if (i)
            out[o++] = '|';
        memcpy(out + o, text + s[i].start, s[i].len);
        o += s[i].len;
    }
    out[o] = '\0';
    return out;
}

static void words_wrap_at_spaces_within_the_width(void **state)
{
    (void)state;
    assert_string_equal(wrapped("the cat sat on the mat", 7), "the cat|sat on|the mat");
    assert_string_equal(wrapped("  spaced   out  ", 20), "spaced   out");
    assert_string_equal(wrapped("", 10), "");
    assert_int_equal(narration_wrap("a b c", 1, NULL, 0), 3);
}

static void a_word_wider_than_the_line_is_cut_at_characters(void **state)
{
    (void)state;
    assert_string_equal(wrapped("abcdefghij xy", 4), "abcd|efgh|ij|xy");
}

static void wide_characters_count_two_columns(void **state)
{
    (void)state;
    /* 猫 is two columns: three of them fill six, the fourth wraps */
    assert_string_equal(wrapped("猫猫猫猫", 6), "猫猫猫|猫");
    assert_string_equal(wrapped("é é é", 3), "é é|é");
}

int main(void)
{
    setlocale(LC_CTYPE, "C.UTF-8");
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(words_wrap_at_spaces_within_the_width),
        cmocka_unit_test(a_word_wider_than_the_line_is_cut_at_characters),
        cmocka_unit_test(wide_characters_count_two_columns),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
