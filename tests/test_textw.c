/* test_textw.c - display widths of UTF-8 text (textw.h): ASCII, wide CJK,
 * combining marks, emoji, control and undecodable bytes; widths of a byte
 * prefix; fitting and cutting to a number of columns within a buffer. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <locale.h>
#include <stdio.h>
#include <string.h>

#include "attnviz/textw.h"

#define ELLIPSIS "\xE2\x80\xA6"    /* U+2026, one column */
#define NI "\xE6\x97\xA5"          /* U+65E5, wide: 2 columns */
#define HON "\xE6\x9C\xAC"         /* U+672C, wide */
#define GO "\xE8\xAA\x9E"          /* U+8A9E, wide */
#define ACUTE "\xCC\x81"           /* U+0301 COMBINING ACUTE ACCENT: 0 columns */
#define GRIN "\xF0\x9F\x98\x80"    /* U+1F600, an emoji: wide */

static void ascii_takes_a_column_a_byte(void **state)
{
    (void)state;
    assert_int_equal(textw_width(""), 0);
    assert_int_equal(textw_width("a"), 1);
    assert_int_equal(textw_width("I love cats"), 11);
    assert_int_equal(textw_width("~!@#"), 4);
}

static void cjk_and_emoji_take_two_columns(void **state)
{
    (void)state;
    assert_int_equal(textw_width(NI), 2);
    assert_int_equal(textw_width(NI HON GO), 6);
    assert_int_equal(textw_width("a" NI "b"), 4);
    assert_int_equal(textw_width(GRIN), 2);
    assert_int_equal(textw_width(GRIN GRIN "!"), 5);
}

static void two_byte_latin_takes_one_column(void **state)
{
    (void)state;
    assert_int_equal(textw_width("caf\xC3\xA9"), 4);      /* é, precomposed */
    assert_int_equal(textw_width("\xC3\xBC" "ber"), 4);    /* über */
}

static void combining_marks_take_no_column(void **state)
{
    (void)state;
    assert_int_equal(textw_width("e" ACUTE), 1);
    assert_int_equal(textw_width("cafe" ACUTE), 4);
    assert_int_equal(textw_width(ACUTE), 0);
    assert_int_equal(textw_width("a" ACUTE ACUTE "b"), 2);
}

/* Shown as '?', so one column each. */
static void control_and_undecodable_bytes_take_one_column(void **state)
{
    (void)state;
    assert_int_equal(textw_width("\t"), 1);
    assert_int_equal(textw_width("a\tb"), 3);
    assert_int_equal(textw_width("\x1B[31m"), 5);
    assert_int_equal(textw_width("\x7F"), 1);
    assert_int_equal(textw_width("\x01\x02\x03"), 3);
    assert_int_equal(textw_width("\xFF"), 1);
    assert_int_equal(textw_width("a\xC3" "b"), 3);         /* a lead byte with no tail */
    assert_int_equal(textw_width("\x80\x80"), 2);          /* tails with no lead */
}

static void width_n_counts_the_first_n_bytes(void **state)
{
    (void)state;
    assert_int_equal(textw_width_n("hello", 0), 0);
    assert_int_equal(textw_width_n("hello", 3), 3);
    assert_int_equal(textw_width_n("hello", 5), 5);
    const char *s = NI HON "x";
    assert_int_equal(textw_width_n(s, 3), 2);
    assert_int_equal(textw_width_n(s, 6), 4);
    assert_int_equal(textw_width_n(s, 7), 5);
    assert_int_equal(textw_width_n("e" ACUTE "f", 3), 1);
}

/* n may end mid-character, and that partial character is not counted:
 * textw_width_n("日本", 4) is 2 (not 3, as its lone bytes would make it),
 * "😀" cut after 2 bytes is 0. */
static void width_n_does_not_count_a_character_cut_in_the_middle(void **state)
{
    (void)state;
    const char *s = NI HON;
    assert_int_equal(textw_width_n(s, 4), 2);
    assert_int_equal(textw_width_n(s, 5), 2);
    assert_int_equal(textw_width_n(s, 1), 0);
    assert_int_equal(textw_width_n(GRIN, 2), 0);
    assert_int_equal(textw_width_n("a" GRIN, 4), 1);
    assert_int_equal(textw_width_n("e" ACUTE, 2), 1);
}

/* ---- fit and cut ------------------------------------------------------------ */

/* Output buffers are checked for what is written past cap. */
struct out {
    char buf[64];
};

static void prime(struct out *o)
{
    memset(o->buf, 0x5A, sizeof o->buf);
}

/* Nothing at or past byte cap was touched, and the text ends before it. */
static void assert_within(const struct out *o, size_t cap)
{
    for (size_t i = cap; i < sizeof o->buf; i++)
        if (o->buf[i] != 0x5A)
            fail_msg("byte %zu past cap %zu was written", i, cap);
    if (cap > 0)
        assert_true(memchr(o->buf, '\0', cap) != NULL);
}

static int fit(struct out *o, const char *s, int maxw, size_t cap)
{
    prime(o);
    int w = textw_fit(s, maxw, o->buf, cap);
    assert_within(o, cap);
    return w;
}

static int cut(struct out *o, const char *s, int maxw, size_t cap)
{
    prime(o);
    int w = textw_cut(s, maxw, o->buf, cap);
    assert_within(o, cap);
    return w;
}

static void text_that_fits_is_copied_and_not_padded(void **state)
{
    (void)state;
    struct out o;
    assert_int_equal(fit(&o, "hello", 10, sizeof o.buf), 5);
    assert_string_equal(o.buf, "hello");
    assert_int_equal(fit(&o, "hello", 5, sizeof o.buf), 5);
    assert_string_equal(o.buf, "hello");
    assert_int_equal(fit(&o, NI HON, 4, sizeof o.buf), 4);
    assert_string_equal(o.buf, NI HON);
    assert_int_equal(fit(&o, "", 3, sizeof o.buf), 0);
    assert_string_equal(o.buf, "");
    assert_int_equal(cut(&o, "cafe" ACUTE, 4, sizeof o.buf), 4);
    assert_string_equal(o.buf, "cafe" ACUTE);
}

static void wider_text_is_cut_with_an_ellipsis_in_the_last_column(void **state)
{
    (void)state;
    struct out o;
    assert_int_equal(fit(&o, "hello world", 5, sizeof o.buf), 5);
    assert_string_equal(o.buf, "hell" ELLIPSIS);
    assert_int_equal(fit(&o, "ab", 1, sizeof o.buf), 1);
    assert_string_equal(o.buf, ELLIPSIS);
    assert_int_equal(fit(&o, "abc", 0, sizeof o.buf), 0);
    assert_string_equal(o.buf, "");
    assert_int_equal(fit(&o, "abc", -3, sizeof o.buf), 0);
    assert_string_equal(o.buf, "");
}

/* A wide character that would not fit before the mark is left out whole:
 * the result may be a column short of maxw, never over it. */
static void a_cut_falls_on_a_character_boundary(void **state)
{
    (void)state;
    struct out o;
    assert_int_equal(fit(&o, NI HON GO, 5, sizeof o.buf), 5);
    assert_string_equal(o.buf, NI HON ELLIPSIS);
    assert_int_equal(fit(&o, NI HON GO, 4, sizeof o.buf), 3);
    assert_string_equal(o.buf, NI ELLIPSIS);
    assert_int_equal(fit(&o, GRIN GRIN, 3, sizeof o.buf), 3);
    assert_string_equal(o.buf, GRIN ELLIPSIS);
    /* a combining mark stays with the letter before it */
    assert_int_equal(fit(&o, "e" ACUTE "e" ACUTE "e" ACUTE, 2, sizeof o.buf), 2);
    assert_string_equal(o.buf, "e" ACUTE ELLIPSIS);
}

static void characters_that_cannot_be_shown_become_question_marks(void **state)
{
    (void)state;
    struct out o;
    assert_int_equal(fit(&o, "a\tb", 10, sizeof o.buf), 3);
    assert_string_equal(o.buf, "a?b");
    assert_int_equal(fit(&o, "\x1B[1m", 10, sizeof o.buf), 4);
    assert_string_equal(o.buf, "?[1m");
    assert_int_equal(fit(&o, "x\xFFy\x7F", 10, sizeof o.buf), 4);
    assert_string_equal(o.buf, "x?y?");
    assert_int_equal(cut(&o, "\x01\x02\x03\x04", 2, sizeof o.buf), 2);
    assert_string_equal(o.buf, "??");
}

static void cut_leaves_out_the_ellipsis(void **state)
{
    (void)state;
    struct out o;
    assert_int_equal(cut(&o, "hello", 3, sizeof o.buf), 3);
    assert_string_equal(o.buf, "hel");
    assert_int_equal(cut(&o, NI HON GO, 3, sizeof o.buf), 2);
    assert_string_equal(o.buf, NI);
    assert_int_equal(cut(&o, NI HON GO, 4, sizeof o.buf), 4);
    assert_string_equal(o.buf, NI HON);
    assert_int_equal(cut(&o, "ab", 0, sizeof o.buf), 0);
    assert_string_equal(o.buf, "");
}

/* However small the buffer, nothing is written past cap and the result is
 * NUL-terminated, a prefix of the text cut at a character boundary (with
 * the mark, for fit, when it has room). */
static void the_buffer_size_is_respected(void **state)
{
    (void)state;
    struct out o;
    const char *s = NI HON GO NI HON GO;                 /* 18 bytes, 12 columns */
    for (size_t cap = 4; cap <= 24; cap++) {
        int w = fit(&o, s, 100, cap);
        size_t len = strlen(o.buf);
        assert_true(len < cap);
        assert_int_equal(textw_width(o.buf), w);
        size_t body = len;
        if (len >= 3 && memcmp(o.buf + len - 3, ELLIPSIS, 3) == 0)
            body = len - 3;
        assert_int_equal(body % 3, 0);                   /* whole characters */
        assert_memory_equal(o.buf, s, body);

        w = cut(&o, s, 100, cap);
        len = strlen(o.buf);
        assert_true(len < cap);
        assert_int_equal(len % 3, 0);
        assert_memory_equal(o.buf, s, len);
        assert_int_equal(w, (int)(len / 3) * 2);
    }
    /* one byte holds only the NUL */
    assert_int_equal(cut(&o, "abc", 10, 1), 0);
    assert_string_equal(o.buf, "");
    /* no byte at all: nothing is written */
    prime(&o);
    assert_int_equal(textw_cut("abc", 10, o.buf, 0), 0);
    assert_int_equal(o.buf[0], 0x5A);
    prime(&o);
    assert_int_equal(textw_fit("abc", 10, o.buf, 0), 0);
    assert_int_equal(o.buf[0], 0x5A);
}

/* With a buffer of 1 to 3 bytes there is no room for "…": textw_fit
 * writes nothing past cap (it once wrote e2 80 a6 00 into 2 bytes). */
static void fit_with_a_buffer_too_small_for_the_ellipsis_stays_within_it(void **state)
{
    (void)state;
    struct out o;
    for (size_t cap = 1; cap <= 3; cap++) {
        int w = fit(&o, "abc", 10, cap);
        assert_true(strlen(o.buf) < cap);
        assert_int_equal(textw_width(o.buf), w);
    }
}

/* Text as wide as maxw whose bytes outrun cap (combining marks after the
 * last column): the "…" takes the last column, never one more. */
static void fit_cut_by_the_buffer_stays_within_the_width(void **state)
{
    (void)state;
    char s[128] = "abcdefghijklmnop";
    for (int k = 0; k < 30; k++)
        strcat(s, "\xcc\x81");   /* U+0301, no column */
    struct out o;
    int w = fit(&o, s, 16, 40);
    assert_true(w <= 16);
    assert_int_equal(textw_width(o.buf), w);
    assert_non_null(strstr(o.buf, "…"));
    assert_non_null(strstr(o.buf, "abcdefghijklmno"));
}

int main(void)
{
    if (!setlocale(LC_ALL, "C.UTF-8")) {
        fprintf(stderr, "test_textw: the C.UTF-8 locale is missing\n");
        return 1;
    }
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(ascii_takes_a_column_a_byte),
        cmocka_unit_test(cjk_and_emoji_take_two_columns),
        cmocka_unit_test(two_byte_latin_takes_one_column),
        cmocka_unit_test(combining_marks_take_no_column),
        cmocka_unit_test(control_and_undecodable_bytes_take_one_column),
        cmocka_unit_test(width_n_counts_the_first_n_bytes),
        cmocka_unit_test(width_n_does_not_count_a_character_cut_in_the_middle),
        cmocka_unit_test(text_that_fits_is_copied_and_not_padded),
        cmocka_unit_test(wider_text_is_cut_with_an_ellipsis_in_the_last_column),
        cmocka_unit_test(a_cut_falls_on_a_character_boundary),
        cmocka_unit_test(characters_that_cannot_be_shown_become_question_marks),
        cmocka_unit_test(cut_leaves_out_the_ellipsis),
        cmocka_unit_test(the_buffer_size_is_respected),
        cmocka_unit_test(fit_with_a_buffer_too_small_for_the_ellipsis_stays_within_it),
        cmocka_unit_test(fit_cut_by_the_buffer_stays_within_the_width),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
