/* test_paste.c - a paste becomes text for one prompt line. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "attnviz/paste.h"

static void expect(const char *in, const char *want)
{
    char buf[256];
    size_t len = strlen(in);
    memcpy(buf, in, len);
    size_t n = paste_clean(buf, len);
    buf[n] = '\0';
    assert_string_equal(buf, want);
}

static void line_breaks_and_tabs_become_blanks(void **state)
{
    (void)state;
    expect("one\ntwo\r\nthree\rfour\tfive", "one two three four five");
    expect(":dim 4\n:causal on\n", ":dim 4 :causal on ");
}

static void escape_sequences_are_dropped_whole(void **state)
{
    (void)state;
    expect("abc \033]0;pwned\007 def", "abc  def");          /* OSC to BEL */
    expect("abc \033]0;pwned\033\\ def", "abc  def");        /* OSC to ST */
    expect("a\033[6nb", "ab");                               /* CSI */
    expect("a\033[1;31mred\033[0m", "ared");
    expect("abc \033P+q\033\\ def", "abc  def");             /* DCS */
    expect("x\033_apc\033\\y", "xy");                        /* APC */
    expect("x\033cy", "xy");                                 /* ESC and one byte */
    expect("cut \033[12", "cut ");                           /* runs off the end */
}

static void other_control_bytes_go_and_utf8_stays(void **state)
{
    (void)state;
    expect("a\001b\177c", "abc");
    expect("caf\xc3\xa9 \xe7\x8c\xab", "caf\xc3\xa9 \xe7\x8c\xab");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(line_breaks_and_tabs_become_blanks),
        cmocka_unit_test(escape_sequences_are_dropped_whole),
        cmocka_unit_test(other_control_bytes_go_and_utf8_stays),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
