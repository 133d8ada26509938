/* test_script.c - the one reader of session scripts (script.h): line by
 * line (line ends, byte-order marks, the line limit, binary data, what is
 * not a regular file, a stream under a name) and whole scripts (parsed
 * lines, errors, the size limit, steps and their notes, the identity). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "attnviz/command.h"
#include "attnviz/limits.h"
#include "attnviz/posenc.h"
#include "attnviz/script.h"
#include "support/fixture.h"

static char tmpdir[TEMP_DIR_MAX];

static int setup(void **state)
{
    (void)state;
    return temp_dir_make(tmpdir, "attnviz-test-script");
}

static int teardown(void **state)
{
    (void)state;
    return temp_dir_remove(tmpdir);
}

static const char *in_tmp(const char *name)
{
    return temp_path(tmpdir, name);
}

/* Writes len bytes (NUL bytes allowed) to path. */
static void write_bytes(const char *path, const void *data, size_t len)
{
    FILE *f = fopen(path, "wb");
    if (!f)
        fail_msg("cannot write %s", path);
    assert_int_equal(fwrite(data, 1, len, f), len);
    assert_int_equal(fclose(f), 0);
}

/* A malloc'd buffer: prefix, then n copies of c, then suffix; its length
 * in *len. */
static char *make_line(const char *prefix, char c, size_t n, const char *suffix, size_t *len)
{
    size_t p = strlen(prefix), s = strlen(suffix);
    char *buf = malloc(p + n + s + 1);
    assert_non_null(buf);
    memcpy(buf, prefix, p);
    memset(buf + p, c, n);
    memcpy(buf + p + n, suffix, s + 1);
    *len = p + n + s;
    return buf;
}

static struct script_reader *open_reader(const char *path)
{
    char err[512] = "";
    struct script_reader *r = script_reader_open(path, NULL, err, sizeof err);
    if (!r)
        fail_msg("script_reader_open(%s) failed: %s", path, err);
    return r;
}

/* The next read must be a line with this text and number. */
static void expect_line(struct script_reader *r, const char *text, size_t text_len,
                        unsigned lineno)
{
    const char *line = NULL;
    size_t len = 0;
    unsigned no = 0;
    char err[512] = "";
    enum script_read got = script_reader_next(r, &line, &len, &no, err, sizeof err);
    if (got != SCRIPT_LINE)
        fail_msg("expected line %u, got result %d (%s)", lineno, (int)got, err);
    assert_int_equal(no, lineno);
    assert_int_equal(len, text_len);
    assert_memory_equal(line, text, text_len);
}
#define expect_str(r, text, lineno) expect_line(r, text, strlen(text), lineno)

static void expect_end(struct script_reader *r)
{
    const char *line;
    size_t len;
    unsigned no;
    char err[512] = "";
    assert_int_equal(script_reader_next(r, &line, &len, &no, err, sizeof err), SCRIPT_END);
}

/* ---- line by line -------------------------------------------------------- */

static void lines_come_without_their_newline_or_crlf_ending(void **state)
{
    (void)state;
    write_file(in_tmp("s.attn"), "first\nsecond\r\n\nthird\r\n");
    struct script_reader *r = open_reader(in_tmp("s.attn"));
    expect_str(r, "first", 1);
    expect_str(r, "second", 2);
    expect_str(r, "", 3);
    expect_str(r, "third", 4);
    expect_end(r);
    expect_end(r);                       /* and it stays at the end */
    script_reader_close(r);
}

static void a_carriage_return_inside_a_line_is_not_a_line_end(void **state)
{
    (void)state;
    write_file(in_tmp("s.attn"), "a\rb\n\r\r\n");
    struct script_reader *r = open_reader(in_tmp("s.attn"));
    expect_str(r, "a\rb", 1);
    expect_str(r, "\r", 2);              /* only the last "\r" is part of the end */
    expect_end(r);
    script_reader_close(r);
}

static void the_last_line_may_lack_its_newline(void **state)
{
    (void)state;
    write_file(in_tmp("s.attn"), "one\ntwo");
    struct script_reader *r = open_reader(in_tmp("s.attn"));
    expect_str(r, "one", 1);
    expect_str(r, "two", 2);
    expect_end(r);
    script_reader_close(r);
}

static void an_empty_file_has_no_lines(void **state)
{
    (void)state;
    write_file(in_tmp("s.attn"), "");
    struct script_reader *r = open_reader(in_tmp("s.attn"));
    expect_end(r);
    script_reader_close(r);
}

/* Files joined with cat keep each one's byte-order mark. */
static void a_byte_order_mark_is_skipped_at_the_start_of_any_line(void **state)
{
    (void)state;
    write_file(in_tmp("s.attn"), "\xEF\xBB\xBF:dim 4\n"
                                 "I love cats\n"
                                 "\xEF\xBB\xBF:heads 2\r\n"
                                 "\xEF\xBB\xBF\n"
                                 "a\xEF\xBB\xBF" "b\n");
    struct script_reader *r = open_reader(in_tmp("s.attn"));
    expect_str(r, ":dim 4", 1);
    expect_str(r, "I love cats", 2);
    expect_str(r, ":heads 2", 3);
    expect_str(r, "", 4);
    expect_str(r, "a\xEF\xBB\xBF" "b", 5);    /* inside a line it is text */
    expect_end(r);
    script_reader_close(r);
}

static void a_line_of_exactly_the_limit_is_read_whole_even_with_crlf(void **state)
{
    (void)state;
    size_t len;
    char *text = make_line("", 'x', AV_MAX_LINE, "\r\nafter\n", &len);
    write_bytes(in_tmp("s.attn"), text, len);
    struct script_reader *r = open_reader(in_tmp("s.attn"));
    expect_line(r, text, AV_MAX_LINE, 1);
    expect_str(r, "after", 2);
    expect_end(r);
    script_reader_close(r);
    free(text);
}

static void a_line_over_the_limit_is_a_bad_line_and_reading_goes_on(void **state)
{
    (void)state;
    size_t len;
    char *text = make_line("before\n", 'x', AV_MAX_LINE + 1, "\nafter\n", &len);
    write_bytes(in_tmp("s.attn"), text, len);
    struct script_reader *r = open_reader(in_tmp("s.attn"));
    expect_str(r, "before", 1);

    const char *line;
    size_t n;
    unsigned no = 0;
    char err[512] = "", want[512];
    assert_int_equal(script_reader_next(r, &line, &n, &no, err, sizeof err), SCRIPT_BAD_LINE);
    assert_int_equal(no, 2);
    snprintf(want, sizeof want, "%s:2: line too long (%u bytes; the limit is 262144)",
             in_tmp("s.attn"), AV_MAX_LINE + 1);
    assert_string_equal(err, want);
    expect_str(r, "after", 3);
    expect_end(r);
    script_reader_close(r);
    free(text);
}

/* A line of no line end at all costs one line's buffer and is reported with
 * its whole length. */
static void a_long_last_line_without_a_newline_reports_its_whole_length(void **state)
{
    (void)state;
    size_t len;
    size_t over = (size_t)AV_MAX_LINE * 3 + 7;
    char *text = make_line("", 'y', over, "", &len);
    write_bytes(in_tmp("s.attn"), text, len);
    struct script_reader *r = open_reader(in_tmp("s.attn"));
    const char *line;
    size_t n;
    unsigned no;
    char err[512] = "", want[512];
    assert_int_equal(script_reader_next(r, &line, &n, &no, err, sizeof err), SCRIPT_BAD_LINE);
    snprintf(want, sizeof want, "%s:1: line too long (%zu bytes; the limit is %u)",
             in_tmp("s.attn"), over, AV_MAX_LINE);
    assert_string_equal(err, want);
    expect_end(r);
    script_reader_close(r);
    free(text);
}

/* A line that starts with a byte-order mark and then holds exactly
 * AV_MAX_LINE bytes is within the limit (the mark is not text), and all of
 * it is read: the buffer has room for the mark too. */
static void a_byte_order_mark_before_a_line_of_exactly_the_limit_is_not_counted(void **state)
{
    (void)state;
    size_t len;
    char *text = make_line("\xEF\xBB\xBF", 'z', AV_MAX_LINE, "\r\n", &len);
    write_bytes(in_tmp("s.attn"), text, len);
    struct script_reader *r = open_reader(in_tmp("s.attn"));
    expect_line(r, text + 3, AV_MAX_LINE, 1);
    expect_end(r);
    script_reader_close(r);
    free(text);
}

static void a_nul_byte_is_binary_data_and_stops_the_reading(void **state)
{
    (void)state;
    static const char data[] = "fine\nab\0cd\nmore\n";
    write_bytes(in_tmp("s.attn"), data, sizeof data - 1);
    struct script_reader *r = open_reader(in_tmp("s.attn"));
    expect_str(r, "fine", 1);
    const char *line;
    size_t n;
    unsigned no = 0;
    char err[512] = "", want[512];
    assert_int_equal(script_reader_next(r, &line, &n, &no, err, sizeof err), SCRIPT_FAIL);
    assert_int_equal(no, 2);
    /* byte 2 of the line, counted from 0 as command_parse counts it */
    snprintf(want, sizeof want, "%s:2: binary data (a NUL byte at byte 2)", in_tmp("s.attn"));
    assert_true(strncmp(err, want, strlen(want)) == 0);
    script_reader_close(r);
}

static void a_nul_byte_past_the_kept_part_of_a_long_line_is_still_found(void **state)
{
    (void)state;
    size_t len;
    char *text = make_line("", 'x', AV_MAX_LINE + 10, "\n", &len);
    text[AV_MAX_LINE + 5] = '\0';
    write_bytes(in_tmp("s.attn"), text, len);
    struct script_reader *r = open_reader(in_tmp("s.attn"));
    const char *line;
    size_t n;
    unsigned no;
    char err[512] = "", want[512];
    assert_int_equal(script_reader_next(r, &line, &n, &no, err, sizeof err), SCRIPT_FAIL);
    snprintf(want, sizeof want, "%s:1: binary data (a NUL byte at byte %u)", in_tmp("s.attn"),
             AV_MAX_LINE + 5);
    assert_true(strncmp(err, want, strlen(want)) == 0);
    script_reader_close(r);
    free(text);
}

static void a_missing_file_cannot_be_opened(void **state)
{
    (void)state;
    char err[512] = "", want[512];
    const char *path = in_tmp("none.attn");
    assert_null(script_reader_open(path, NULL, err, sizeof err));
    snprintf(want, sizeof want, "cannot open \"%s\": %s", path, strerror(ENOENT));
    assert_string_equal(err, want);
}

/* Opening a FIFO for reading would wait for a writer: the type is checked
 * first. The alarm turns a hang into a failure. */
static void a_fifo_is_refused_before_it_is_opened(void **state)
{
    (void)state;
    const char *path = in_tmp("fifo");
    assert_int_equal(mkfifo(path, 0600), 0);
    char err[512] = "", want[512];
    alarm(10);
    assert_null(script_reader_open(path, NULL, err, sizeof err));
    assert_null(script_load(path, err, sizeof err));
    alarm(0);
    snprintf(want, sizeof want, "\"%s\" is a FIFO, not a regular file", path);
    assert_string_equal(err, want);
}

static void a_folder_and_a_device_are_refused_saying_what_they_are(void **state)
{
    (void)state;
    char err[512] = "", want[512];
    assert_null(script_reader_open(tmpdir, NULL, err, sizeof err));
    snprintf(want, sizeof want, "\"%s\" is a folder, not a regular file", tmpdir);
    assert_string_equal(err, want);

    alarm(10);
    assert_null(script_reader_open("/dev/zero", NULL, err, sizeof err));
    alarm(0);
    assert_string_equal(err, "\"/dev/zero\" is a character device, not a regular file");
}

/* Batch mode reads standard input under the name it was given; the reader
 * does not close what it did not open. */
static void a_stream_is_read_under_the_given_name_and_left_open(void **state)
{
    (void)state;
    FILE *f = tmpfile();
    assert_non_null(f);
    size_t len;
    char *long_line = make_line("", 'x', AV_MAX_LINE + 1, "\n", &len);
    assert_true(fputs(":dim 4\r\n", f) >= 0);
    assert_int_equal(fwrite(long_line, 1, len, f), len);
    assert_true(fputs("\xEF\xBB\xBFlast", f) >= 0);
    rewind(f);
    free(long_line);

    char err[512] = "";
    struct script_reader *r = script_reader_open("<stdin>", f, err, sizeof err);
    assert_non_null(r);
    expect_str(r, ":dim 4", 1);
    const char *line;
    size_t n;
    unsigned no;
    assert_int_equal(script_reader_next(r, &line, &n, &no, err, sizeof err), SCRIPT_BAD_LINE);
    char want[512];
    snprintf(want, sizeof want, "<stdin>:2: line too long (%u bytes; the limit is %u)",
             AV_MAX_LINE + 1, AV_MAX_LINE);
    assert_string_equal(err, want);
    expect_str(r, "last", 3);
    expect_end(r);
    script_reader_close(r);

    assert_true(fcntl(fileno(f), F_GETFD) != -1);   /* still open */
    assert_int_equal(fclose(f), 0);
}

/* A stream that fails to read (a folder opened as a file: EISDIR) stops
 * the reading with the reason. */
static void a_read_error_stops_the_reading_with_the_reason(void **state)
{
    (void)state;
    FILE *f = fopen(tmpdir, "r");
    assert_non_null(f);
    char err[512] = "";
    struct script_reader *r = script_reader_open("in.attn", f, err, sizeof err);
    assert_non_null(r);
    const char *line;
    size_t n;
    unsigned no;
    assert_int_equal(script_reader_next(r, &line, &n, &no, err, sizeof err), SCRIPT_FAIL);
    assert_true(strncmp(err, "in.attn:", 8) == 0);
    assert_non_null(strstr(err, strerror(EISDIR)));
    script_reader_close(r);
    assert_int_equal(fclose(f), 0);
}

/* A read error names the line that could not be read: failing on the
 * first line is "in.attn:1: cannot read: ..." (there is no line 0). */
static void a_read_error_names_the_line_it_could_not_read(void **state)
{
    (void)state;
    FILE *f = fopen(tmpdir, "r");
    assert_non_null(f);
    char err[512] = "", want[512];
    struct script_reader *r = script_reader_open("in.attn", f, err, sizeof err);
    assert_non_null(r);
    const char *line;
    size_t n;
    unsigned no;
    assert_int_equal(script_reader_next(r, &line, &n, &no, err, sizeof err), SCRIPT_FAIL);
    snprintf(want, sizeof want, "in.attn:1: cannot read: %s", strerror(EISDIR));
    assert_string_equal(err, want);
    script_reader_close(r);
    assert_int_equal(fclose(f), 0);
}

static void the_identity_is_the_device_and_inode_of_the_file(void **state)
{
    (void)state;
    write_file(in_tmp("s.attn"), "x\n");
    struct stat st;
    assert_int_equal(stat(in_tmp("s.attn"), &st), 0);
    struct script_reader *r = open_reader(in_tmp("s.attn"));
    unsigned long long dev = 0, ino = 0;
    script_reader_identity(r, &dev, &ino);
    assert_true(dev == (unsigned long long)st.st_dev);
    assert_true(ino == (unsigned long long)st.st_ino);
    script_reader_close(r);
    script_reader_close(NULL);           /* allowed */
}

/* ---- whole scripts --------------------------------------------------------- */

static struct script *load(const char *path)
{
    char err[1024] = "";
    struct script *s = script_load(path, err, sizeof err);
    if (!s)
        fail_msg("script_load(%s) failed: %s", path, err);
    return s;
}

static void a_script_holds_its_parsed_commands_without_blanks_or_comments(void **state)
{
    (void)state;
    const char *path = in_tmp("s.attn");
    write_file(path, "# a tour\n"           /* 1 */
                     ":dim 4\n"             /* 2 */
                     "\n"                   /* 3 */
                     "   \t\n"              /* 4 */
                     "  I love cats \t\n"   /* 5 */
                     "   # indented\n"      /* 6 */
                     ":pe learned\r\n");    /* 7 */
    struct script *s = load(path);
    assert_string_equal(s->path, path);
    assert_int_equal(s->n_lines, 3);
    assert_int_equal(s->bad, 0);

    assert_int_equal(s->lines[0].lineno, 2);
    assert_string_equal(s->lines[0].text, ":dim 4");
    assert_int_equal(s->lines[0].cmd.kind, CMD_DIM);
    assert_int_equal(s->lines[0].cmd.u.num, 4);
    assert_null(s->lines[0].error);

    assert_int_equal(s->lines[1].lineno, 5);
    assert_string_equal(s->lines[1].text, "I love cats");
    assert_int_equal(s->lines[1].cmd.kind, CMD_SENTENCE);
    assert_string_equal(s->lines[1].cmd.u.text, "I love cats");
    assert_null(s->lines[1].error);

    assert_int_equal(s->lines[2].lineno, 7);
    assert_string_equal(s->lines[2].text, ":pe learned");
    assert_int_equal(s->lines[2].cmd.kind, CMD_PE);
    assert_int_equal(s->lines[2].cmd.u.num, PE_LEARNED);
    script_free(s);
    script_free(NULL);                   /* allowed */
}

static void bad_lines_carry_file_and_line_and_are_counted(void **state)
{
    (void)state;
    const char *path = in_tmp("s.attn");
    size_t len;
    char *text = make_line(":dim x\n:frob\nI love cats\n", 'x', AV_MAX_LINE + 1, "\n:dim 4\n",
                           &len);
    write_bytes(path, text, len);
    free(text);
    struct script *s = load(path);
    assert_int_equal(s->n_lines, 5);
    assert_int_equal(s->bad, 3);
    char want[1024];

    /* the message command.h shows for this very line */
    snprintf(want, sizeof want, "%s:1: :dim expects an integer from 1 to 4096, got \"x\"", path);
    assert_string_equal(s->lines[0].error, want);
    assert_string_equal(s->lines[0].text, ":dim x");
    assert_int_equal(s->lines[0].cmd.kind, CMD_EMPTY);

    snprintf(want, sizeof want, "%s:2: ", path);
    assert_non_null(s->lines[1].error);
    assert_true(strncmp(s->lines[1].error, want, strlen(want)) == 0);
    assert_non_null(strstr(s->lines[1].error, ":frob"));
    assert_int_equal(s->lines[1].cmd.kind, CMD_EMPTY);

    assert_null(s->lines[2].error);
    assert_int_equal(s->lines[2].cmd.kind, CMD_SENTENCE);

    assert_int_equal(s->lines[3].lineno, 4);
    snprintf(want, sizeof want, "%s:4: line too long (%u bytes; the limit is %u)", path,
             AV_MAX_LINE + 1, AV_MAX_LINE);
    assert_string_equal(s->lines[3].error, want);
    assert_int_equal(s->lines[3].cmd.kind, CMD_EMPTY);

    assert_int_equal(s->lines[4].lineno, 5);
    assert_int_equal(s->lines[4].cmd.kind, CMD_DIM);
    assert_null(s->lines[4].error);
    script_free(s);
}

static void a_script_with_binary_data_is_not_loaded(void **state)
{
    (void)state;
    const char *path = in_tmp("s.attn");
    static const char data[] = ":dim 4\n\0\n";
    write_bytes(path, data, sizeof data - 1);
    char err[512] = "", want[512];
    assert_null(script_load(path, err, sizeof err));
    snprintf(want, sizeof want, "%s:2: binary data (a NUL byte at byte 0)", path);
    assert_true(strncmp(err, want, strlen(want)) == 0);
}

static void a_missing_script_is_not_loaded(void **state)
{
    (void)state;
    char err[512] = "", want[512];
    assert_null(script_load(in_tmp("none.attn"), err, sizeof err));
    snprintf(want, sizeof want, "cannot open \"%s\": %s", in_tmp("none.attn"), strerror(ENOENT));
    assert_string_equal(err, want);
}

/* Sparse files: the size is checked before a byte is read. */
static void a_script_over_the_size_limit_is_refused_with_the_limit(void **state)
{
    (void)state;
    const char *path = in_tmp("big.attn");
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    assert_true(fd >= 0);
    assert_int_equal(ftruncate(fd, (off_t)70 << 20), 0);
    assert_int_equal(close(fd), 0);
    char err[512] = "", want[512];
    assert_null(script_load(path, err, sizeof err));
    snprintf(want, sizeof want, "\"%s\" is 70 MiB; the limit for a session file is %u MiB", path,
             AV_MAX_SCRIPT_BYTES >> 20);
    assert_string_equal(err, want);

    /* exactly the limit passes the size check (and is then all NUL bytes) */
    fd = open(path, O_WRONLY | O_TRUNC);
    assert_true(fd >= 0);
    assert_int_equal(ftruncate(fd, (off_t)AV_MAX_SCRIPT_BYTES), 0);
    assert_int_equal(close(fd), 0);
    assert_null(script_load(path, err, sizeof err));
    assert_non_null(strstr(err, ":1: binary data"));
}

static void consecutive_notes_are_one_step_and_a_gap_makes_two(void **state)
{
    (void)state;
    const char *path = in_tmp("s.attn");
    write_file(path, ":note Look at\n"          /* 1 \ one step */
                     ":note the first row.\n"   /* 2 / */
                     "I love cats\n"            /* 3 */
                     ":note after a command\n"  /* 4 */
                     "\n"                       /* 5: a blank line ends a paragraph */
                     ":note after a blank\n"    /* 6 */
                     "# a comment too\n"        /* 7 */
                     ":note after a comment\n"  /* 8 \ */
                     ":note\n"                  /* 9  | one step */
                     ":note   the end  \n"      /* 10 / */
                     ":dim 4\n");               /* 11 */
    struct script *s = load(path);
    assert_int_equal(s->n_lines, 9);
    assert_int_equal(s->n_steps, 6);
    const struct { size_t first, count; const char *note; } want[] = {
        { 0, 2, "Look at the first row." },
        { 2, 1, NULL },
        { 3, 1, "after a command" },
        { 4, 1, "after a blank" },
        { 5, 3, "after a comment the end" },
        { 8, 1, NULL },
    };
    for (size_t i = 0; i < s->n_steps; i++) {
        assert_int_equal(s->steps[i].first, want[i].first);
        assert_int_equal(s->steps[i].count, want[i].count);
        char *note = script_step_note(s, i);
        if (want[i].note) {
            assert_non_null(note);
            assert_string_equal(note, want[i].note);
        } else {
            assert_null(note);
        }
        free(note);
    }
    script_free(s);
}

static void a_bad_line_between_notes_is_a_step_of_its_own(void **state)
{
    (void)state;
    const char *path = in_tmp("s.attn");
    write_file(path, ":note one\n:frob\n:note two\n");
    struct script *s = load(path);
    assert_int_equal(s->n_steps, 3);
    assert_int_equal(s->bad, 1);
    char *note = script_step_note(s, 2);
    assert_string_equal(note, "two");
    free(note);
    assert_null(script_step_note(s, 1));
    script_free(s);
}

static void a_loaded_script_knows_the_identity_of_its_file(void **state)
{
    (void)state;
    const char *path = in_tmp("s.attn");
    write_file(path, ":dim 4\n");
    struct stat st;
    assert_int_equal(stat(path, &st), 0);
    struct script *s = load(path);
    assert_true(s->dev == (unsigned long long)st.st_dev);
    assert_true(s->ino == (unsigned long long)st.st_ino);
    script_free(s);
}

/* Standard input may be /dev/zero, or text that never ends: the reading
 * stops at the first NUL, and a stream is held to a file's size limit. */
static void a_stream_of_zeros_or_of_endless_text_stops_with_a_clear_error(void **state)
{
    (void)state;
    FILE *f = fopen("/dev/zero", "r");
    assert_non_null(f);
    char err[512] = "";
    struct script_reader *r = script_reader_open("<stdin>", f, err, sizeof err);
    assert_non_null(r);
    const char *line;
    size_t n;
    unsigned no;
    assert_int_equal(script_reader_next(r, &line, &n, &no, err, sizeof err), SCRIPT_FAIL);
    assert_string_equal(err, "<stdin>:1: binary data (a NUL byte at byte 0): not a session script");
    script_reader_close(r);
    fclose(f);

    /* endless text, shortened: a file of text without a line break a bit
     * over the limit stands for it */
    f = tmpfile();
    assert_non_null(f);
    static char chunk[1 << 16];
    memset(chunk, 'y', sizeof chunk);
    for (uint64_t k = 0; k <= AV_MAX_SCRIPT_BYTES / sizeof chunk; k++)
        assert_int_equal(fwrite(chunk, 1, sizeof chunk, f), sizeof chunk);
    rewind(f);
    r = script_reader_open("<stdin>", f, err, sizeof err);
    assert_int_equal(script_reader_next(r, &line, &n, &no, err, sizeof err), SCRIPT_FAIL);
    char want[128];
    snprintf(want, sizeof want, "<stdin>:1: more than %u MiB of script: not a session script",
             AV_MAX_SCRIPT_BYTES >> 20);
    assert_string_equal(err, want);
    script_reader_close(r);
    fclose(f);
}

/* The limit counts every byte, the line breaks too: a stream of exactly
 * the limit is read to its end, and one byte more fails there, however
 * the bytes fall into lines (a line of exactly what was left, then its
 * "\n", once switched the limit off for the rest of the stream). */
static void a_stream_is_held_to_the_limit_byte_for_byte(void **state)
{
    (void)state;
    static char chunk[1 << 16];
    memset(chunk, 'y', sizeof chunk);
    for (int extra = 0; extra <= 1; extra++) {
        FILE *f = tmpfile();
        assert_non_null(f);
        /* one line of MAX - 1 + extra bytes and its "\n", then "x\n" */
        uint64_t want = AV_MAX_SCRIPT_BYTES - 1 + (uint64_t)extra;
        for (uint64_t done = 0; done < want;) {
            size_t k = want - done < sizeof chunk ? (size_t)(want - done) : sizeof chunk;
            assert_int_equal(fwrite(chunk, 1, k, f), k);
            done += k;
        }
        assert_int_equal(fputs("\nx\n", f) >= 0, 1);
        rewind(f);
        char err[512] = "", limit[128];
        snprintf(limit, sizeof limit, "more than %u MiB of script", AV_MAX_SCRIPT_BYTES >> 20);
        struct script_reader *r = script_reader_open("<stdin>", f, err, sizeof err);
        assert_non_null(r);
        const char *line;
        size_t n;
        unsigned no;
        enum script_read got = script_reader_next(r, &line, &n, &no, err, sizeof err);
        if (extra == 0) {
            /* the whole limit: a line too long, and reading goes on ... */
            assert_int_equal(got, SCRIPT_BAD_LINE);
            assert_non_null(strstr(err, "<stdin>:1: line too long"));
            /* ... to the first byte past it */
            got = script_reader_next(r, &line, &n, &no, err, sizeof err);
            assert_int_equal(got, SCRIPT_FAIL);
            assert_non_null(strstr(err, "<stdin>:2: "));
        } else {
            assert_int_equal(got, SCRIPT_FAIL);
            assert_non_null(strstr(err, "<stdin>:1: "));
        }
        assert_non_null(strstr(err, limit));
        script_reader_close(r);
        fclose(f);
    }
}

int main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
    const struct CMUnitTest tests[] = {
        T(lines_come_without_their_newline_or_crlf_ending),
        T(a_carriage_return_inside_a_line_is_not_a_line_end),
        T(the_last_line_may_lack_its_newline),
        T(an_empty_file_has_no_lines),
        T(a_byte_order_mark_is_skipped_at_the_start_of_any_line),
        T(a_line_of_exactly_the_limit_is_read_whole_even_with_crlf),
        T(a_line_over_the_limit_is_a_bad_line_and_reading_goes_on),
        T(a_long_last_line_without_a_newline_reports_its_whole_length),
        T(a_byte_order_mark_before_a_line_of_exactly_the_limit_is_not_counted),
        T(a_nul_byte_is_binary_data_and_stops_the_reading),
        T(a_stream_is_held_to_the_limit_byte_for_byte),
        T(a_nul_byte_past_the_kept_part_of_a_long_line_is_still_found),
        T(a_missing_file_cannot_be_opened),
        T(a_fifo_is_refused_before_it_is_opened),
        T(a_folder_and_a_device_are_refused_saying_what_they_are),
        T(a_stream_is_read_under_the_given_name_and_left_open),
        T(a_read_error_stops_the_reading_with_the_reason),
        T(a_stream_of_zeros_or_of_endless_text_stops_with_a_clear_error),
        T(a_read_error_names_the_line_it_could_not_read),
        T(the_identity_is_the_device_and_inode_of_the_file),
        T(a_script_holds_its_parsed_commands_without_blanks_or_comments),
        T(bad_lines_carry_file_and_line_and_are_counted),
        T(a_script_with_binary_data_is_not_loaded),
        T(a_missing_script_is_not_loaded),
        T(a_script_over_the_size_limit_is_refused_with_the_limit),
        T(consecutive_notes_are_one_step_and_a_gap_makes_two),
        T(a_bad_line_between_notes_is_a_step_of_its_own),
        T(a_loaded_script_knows_the_identity_of_its_file),
    };
#undef T
    return cmocka_run_group_tests(tests, NULL, NULL);
}
