/* fuzz_vectors.c - libFuzzer: any bytes as a word-vectors file, read by
 * vectors_load from a file in the private folder, against a reader
 * written out here from vectors.h's rules with strtof for every number:
 *   - it loads exactly the files the rules accept (no NUL byte, no line
 *     over AV_MAX_LINE bytes, valid UTF-8 words, one count of finite
 *     numbers within AV_MAX_VALUE on every line, the dimension from 1 to
 *     AV_MAX_DIM, a word2vec header's word count right, some vector or a
 *     header);
 *   - each word's vector is the first one given for it, bit for bit what
 *     strtof reads (the reader's fast path must give strtof's bits);
 *   - the count of words and of repeats are right;
 *   - a failure says "FILE:LINE: ..." and reports at most
 *     AV_MAX_VECTORS_ERRORS messages, all with no control byte. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "attnviz/limits.h"
#include "attnviz/tokenizer.h"
#include "attnviz/vectable.h"
#include "attnviz/vectors.h"
#include "util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct reports {
    const char *path;
    size_t count;
};

static void on_report(void *ctx, const char *msg)
{
    struct reports *r = ctx;
    size_t n = strlen(r->path);
    r->count++;
    if (strncmp(msg, r->path, n) != 0 || msg[n] != ':')
        fuzz_fail("a message without the file's name: %s", msg);
    for (const unsigned char *p = (const unsigned char *)msg; *p; p++)
        if (*p < 0x20 || *p == 0x7f)
            fuzz_fail("a control byte 0x%02x in a message: %s", *p, msg);
}

static int blank(char c)
{
    return c == ' ' || c == '\t';
}

static int digits(const char *s, size_t n)
{
    if (n == 0)
        return 0;
    for (size_t i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9')
            return 0;
    return 1;
}

/* One parsed line of the reference reader. */
struct ref_line {
    char *word;
    size_t wl;
    float *v;
    size_t k;
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *path = fuzz_write("vectors.txt", data, size);

    /* ---- the reference: lines, then the verdict ---- */
    char *text = malloc(size + 1);
    memcpy(text, data, size);
    text[size] = '\0';
    int ok = !memchr(data, '\0', size);
    size_t n_lines = 0, dim = 0, words = 0;
    struct ref_line *lines = calloc(size + 1, sizeof *lines);
    unsigned long long header_words = 0;
    int header = 0;
    size_t lineno = 0;
    for (char *line = text, *next; ok && line; line = next) {
        next = strchr(line, '\n');
        if (next)
            *next++ = '\0';
        else if (!*line)
            break;                       /* the end of a file that ends in "\n" */
        lineno++;
        size_t len = strlen(line);
        if (len > AV_MAX_LINE) {
            ok = 0;
            break;
        }
        while (len && (line[len - 1] == '\r' || blank(line[len - 1])))
            line[--len] = '\0';
        /* a byte order mark before the first line is no part of it */
        if (lineno == 1 && len >= 3 && memcmp(line, "\xEF\xBB\xBF", 3) == 0) {
            line += 3;
            len -= 3;
        }
        while (blank(*line)) {
            line++;
            len--;
        }
        if (!len)
            continue;
        struct ref_line *l = &lines[n_lines];
        l->word = line;
        while (l->word[l->wl] && !blank(l->word[l->wl]))
            l->wl++;
        char *p = line + l->wl;
        if (*p)
            *p++ = '\0';
        l->v = malloc((len + 1) * sizeof *l->v);
        char *first = NULL;
        while (*p) {
            while (blank(*p))
                p++;
            if (!*p)
                break;
            char *num = p;
            while (*p && !blank(*p))
                p++;
            char keep = *p, *stop;
            *p = '\0';
            if (!first)
                first = num;
            float v = strtof(num, &stop);
            if (stop != p || !*num || !isfinite(v) || fabsf(v) > (float)AV_MAX_VALUE)
                ok = 0;
            l->v[l->k++] = v;
            *p = keep;
        }
        if (lineno == 1 && l->k == 1 && digits(l->word, l->wl)
            && digits(first, strlen(first))) {
            unsigned long long d = strtoull(first, NULL, 10);
            header = 1;
            header_words = strtoull(l->word, NULL, 10);
            dim = (size_t)d;
            if (d == 0 || d > AV_MAX_DIM)
                ok = 0;
            free(l->v);
            *l = (struct ref_line){ 0 };
            continue;
        }
        words++;
        if (!utf8_valid(l->word, l->wl, NULL))
            ok = 0;
        if (dim == 0)
            dim = l->k;
        if (l->k == 0 || l->k != dim || l->k > AV_MAX_DIM)
            ok = 0;
        n_lines++;
    }
    if (header && header_words != words)
        ok = 0;
    if (!header && n_lines == 0)
        ok = 0;

    /* ---- the reader ---- */
    struct reports rep = { path, 0 };
    struct vectors_result r;
    char err[1024] = "";
    int rc = vectors_load(path, on_report, &rep, &r, err, sizeof err);
    if ((rc == 0) != ok)
        fuzz_fail("vectors_load %s a file the rules %s (%s)", rc == 0 ? "loaded" : "refused",
                  ok ? "accept" : "refuse", err);
    if (rc != 0) {
        if (r.table)
            fuzz_fail("a table from a failed load");
        if (rep.count > AV_MAX_VECTORS_ERRORS || rep.count > r.bad
            || (r.bad > 0 && rep.count != (r.bad < AV_MAX_VECTORS_ERRORS
                                           ? r.bad : AV_MAX_VECTORS_ERRORS)))
            fuzz_fail("%zu bad lines, %zu reported", r.bad, rep.count);
        if (strncmp(err, path, strlen(path)) != 0)
            fuzz_fail("the error names no file: %s", err);
    } else {
        size_t distinct = 0;
        if (r.bad || rep.count || vectable_dim(r.table) != dim)
            fuzz_fail("loaded with %zu bad lines, dim %zu of %zu", r.bad,
                      vectable_dim(r.table), dim);
        for (size_t i = 0; i < n_lines; i++) {
            const struct ref_line *l = &lines[i];
            size_t before = 0;
            while (before < i && strcmp(lines[before].word, l->word) != 0)
                before++;
            if (before < i)
                continue;                /* a repeat: the first vector stays */
            distinct++;
            const float *v = vectable_find(r.table, l->word);
            if (!v)
                fuzz_fail("line %zu's word is not in the table", i);
            if (memcmp(v, l->v, dim * sizeof *v) != 0)
                for (size_t c = 0; c < dim; c++)
                    if (memcmp(&v[c], &l->v[c], sizeof *v) != 0)
                        fuzz_fail("component %zu of line %zu: %a, strtof gives %a", c, i,
                                  (double)v[c], (double)l->v[c]);
        }
        if (vectable_count(r.table) != distinct || r.repeats != n_lines - distinct)
            fuzz_fail("%zu words and %zu repeats, want %zu and %zu",
                      vectable_count(r.table), r.repeats, distinct, n_lines - distinct);
        vectable_free(r.table);
    }
    for (size_t i = 0; i <= n_lines; i++)
        free(lines[i].v);
    free(lines);
    free(text);
    return 0;
}
