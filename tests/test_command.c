/* test_command.c - the session-language parser and formatter. */
#include <math.h>
#include <stdbool.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "attnviz/command.h"
#include "attnviz/limits.h"

static struct command parse_ok(const char *line)
{
    struct command c;
    char err[512] = "";
    int rc = command_parse(line, strlen(line), &c, err, sizeof err);
    if (rc != 0)
        fail_msg("\"%s\" failed: %s", line, err);
    return c;
}

static void assert_parse_error(const char *line, size_t len, const char *want)
{
    struct command c;
    char err[512] = "";
    assert_int_equal(command_parse(line, len, &c, err, sizeof err), -1);
    assert_string_equal(err, want);
    assert_int_equal(c.kind, CMD_EMPTY);
}

#define PARSE_ERROR(line, want) assert_parse_error(line, strlen(line), want)

static void blank_lines_and_comments_are_empty(void **state)
{
    (void)state;
    const char *lines[] = { "", "   ", "\t\n", "# a comment", "   # indented :dim x",
                            "#\xff not even UTF-8" };
    for (size_t i = 0; i < sizeof lines / sizeof *lines; i++) {
        struct command c = parse_ok(lines[i]);
        assert_int_equal(c.kind, CMD_EMPTY);
    }
}

static void a_line_not_starting_with_a_colon_is_a_trimmed_sentence(void **state)
{
    (void)state;
    struct command c = parse_ok("  I love cats \t\n");
    assert_int_equal(c.kind, CMD_SENTENCE);
    assert_string_equal(c.u.text, "I love cats");
    command_free(&c);
    c = parse_ok("猫が好き 🐱");
    assert_string_equal(c.u.text, "猫が好き 🐱");
    command_free(&c);
}

static void dim_and_heads_take_integers_within_their_limits(void **state)
{
    (void)state;
    struct command c = parse_ok(":dim 16");
    assert_int_equal(c.kind, CMD_DIM);
    assert_int_equal(c.u.num, 16);
    c = parse_ok(":dim 4096");
    assert_int_equal(c.u.num, 4096);
    c = parse_ok("  :heads   64  ");
    assert_int_equal(c.kind, CMD_HEADS);
    assert_int_equal(c.u.num, 64);
}

static void dim_errors_say_what_was_expected_and_what_was_got(void **state)
{
    (void)state;
    PARSE_ERROR(":dim x", ":dim expects an integer from 1 to 4096, got \"x\"");
    PARSE_ERROR(":dim 0", ":dim expects an integer from 1 to 4096, got \"0\"");
    PARSE_ERROR(":dim 99999", ":dim expects an integer from 1 to 4096, got \"99999\"");
    PARSE_ERROR(":dim -1", ":dim expects an integer from 1 to 4096, got \"-1\"");
    PARSE_ERROR(":dim +8", ":dim expects an integer from 1 to 4096, got \"+8\"");
    PARSE_ERROR(":dim 8 9", ":dim expects an integer from 1 to 4096, got \"8 9\"");
    PARSE_ERROR(":dim 8.0", ":dim expects an integer from 1 to 4096, got \"8.0\"");
    PARSE_ERROR(":dim", ":dim expects an integer from 1 to 4096, got nothing");
    PARSE_ERROR(":heads 65", ":heads expects an integer from 1 to 64, got \"65\"");
}

static void seed_takes_the_whole_64_bit_range_and_nothing_beyond(void **state)
{
    (void)state;
    struct command c = parse_ok(":seed 18446744073709551615");
    assert_int_equal(c.kind, CMD_SEED);
    assert_true(c.u.num == UINT64_MAX);
    c = parse_ok(":seed 0");
    assert_true(c.u.num == 0);
    PARSE_ERROR(":seed 18446744073709551616",
                ":seed expects an integer from 0 to 18446744073709551615, got "
                "\"18446744073709551616\"");
    PARSE_ERROR(":seed 0x10",
                ":seed expects an integer from 0 to 18446744073709551615, got \"0x10\"");
}

static void keyword_commands_take_one_of_their_words(void **state)
{
    (void)state;
    struct command c = parse_ok(":pe learned");
    assert_int_equal(c.kind, CMD_PE);
    assert_int_equal(c.u.num, PE_LEARNED);
    c = parse_ok(":pe none");
    assert_int_equal(c.u.num, PE_NONE);
    c = parse_ok(":proj identity");
    assert_int_equal(c.u.num, PROJ_IDENTITY);
    c = parse_ok(":scale off");
    assert_int_equal(c.kind, CMD_SCALE);
    assert_false(c.u.num);
    c = parse_ok(":causal on");
    assert_int_equal(c.kind, CMD_CAUSAL);
    assert_true(c.u.num);
    c = parse_ok(":print csv");
    assert_int_equal(c.kind, CMD_PRINT);
    assert_int_equal(c.u.num, PRINT_CSV);
}

static void keyword_errors_list_the_accepted_words(void **state)
{
    (void)state;
    PARSE_ERROR(":scale maybe", ":scale expects off or on, got \"maybe\"");
    PARSE_ERROR(":causal", ":causal expects off or on, got nothing");
    PARSE_ERROR(":pe cosine", ":pe expects none, sinusoidal, learned, table, rope or alibi, got \"cosine\"");
    PARSE_ERROR(":proj Random", ":proj expects identity or random, got \"Random\"");
    PARSE_ERROR(":print xml", ":print expects json, text or csv, got \"xml\"");
}

static void export_takes_a_format_then_a_file_name(void **state)
{
    (void)state;
    struct command c = parse_ok(":export csv weights.csv");
    assert_int_equal(c.kind, CMD_EXPORT);
    assert_int_equal(c.u.to.choice, EXPORT_CSV);
    assert_string_equal(c.u.to.path, "weights.csv");
    command_free(&c);
    c = parse_ok(":export! svg  a file.svg ");
    assert_int_equal(c.kind, CMD_EXPORT_FORCE);
    assert_int_equal(c.u.to.choice, EXPORT_SVG);
    assert_string_equal(c.u.to.path, "a file.svg");
    command_free(&c);
    PARSE_ERROR(":export png x.png",
                ":export expects svg, csv, json or ansi, then a file name; got \"png\"");
    PARSE_ERROR(":export", ":export expects svg, csv, json or ansi, then a file name; got nothing");
    PARSE_ERROR(":export json", ":export json expects a file name");
}

static void emb_takes_a_token_and_finite_numbers(void **state)
{
    (void)state;
    struct command c = parse_ok(":emb cats 0.5 -1e-3 7 0x1p-2");
    assert_int_equal(c.kind, CMD_EMB);
    assert_string_equal(c.u.vec.name, "cats");
    assert_int_equal(c.u.vec.count, 4);
    assert_true(c.u.vec.values[0] == 0.5f && c.u.vec.values[1] == -1e-3f);
    assert_true(c.u.vec.values[2] == 7.0f && c.u.vec.values[3] == 0.25f);
    command_free(&c);
    assert_int_equal(c.kind, CMD_EMPTY);
    c = parse_ok(":emb , 1");
    assert_string_equal(c.u.vec.name, ",");
    command_free(&c);
}

static void emb_errors_name_the_bad_value(void **state)
{
    (void)state;
    PARSE_ERROR(":emb", ":emb expects a token and at least one number");
    PARSE_ERROR(":emb cats", ":emb expects a token and at least one number");
    PARSE_ERROR(":emb cats 1 2 nan", ":emb value 3 is not a finite number: \"nan\"");
    PARSE_ERROR(":emb cats inf", ":emb value 1 is not a finite number: \"inf\"");
    PARSE_ERROR(":emb cats -INFINITY", ":emb value 1 is not a finite number: \"-INFINITY\"");
    PARSE_ERROR(":emb cats 1e39", ":emb value 1 is not a finite number: \"1e39\"");
    PARSE_ERROR(":emb cats 1 2x", ":emb value 2 is not a finite number: \"2x\"");
}

static void emb_accepts_at_most_the_largest_d_model_of_values(void **state)
{
    (void)state;
    size_t cap = 16 + 2 * (AV_MAX_DIM + 1);
    char *line = malloc(cap);
    strcpy(line, ":emb x");
    for (size_t i = 0; i <= AV_MAX_DIM; i++)
        strcat(line, " 1");
    PARSE_ERROR(line, ":emb expects at most 4096 numbers (the largest d_model), got 4097");
    line[strlen(line) - 2] = '\0';
    struct command c = parse_ok(line);
    assert_int_equal(c.u.vec.count, AV_MAX_DIM);
    command_free(&c);
    free(line);
}

static void emb_whose_numbers_would_not_fit_a_line_once_written_out_is_refused(void **state)
{
    (void)state;
    /* "0.1" is written back as "0.100000001": the line would grow past the
     * limit, and a logged line must always parse again. */
    size_t tok = AV_MAX_LINE - 16 - 4 * 4000;
    char *line = malloc(AV_MAX_LINE + 1);
    size_t o = (size_t)sprintf(line, ":emb ");
    memset(line + o, 'a', tok);
    o += tok;
    for (int i = 0; i < 4000; i++)
        o += (size_t)sprintf(line + o, " 0.1");
    assert_true(o <= AV_MAX_LINE);
    struct command c;
    char err[512];
    assert_int_equal(command_parse(line, o, &c, err, sizeof err), -1);
    assert_non_null(strstr(err, ":emb is too long once its numbers are written out"));
    free(line);
}

static void pe_row_takes_a_position_and_numbers(void **state)
{
    (void)state;
    struct command c = parse_ok(":pe-row 2 0.2 0.1 0");
    assert_int_equal(c.kind, CMD_PE_ROW);
    assert_int_equal(c.u.vec.index, 2);
    assert_null(c.u.vec.name);
    assert_int_equal(c.u.vec.count, 3);
    command_free(&c);
    PARSE_ERROR(":pe-row", ":pe-row expects a position and at least one number");
    PARSE_ERROR(":pe-row 3", ":pe-row expects a position and at least one number");
    PARSE_ERROR(":pe-row 8192 1", ":pe-row expects a position from 0 to 8191, got \"8192\"");
    PARSE_ERROR(":pe-row 1 nan", ":pe-row value 1 is not a finite number: \"nan\"");
}

static void select_takes_a_row_a_column_and_maybe_a_component(void **state)
{
    (void)state;
    struct command c = parse_ok(":select 2 0");
    assert_int_equal(c.kind, CMD_SELECT);
    assert_int_equal(c.u.cell.row, 2);
    assert_int_equal(c.u.cell.col, 0);
    assert_false(c.u.cell.has_dim);
    char line[64];
    command_format(&c, line, sizeof line);
    assert_string_equal(line, ":select 2 0");
    c = parse_ok(":select 2 0 17");
    assert_true(c.u.cell.has_dim);
    assert_int_equal(c.u.cell.dim, 17);
    command_format(&c, line, sizeof line);
    assert_string_equal(line, ":select 2 0 17");
#define SELECT_EXPECTS ":select expects a row and a column from 0 to 8191 (and a component from 0 to 4095), got "
    PARSE_ERROR(":select 1", SELECT_EXPECTS "\"1\"");
    PARSE_ERROR(":select 1 2 3 4", SELECT_EXPECTS "\"1 2 3 4\"");
    PARSE_ERROR(":select 1 2 4096", SELECT_EXPECTS "\"1 2 4096\"");
    PARSE_ERROR(":select 1 2 x", SELECT_EXPECTS "\"1 2 x\"");
    PARSE_ERROR(":select -1 0", SELECT_EXPECTS "\"-1 0\"");
#undef SELECT_EXPECTS
}

static void head_takes_a_number_or_mean(void **state)
{
    (void)state;
    struct command c = parse_ok(":head 3");
    assert_int_equal(c.kind, CMD_HEAD);
    assert_int_equal(c.u.pick, 3);
    c = parse_ok(":head mean");
    assert_int_equal(c.u.pick, HEAD_MEAN);
    PARSE_ERROR(":head 64", ":head expects a head from 0 to 63 or mean, got \"64\"");
    PARSE_ERROR(":head all", ":head expects a head from 0 to 63 or mean, got \"all\"");
}

static void theme_takes_a_plain_name(void **state)
{
    (void)state;
    struct command c = parse_ok(":theme solarized-dark_2");
    assert_int_equal(c.kind, CMD_THEME);
    assert_string_equal(c.u.text, "solarized-dark_2");
    command_free(&c);
    PARSE_ERROR(":theme bad!",
                ":theme expects a name of 1 to 63 letters, digits, '_' or '-', got \"bad!\"");
    char line[80];
    snprintf(line, sizeof line, ":theme %064d", 0);
    struct command d;
    char err[512];
    assert_int_equal(command_parse(line, strlen(line), &d, err, sizeof err), -1);
}

static void note_save_and_load_take_the_rest_of_the_line(void **state)
{
    (void)state;
    struct command c = parse_ok(":note  look at   \"love\"  ");
    assert_int_equal(c.kind, CMD_NOTE);
    assert_string_equal(c.u.text, "look at   \"love\"");
    command_free(&c);
    c = parse_ok(":note");
    assert_string_equal(c.u.text, "");
    command_free(&c);
    c = parse_ok(":save my session.attn");
    assert_int_equal(c.kind, CMD_SAVE);
    assert_string_equal(c.u.text, "my session.attn");
    command_free(&c);
    c = parse_ok(":load tour.attn");
    assert_int_equal(c.kind, CMD_LOAD);
    command_free(&c);
    PARSE_ERROR(":save", ":save expects a file name");
    PARSE_ERROR(":load   ", ":load expects a file name");
}

static void quit_q_and_undo_take_no_arguments(void **state)
{
    (void)state;
    assert_int_equal(parse_ok(":quit").kind, CMD_QUIT);
    assert_int_equal(parse_ok(":q").kind, CMD_QUIT);
    assert_int_equal(parse_ok(":undo").kind, CMD_UNDO);
    PARSE_ERROR(":quit now", ":quit takes no arguments, got \"now\"");
    PARSE_ERROR(":undo 2", ":undo takes no arguments, got \"2\"");
}

static void an_unknown_command_points_to_help(void **state)
{
    (void)state;
    PARSE_ERROR(":frob", "unknown command \":frob\" (:help lists the commands)");
    PARSE_ERROR(":", "unknown command \":\" (:help lists the commands)");
    PARSE_ERROR(":DIM 8", "unknown command \":DIM\" (:help lists the commands)");
}

static void error_messages_escape_control_bytes_and_cut_long_values(void **state)
{
    (void)state;
    PARSE_ERROR(":dim \x1b[31m", ":dim expects an integer from 1 to 4096, got \"\\x1B[31m\"");
    char line[200];
    snprintf(line, sizeof line, ":dim %s", "0123456789012345678901234567890123456789"
             "0123456789012345678901234567890123456789");
    PARSE_ERROR(line, ":dim expects an integer from 1 to 4096, got "
                "\"012345678901234567890123456789012345678901234567\xE2\x80\xA6\"");
}

static void a_line_over_the_limit_is_refused_with_its_length(void **state)
{
    (void)state;
    size_t len = 1u << 20;
    char *line = malloc(len);
    memset(line, 'a', len);
    assert_parse_error(line, len, "line too long (1048576 bytes; the limit is 262144)");
    /* exactly at the limit is fine */
    struct command c;
    char err[512];
    assert_int_equal(command_parse(line, AV_MAX_LINE, &c, err, sizeof err), 0);
    assert_int_equal(c.kind, CMD_SENTENCE);
    assert_int_equal(strlen(c.u.text), AV_MAX_LINE);
    command_free(&c);
    free(line);
}

static void invalid_utf8_is_reported_with_its_byte_offset(void **state)
{
    (void)state;
    PARSE_ERROR("I love \xff cats", "invalid UTF-8 at byte 7");
    PARSE_ERROR(":emb caf\xc3 1", "invalid UTF-8 at byte 8");
    PARSE_ERROR("over\xc0\xaflong", "invalid UTF-8 at byte 4");
    PARSE_ERROR("surrogate \xed\xa0\x80", "invalid UTF-8 at byte 10");
}

static void nul_bytes_and_inner_line_breaks_are_refused(void **state)
{
    (void)state;
    assert_parse_error("ab\0cd", 5, "NUL byte at byte 2");
    PARSE_ERROR("one\ntwo", "line break inside the line at byte 3");
    PARSE_ERROR(":note a\rb", "line break inside the line at byte 7");
    struct command c = parse_ok(":dim 8\n");
    assert_int_equal(c.u.num, 8);
}

/* Parsing what command_format wrote gives the same command back. */
static void assert_round_trip(const char *line, const char *canonical)
{
    struct command c = parse_ok(line), d;
    char buf[512], err[512];
    int n = command_format(&c, buf, sizeof buf);
    assert_int_equal(n, (int)strlen(buf));
    if (canonical)
        assert_string_equal(buf, canonical);
    assert_int_equal(command_parse(buf, (size_t)n, &d, err, sizeof err), 0);
    char again[512];
    command_format(&d, again, sizeof again);
    assert_string_equal(buf, again);
    assert_int_equal(c.kind, d.kind);
    if (c.kind == CMD_EMB || c.kind == CMD_PE_ROW) {
        assert_int_equal(c.u.vec.count, d.u.vec.count);
        assert_memory_equal(c.u.vec.values, d.u.vec.values, c.u.vec.count * sizeof(float));
    }
    command_free(&c);
    command_free(&d);
}

static void command_format_writes_canonical_lines_that_parse_back(void **state)
{
    (void)state;
    assert_round_trip("  I  love cats ", "I  love cats");
    assert_round_trip(":dim 0016", ":dim 16");
    assert_round_trip(":heads 2", ":heads 2");
    assert_round_trip(":seed 18446744073709551615", ":seed 18446744073709551615");
    assert_round_trip(":pe table", ":pe table");
    assert_round_trip(":pe-row 1 0.1 0 0.1", ":pe-row 1 0.100000001 0 0.100000001");
    assert_round_trip(":proj identity", ":proj identity");
    assert_round_trip(":scale off", ":scale off");
    assert_round_trip(":causal on", ":causal on");
    assert_round_trip(":emb love 0.2 -0 1e-45 1e9",
                      ":emb love 0.200000003 -0 1.40129846e-45 1e+09");
    assert_round_trip(":select  1   2", ":select 1 2");
    assert_round_trip(":head mean", ":head mean");
    assert_round_trip(":head 0", ":head 0");
    assert_round_trip(":theme viridis", ":theme viridis");
    assert_round_trip(":note   hello\tworld", ":note hello\tworld");
    assert_round_trip(":note", ":note");
    assert_round_trip(":print json", ":print json");
    assert_round_trip(":save a b.attn", ":save a b.attn");
    assert_round_trip(":export  svg   out dir/heat.svg", ":export svg out dir/heat.svg");
    assert_round_trip(":export! ansi h.ansi", ":export! ansi h.ansi");
    assert_round_trip(":load x.attn", ":load x.attn");
    assert_round_trip(":q", ":quit");
    assert_round_trip(":undo", ":undo");
}

static void formatted_floats_round_trip_bit_for_bit(void **state)
{
    (void)state;
    uint32_t x = 12345;
    for (int i = 0; i < 20000; i++) {
        x = x * 1664525u + 1013904223u;
        float f;
        memcpy(&f, &x, sizeof f);
        if (!isfinite(f) || fabsf(f) > (float)AV_MAX_VALUE)
            continue;
        struct command c = { .kind = CMD_EMB };
        c.u.vec.name = "t";
        c.u.vec.values = &f;
        c.u.vec.count = 1;
        char buf[128], err[256];
        int n = command_format(&c, buf, sizeof buf);
        struct command d;
        assert_int_equal(command_parse(buf, (size_t)n, &d, err, sizeof err), 0);
        assert_memory_equal(&f, d.u.vec.values, sizeof f);
        command_free(&d);
    }
}

static void command_format_behaves_like_snprintf(void **state)
{
    (void)state;
    struct command c = { .kind = CMD_DIM, .u.num = 4096 };
    char buf[6];
    assert_int_equal(command_format(&c, buf, sizeof buf), 9);
    assert_string_equal(buf, ":dim ");
    assert_int_equal(command_format(&c, NULL, 0), 9);
    struct command e = { .kind = CMD_EMPTY };
    assert_int_equal(command_format(&e, buf, sizeof buf), 0);
    assert_string_equal(buf, "");
}

static void save_bang_replay_and_pause_parse_and_format_back(void **state)
{
    (void)state;
    const struct { const char *line; enum command_kind kind; } cases[] = {
        { ":save! notes.txt", CMD_SAVE_FORCE },
        { ":replay tours/a b.attn", CMD_REPLAY },
        { ":pause", CMD_PAUSE },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct command c = parse_ok(cases[i].line);
        assert_int_equal(c.kind, cases[i].kind);
        char buf[64];
        command_format(&c, buf, sizeof buf);
        assert_string_equal(buf, cases[i].line);
        command_free(&c);
    }
    PARSE_ERROR(":save!", ":save! expects a file name");
    PARSE_ERROR(":replay", ":replay expects a file name");
    PARSE_ERROR(":pause 3", ":pause takes no arguments, got \"3\"");
}

static void the_table_has_a_row_per_kind_in_enum_order(void **state)
{
    (void)state;
    size_t n;
    const struct command_desc *t = command_table(&n);
    assert_int_equal(n, CMD_KIND_COUNT - CMD_FIRST);
    for (size_t i = 0; i < n; i++) {
        assert_int_equal(t[i].kind, CMD_FIRST + i);
        assert_ptr_equal(command_desc_of(t[i].kind), &t[i]);
        assert_non_null(t[i].name);
        assert_int_equal(t[i].name[0], ':');
        assert_non_null(t[i].help);
        assert_true(t[i].arg < ARG_COUNT);
        if (t[i].arg == ARG_CHOICE)
            assert_non_null(t[i].choices);
        for (size_t j = 0; j < i; j++)
            assert_string_not_equal(t[i].name, t[j].name);
    }
    assert_null(command_desc_of(CMD_EMPTY));
    assert_null(command_desc_of(CMD_SENTENCE));
    assert_null(command_desc_of(CMD_KIND_COUNT));
}

static void every_name_and_alias_is_found_and_parses_to_its_row(void **state)
{
    (void)state;
    size_t n;
    const struct command_desc *t = command_table(&n);
    for (size_t i = 0; i < n; i++) {
        assert_ptr_equal(command_find(t[i].name), &t[i]);
        if (t[i].alias)
            assert_ptr_equal(command_find(t[i].alias), &t[i]);
        struct command c;
        char err[256] = "";
        command_parse(t[i].name, strlen(t[i].name), &c, err, sizeof err);
        command_free(&c);
        assert_null(strstr(err, "unknown command"));
    }
    assert_null(command_find(":nope"));
    assert_null(command_find("dim"));
}

static void settings_read_and_write_the_config_field_they_name(void **state)
{
    (void)state;
    struct model_config def, cfg;
    command_default_config(&def);
    /* the defaults README.md documents */
    assert_int_equal(def.d_model, 8);
    assert_int_equal(def.heads, 1);
    assert_true(def.seed == 42);
    assert_int_equal(def.pe, PE_SINUSOIDAL);
    assert_int_equal(def.proj, PROJ_RANDOM);
    assert_true(def.scale);
    assert_false(def.causal);
    const struct { const char *line; size_t d_model, heads; uint64_t seed; enum pe_kind pe;
                   enum proj_kind proj; bool scale, causal; } cases[] = {
        { ":dim 16", 16, 1, 42, PE_SINUSOIDAL, PROJ_RANDOM, true, false },
        { ":heads 4", 8, 4, 42, PE_SINUSOIDAL, PROJ_RANDOM, true, false },
        { ":seed 18446744073709551615", 8, 1, UINT64_MAX, PE_SINUSOIDAL, PROJ_RANDOM, true, false },
        { ":pe table", 8, 1, 42, PE_TABLE, PROJ_RANDOM, true, false },
        { ":proj identity", 8, 1, 42, PE_SINUSOIDAL, PROJ_IDENTITY, true, false },
        { ":scale off", 8, 1, 42, PE_SINUSOIDAL, PROJ_RANDOM, false, false },
        { ":causal on", 8, 1, 42, PE_SINUSOIDAL, PROJ_RANDOM, true, true },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct command c = parse_ok(cases[i].line);
        const struct command_desc *d = command_desc_of(c.kind);
        assert_non_null(d->setting);
        cfg = def;
        command_setting_set(d, &cfg, c.u.num);
        assert_int_equal(cfg.d_model, cases[i].d_model);
        assert_int_equal(cfg.heads, cases[i].heads);
        assert_true(cfg.seed == cases[i].seed);
        assert_int_equal(cfg.pe, cases[i].pe);
        assert_int_equal(cfg.proj, cases[i].proj);
        assert_int_equal(cfg.scale, cases[i].scale);
        assert_int_equal(cfg.causal, cases[i].causal);
        assert_true(command_setting_get(d, &cfg) == c.u.num);
        /* and the config gives the command back */
        struct command back = command_of_setting(d, &cfg);
        char buf[64];
        command_format(&back, buf, sizeof buf);
        assert_string_equal(buf, cases[i].line);
    }
}

static void usage_shows_the_range_and_the_words(void **state)
{
    (void)state;
    char buf[128];
    command_usage(command_desc_of(CMD_DIM), buf, sizeof buf);
    assert_string_equal(buf, "N (1 to 4096)");
    command_usage(command_desc_of(CMD_PE), buf, sizeof buf);
    assert_string_equal(buf, "none|sinusoidal|learned|table|rope|alibi");
    command_usage(command_desc_of(CMD_QUIT), buf, sizeof buf);
    assert_string_equal(buf, "");
}

static void values_beyond_the_bound_are_refused(void **state)
{
    (void)state;
    PARSE_ERROR(":emb cats 1 2e9", ":emb value 2 is out of range: \"2e9\" (values go from "
                "-1e+09 to 1e+09)");
    struct command c = parse_ok(":pe-row 0 -1e9 1e9");
    command_free(&c);
}

/* The command names in the first column of README.md's session-language
 * table, each once: `:dim N`, `:save FILE`, `:save! FILE`, `:quit` (`:q`). */
static size_t readme_commands(char names[][32], size_t max)
{
    FILE *f = fopen("README.md", "r");
    assert_non_null(f);
    char line[1024];
    bool in_section = false;
    size_t n = 0;
    while (fgets(line, sizeof line, f)) {
        if (strncmp(line, "## ", 3) == 0)
            in_section = strstr(line, "session language") != NULL;
        if (!in_section || strncmp(line, "| `:", 4) != 0)
            continue;
        /* every backticked word that starts with ':' in the first cell */
        char *end = strchr(line + 1, '|');
        for (char *p = line; (p = strstr(p, "`:")) && p < end; ) {
            p++;
            size_t len = strcspn(p, " `\\");
            assert_true(n < max && len < 32);
            memcpy(names[n], p, len);
            names[n][len] = '\0';
            n++;
            p = strchr(p, '`') + 1;
        }
    }
    fclose(f);
    return n;
}

static void the_readme_table_names_exactly_the_commands_of_the_table(void **state)
{
    (void)state;
    char names[96][32];
    size_t n = readme_commands(names, 96), rows;
    const struct command_desc *t = command_table(&rows);
    for (size_t i = 0; i < n; i++)
        if (!command_find(names[i]))
            fail_msg("README.md documents %s, which the command table does not have", names[i]);
    for (size_t r = 0; r < rows; r++) {
        bool found = false;
        for (size_t i = 0; i < n; i++)
            found |= strcmp(names[i], t[r].name) == 0;
        if (!found)
            fail_msg("README.md's session-language table does not document %s", t[r].name);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(blank_lines_and_comments_are_empty),
        cmocka_unit_test(a_line_not_starting_with_a_colon_is_a_trimmed_sentence),
        cmocka_unit_test(dim_and_heads_take_integers_within_their_limits),
        cmocka_unit_test(dim_errors_say_what_was_expected_and_what_was_got),
        cmocka_unit_test(seed_takes_the_whole_64_bit_range_and_nothing_beyond),
        cmocka_unit_test(keyword_commands_take_one_of_their_words),
        cmocka_unit_test(keyword_errors_list_the_accepted_words),
        cmocka_unit_test(emb_takes_a_token_and_finite_numbers),
        cmocka_unit_test(emb_errors_name_the_bad_value),
        cmocka_unit_test(emb_accepts_at_most_the_largest_d_model_of_values),
        cmocka_unit_test(emb_whose_numbers_would_not_fit_a_line_once_written_out_is_refused),
        cmocka_unit_test(pe_row_takes_a_position_and_numbers),
        cmocka_unit_test(select_takes_a_row_a_column_and_maybe_a_component),
        cmocka_unit_test(head_takes_a_number_or_mean),
        cmocka_unit_test(theme_takes_a_plain_name),
        cmocka_unit_test(note_save_and_load_take_the_rest_of_the_line),
        cmocka_unit_test(quit_q_and_undo_take_no_arguments),
        cmocka_unit_test(an_unknown_command_points_to_help),
        cmocka_unit_test(error_messages_escape_control_bytes_and_cut_long_values),
        cmocka_unit_test(a_line_over_the_limit_is_refused_with_its_length),
        cmocka_unit_test(invalid_utf8_is_reported_with_its_byte_offset),
        cmocka_unit_test(nul_bytes_and_inner_line_breaks_are_refused),
        cmocka_unit_test(command_format_writes_canonical_lines_that_parse_back),
        cmocka_unit_test(formatted_floats_round_trip_bit_for_bit),
        cmocka_unit_test(command_format_behaves_like_snprintf),
        cmocka_unit_test(save_bang_replay_and_pause_parse_and_format_back),
        cmocka_unit_test(the_table_has_a_row_per_kind_in_enum_order),
        cmocka_unit_test(every_name_and_alias_is_found_and_parses_to_its_row),
        cmocka_unit_test(settings_read_and_write_the_config_field_they_name),
        cmocka_unit_test(usage_shows_the_range_and_the_words),
        cmocka_unit_test(values_beyond_the_bound_are_refused),
        cmocka_unit_test(the_readme_table_names_exactly_the_commands_of_the_table),
        cmocka_unit_test(export_takes_a_format_then_a_file_name),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
