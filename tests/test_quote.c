/* test_quote.c - user text inside a message (quote.h): quoted, control
 * bytes escaped, cut short at a character boundary, "nothing" for empty. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "attnviz/quote.h"

#define ELLIPSIS "\xE2\x80\xA6"    /* U+2026 */

/* quote_user into a buffer of exactly QUOTE_CAP bytes followed by a guard
 * that must stay untouched. */
struct guarded {
    char buf[QUOTE_CAP];
    char guard[32];
};

static const char *quote_n(struct guarded *g, const char *s, size_t len)
{
    memset(g, 0x5A, sizeof *g);
    const char *q = quote_user(g->buf, s, len);
    for (size_t i = 0; i < sizeof g->guard; i++)
        assert_int_equal(g->guard[i], 0x5A);
    return q;
}

static const char *quote_s(struct guarded *g, const char *s)
{
    return quote_n(g, s, strlen(s));
}

/* n copies of c. */
static void fill(char *buf, char c, size_t n)
{
    memset(buf, c, n);
    buf[n] = '\0';
}

static void plain_text_is_put_in_double_quotes(void **state)
{
    (void)state;
    struct guarded g;
    assert_string_equal(quote_s(&g, "x"), "\"x\"");
    assert_string_equal(quote_s(&g, "I love cats"), "\"I love cats\"");
    /* UTF-8 is kept as it is */
    assert_string_equal(quote_s(&g, "caf\xC3\xA9 \xE6\x97\xA5"), "\"caf\xC3\xA9 \xE6\x97\xA5\"");
    /* quote_str is quote_user of the whole string */
    char buf[QUOTE_CAP];
    assert_ptr_equal(quote_str(buf, "abc"), buf);
    assert_string_equal(buf, "\"abc\"");
}

static void empty_text_is_the_word_nothing(void **state)
{
    (void)state;
    char buf[QUOTE_CAP];
    assert_string_equal(quote_user(buf, "abc", 0), "nothing");
    assert_string_equal(quote_str(buf, ""), "nothing");
}

static void only_len_bytes_are_quoted(void **state)
{
    (void)state;
    struct guarded g;
    assert_string_equal(quote_n(&g, "abcdef", 3), "\"abc\"");
}

static void control_bytes_are_shown_as_hex_escapes(void **state)
{
    (void)state;
    struct guarded g;
    assert_string_equal(quote_s(&g, "\x1B[31m"), "\"\\x1B[31m\"");
    assert_string_equal(quote_s(&g, "a\tb\nc\r"), "\"a\\x09b\\x0Ac\\x0D\"");
    assert_string_equal(quote_s(&g, "\x01\x1F"), "\"\\x01\\x1F\"");
    assert_string_equal(quote_s(&g, "del\x7F"), "\"del\\x7F\"");
    assert_string_equal(quote_n(&g, "a\0b", 3), "\"a\\x00b\"");
    /* the printable neighbours are not */
    assert_string_equal(quote_s(&g, " ~"), "\" ~\"");
}

static void text_of_exactly_quote_max_bytes_is_kept_whole(void **state)
{
    (void)state;
    struct guarded g;
    char text[QUOTE_MAX + 1], want[QUOTE_MAX + 3];
    fill(text, 'a', QUOTE_MAX);
    snprintf(want, sizeof want, "\"%s\"", text);
    assert_string_equal(quote_s(&g, text), want);
}

static void longer_text_is_cut_at_quote_max_with_an_ellipsis(void **state)
{
    (void)state;
    struct guarded g;
    char text[200], kept[QUOTE_MAX + 1], want[QUOTE_CAP];
    fill(text, 'b', QUOTE_MAX + 1);
    fill(kept, 'b', QUOTE_MAX);
    snprintf(want, sizeof want, "\"%s" ELLIPSIS "\"", kept);
    assert_string_equal(quote_s(&g, text), want);
    fill(text, 'b', sizeof text - 1);
    assert_string_equal(quote_s(&g, text), want);
}

/* A two-byte character that would straddle the cut is left out whole. */
static void the_cut_falls_on_a_character_boundary(void **state)
{
    (void)state;
    struct guarded g;
    char text[200], want[QUOTE_CAP];

    /* QUOTE_MAX - 1 ASCII bytes, then "é" over bytes QUOTE_MAX - 1 and QUOTE_MAX */
    fill(text, 'c', QUOTE_MAX - 1);
    strcat(text, "\xC3\xA9" "tail");
    snprintf(want, sizeof want, "\"%.*s" ELLIPSIS "\"", (int)(QUOTE_MAX - 1), text);
    assert_string_equal(quote_s(&g, text), want);

    /* a four-byte character starting 2 bytes before the limit */
    fill(text, 'd', QUOTE_MAX - 2);
    strcat(text, "\xF0\x9F\x98\x80" "tail");
    snprintf(want, sizeof want, "\"%.*s" ELLIPSIS "\"", (int)(QUOTE_MAX - 2), text);
    assert_string_equal(quote_s(&g, text), want);

    /* a character that ends exactly at the limit is kept */
    fill(text, 'e', QUOTE_MAX - 3);
    strcat(text, "\xE6\x97\xA5" "tail");
    snprintf(want, sizeof want, "\"%.*s" ELLIPSIS "\"", (int)QUOTE_MAX, text);
    assert_string_equal(quote_s(&g, text), want);
}

/* The longest result: every kept byte escaped, and the cut. */
static void the_longest_result_fits_quote_cap(void **state)
{
    (void)state;
    struct guarded g;
    char text[QUOTE_MAX + 11];
    fill(text, '\x1B', QUOTE_MAX + 10);
    const char *q = quote_s(&g, text);
    char want[QUOTE_CAP];
    size_t o = 0;
    want[o++] = '"';
    for (size_t i = 0; i < QUOTE_MAX; i++) {
        memcpy(want + o, "\\x1B", 4);
        o += 4;
    }
    memcpy(want + o, ELLIPSIS "\"", sizeof ELLIPSIS + 1);
    assert_true(o + sizeof ELLIPSIS + 1 <= QUOTE_CAP);
    assert_string_equal(q, want);
}

/* The C1 control characters U+0080..U+009F ("\xC2\x80" to "\xC2\x9F")
 * are escaped too: xterm, VTE and others act on them in UTF-8 mode (U+009B
 * is CSI, the one-byte form of ESC [), so passed through, a message that
 * repeats a user's text could drive the terminal. */
static void c1_control_characters_are_escaped_too(void **state)
{
    (void)state;
    struct guarded g;
    for (unsigned c = 0x80; c <= 0x9F; c++) {
        char text[8];
        snprintf(text, sizeof text, "a\xC2%c" "b", (char)c);
        const char *q = quote_s(&g, text);
        for (const char *p = q; *p; p++)
            if ((unsigned char)p[0] == 0xC2 && (unsigned char)p[1] >= 0x80
                && (unsigned char)p[1] <= 0x9F)
                fail_msg("U+%04X is in the quote unescaped", c);
        assert_true(strncmp(q, "\"a", 2) == 0);
    }
}

static void quote_write_escapes_the_same_way_without_quotes(void **state)
{
    (void)state;
    FILE *f = tmpfile();
    assert_non_null(f);
    quote_write(f, "ok \033[2J\x7F\xC2\x85 é\t");
    rewind(f);
    char got[128] = "";
    assert_non_null(fgets(got, sizeof got, f));
    fclose(f);
    assert_string_equal(got, "ok \\x1B[2J\\x7F\\xC2\\x85 é\\x09");
    char q[QUOTE_CAP];
    assert_string_equal(quote_str(q, "\033[2J\x7F\xC2\x85 é\t"),
                        "\"\\x1B[2J\\x7F\\xC2\\x85 é\\x09\"");
}

/* The CSV writers' copy: the same escapes as quote_write, the whole text
 * (no cut), and every control character quote_char escapes is one that
 * quote_is_control names, with its length. */
static void quote_dup_escapes_like_quote_write_and_keeps_everything(void **state)
{
    (void)state;
    char *d = quote_dup("ok \033[2J\x7F\xC2\x85 \xC2\xA0é\t");
    assert_string_equal(d, "ok \\x1B[2J\\x7F\\xC2\\x85 \xC2\xA0é\\x09");
    free(d);
    char long_text[200];
    memset(long_text, 'x', sizeof long_text - 1);
    long_text[sizeof long_text - 1] = '\0';
    d = quote_dup(long_text);
    assert_string_equal(d, long_text);
    free(d);
    d = quote_dup("\x01\x01\x01");   /* the most it grows: four times */
    assert_string_equal(d, "\\x01\\x01\\x01");
    free(d);
    size_t n;
    assert_true(quote_is_control("\x1B", 1, &n) && n == 1);
    assert_true(quote_is_control("\x7F", 1, &n) && n == 1);
    assert_true(quote_is_control("\xC2\x9B", 2, &n) && n == 2);
    assert_false(quote_is_control("\xC2\xA0", 2, &n));
    assert_false(quote_is_control("\xC2", 1, &n));
    assert_false(quote_is_control("a", 1, &n));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(plain_text_is_put_in_double_quotes),
        cmocka_unit_test(empty_text_is_the_word_nothing),
        cmocka_unit_test(only_len_bytes_are_quoted),
        cmocka_unit_test(control_bytes_are_shown_as_hex_escapes),
        cmocka_unit_test(text_of_exactly_quote_max_bytes_is_kept_whole),
        cmocka_unit_test(longer_text_is_cut_at_quote_max_with_an_ellipsis),
        cmocka_unit_test(the_cut_falls_on_a_character_boundary),
        cmocka_unit_test(the_longest_result_fits_quote_cap),
        cmocka_unit_test(c1_control_characters_are_escaped_too),
        cmocka_unit_test(quote_write_escapes_the_same_way_without_quotes),
        cmocka_unit_test(quote_dup_escapes_like_quote_write_and_keeps_everything),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
