/* test_vectors.c - word-vector files (src/app/vectors.c) and the table
 * they fill (src/core/vectable.c): the format with and without its header,
 * every kind of bad line reported as FILE:LINE with nothing loaded, what
 * is refused before reading, the numbers bit for bit strtof's, lookups and
 * the prefix rule, and the file attnviz ships. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "attnviz/limits.h"
#include "attnviz/rng.h"
#include "attnviz/vectable.h"
#include "attnviz/vectors.h"
#include "support/fixture.h"

static char tmpdir[TEMP_DIR_MAX];

static int setup(void **state)
{
    (void)state;
    return temp_dir_make(tmpdir, "attnviz-test-vectors");
}

static int teardown(void **state)
{
    (void)state;
    return temp_dir_remove(tmpdir);
}

/* The messages a load reported, each followed by '|'. */
struct seen {
    char text[16384];
    size_t count;
};

static void collect(void *ctx, const char *msg)
{
    struct seen *s = ctx;
    s->count++;
    size_t n = strlen(s->text);
    snprintf(s->text + n, sizeof s->text - n, "%s|", msg);
}

/* Loads text written to NAME in the temporary folder; path gets its path. */
static int load_text(const char *name, const char *text, struct vectors_result *r,
                     struct seen *seen, char *err, size_t errlen)
{
    const char *path = temp_path(tmpdir, name);
    write_file(path, text);
    memset(seen, 0, sizeof *seen);
    return vectors_load(path, collect, seen, r, err, errlen);
}

/* Loads text that must be good; the table. */
static struct vectable *load_good(const char *text)
{
    struct vectors_result r;
    struct seen seen;
    char err[1024] = "";
    if (load_text("good.txt", text, &r, &seen, err, sizeof err) != 0)
        fail_msg("refused: %s", err);
    assert_int_equal(r.bad, 0);
    assert_int_equal(seen.count, 0);
    return r.table;
}

/* Loads text that must be refused, and checks the messages (with the
 * file's path for %1$s: each message is "PATH:LINE: ..."). */
static void load_bad(const char *text, size_t bad, const char *want)
{
    struct vectors_result r;
    struct seen seen;
    char err[1024] = "", expect[8192];
    assert_int_equal(load_text("bad.txt", text, &r, &seen, err, sizeof err), -1);
    assert_null(r.table);
    assert_int_equal(r.bad, bad);
    const char *path = temp_path(tmpdir, "bad.txt");
    size_t o = 0;
    for (const char *p = want; *p; p++)
        if (*p == '@')
            o += (size_t)snprintf(expect + o, sizeof expect - o, "%s", path);
        else
            expect[o++] = *p;
    expect[o] = '\0';
    assert_string_equal(seen.text, expect);
    /* err holds the first message */
    size_t first = strcspn(expect, "|");
    assert_int_equal(strlen(err), first);
    assert_memory_equal(err, expect, first);
}

static void a_file_with_or_without_the_header_gives_the_same_table(void **state)
{
    (void)state;
    static const char body[] = "the 0.5 -1 2\ncat 1e-3 +4 .25\n";
    struct vectable *plain = load_good(body);
    char with[128];
    snprintf(with, sizeof with, "2 3\n%s", body);
    struct vectable *headed = load_good(with);
    struct vectable *t[2] = { plain, headed };
    for (size_t i = 0; i < 2; i++) {
        assert_int_equal(vectable_dim(t[i]), 3);
        assert_int_equal(vectable_count(t[i]), 2);
        const float *v = vectable_find(t[i], "cat");
        assert_non_null(v);
        assert_true(v[0] == 1e-3f && v[1] == 4 && v[2] == 0.25f);
        v = vectable_find(t[i], "the");
        assert_true(v[0] == 0.5f && v[1] == -1 && v[2] == 2);
    }
    vectable_free(plain);
    vectable_free(headed);
}

static void blanks_tabs_crlf_and_blank_lines_are_allowed(void **state)
{
    (void)state;
    struct vectable *t = load_good("\n  cat\t1  2 \r\n\r\n\t\ndog 3 4\n\n");
    assert_int_equal(vectable_count(t), 2);
    const float *v = vectable_find(t, "cat");
    assert_true(v[0] == 1 && v[1] == 2);
    vectable_free(t);
    /* and a last line with no line end */
    t = load_good("cat 1 2\ndog 3 4");
    assert_true(vectable_find(t, "dog")[1] == 4);
    vectable_free(t);
}

/* A byte order mark at the start is no part of the first word (nor of a
 * header), as in session files and :open. */
static void a_byte_order_mark_is_not_part_of_the_first_word(void **state)
{
    (void)state;
    struct vectable *t = load_good("\xEF\xBB\xBF" "cat 1 2 3\ndog 4 5 6\n");
    assert_non_null(vectable_find(t, "cat"));
    assert_true(vectable_find(t, "cat")[2] == 3);
    vectable_free(t);
    t = load_good("\xEF\xBB\xBF" "2 3\ncat 1 2 3\ndog 4 5 6\n");
    assert_int_equal(vectable_count(t), 2);
    assert_non_null(vectable_find(t, "cat"));
    vectable_free(t);
}

static void a_repeated_word_keeps_its_first_vector(void **state)
{
    (void)state;
    struct vectors_result r;
    struct seen seen;
    char err[256];
    assert_int_equal(load_text("dup.txt", "cat 1\ndog 2\ncat 3\ncat 4\n", &r, &seen, err,
                               sizeof err), 0);
    assert_int_equal(r.repeats, 2);
    assert_int_equal(vectable_count(r.table), 2);
    assert_true(vectable_find(r.table, "cat")[0] == 1);
    vectable_free(r.table);
}

static void ragged_lines_are_reported_each_with_its_line(void **state)
{
    (void)state;
    load_bad("cat 1 2 3\n\ndog 1 2\nthe 1 2 3\nmat 1 2 3 4\n", 2,
             "@:3: \"dog\" has 2 numbers; the first line has 3|"
             "@:5: \"mat\" has 4 numbers; the first line has 3|");
    load_bad("2 3\ncat 1 2\ndog 1 2 3\n", 1,
             "@:2: \"cat\" has 2 numbers; the header says 3|");
    load_bad("cat\ndog 1\n", 1,
             "@:1: \"cat\" has no numbers: each line is a word and its vector|");
}

static void numbers_that_are_not_numbers_or_out_of_range_are_reported(void **state)
{
    (void)state;
    load_bad("cat 1 2\ndog 1 two\nthe 0x 1\nmat 1e99 1\nsat nan 1\nran 1 2e9\nok 1 2\n", 5,
             "@:2: number 2 of \"dog\" is not a number: \"two\"|"
             "@:3: number 1 of \"the\" is not a number: \"0x\"|"
             "@:4: number 1 of \"mat\" is not a finite number: \"1e99\"|"
             "@:5: number 1 of \"sat\" is not a finite number: \"nan\"|"
             "@:6: number 2 of \"ran\" is out of range: \"2e9\" (numbers go from -1e+09 to "
             "1e+09)|");
}

static void a_dimension_over_the_limit_is_an_error(void **state)
{
    (void)state;
    load_bad("3 5000\n", 2, "@:1: the header gives 5000 dimensions; they go from 1 to 4096|"
             "@:1: the header says 3 words; the file has 0|");
    size_t n = AV_MAX_DIM + 1;
    char *line = malloc(4 + 2 * n + 2);
    size_t o = (size_t)sprintf(line, "cat");
    for (size_t i = 0; i < n; i++)
        o += (size_t)sprintf(line + o, " 1");
    strcpy(line + o, "\n");
    load_bad(line, 1, "@:1: \"cat\" has 4097 numbers; the limit is 4096 dimensions|");
    free(line);
}

static void invalid_utf8_is_reported_with_its_byte(void **state)
{
    (void)state;
    load_bad("cat 1\n\xC3\x28 1\n  ab\xE2\x82 2\n", 2,
             "@:2: invalid UTF-8 at byte 1|@:3: invalid UTF-8 at byte 5|");
}

static void an_empty_or_blank_file_has_no_vectors(void **state)
{
    (void)state;
    load_bad("", 1, "@:1: no vectors: the file is empty|");
    load_bad("\n \n\n", 1, "@:1: no vectors: the file is blank|");
    load_bad("2 3\ncat 1 2 3\n", 1, "@:1: the header says 2 words; the file has 1|");
}

static void a_nul_byte_stops_the_reading_as_binary_data(void **state)
{
    (void)state;
    const char *path = temp_path(tmpdir, "bin.txt");
    static const char bin[] = "2 3\ncat \0\x01\x02\nmore\n";
    FILE *f = fopen(path, "wb");
    fwrite(bin, 1, sizeof bin - 1, f);
    fclose(f);
    struct vectors_result r;
    struct seen seen = { .count = 0 };
    char err[512], want[1024];
    seen.text[0] = '\0';
    assert_int_equal(vectors_load(path, collect, &seen, &r, err, sizeof err), -1);
    snprintf(want, sizeof want, "%s:2: a NUL byte: this is binary data (word2vec's .bin "
             "format?), not a vectors file in the text format|", path);
    assert_string_equal(seen.text, want);
    assert_int_equal(r.bad, 1);
}

static void a_line_over_the_limit_is_reported_and_the_next_ones_read(void **state)
{
    (void)state;
    const char *path = temp_path(tmpdir, "long.txt");
    FILE *f = fopen(path, "w");
    fputs("cat 1\n", f);
    /* over the limit within one chunk, then one longer than a chunk */
    for (size_t i = 0; i < AV_MAX_LINE; i++)
        fputc('x', f);
    fputs(" 1\n", f);
    for (size_t i = 0; i < (3u << 20); i++)
        fputc('y', f);
    fputs("\ndog 1 2\n", f);
    fclose(f);
    struct vectors_result r;
    struct seen seen = { .count = 0 };
    char err[512], want[2048];
    seen.text[0] = '\0';
    assert_int_equal(vectors_load(path, collect, &seen, &r, err, sizeof err), -1);
    snprintf(want, sizeof want, "%s:2: a line longer than 262144 bytes|"
             "%s:3: a line longer than 262144 bytes|"
             "%s:4: \"dog\" has 2 numbers; the first line has 1|", path, path, path);
    assert_string_equal(seen.text, want);
}

static void only_the_first_bad_lines_are_reported_and_all_are_counted(void **state)
{
    (void)state;
    char text[4096] = "cat 1\n";
    for (int i = 0; i < 30; i++)
        strcat(text, "dog x\n");
    struct vectors_result r;
    struct seen seen;
    char err[256];
    assert_int_equal(load_text("many.txt", text, &r, &seen, err, sizeof err), -1);
    assert_int_equal(r.bad, 30);
    assert_int_equal(seen.count, AV_MAX_VECTORS_ERRORS);
}

static void a_fifo_a_folder_and_a_missing_file_are_refused_before_reading(void **state)
{
    (void)state;
    const char *fifo = temp_path(tmpdir, "fifo");
    assert_int_equal(mkfifo(fifo, 0600), 0);
    struct vectors_result r;
    char err[512], want[512];
    /* a read would block for ever: the alarm fails the test instead */
    alarm(10);
    assert_int_equal(vectors_load(fifo, NULL, NULL, &r, err, sizeof err), -1);
    alarm(0);
    snprintf(want, sizeof want, "\"%s\" is a FIFO, not a regular file", fifo);
    assert_string_equal(err, want);
    assert_int_equal(r.bad, 0);
    assert_int_equal(vectors_load(tmpdir, NULL, NULL, &r, err, sizeof err), -1);
    snprintf(want, sizeof want, "\"%s\" is a folder, not a regular file", tmpdir);
    assert_string_equal(err, want);
    const char *missing = temp_path(tmpdir, "missing.txt");
    assert_int_equal(vectors_load(missing, NULL, NULL, &r, err, sizeof err), -1);
    snprintf(want, sizeof want, "cannot open \"%s\": No such file or directory", missing);
    assert_string_equal(err, want);
}

/* Short decimals take the fast path, the rest strtof: both must give
 * strtof's bits. */
static void every_number_is_strtofs_float(void **state)
{
    (void)state;
    enum { LINES = 200, PER = 100 };
    static char text[LINES * (8 + PER * 24)];
    static char words[LINES * PER][24];
    size_t o = 0;
    for (size_t l = 0; l < LINES; l++) {
        o += (size_t)sprintf(text + o, "w%zu", l);
        for (size_t k = 0; k < PER; k++) {
            size_t i = l * PER + k;
            double x = rng_uniform(7, 1, l, k) * pow(10.0, (double)(i % 9) - 4);
            char *w = words[i];
            switch (i % 6) {
            case 0: sprintf(w, "%.*f", (int)(i % 10), x); break;          /* 1 to 9 decimals */
            case 1: sprintf(w, "%.9g", x); break;                         /* maybe an exponent */
            case 2: sprintf(w, "%+.6f", x); break;                        /* a sign */
            case 3: sprintf(w, "%.8f", x * 1e4); break;                   /* too many digits */
            case 4: sprintf(w, "%d.", (int)(x * 100)); break;             /* "12." */
            default: sprintf(w, "%.0f", rng_uniform(7, 2, l, k) * 16777300.0); break; /* 2^24 */
            }
            o += (size_t)sprintf(text + o, " %s", w);
        }
        text[o++] = '\n';
    }
    text[o] = '\0';
    struct vectable *t = load_good(text);
    for (size_t l = 0; l < LINES; l++) {
        char word[16];
        snprintf(word, sizeof word, "w%zu", l);
        const float *v = vectable_find(t, word);
        for (size_t k = 0; k < PER; k++) {
            float want = strtof(words[l * PER + k], NULL);
            if (memcmp(&want, &v[k], sizeof want) != 0)
                fail_msg("\"%s\" read as %.9g, strtof gives %.9g", words[l * PER + k],
                         (double)v[k], (double)want);
        }
    }
    vectable_free(t);
}

static void lookup_is_exact_then_in_lower_case(void **state)
{
    (void)state;
    struct vectable *t = load_good("the 1\nThe 2\ncat 3\nél 4\n");
    assert_true(vectable_find(t, "The")[0] == 2);   /* as it is first */
    assert_true(vectable_find(t, "CAT")[0] == 3);
    assert_true(vectable_find(t, "cAt")[0] == 3);
    assert_null(vectable_find(t, "ÉL"));             /* ASCII letters only are folded */
    assert_null(vectable_find(t, "dog"));
    assert_null(vectable_find(NULL, "cat"));
    vectable_free(t);
}

static void fill_copies_the_prefix_and_leaves_the_rest_to_the_caller(void **state)
{
    (void)state;
    struct vectable *t = load_good("cat 1 2 3 4\n");
    float out[6] = { -1, -1, -1, -1, -1, -1 };
    assert_int_equal(vectable_fill(t, "cat", out, 0, 6), 4);
    assert_true(out[0] == 1 && out[3] == 4 && out[4] == -1);
    float two[2] = { 0, 0 };
    assert_int_equal(vectable_fill(t, "cat", two, 0, 2), 2);
    assert_true(two[0] == 1 && two[1] == 2);
    /* after an override's first 2 components: components 2 and 3 */
    float more[6] = { 9, 9, 0, 0, 0, 0 };
    assert_int_equal(vectable_fill(t, "cat", more, 2, 6), 4);
    assert_true(more[0] == 9 && more[2] == 3 && more[3] == 4);
    assert_int_equal(vectable_fill(t, "cat", more, 5, 6), 5);   /* past the file's */
    assert_int_equal(vectable_fill(t, "dog", more, 0, 6), 0);
    assert_int_equal(vectable_fill(NULL, "cat", more, 0, 6), 0);
    vectable_free(t);
}

static void a_shared_table_lives_until_its_last_reference(void **state)
{
    (void)state;
    struct vectable *t = load_good("cat 1\n");
    assert_ptr_equal(vectable_ref(t), t);
    vectable_free(t);
    assert_true(vectable_find(t, "cat")[0] == 1);   /* ASan: still there */
    vectable_free(t);
}

static void a_table_holds_little_more_than_its_vectors(void **state)
{
    (void)state;
    enum { WORDS = 20000, DIM = 100 };
    struct vectable *t = vectable_new(DIM, 0);
    float v[DIM] = { 0 };
    for (size_t i = 0; i < WORDS; i++) {
        char w[32];
        bool dup;
        v[0] = (float)i;
        snprintf(w, sizeof w, "word%zu", i);
        assert_int_equal(vectable_add(t, w, strlen(w), v, &dup), 0);
        assert_false(dup);
    }
    vectable_trim(t);
    size_t vectors = (size_t)WORDS * DIM * sizeof(float);
    assert_true(vectable_bytes(t) <= vectors + vectors / 4);
    assert_true(vectable_find(t, "word12345")[0] == 12345.0f);
    vectable_free(t);
}

/* The file the tour uses: its words, and cat nearer dog than the. */
static void the_shipped_vectors_put_cat_nearer_dog_than_the(void **state)
{
    (void)state;
    struct vectors_result r;
    char err[512];
    assert_int_equal(vectors_load("samples/vectors/common-48.txt", NULL, NULL, &r, err,
                                  sizeof err), 0);
    assert_int_equal(vectable_dim(r.table), 48);
    assert_true(vectable_count(r.table) >= 300);
    const float *cat = vectable_find(r.table, "cat"), *dog = vectable_find(r.table, "dog");
    const float *the = vectable_find(r.table, "the");
    assert_true(cat && dog && the);
    double cd = 0, ct = 0, cc = 0, dd = 0, tt = 0;
    for (size_t c = 0; c < 48; c++) {
        cd += (double)cat[c] * dog[c];
        ct += (double)cat[c] * the[c];
        cc += (double)cat[c] * cat[c];
        dd += (double)dog[c] * dog[c];
        tt += (double)the[c] * the[c];
    }
    assert_true(cd / sqrt(cc * dd) > ct / sqrt(cc * tt) + 0.25);
    /* each vector has length 1, to the file's 4 decimals */
    assert_true(fabs(sqrt(cc) - 1) < 1e-3 && fabs(sqrt(tt) - 1) < 1e-3);
    vectable_free(r.table);
}

int main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
    const struct CMUnitTest tests[] = {
        T(a_file_with_or_without_the_header_gives_the_same_table),
        T(blanks_tabs_crlf_and_blank_lines_are_allowed),
        T(a_byte_order_mark_is_not_part_of_the_first_word),
        T(a_repeated_word_keeps_its_first_vector),
        T(ragged_lines_are_reported_each_with_its_line),
        T(numbers_that_are_not_numbers_or_out_of_range_are_reported),
        T(a_dimension_over_the_limit_is_an_error),
        T(invalid_utf8_is_reported_with_its_byte),
        T(an_empty_or_blank_file_has_no_vectors),
        T(a_nul_byte_stops_the_reading_as_binary_data),
        T(a_line_over_the_limit_is_reported_and_the_next_ones_read),
        T(only_the_first_bad_lines_are_reported_and_all_are_counted),
        T(a_fifo_a_folder_and_a_missing_file_are_refused_before_reading),
        T(every_number_is_strtofs_float),
        T(lookup_is_exact_then_in_lower_case),
        T(fill_copies_the_prefix_and_leaves_the_rest_to_the_caller),
        T(a_shared_table_lives_until_its_last_reference),
        cmocka_unit_test(a_table_holds_little_more_than_its_vectors),
        cmocka_unit_test(the_shipped_vectors_put_cat_nearer_dog_than_the),
    };
#undef T
    return cmocka_run_group_tests(tests, NULL, NULL);
}
