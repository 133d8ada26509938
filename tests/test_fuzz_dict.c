/* test_fuzz_dict.c - the fuzzers' dictionary (tests/fuzz/attnviz.dict)
 * holds every word of the session language and of the config and theme
 * files: a command added to the table without its words would leave the
 * fuzzers to guess them a byte at a time. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "attnviz/command.h"
#include "attnviz/theme.h"
#include "support/fixture.h"

static char *dict;

static int dict_setup(void **state)
{
    (void)state;
    dict = read_file("tests/fuzz/attnviz.dict", NULL);
    return dict ? 0 : -1;
}

static int dict_teardown(void **state)
{
    (void)state;
    free(dict);
    return 0;
}

/* The word as a dictionary line: "word" alone on its line. */
static void has(const char *prefix, const char *word)
{
    char line[160];
    snprintf(line, sizeof line, "\n\"%s%s\"\n", prefix, word);
    if (!strstr(dict, line))
        fail_msg("tests/fuzz/attnviz.dict has no line \"%s%s\"", prefix, word);
}

static void every_command_and_its_words(void **state)
{
    (void)state;
    size_t n;
    const struct command_desc *t = command_table(&n);
    for (size_t i = 0; i < n; i++) {
        has("", t[i].name);
        if (t[i].alias)
            has("", t[i].alias);
        for (size_t k = 0; t[i].choices && t[i].choices[k]; k++)
            has("", t[i].choices[k]);
        if (t[i].word)
            has("", t[i].word);
        if (t[i].config_key)
            has("", t[i].config_key);
        if (t[i].option)
            has("--", t[i].option);
    }
}

static void every_theme_role(void **state)
{
    (void)state;
    for (int r = 0; r < ROLE_COUNT; r++)
        has("", theme_role_key((enum role)r));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_command_and_its_words),
        cmocka_unit_test(every_theme_role),
    };
    return cmocka_run_group_tests(tests, dict_setup, dict_teardown);
}
