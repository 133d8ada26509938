/* test_complete.c - what Tab offers at the prompt (complete.h): command
 * names where the command goes, the words of its first argument (PE kinds,
 * on/off, formats, themes, heads, the committed sentence's tokens), file
 * names for the commands that take a file, nothing after that. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdio.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "attnviz/app.h"
#include "attnviz/command.h"
#include "attnviz/complete.h"
#include "attnviz/theme.h"
#include "support/fixture.h"

static int setup(void **state)
{
    *state = app_new_default();
    return *state ? 0 : -1;
}

static int teardown(void **state)
{
    app_delete(*state);
    return 0;
}

/* The candidates for the word of line that starts at its end (what Tab
 * after a blank completes) or at start. */
static struct complete comp;

static const struct complete *candidates_at(const struct app *a, const char *line, size_t start)
{
    memset(&comp, 0x5A, sizeof comp);
    complete_candidates(&comp, a, line, start, "");
    return &comp;
}

static const struct complete *candidates(const struct app *a, const char *line)
{
    return candidates_at(a, line, strlen(line));
}

static bool offers(const struct complete *c, const char *word)
{
    for (size_t i = 0; i < c->n; i++)
        if (strcmp(c->cand[i], word) == 0)
            return true;
    return false;
}

/* The candidates are exactly want[0..n), in any order, once each. */
static void expect_exactly(const struct complete *c, const char *const *want, size_t n)
{
    assert_false(c->files);
    for (size_t i = 0; i < c->n; i++)
        for (size_t j = 0; j < i; j++)
            if (strcmp(c->cand[i], c->cand[j]) == 0)
                fail_msg("\"%s\" is offered twice", c->cand[i]);
    for (size_t i = 0; i < n; i++)
        if (!offers(c, want[i]))
            fail_msg("\"%s\" is not offered", want[i]);
    assert_int_equal(c->n, n);
}
#define EXPECT(c, ...) do { \
        static const char *const want_[] = { __VA_ARGS__ }; \
        expect_exactly(c, want_, sizeof want_ / sizeof want_[0]); \
    } while (0)

static void expect_nothing(const struct complete *c)
{
    assert_int_equal(c->n, 0);
    assert_false(c->files);
}

/* ---- the command position ----------------------------------------------------- */

static void every_command_name_is_offered_where_the_command_goes(void **state)
{
    struct app *a = *state;
    size_t n;
    const struct command_desc *t = command_table(&n);
    const char *names[CMD_KIND_COUNT];
    assert_true(n <= CMD_KIND_COUNT);
    for (size_t i = 0; i < n; i++)
        names[i] = t[i].name;

    /* a bare ":", a part of a name, a whole name, after blanks */
    const char *lines[] = { ":", ":pe", ":save!", "  :th", "\t:" };
    for (size_t l = 0; l < sizeof lines / sizeof lines[0]; l++) {
        size_t start = strspn(lines[l], " \t");
        expect_exactly(candidates_at(a, lines[l], start), names, n);
    }
    /* the cursor anywhere in the name: still the name */
    expect_exactly(candidates_at(a, ":pe learned", 0), names, n);
    /* and the names are the ones the help lists */
    const char *known[] = { ":dim", ":heads", ":seed", ":pe", ":pe-row", ":proj", ":scale",
                            ":causal", ":emb", ":select", ":head", ":theme", ":note", ":print",
                            ":save", ":save!", ":load", ":replay", ":pause", ":themes", ":undo",
                            ":quit" };
    const struct complete *c = candidates_at(a, ":", 0);
    for (size_t i = 0; i < sizeof known / sizeof known[0]; i++)
        assert_true(offers(c, known[i]));
}

/* ---- the first argument --------------------------------------------------------- */

static void pe_offers_the_pe_kinds(void **state)
{
    struct app *a = *state;
    EXPECT(candidates(a, ":pe "), "none", "sinusoidal", "learned", "table", "rope", "alibi");
    /* Tab in the middle of the word: readline's start is the word's */
    EXPECT(candidates_at(a, ":pe si", 4), "none", "sinusoidal", "learned", "table", "rope", "alibi");
    EXPECT(candidates(a, "  :pe   "), "none", "sinusoidal", "learned", "table", "rope", "alibi");
}

static void on_off_settings_offer_off_and_on(void **state)
{
    struct app *a = *state;
    EXPECT(candidates(a, ":scale "), "off", "on");
    EXPECT(candidates(a, ":causal "), "off", "on");
}

static void proj_offers_the_projections(void **state)
{
    struct app *a = *state;
    EXPECT(candidates(a, ":proj "), "identity", "random");
}

static void print_offers_the_formats(void **state)
{
    struct app *a = *state;
    EXPECT(candidates(a, ":print "), "json", "text", "csv");
}

static void export_offers_its_formats_then_file_names(void **state)
{
    struct app *a = *state;
    EXPECT(candidates(a, ":export "), "svg", "csv", "json", "ansi");
    EXPECT(candidates(a, ":export! "), "svg", "csv", "json", "ansi");
    const struct complete *c = candidates(a, ":export svg ");
    assert_true(c->files);
    assert_int_equal(c->n, 0);
    expect_nothing(candidates(a, ":export svg a.svg "));
}

static void theme_offers_the_theme_names(void **state)
{
    struct app *a = *state;
    size_t n;
    const char *const *names = theme_names(&n);
    const struct complete *c = candidates(a, ":theme ");
    expect_exactly(c, names, n);
    /* the built-in set, themes/ *.theme */
    const char *builtin[] = { "viridis", "magma", "inferno", "cividis", "grayscale",
                              "high-contrast" };
    for (size_t i = 0; i < sizeof builtin / sizeof builtin[0]; i++)
        assert_true(offers(c, builtin[i]));
}

static void head_offers_mean_and_each_head_of_the_config(void **state)
{
    struct app *a = *state;
    EXPECT(candidates(a, ":head "), "mean", "0");          /* the default: 1 head */
    run_line(a, ":heads 2");
    EXPECT(candidates(a, ":head "), "mean", "0", "1");
    run_line(a, ":dim 64");
    run_line(a, ":heads 64");
    const struct complete *c = candidates(a, ":head ");
    assert_int_equal(c->n, 65);
    assert_true(offers(c, "mean"));
    for (unsigned h = 0; h < 64; h++) {
        char num[16];
        snprintf(num, sizeof num, "%u", h);
        if (!offers(c, num))
            fail_msg("head %s is not offered", num);
    }
    assert_false(offers(c, "64"));
}

static void emb_offers_the_tokens_of_the_committed_sentence(void **state)
{
    struct app *a = *state;
    expect_nothing(candidates(a, ":emb "));                 /* no sentence yet */
    run_line(a, "the cat sat on the mat.");
    EXPECT(candidates(a, ":emb "), "the", "cat", "sat", "on", "mat", ".");

    /* while a new sentence is being typed, :emb still names the committed
     * one's tokens: the preview's are not in the session */
    static struct app_result r;   /* app_preview adds to r->flags: start from 0 */
    r = (struct app_result){ 0 };
    app_preview(a, "a dog ran", &r);
    assert_false(r.flags & APP_ERROR);
    assert_true(a->previewing);
    EXPECT(candidates(a, ":emb "), "the", "cat", "sat", "on", "mat", ".");
    app_preview_end(a);
}

static void pe_row_takes_a_position_so_nothing_is_offered(void **state)
{
    struct app *a = *state;
    run_line(a, "I love cats");
    expect_nothing(candidates(a, ":pe-row "));
}

static void commands_that_take_a_file_complete_file_names(void **state)
{
    struct app *a = *state;
    const char *lines[] = { ":save ", ":save! ", ":load ", ":replay ", ":save my" };
    for (size_t i = 0; i < sizeof lines / sizeof lines[0]; i++) {
        size_t start = strlen(lines[i]);
        if (strcmp(lines[i], ":save my") == 0)
            start = 6;
        const struct complete *c = candidates_at(a, lines[i], start);
        if (!c->files)
            fail_msg("\"%s\" does not complete file names", lines[i]);
        assert_int_equal(c->n, 0);
    }
}

/* ---- nothing to offer ----------------------------------------------------------- */

static void a_second_argument_gets_nothing(void **state)
{
    struct app *a = *state;
    run_line(a, "I love cats");
    expect_nothing(candidates(a, ":pe sinusoidal "));
    expect_nothing(candidates(a, ":emb cats "));
    expect_nothing(candidates(a, ":emb cats 1 2 "));
    expect_nothing(candidates(a, ":head 0 "));
    expect_nothing(candidates(a, ":load a.attn "));
    expect_nothing(candidates_at(a, ":print json te", 12));
}

static void numbers_text_and_commands_without_arguments_get_nothing(void **state)
{
    struct app *a = *state;
    run_line(a, "I love cats");
    const char *lines[] = { ":dim ", ":heads ", ":seed ", ":select ", ":note ", ":undo ",
                            ":quit ", ":q ", ":themes ", ":pause ", ":nosuch " };
    for (size_t i = 0; i < sizeof lines / sizeof lines[0]; i++) {
        const struct complete *c = candidates(a, lines[i]);
        if (c->n != 0 || c->files)
            fail_msg("\"%s\" offers %zu candidates (files %d)", lines[i], c->n, c->files);
    }
}

/* ---- a sentence ----------------------------------------------------------------- */

static void a_sentence_offers_its_tokens_once_each(void **state)
{
    struct app *a = *state;
    expect_nothing(candidates(a, "I lo"));                  /* nothing committed yet */
    run_line(a, "the cat and the dog, the end");
    EXPECT(candidates(a, ""), "the", "cat", "and", "dog", ",", "end");
    EXPECT(candidates_at(a, "the ca", 4), "the", "cat", "and", "dog", ",", "end");
    /* case and UTF-8 are kept, as the tokenizer keeps them */
    run_line(a, "Caf\xC3\xA9 caf\xC3\xA9 Caf\xC3\xA9");
    EXPECT(candidates(a, "x "), "Caf\xC3\xA9", "caf\xC3\xA9");
}

/* A sentence of thousands of tokens: the candidates are those the word
 * typed so far begins, so none is lost behind the first COMPLETE_MAX. */
static void a_long_sentence_offers_every_token_the_prefix_fits(void **state)
{
    struct app *a = *state;
    char *sentence = malloc(8192 * 8);
    assert_non_null(sentence);
    size_t o = 0;
    for (int i = 0; i < 8192; i++)
        o += (size_t)sprintf(sentence + o, "%sw%d", i ? " " : "", i);
    struct app_result r;
    app_run_line(a, sentence, o, NULL, 0, &r);
    free(sentence);
    assert_false(r.flags & APP_ERROR);
    memset(&comp, 0x5A, sizeof comp);
    complete_candidates(&comp, a, "w19", 0, "w19");
    /* w19, w190 .. w199, w1900 .. w1999 */
    assert_int_equal(comp.n, 111);
    assert_true(offers(&comp, "w1999"));
    complete_candidates(&comp, a, "w300", 0, "w300");
    assert_true(offers(&comp, "w300"));
    complete_candidates(&comp, a, "zzz", 0, "zzz");
    assert_int_equal(comp.n, 0);
    /* and for a command's argument the same */
    complete_candidates(&comp, a, ":emb w819", 5, "w819");
    assert_int_equal(comp.n, 3);   /* w819, w8190, w8191 */
}

int main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(a_long_sentence_offers_every_token_the_prefix_fits, setup, teardown),
        T(every_command_name_is_offered_where_the_command_goes),
        T(export_offers_its_formats_then_file_names),
        T(pe_offers_the_pe_kinds),
        T(on_off_settings_offer_off_and_on),
        T(proj_offers_the_projections),
        T(print_offers_the_formats),
        T(theme_offers_the_theme_names),
        T(head_offers_mean_and_each_head_of_the_config),
        T(emb_offers_the_tokens_of_the_committed_sentence),
        T(pe_row_takes_a_position_so_nothing_is_offered),
        T(commands_that_take_a_file_complete_file_names),
        T(a_second_argument_gets_nothing),
        T(numbers_text_and_commands_without_arguments_get_nothing),
        T(a_sentence_offers_its_tokens_once_each),
    };
#undef T
    return cmocka_run_group_tests(tests, NULL, NULL);
}
