/* test_manpage.c - docs/attnviz.1 says what the program does: its OPTIONS
 * are the options `attnviz --help` lists, its SESSION LANGUAGE the command
 * table, its KEYS the key table's help rows, its EXIT STATUS the statuses
 * of include/attnviz/exitcode.h and README.md's table. Also: --help is
 * short and lists every option of the command table. Runs from the source
 * tree (tests/run-tests.sh does) and starts $ATTNVIZ for --help. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "attnviz/command.h"
#include "attnviz/keymap.h"
#include "support/spawn_env.h"

#define MAN_PAGE "docs/attnviz.1"

enum { MAX_ITEMS = 128, ITEM_MAX = 160 };

/* Words or lines collected from a file, in order. */
struct items {
    size_t n;
    char s[MAX_ITEMS][ITEM_MAX];
};

static void items_add(struct items *it, const char *s, size_t len)
{
    assert_true(it->n < MAX_ITEMS && len < ITEM_MAX);
    memcpy(it->s[it->n], s, len);
    it->s[it->n++][len] = '\0';
}

static bool items_has(const struct items *it, const char *s)
{
    for (size_t i = 0; i < it->n; i++)
        if (strcmp(it->s[i], s) == 0)
            return true;
    return false;
}

/* ---- reading man(7) source ------------------------------------------------ */

/* The glyphs the page's tags use, by their groff names. */
static const struct { const char *name, *utf8; } glyphs[] = {
    { "<-", "\xE2\x86\x90" }, { "->", "\xE2\x86\x92" },
    { "ua", "\xE2\x86\x91" }, { "da", "\xE2\x86\x93" },
    { "sr", "\xE2\x88\x9A" }, { "pc", "\xC2\xB7" }, { "ha", "^" },
};

static void put_utf8(char *out, size_t *o, unsigned long cp)
{
    if (cp < 0x80) {
        out[(*o)++] = (char)cp;
    } else if (cp < 0x800) {
        out[(*o)++] = (char)(0xC0 | cp >> 6);
        out[(*o)++] = (char)(0x80 | (cp & 0x3F));
    } else {
        out[(*o)++] = (char)(0xE0 | cp >> 12);
        out[(*o)++] = (char)(0x80 | (cp >> 6 & 0x3F));
        out[(*o)++] = (char)(0x80 | (cp & 0x3F));
    }
}

static void put_glyph(char *out, size_t *o, const char *name, size_t len)
{
    if (len == 5 && name[0] == 'u') {
        put_utf8(out, o, strtoul((char[6]){ name[1], name[2], name[3], name[4], 0 }, NULL, 16));
        return;
    }
    for (size_t i = 0; i < sizeof glyphs / sizeof glyphs[0]; i++)
        if (strlen(glyphs[i].name) == len && memcmp(glyphs[i].name, name, len) == 0) {
            *o += (size_t)sprintf(out + *o, "%s", glyphs[i].utf8);
            return;
        }
    fail_msg("%s: a glyph this test does not know: %.*s", MAN_PAGE, (int)len, name);
}

/* The text groff shows for s[0..len): escapes turned into what they print,
 * font changes dropped, every run of blanks one space, no blank at the
 * ends. out has room for ITEM_MAX bytes. */
static void man_unescape(const char *s, size_t len, char *out)
{
    size_t o = 0;
    for (size_t i = 0; i < len && o + 4 < ITEM_MAX;) {
        if (s[i] != '\\') {
            if (s[i] != ' ' || (o > 0 && out[o - 1] != ' '))
                out[o++] = s[i];
            i++;
            continue;
        }
        char e = i + 1 < len ? s[i + 1] : '\0';
        i += 2;
        if (e == '-') {
            out[o++] = '-';
        } else if (e == 'e') {
            out[o++] = '\\';
        } else if (e == '&') {
            /* a zero-width break: nothing shown */
        } else if (e == '(') {
            put_glyph(out, &o, s + i, 2);
            i += 2;
        } else if (e == '[') {
            size_t end = i;
            while (end < len && s[end] != ']')
                end++;
            put_glyph(out, &o, s + i, end - i);
            i = end + 1;
        } else if (e == 'f') {
            i++;    /* \fB \fI \fR \fP */
        } else if (e == ' ') {
            out[o++] = ' ';
        } else {
            fail_msg("%s: an escape this test does not know: \\%c", MAN_PAGE, e);
        }
    }
    while (o > 0 && out[o - 1] == ' ')
        o--;
    out[o] = '\0';
}

/* The text of one line of man(7) source: for a font macro (.B, .BI, ...)
 * its arguments (quoted ones kept whole), joined by spaces for .B and .I
 * and run together for the alternating ones. */
static void man_text(const char *line, char *out)
{
    if (line[0] != '.') {
        man_unescape(line, strlen(line), out);
        return;
    }
    size_t name = strcspn(line + 1, " ");
    bool alternating = name == 2;
    const char *p = line + 1 + name;
    char joined[ITEM_MAX * 2];
    size_t o = 0;
    while (*p) {
        while (*p == ' ')
            p++;
        if (!*p)
            break;
        if (o > 0 && !alternating)
            joined[o++] = ' ';
        if (*p == '"') {
            for (p++; *p && *p != '"'; p++)
                joined[o++] = *p;
            p += *p == '"';
        } else {
            for (; *p && *p != ' '; p++)
                joined[o++] = *p;
        }
        assert_true(o < ITEM_MAX);
    }
    man_unescape(joined, o, out);
}

/* The tags (the line after each .TP) of section name, as text. */
static void man_tags(const char *section, struct items *tags)
{
    FILE *f = fopen(MAN_PAGE, "r");
    if (!f)
        fail_msg("cannot read %s (run the tests from the source tree)", MAN_PAGE);
    char line[1024], want[128];
    snprintf(want, sizeof want, ".SH %s\n", section);
    bool in = false, tag_next = false, found = false;
    tags->n = 0;
    while (fgets(line, sizeof line, f)) {
        if (strncmp(line, ".SH ", 4) == 0) {
            in = strcmp(line, want) == 0;
            found |= in;
            continue;
        }
        if (!in)
            continue;
        line[strcspn(line, "\n")] = '\0';
        if (tag_next) {
            char text[ITEM_MAX];
            man_text(line, text);
            items_add(tags, text, strlen(text));
        }
        tag_next = strcmp(line, ".TP") == 0;
    }
    fclose(f);
    if (!found)
        fail_msg("%s has no section %s", MAN_PAGE, section);
}

/* Every word of the tags that starts with prefix (":", "-"), up to a
 * blank or a '(' ')' ',' '|' after it. */
static void tag_words(const struct items *tags, const char *prefix, struct items *words)
{
    words->n = 0;
    for (size_t i = 0; i < tags->n; i++)
        for (const char *p = tags->s[i]; *p;) {
            size_t len = strcspn(p, " (),|");
            if (strncmp(p, prefix, strlen(prefix)) == 0 && len > strlen(prefix))
                items_add(words, p, len);
            p += len;
            p += strspn(p, " (),|");
        }
}

/* ---- the tests ----------------------------------------------------------------- */

static void the_page_has_every_section_in_order(void **state)
{
    (void)state;
    static const char *const sections[] = {
        "NAME", "SYNOPSIS", "DESCRIPTION", "OPTIONS", "KEYS", "SESSION LANGUAGE",
        "FILES", "ENVIRONMENT", "EXIT STATUS", "EXAMPLES",
    };
    FILE *f = fopen(MAN_PAGE, "r");
    assert_non_null(f);
    char line[1024];
    size_t next = 0;
    bool th = false;
    while (fgets(line, sizeof line, f)) {
        line[strcspn(line, "\n")] = '\0';
        if (strncmp(line, ".TH ", 4) == 0) {
            /* the version the program prints, not one of its past */
            assert_non_null(strstr(line, "\"attnviz " ATTNVIZ_VERSION "\""));
            th = true;
        }
        if (next < sizeof sections / sizeof sections[0] && strncmp(line, ".SH ", 4) == 0
            && strcmp(line + 4, sections[next]) == 0)
            next++;
    }
    fclose(f);
    assert_true(th);
    if (next < sizeof sections / sizeof sections[0])
        fail_msg("%s: section %s is missing or out of order", MAN_PAGE, sections[next]);
}

static void session_language_lists_exactly_the_command_table(void **state)
{
    (void)state;
    struct items tags, words;
    man_tags("SESSION LANGUAGE", &tags);
    tag_words(&tags, ":", &words);
    for (size_t i = 0; i < words.n; i++)
        if (!command_find(words.s[i]))
            fail_msg("%s documents %s, which the command table does not have", MAN_PAGE,
                     words.s[i]);
    size_t n;
    const struct command_desc *t = command_table(&n);
    for (size_t i = 0; i < n; i++) {
        if (!items_has(&words, t[i].name))
            fail_msg("%s's SESSION LANGUAGE does not document %s", MAN_PAGE, t[i].name);
        if (t[i].alias && !items_has(&words, t[i].alias))
            fail_msg("%s's SESSION LANGUAGE does not give %s's alias %s", MAN_PAGE,
                     t[i].name, t[i].alias);
    }
}

/* What `attnviz --help` prints, its exit status checked. */
static char *help_text(void)
{
    FILE *out = tmpfile();
    assert_non_null(out);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        dup2(fileno(out), 1);
        execl(attnviz_binary(), attnviz_binary(), "--help", (char *)NULL);
        _exit(127);
    }
    int st;
    assert_int_equal(waitpid(pid, &st, 0), pid);
    assert_true(WIFEXITED(st) && WEXITSTATUS(st) == 0);
    char *text = stream_text(out);
    fclose(out);
    return text;
}

/* The options of --help: the first word of each row, "--dim" and the
 * short forms it names, "(-h)". */
static void help_options(const char *text, struct items *opts)
{
    opts->n = 0;
    for (const char *p = text; *p; p += strcspn(p, "\n"), p += *p == '\n') {
        if (strncmp(p, "  --", 4) == 0)
            items_add(opts, p + 2, strcspn(p + 2, " \n"));
        const char *end = p + strcspn(p, "\n");
        for (const char *s = strstr(p, "(-"); s && s < end; s = strstr(s + 1, "(-"))
            items_add(opts, s + 1, 2);
    }
}

static void options_are_exactly_those_of_help(void **state)
{
    (void)state;
    char *text = help_text();
    struct items opts, tags, words;
    help_options(text, &opts);
    free(text);
    assert_true(items_has(&opts, "--batch") && items_has(&opts, "-h") && items_has(&opts, "-V"));
    man_tags("OPTIONS", &tags);
    tag_words(&tags, "-", &words);
    for (size_t i = 0; i < words.n; i++) {
        char *eq = strchr(words.s[i], '=');   /* --color=never names --color */
        if (eq)
            *eq = '\0';
        if (!items_has(&opts, words.s[i]))
            fail_msg("%s documents %s, which --help does not list", MAN_PAGE, words.s[i]);
    }
    for (size_t i = 0; i < opts.n; i++)
        if (!items_has(&words, opts.s[i]))
            fail_msg("%s's OPTIONS does not document %s", MAN_PAGE, opts.s[i]);
}

static void help_is_short_and_lists_every_command_option(void **state)
{
    (void)state;
    char *text = help_text();
    struct items opts;
    help_options(text, &opts);
    size_t lines = 0;
    for (const char *p = text; *p; p++) {
        const char *end = p + strcspn(p, "\n");
        size_t cols = 0;
        for (const char *c = p; c < end; c++)
            cols += ((unsigned char)*c & 0xC0) != 0x80;
        if (cols > 79)
            fail_msg("--help has a line of %zu columns: %.*s", cols, (int)(end - p), p);
        lines++;
        p = *end ? end : end - 1;
    }
    free(text);
    assert_true(lines <= 40);
    size_t n;
    const struct command_desc *t = command_table(&n);
    for (size_t i = 0; i < n; i++) {
        char want[64];
        snprintf(want, sizeof want, "--%s", t[i].option ? t[i].option : "");
        if (t[i].option && !items_has(&opts, want))
            fail_msg("--help does not list %s", want);
    }
}

static void keys_are_the_key_tables_help_rows_in_order(void **state)
{
    (void)state;
    struct items tags;
    man_tags("KEYS", &tags);
    struct keymap_help h;
    size_t i = 0;
    for (; keymap_help_at(i, &h); i++) {
        char want[ITEM_MAX];
        man_unescape(h.keys, strlen(h.keys), want);
        if (i >= tags.n)
            fail_msg("%s's KEYS ends before the key table's \"%s\"", MAN_PAGE, want);
        if (strcmp(tags.s[i], want) != 0)
            fail_msg("%s's KEYS has \"%s\" where the key table has \"%s\"", MAN_PAGE,
                     tags.s[i], want);
    }
    if (tags.n > i)
        fail_msg("%s's KEYS has \"%s\", which the key table does not have", MAN_PAGE, tags.s[i]);
}

/* The statuses of enum av_exit, read from the header's text: a status
 * added there without the documents fails here. */
static void header_statuses(struct items *st)
{
    FILE *f = fopen("include/attnviz/exitcode.h", "r");
    assert_non_null(f);
    char line[256];
    st->n = 0;
    while (fgets(line, sizeof line, f)) {
        char name[64];
        int value;
        if (sscanf(line, " AV_EXIT_%63[A-Z_] = %d", name, &value) == 2) {
            char v[16];
            snprintf(v, sizeof v, "%d", value);
            items_add(st, v, strlen(v));
        }
    }
    fclose(f);
}

/* The leading number of each row of README.md's exit-status table. */
static void readme_statuses(struct items *st)
{
    FILE *f = fopen("README.md", "r");
    assert_non_null(f);
    char line[1024];
    bool in = false;
    st->n = 0;
    while (fgets(line, sizeof line, f)) {
        if (strncmp(line, "Exit statuses", 13) == 0)
            in = true;
        else if (in && st->n > 0 && line[0] != '|')
            break;
        else if (in && line[0] == '|' && line[2] >= '0' && line[2] <= '9')
            items_add(st, line + 2, strspn(line + 2, "0123456789"));
    }
    fclose(f);
}

static void assert_same_statuses(const struct items *a, const char *what_a,
                                 const struct items *b, const char *what_b)
{
    for (size_t i = 0; i < a->n; i++)
        if (!items_has(b, a->s[i]))
            fail_msg("%s has exit status %s, %s does not", what_a, a->s[i], what_b);
    for (size_t i = 0; i < b->n; i++)
        if (!items_has(a, b->s[i]))
            fail_msg("%s has exit status %s, %s does not", what_b, b->s[i], what_a);
}

static void exit_statuses_match_the_header_and_the_readme(void **state)
{
    (void)state;
    struct items header, readme, tags, man;
    header_statuses(&header);
    assert_true(items_has(&header, "0") && items_has(&header, "128"));
    readme_statuses(&readme);
    man_tags("EXIT STATUS", &tags);
    man.n = 0;
    for (size_t i = 0; i < tags.n; i++)
        items_add(&man, tags.s[i], strspn(tags.s[i], "0123456789"));
    assert_same_statuses(&header, "exitcode.h", &man, MAN_PAGE);
    assert_same_statuses(&header, "exitcode.h", &readme, "README.md");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(the_page_has_every_section_in_order),
        cmocka_unit_test(session_language_lists_exactly_the_command_table),
        cmocka_unit_test(options_are_exactly_those_of_help),
        cmocka_unit_test(help_is_short_and_lists_every_command_option),
        cmocka_unit_test(keys_are_the_key_tables_help_rows_in_order),
        cmocka_unit_test(exit_statuses_match_the_header_and_the_readme),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
