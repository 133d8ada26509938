/* test_export.c - JSON, text and CSV exports of the model. */
#include <errno.h>
#include <locale.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "attnviz/app.h"
#include "attnviz/export.h"
#include "support/fixture.h"

/* ---- helpers --------------------------------------------------------- */

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

/* A small strict JSON reader: returns the end of the value at p, or NULL.
 * It records the top-level keys in order, so key order can be checked. */
struct json {
    const char *keys[32];
    size_t nkeys;
    int depth;
};

static const char *json_value(struct json *j, const char *p);

static const char *json_ws(const char *p)
{
    while (*p == ' ' || *p == '\n' || *p == '\t' || *p == '\r')
        p++;
    return p;
}

static const char *json_string(const char *p)
{
    if (*p++ != '"')
        return NULL;
    for (; *p != '"'; p++) {
        if ((unsigned char)*p < 0x20)
            return NULL;
        if (*p == '\\') {
            p++;
            if (*p == 'u') {
                for (int i = 1; i <= 4; i++)
                    if (!strchr("0123456789abcdefABCDEF", p[i]) || !p[i])
                        return NULL;
                p += 4;
            } else if (!strchr("\"\\/bfnrt", *p) || !*p)
                return NULL;
        }
    }
    return p + 1;
}

static const char *json_number(const char *p)
{
    const char *s = p;
    if (*p == '-')
        p++;
    if (*p == '0')
        p++;
    else if (*p >= '1' && *p <= '9')
        while (*p >= '0' && *p <= '9')
            p++;
    else
        return NULL;
    if (*p == '.') {
        if (*++p < '0' || *p > '9')
            return NULL;
        while (*p >= '0' && *p <= '9')
            p++;
    }
    if (*p == 'e' || *p == 'E') {
        p++;
        if (*p == '+' || *p == '-')
            p++;
        if (*p < '0' || *p > '9')
            return NULL;
        while (*p >= '0' && *p <= '9')
            p++;
    }
    return p > s ? p : NULL;
}

static const char *json_value(struct json *j, const char *p)
{
    p = json_ws(p);
    if (*p == '{' || *p == '[') {
        char close = *p == '{' ? '}' : ']';
        bool object = *p == '{';
        j->depth++;
        p = json_ws(p + 1);
        if (*p == close) {
            j->depth--;
            return p + 1;
        }
        for (;;) {
            if (object) {
                const char *k = p;
                if (!(p = json_string(p)))
                    return NULL;
                if (j->depth == 1 && j->nkeys < 32)
                    j->keys[j->nkeys++] = k;
                p = json_ws(p);
                if (*p++ != ':')
                    return NULL;
            }
            if (!(p = json_value(j, p)))
                return NULL;
            p = json_ws(p);
            if (*p == close) {
                j->depth--;
                return p + 1;
            }
            if (*p++ != ',')
                return NULL;
            p = json_ws(p);
        }
    }
    if (*p == '"')
        return json_string(p);
    if (strncmp(p, "true", 4) == 0 || strncmp(p, "null", 4) == 0)
        return p + 4;
    if (strncmp(p, "false", 5) == 0)
        return p + 5;
    return json_number(p);
}

static void assert_valid_json(const char *doc, struct json *j)
{
    memset(j, 0, sizeof *j);
    const char *end = json_value(j, doc);
    assert_non_null(end);
    assert_string_equal(end, "\n");   /* one document, then a newline */
}

static bool json_key_is(const char *k, const char *name)
{
    size_t n = strlen(name);
    return k[0] == '"' && strncmp(k + 1, name, n) == 0 && k[n + 1] == '"';
}

/* Reads count numbers of the matrix after the first "key": at or after p. */
static const char *json_floats(const char *p, const char *key, float *out, size_t count)
{
    char pat[64];
    snprintf(pat, sizeof pat, "\"%s\":", key);
    p = strstr(p, pat);
    assert_non_null(p);
    p += strlen(pat);
    for (size_t i = 0; i < count; i++) {
        while (*p == '[' || *p == ',' || *p == ']')
            p++;
        char *end;
        out[i] = strtof(p, &end);
        assert_true(end > p);
        p = end;
    }
    return p;
}

/* ---- tests ----------------------------------------------------------- */

static void json_is_one_valid_document_with_the_keys_in_order(void **state)
{
    struct app *a = *state;
    run_line(a, "I love cats");
    char *doc = export_string(a, PRINT_JSON);
    struct json j;
    assert_valid_json(doc, &j);
    const char *keys[] = { "tokens", "ids", "config", "embedding", "pe", "x", "w_q", "w_k",
                           "w_v", "heads", "output" };
    assert_int_equal(j.nkeys, 11);
    for (size_t i = 0; i < 11; i++)
        assert_true(json_key_is(j.keys[i], keys[i]));
    assert_non_null(strstr(doc, "\"tokens\":[\"I\",\"love\",\"cats\"]"));
    assert_non_null(strstr(doc, "\"ids\":[1,2,3]"));
    assert_non_null(strstr(doc, "\"config\":{\"d_model\":8,\"heads\":1,\"d_k\":8,"
                           "\"pe\":\"sinusoidal\",\"proj\":\"random\",\"scale\":true,"
                           "\"causal\":false,\"seed\":42}"));
    free(doc);
}

static void json_has_one_object_per_head_with_its_six_matrices(void **state)
{
    struct app *a = *state;
    run_line(a, "a b c");
    run_line(a, ":heads 4");
    run_line(a, ":proj identity");
    char *doc = export_string(a, PRINT_JSON);
    struct json j;
    assert_valid_json(doc, &j);
    assert_int_equal(j.nkeys, 8);   /* no w_q, w_k, w_v */
    assert_null(strstr(doc, "\"w_q\""));
    size_t heads = 0;
    for (const char *p = doc; (p = strstr(p, "\"q\":")); p++)
        heads++;
    assert_int_equal(heads, 4);
    const char *h = strstr(doc, "\"heads\":[{\"q\":");
    assert_non_null(h);
    const char *order[] = { "\"k\":", "\"v\":", "\"scores\":", "\"weights\":", "\"output\":" };
    for (size_t i = 0; i < 5; i++) {
        const char *next = strstr(h, order[i]);
        assert_non_null(next);
        h = next;
    }
    /* a head's q is N x d_k: its first row has d_k = 2 numbers */
    const char *q = strstr(doc, "\"q\":[[");
    const char *row_end = strchr(q, ']');
    size_t commas = 0;
    for (const char *p = q; p < row_end; p++)
        commas += *p == ',';
    assert_int_equal(commas, 1);
    free(doc);
}

static void json_numbers_round_trip_to_the_models_floats_bit_for_bit(void **state)
{
    struct app *a = *state;
    run_line(a, "the quick brown fox jumps over the lazy dog");
    run_line(a, ":heads 2");
    run_line(a, ":causal on");
    char *doc = export_string(a, PRINT_JSON);
    const struct model *m = &a->model;
    size_t n = m->n, nn = n * n;
    float *got = malloc(nn * sizeof *got);
    const char *p = doc;
    for (size_t t = 0; t < 2; t++) {
        p = json_floats(p, "weights", got, nn);
        assert_memory_equal(got, model_head_weights(m, t), nn * sizeof *got);
    }
    free(got);
    got = malloc(m->d * m->d * sizeof *got);
    json_floats(doc, "w_v", got, m->d * m->d);
    assert_memory_equal(got, m->w_v, m->d * m->d * sizeof *got);
    free(got);
    got = malloc(n * m->d * sizeof *got);
    json_floats(strstr(doc, "}],\n"), "output", got, n * m->d);
    assert_memory_equal(got, m->out, n * m->d * sizeof *got);
    free(got);
    free(doc);
}

static void json_escapes_quotes_backslashes_and_control_characters(void **state)
{
    struct app *a = *state;
    run_line(a, "\" \\ caf\xc3\xa9 a\x01z");
    char *doc = export_string(a, PRINT_JSON);
    struct json j;
    assert_valid_json(doc, &j);
    assert_non_null(strstr(doc, "\"tokens\":[\"\\\"\",\"\\\\\",\"caf\xc3\xa9\",\"a\\u0001z\"]"));
    free(doc);
}

static void json_of_the_empty_start_state_is_valid(void **state)
{
    struct app *a = *state;
    char *doc = export_string(a, PRINT_JSON);
    struct json j;
    assert_valid_json(doc, &j);
    assert_non_null(strstr(doc, "\"tokens\":[]"));
    free(doc);
}

static size_t count_lines(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        n += *s == '\n';
    return n;
}

static void csv_has_one_row_per_number_of_every_tensor(void **state)
{
    struct app *a = *state;
    run_line(a, "I love cats and dogs");
    run_line(a, ":dim 6");
    run_line(a, ":heads 3");
    char *csv = export_string(a, PRINT_CSV);
    size_t n = 5, d = 6, h = 3, dk = 2;
    size_t want = 3 * n * d          /* embedding, pe, x */
                  + 3 * d * d        /* w_q, w_k, w_v */
                  + h * (4 * n * dk + 2 * n * n)
                  + n * d;           /* output */
    assert_int_equal(count_lines(csv), 1 + want);
    assert_true(strncmp(csv, "tensor,head,row,row_token,col,value\n", 36) == 0);
    assert_non_null(strstr(csv, "\nembedding,,0,I,0,"));
    assert_non_null(strstr(csv, "\nw_q,,5,,5,"));
    assert_non_null(strstr(csv, "\nweights,2,4,dogs,4,"));
    assert_non_null(strstr(csv, "\noutput,,4,dogs,5,"));
    free(csv);
}

static void csv_quotes_tokens_as_rfc_4180_says(void **state)
{
    struct app *a = *state;
    run_line(a, ", \" ok");
    char *csv = export_string(a, PRINT_CSV);
    assert_non_null(strstr(csv, "\nembedding,,0,\",\",0,"));
    assert_non_null(strstr(csv, "\nembedding,,1,\"\"\"\",0,"));
    assert_non_null(strstr(csv, "\nembedding,,2,ok,0,"));
    free(csv);
}

static void csv_values_round_trip_bit_for_bit(void **state)
{
    struct app *a = *state;
    run_line(a, "a b c");
    char *csv = export_string(a, PRINT_CSV);
    const char *p = strstr(csv, "\nscores,0,1,b,2,");
    assert_non_null(p);
    float v = strtof(p + strlen("\nscores,0,1,b,2,"), NULL), row[3];
    model_row_scores(&a->model, 0, 1, row);
    assert_memory_equal(&v, &row[2], sizeof v);
    free(csv);
}

static void text_shows_tables_labelled_with_the_tokens(void **state)
{
    struct app *a = *state;
    run_line(a, "I love cats");
    run_line(a, ":heads 2");
    char *text = export_string(a, PRINT_TEXT);
    assert_non_null(strstr(text, "sentence: I love cats\n"));
    assert_non_null(strstr(text, "config: d_model 8, heads 2, d_k 4, pe sinusoidal, "
                           "proj random, scale on, causal off, seed 42\n"));
    assert_non_null(strstr(text, "  pos  token  id\n    0  I      1\n    1  love   2\n"));
    assert_non_null(strstr(text, "-- head 1 of 2: columns 4..7 of Q, K, V (d_k 4)"));
    const char *titles[] = { "embedding E  [3 x 8]", "positional encoding PE  [3 x 8]",
                             "x = E + PE  [3 x 8]", "W_Q (Q = x . W_Q)  [8 x 8]",
                             "Q  [3 x 4]", "weights = softmax of each scores row  [3 x 3]",
                             "output (the heads side by side)  [3 x 8]" };
    for (size_t i = 0; i < sizeof titles / sizeof *titles; i++)
        assert_non_null(strstr(text, titles[i]));
    /* the weights table has the keys as column headers, rows start with
     * the query tokens padded to one width */
    const char *w = strstr(text, "weights = softmax");
    const char *hdr = strchr(w, '\n') + 1;
    assert_true(strncmp(hdr, "        ", 8) == 0);
    assert_non_null(strstr(hdr, "I"));
    assert_non_null(strstr(hdr, "love"));
    assert_non_null(strstr(hdr, "\n  I     "));
    assert_non_null(strstr(hdr, "\n  love  "));
    free(text);
}

/* Under rope the Q and K tables are the rotated ones; under alibi the
 * scores are printed without the bias, the weights with it, and each head
 * gives its slope (3 heads: 2^-4, 2^-8, 2^-2). */
static void text_says_what_rope_and_alibi_change(void **state)
{
    struct app *a = *state;
    run_line(a, "I love cats");
    run_line(a, ":dim 12");
    run_line(a, ":heads 3");
    run_line(a, ":pe rope");
    char *text = export_string(a, PRINT_TEXT);
    assert_non_null(strstr(text, "pe rope,"));
    assert_non_null(strstr(text, "Q, rotated (RoPE: pair i of row pos by pos * 10000^(-2i/d_k))  [3 x 4]"));
    assert_non_null(strstr(text, "K, rotated (RoPE, as Q)  [3 x 4]"));
    assert_non_null(strstr(text, "weights = softmax of each scores row  [3 x 3]"));
    free(text);
    run_line(a, ":pe alibi");
    text = export_string(a, PRINT_TEXT);
    assert_non_null(strstr(text, "-- head 0 of 3: columns 0..3 of Q, K, V (d_k 4), ALiBi slope m = 0.0625\n"));
    assert_non_null(strstr(text, "-- head 1 of 3: columns 4..7 of Q, K, V (d_k 4), ALiBi slope m = 0.00390625\n"));
    assert_non_null(strstr(text, "-- head 2 of 3: columns 8..11 of Q, K, V (d_k 4), ALiBi slope m = 0.25\n"));
    assert_non_null(strstr(text, "scores = Q . K^T / sqrt(d_k), without the ALiBi bias  (rows: queries, columns: keys)  [3 x 3]"));
    assert_non_null(strstr(text, "weights = softmax of each row of scores - m |i - j| (ALiBi)  [3 x 3]"));
    assert_non_null(strstr(text, "\nQ  [3 x 4]"));
    free(text);
}

static void text_cuts_long_labels_with_an_ellipsis(void **state)
{
    struct app *a = *state;
    run_line(a, "Supercalifragilisticexpialidocious is long");
    char *text = export_string(a, PRINT_TEXT);
    assert_non_null(strstr(text, "Supercalifragil\xE2\x80\xA6"));
    assert_null(strstr(text, "Supercalifragili\xE2"));
    free(text);
}

/* The token labels already show control characters as '?': the sentence
 * line must not let an escape sequence in a script drive the terminal. */
static void text_shows_control_characters_of_the_sentence_as_question_marks(void **state)
{
    struct app *a = *state;
    run_line(a, "a\x1b[31mred\x07 b");
    char *text = export_string(a, PRINT_TEXT);
    assert_non_null(strstr(text, "sentence: a?[31mred? b\n"));
    assert_null(strchr(text, '\x1b'));
    assert_null(strchr(text, '\x07'));
    free(text);
}

static void text_aligns_wide_characters_by_their_display_width(void **state)
{
    struct app *a = *state;
    if (!setlocale(LC_CTYPE, "C.UTF-8"))
        skip();
    run_line(a, "\xE7\x8C\xAB ab");   /* 猫 is two columns wide, like "ab" */
    char *text = export_string(a, PRINT_TEXT);
    setlocale(LC_CTYPE, "C");
    /* both labels are padded to the same two columns */
    assert_non_null(strstr(text, "\n  \xE7\x8C\xAB  "));
    assert_non_null(strstr(text, "\n  ab  "));
    const char *e = strstr(text, "embedding E");
    const char *r1 = strstr(e, "\n  \xE7\x8C\xAB");
    const char *r2 = strstr(e, "\n  ab");
    /* same number of bytes after the label up to the line end, minus the
     * label's bytes: 猫 is 3 bytes for 2 columns */
    assert_int_equal(strchr(r1 + 1, '\n') - r1 - 1, strchr(r2 + 1, '\n') - r2 - 1 + 1);
    free(text);
}

static void a_write_error_is_reported(void **state)
{
    struct app *a = *state;
    run_line(a, "I love cats");
    FILE *f = fopen("/dev/full", "w");
    if (!f)
        skip();
    errno = 0;
    struct export_doc doc = export_doc_of(a);
    assert_int_equal(export_write(f, &doc, PRINT_JSON), -1);
    assert_int_equal(errno, ENOSPC);
    fclose(f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(json_is_one_valid_document_with_the_keys_in_order, setup, teardown),
        cmocka_unit_test_setup_teardown(json_has_one_object_per_head_with_its_six_matrices, setup, teardown),
        cmocka_unit_test_setup_teardown(json_numbers_round_trip_to_the_models_floats_bit_for_bit, setup, teardown),
        cmocka_unit_test_setup_teardown(json_escapes_quotes_backslashes_and_control_characters, setup, teardown),
        cmocka_unit_test_setup_teardown(json_of_the_empty_start_state_is_valid, setup, teardown),
        cmocka_unit_test_setup_teardown(csv_has_one_row_per_number_of_every_tensor, setup, teardown),
        cmocka_unit_test_setup_teardown(csv_quotes_tokens_as_rfc_4180_says, setup, teardown),
        cmocka_unit_test_setup_teardown(csv_values_round_trip_bit_for_bit, setup, teardown),
        cmocka_unit_test_setup_teardown(text_shows_tables_labelled_with_the_tokens, setup, teardown),
        cmocka_unit_test_setup_teardown(text_says_what_rope_and_alibi_change, setup, teardown),
        cmocka_unit_test_setup_teardown(text_cuts_long_labels_with_an_ellipsis, setup, teardown),
        cmocka_unit_test_setup_teardown(text_shows_control_characters_of_the_sentence_as_question_marks, setup, teardown),
        cmocka_unit_test_setup_teardown(text_aligns_wide_characters_by_their_display_width, setup, teardown),
        cmocka_unit_test_setup_teardown(a_write_error_is_reported, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
