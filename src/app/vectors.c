/* vectors.c - reading word-vector files (vectors.h).
 *
 * The file is read in chunks into one buffer; each line is cut in place
 * (its line end becomes a NUL) and parsed there, its numbers into one
 * scratch vector, which vectable_add copies into the table. A line is
 * checked whole even after an earlier bad one, so every mistake is
 * reported in one go; once one is found the table is dropped, since
 * nothing will be loaded. */
#include "attnviz/vectors.h"

#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "attnviz/errmsg.h"
#include "attnviz/fsfile.h"
#include "attnviz/limits.h"
#include "attnviz/quote.h"
#include "attnviz/tokenizer.h"
#include "attnviz/vectable.h"
#include "attnviz/xalloc.h"

/* Bytes read at a time; the buffer holds one more line on top. */
#define VEC_CHUNK (1u << 20)

struct vec_reader {
    const char *path;
    vectors_report_fn report;
    void *ctx;
    struct vectors_result *r;
    char *first;               /* err: the first bad line's message goes here */
    size_t first_len;
    uint64_t size;             /* of the file, for the table's first guess */
    size_t line;               /* the line being read, from 1 */
    size_t dim;                /* 0 until the header or the first line sets it */
    size_t dim_line;           /* the line that set it */
    bool header;               /* line dim_line is word2vec's header */
    uint64_t header_words;
    size_t words;              /* lines with a word after the header */
    bool oom;
    bool binary;               /* a NUL byte ended the reading */
    float *scratch;            /* [AV_MAX_DIM] */
};

/* A bad line: reported (the first few), counted, and the table dropped. */
static void vec_bad(struct vec_reader *rd, size_t line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void vec_bad(struct vec_reader *rd, size_t line, const char *fmt, ...)
{
    struct vectors_result *r = rd->r;
    if (r->bad++ < AV_MAX_VECTORS_ERRORS) {
        char msg[1024];
        int n = snprintf(msg, sizeof msg, "%s:%zu: ", rd->path, line);
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(msg + n, sizeof msg - (size_t)n, fmt, ap);
        va_end(ap);
        if (r->bad == 1 && rd->first_len)
            snprintf(rd->first, rd->first_len, "%s", msg);
        if (rd->report)
            rd->report(rd->ctx, msg);
    }
    vectable_free(r->table);
    r->table = NULL;
}

static bool vec_blank(char c)
{
    return c == ' ' || c == '\t';
}

static bool vec_digits(const char *s, size_t len)
{
    if (len == 0)
        return false;
    for (size_t i = 0; i < len; i++)
        if (s[i] < '0' || s[i] > '9')
            return false;
    return true;
}

/* Powers of ten that are exact in a float (5^10 < 2^24). */
static const float vec_pow10[11] = { 1e0f, 1e1f, 1e2f, 1e3f, 1e4f, 1e5f, 1e6f, 1e7f,
                                     1e8f, 1e9f, 1e10f };

/* The number s[0..len) (followed by a blank or the line's NUL), as strtof
 * reads it; false when it is not one whole number. Files of vectors are
 * mostly short decimals ("-0.41242"), and for those strtof's answer is
 * one float division: a mantissa below 2^24 and a power of ten up to 10^10
 * are exact floats and IEEE division rounds correctly (Clinger's fast
 * path), so the bits are strtof's at a fraction of its cost. Anything else
 * (an exponent, more digits) goes to strtof. */
static bool vec_number(const char *s, size_t len, float *out)
{
    const char *p = s, *end = s + len;
    bool neg = p < end && *p == '-';
    p += p < end && (*p == '-' || *p == '+');
    uint32_t m = 0;
    unsigned digits = 0, frac = 0;
    for (; p < end && *p >= '0' && *p <= '9' && digits < 9; p++, digits++)
        m = m * 10 + (uint32_t)(*p - '0');
    if (p < end && *p == '.')
        for (p++; p < end && *p >= '0' && *p <= '9' && digits < 9; p++, digits++, frac++)
            m = m * 10 + (uint32_t)(*p - '0');
    if (p == end && digits > 0 && m <= (1u << 24)) {
        float v = (float)m / vec_pow10[frac];
        *out = neg ? -v : v;
        return true;
    }
    char *stop;
    float v = strtof(s, &stop);
    if (stop != end)
        return false;
    *out = v;
    return true;
}

/* The table, once the dimension is known, with room for the words the
 * header gives or, without one, as many as lines of the first one's
 * length would fill the file; never more than the file could hold (a line
 * takes at least a byte a number and a blank before it, a word and a line
 * end), whatever a header says. */
static void vec_start_table(struct vec_reader *rd, size_t line_len)
{
    if (rd->r->bad)
        return;   /* nothing will be loaded */
    uint64_t most = rd->size / (2 * (uint64_t)rd->dim + 2) + 1;
    uint64_t expect = rd->header ? rd->header_words : rd->size / (line_len + 1) + 16;
    rd->r->table = vectable_new(rd->dim, (size_t)(expect < most ? expect : most));
    if (!rd->r->table)
        rd->oom = true;
}

/* The header: two whole numbers, the second a valid dimension. */
static void vec_header(struct vec_reader *rd, const char *count, const char *dim)
{
    uint64_t d = strtoull(dim, NULL, 10), n = strtoull(count, NULL, 10);
    rd->header = true;
    rd->header_words = n;
    rd->dim_line = rd->line;
    if (d == 0 || d > AV_MAX_DIM) {
        /* checked against it all the same, so the other lines get their
         * own messages */
        rd->dim = d == 0 ? SIZE_MAX : d;
        vec_bad(rd, rd->line, "the header gives %" PRIu64 " dimensions; they go from 1 to %u",
                d, AV_MAX_DIM);
    } else {
        rd->dim = (size_t)d;
        vec_start_table(rd, 0);
    }
}

/* What is wrong with a number, if anything. */
enum vec_num { VEC_NUM_OK, VEC_NUM_NOT, VEC_NUM_INFINITE, VEC_NUM_RANGE };

static enum vec_num vec_check(const char *s, size_t len, float *v)
{
    if (!vec_number(s, len, v))
        return VEC_NUM_NOT;
    if (!isfinite(*v))
        return VEC_NUM_INFINITE;
    return fabsf(*v) > (float)AV_MAX_VALUE ? VEC_NUM_RANGE : VEC_NUM_OK;
}

static void vec_line(struct vec_reader *rd, char *line, size_t len)
{
    while (len > 0 && (line[len - 1] == '\r' || vec_blank(line[len - 1])))
        line[--len] = '\0';
    size_t start = 0;
    /* a UTF-8 byte order mark (some editors write one) is no part of the
     * first word, as it is no part of a session file's first line */
    if (rd->line == 1)
        start = utf8_bom_len(line, len);
    while (start < len && vec_blank(line[start]))
        start++;
    if (start == len)
        return;
    char qw[QUOTE_CAP], qn[QUOTE_CAP];
    char *word = line + start;
    size_t wl = 0, where;
    while (start + wl < len && !vec_blank(word[wl]))
        wl++;
    if (!utf8_valid(word, wl, &where)) {
        vec_bad(rd, rd->line, "invalid UTF-8 at byte %zu", start + where + 1);
        return;
    }
    /* The numbers: counted all, kept while they fit the scratch vector;
     * the first bad one is the line's message. */
    size_t k = 0, bad_k = 0, bad_len = 0;
    const char *bad = NULL, *first = NULL;
    enum vec_num why = VEC_NUM_OK;
    for (char *p = word + wl;;) {
        while (*p && vec_blank(*p))
            p++;
        if (!*p)
            break;
        const char *num = p;
        while (*p && !vec_blank(*p))
            p++;
        float v = 0;
        enum vec_num got = bad ? VEC_NUM_OK : vec_check(num, (size_t)(p - num), &v);
        if (got != VEC_NUM_OK) {
            bad = num;
            bad_k = k;
            bad_len = (size_t)(p - num);
            why = got;
        }
        if (k == 0)
            first = num;
        if (k < AV_MAX_DIM)
            rd->scratch[k] = v;
        k++;
    }
    word[wl] = '\0';
    /* With k == 1 the number runs to the end of the line. */
    if (rd->dim == 0 && rd->line == 1 && k == 1 && vec_digits(word, wl)
        && vec_digits(first, strlen(first))) {
        vec_header(rd, word, first);
        return;
    }
    rd->words++;
    quote_user(qw, word, wl);
    if (bad) {
        static const char *const what[] = {
            [VEC_NUM_NOT] = "is not a number", [VEC_NUM_INFINITE] = "is not a finite number",
            [VEC_NUM_RANGE] = "is out of range",
        };
        char range[64] = "";
        if (why == VEC_NUM_RANGE)
            snprintf(range, sizeof range, " (numbers go from %g to %g)", -AV_MAX_VALUE,
                     AV_MAX_VALUE);
        vec_bad(rd, rd->line, "number %zu of %s %s: %s%s", bad_k + 1, qw, what[why],
                quote_user(qn, bad, bad_len), range);
        return;
    }
    if (rd->dim == 0) {
        if (k == 0) {
            vec_bad(rd, rd->line, "%s has no numbers: each line is a word and its vector", qw);
            return;
        }
        rd->dim = k;
        rd->dim_line = rd->line;
        if (k > AV_MAX_DIM) {
            vec_bad(rd, rd->line, "%s has %zu numbers; the limit is %u dimensions", qw, k,
                    AV_MAX_DIM);
            return;
        }
        vec_start_table(rd, len);
    } else if (k != rd->dim) {
        if (rd->dim == SIZE_MAX)
            vec_bad(rd, rd->line, "%s has %zu numbers", qw, k);
        else
            vec_bad(rd, rd->line, "%s has %zu numbers; %s %zu", qw, k,
                    rd->header ? "the header says" : rd->dim_line == 1 ? "the first line has"
                    : "the first vector has", rd->dim);
        return;
    }
    if (!rd->r->table)
        return;
    bool repeat;
    if (vectable_add(rd->r->table, word, wl, rd->scratch, &repeat) != 0) {
        rd->oom = true;
        return;
    }
    rd->r->repeats += repeat;
}

/* Reads every line of fd through vec_line. -1 with err on a read error. */
static int vec_read(struct vec_reader *rd, int fd, char *err, size_t errlen)
{
    size_t cap = VEC_CHUNK + AV_MAX_LINE + 2, have = 0, pos = 0;
    char *buf = app_xmalloc(cap);
    bool eof = false, skipping = false;
    rd->line = 1;
    int rc = 0;
    while (!rd->oom) {
        char *nl = memchr(buf + pos, '\n', have - pos);
        char *end = nl ? nl : eof && pos < have ? buf + have : NULL;
        if (end) {
            size_t len = (size_t)(end - (buf + pos));
            *end = '\0';
            if (!skipping && strlen(buf + pos) != len) {
                vec_bad(rd, rd->line, "a NUL byte: this is binary data (word2vec's .bin "
                        "format?), not a vectors file in the text format");
                rd->binary = true;
                break;
            }
            if (!skipping && len > AV_MAX_LINE)
                vec_bad(rd, rd->line, "a line longer than %u bytes", AV_MAX_LINE);
            else if (!skipping)
                vec_line(rd, buf + pos, len);
            skipping = false;
            pos = nl ? (size_t)(nl - buf) + 1 : have;
            rd->line++;
            continue;
        }
        if (eof)
            break;
        if (have - pos > AV_MAX_LINE && !skipping) {
            vec_bad(rd, rd->line, "a line longer than %u bytes", AV_MAX_LINE);
            skipping = true;
        }
        if (skipping)
            pos = have;   /* the rest of the long line is not kept */
        memmove(buf, buf + pos, have - pos);
        have -= pos;
        pos = 0;
        ssize_t got = read(fd, buf + have, cap - 1 - have);
        if (got < 0 && errno == EINTR)
            continue;
        if (got < 0) {
            rc = errmsg_set(err, errlen, "cannot read \"%s\": %s", rd->path, strerror(errno));
            break;
        }
        have += (size_t)got;
        eof = got == 0;
    }
    free(buf);
    return rc;
}

/* What only the whole file shows: no vectors, or not as many as the
 * header said. */
static void vec_finish(struct vec_reader *rd)
{
    if (rd->header && rd->header_words != rd->words)
        vec_bad(rd, rd->dim_line, "the header says %" PRIu64 " words; the file has %zu",
                rd->header_words, rd->words);
    else if (rd->dim == 0 && rd->r->bad == 0)
        vec_bad(rd, 1, "no vectors: the file is %s", rd->line > 2 ? "blank" : "empty");
}

static void vec_identity(const struct stat *st, struct vectors_file *f)
{
    *f = (struct vectors_file){
        .dev = (unsigned long long)st->st_dev, .ino = (unsigned long long)st->st_ino,
        .size = (unsigned long long)st->st_size,
        .mtime_sec = (long long)st->st_mtim.tv_sec, .mtime_nsec = (long long)st->st_mtim.tv_nsec,
    };
}

bool vectors_file_of(const char *path, struct vectors_file *f)
{
    struct stat st;
    if (stat(path, &st) != 0)
        return false;
    vec_identity(&st, f);
    return true;
}

bool vectors_file_same(const struct vectors_file *a, const struct vectors_file *b)
{
    return a->dev == b->dev && a->ino == b->ino && a->size == b->size
           && a->mtime_sec == b->mtime_sec && a->mtime_nsec == b->mtime_nsec;
}

int vectors_load(const char *path, vectors_report_fn report, void *ctx,
                 struct vectors_result *r, char *err, size_t errlen)
{
    *r = (struct vectors_result){ .table = NULL };
    int fd = fsfile_open_regular(path, AV_MAX_VECTORS_BYTES, "a vectors file", err, errlen);
    if (fd < 0)
        return -1;
    struct stat st;
    fstat(fd, &st);
    vec_identity(&st, &r->file);
    struct vec_reader rd = {
        .path = path, .report = report, .ctx = ctx, .r = r, .first = err,
        .first_len = errlen, .size = (uint64_t)st.st_size,
        .scratch = app_xmalloc(AV_MAX_DIM * sizeof *rd.scratch),
    };
    int rc = vec_read(&rd, fd, err, errlen);
    close(fd);
    free(rd.scratch);
    if (rc == 0 && rd.oom)
        rc = errmsg_set(err, errlen, "out of memory reading \"%s\" (at line %zu)", path,
                        rd.line);
    if (rc == 0 && !rd.binary)
        vec_finish(&rd);
    if (rc != 0 || r->bad) {
        vectable_free(r->table);
        r->table = NULL;
        return -1;
    }
    vectable_trim(r->table);
    return 0;
}
