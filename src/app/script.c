/* script.c - the one reader of session scripts (script.h). */
#include "attnviz/script.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "attnviz/errmsg.h"
#include "attnviz/fsfile.h"
#include "attnviz/limits.h"
#include "attnviz/tokenizer.h"
#include "attnviz/xalloc.h"

/* Bytes of a line kept in memory: the longest line command_parse takes, a
 * byte-order mark before it and the '\r' of a CRLF file. */
#define SCRIPT_LINE_KEEP (AV_MAX_LINE + 4u)

struct script_reader {
    FILE *f;
    bool own;          /* opened here (not standard input) */
    char *path;
    char *buf;         /* [SCRIPT_LINE_KEEP] */
    unsigned lineno;
    uint64_t read;     /* bytes so far: a stream is held to a file's limit */
};

struct script_reader *script_reader_open(const char *path, FILE *stream,
                                         char *err, size_t errlen)
{
    FILE *f = stream;
    if (!f) {
        int fd = fsfile_open_regular(path, AV_MAX_SCRIPT_BYTES, "a session file", err, errlen);
        if (fd < 0)
            return NULL;
        f = fdopen(fd, "r");
        if (!f) {
            errmsg_set(err, errlen, "cannot read \"%s\": %s", path, strerror(errno));
            close(fd);
            return NULL;
        }
    }
    struct script_reader *r = app_xcalloc(1, sizeof *r);
    r->f = f;
    r->own = !stream;
    r->path = app_xstrdup(path);
    r->buf = app_xmalloc(SCRIPT_LINE_KEEP);
    return r;
}

void script_reader_close(struct script_reader *r)
{
    if (!r)
        return;
    if (r->own)
        fclose(r->f);
    free(r->buf);
    free(r->path);
    free(r);
}

void script_reader_identity(const struct script_reader *r, unsigned long long *dev,
                            unsigned long long *ino)
{
    struct stat st;
    *dev = *ino = 0;
    if (fstat(fileno(r->f), &st) == 0) {
        *dev = (unsigned long long)st.st_dev;
        *ino = (unsigned long long)st.st_ino;
    }
}

/* Reads one line of f, without its "\n" or "\r\n", into
 * buf[SCRIPT_LINE_KEEP]; *len is the line's whole length, of which only the
 * first SCRIPT_LINE_KEEP bytes are stored, so a file with no line break
 * costs no more than one line. At a NUL byte it stops (binary data, such
 * as /dev/zero, has no end to wait for): *nul is its offset, else
 * SIZE_MAX. *took is every byte it read, the line break's too; it stops
 * once that passes `left`. 0 at the end. */
static int script_getline(FILE *f, char *buf, size_t *len, size_t *nul, uint64_t left,
                          uint64_t *took)
{
    size_t n = 0;
    int c, last = EOF;
    *nul = SIZE_MAX;
    *took = 0;
    while ((c = getc(f)) != EOF && ++*took <= left && c != '\n') {
        if (c == 0) {
            *nul = n;
            break;
        }
        if (n < SCRIPT_LINE_KEEP)
            buf[n] = (char)c;
        n++;
        last = c;
    }
    *len = n - (last == '\r');
    return *took > 0;
}

enum script_read script_reader_next(struct script_reader *r, const char **line,
                                    size_t *len, unsigned *lineno,
                                    char *err, size_t errlen)
{
    size_t n, nul;
    uint64_t took, left = r->read < AV_MAX_SCRIPT_BYTES ? AV_MAX_SCRIPT_BYTES - r->read : 0;
    if (!script_getline(r->f, r->buf, &n, &nul, left, &took)) {
        if (ferror(r->f)) {
            errmsg_set(err, errlen, "%s:%u: cannot read: %s", r->path, r->lineno + 1,
                       strerror(errno));
            return SCRIPT_FAIL;
        }
        return SCRIPT_END;
    }
    *lineno = ++r->lineno;
    r->read += took;
    if (took > left) {
        errmsg_set(err, errlen, "%s:%u: more than %u MiB of script: not a session script",
                   r->path, r->lineno, AV_MAX_SCRIPT_BYTES >> 20);
        return SCRIPT_FAIL;
    }
    if (nul != SIZE_MAX) {
        errmsg_set(err, errlen, "%s:%u: binary data (a NUL byte at byte %zu): not a "
                   "session script", r->path, r->lineno, nul);
        return SCRIPT_FAIL;
    }
    char *text = r->buf;
    /* A UTF-8 byte order mark is not text. */
    size_t bom = utf8_bom_len(text, n);
    text += bom;
    n -= bom;
    if (n > AV_MAX_LINE) {
        errmsg_set(err, errlen, "%s:%u: line too long (%zu bytes; the limit is %u)",
                   r->path, r->lineno, n, AV_MAX_LINE);
        return SCRIPT_BAD_LINE;
    }
    *line = text;
    *len = n;
    return SCRIPT_LINE;
}

/* ---- whole scripts ------------------------------------------------------ */

static void script_add(struct script *s, size_t *cap, unsigned lineno, const char *text,
                       size_t len, const char *error)
{
    if (s->n_lines == *cap) {
        *cap = *cap ? 2 * *cap : 32;
        s->lines = app_xrealloc(s->lines, *cap * sizeof *s->lines);
    }
    struct script_line *l = &s->lines[s->n_lines++];
    *l = (struct script_line){ .lineno = lineno, .cmd = { .kind = CMD_EMPTY } };
    l->text = app_xstrndup(text, len);
    if (error) {
        l->error = app_xstrdup(error);
        s->bad++;
    }
}

/* Trimmed at both ends, blanks as command_parse sees them. */
static void script_trim(const char **text, size_t *len)
{
    while (*len > 0 && ((*text)[*len - 1] == ' ' || (*text)[*len - 1] == '\t'))
        (*len)--;
    while (*len > 0 && (**text == ' ' || **text == '\t')) {
        (*text)++;
        (*len)--;
    }
}

/* Whether a line is something a reader sees happen: a sentence, a note, a
 * pause (or a bad line, whose error shows). */
static bool script_shows(const struct script_line *l)
{
    enum command_kind k = l->cmd.kind;
    return l->error || k == CMD_SENTENCE || k == CMD_NOTE || k == CMD_PAUSE;
}

/* Notes on consecutive lines are one step; a blank line or another command
 * between them makes two. The setup at the top (settings before the first
 * sentence or note) changes nothing to look at yet: it is one step with
 * what follows it. */
static void script_group(struct script *s)
{
    s->steps = app_xcalloc(s->n_lines, sizeof *s->steps);
    size_t setup = 0;
    while (setup < s->n_lines && !script_shows(&s->lines[setup]))
        setup++;
    if (setup == s->n_lines)
        setup = 0;            /* nothing but settings: each is a step */
    for (size_t i = setup; i < s->n_lines; i++) {
        const struct script_line *l = &s->lines[i];
        struct script_step *prev = s->n_steps ? &s->steps[s->n_steps - 1] : NULL;
        const struct script_line *last = prev ? &s->lines[prev->first + prev->count - 1] : NULL;
        if (last && l->cmd.kind == CMD_NOTE && last->cmd.kind == CMD_NOTE
            && l->lineno == last->lineno + 1) {
            prev->count++;
            continue;
        }
        s->steps[s->n_steps++] = (struct script_step){ i, 1, 0 };
    }
    if (setup && s->n_steps) {
        s->steps[0].setup = setup;
        s->steps[0].first = 0;
        s->steps[0].count += setup;
    }
}

struct script *script_load(const char *path, char *err, size_t errlen)
{
    struct script_reader *r = script_reader_open(path, NULL, err, errlen);
    if (!r)
        return NULL;
    struct script *s = app_xcalloc(1, sizeof *s);
    s->path = app_xstrdup(path);
    script_reader_identity(r, &s->dev, &s->ino);
    size_t cap = 0, len;
    const char *line;
    unsigned lineno;
    char msg[6144];
    for (;;) {
        enum script_read got = script_reader_next(r, &line, &len, &lineno, msg, sizeof msg);
        if (got == SCRIPT_END)
            break;
        if (got == SCRIPT_FAIL) {
            errmsg_set(err, errlen, "%s", msg);
            script_reader_close(r);
            script_free(s);
            return NULL;
        }
        if (got == SCRIPT_BAD_LINE) {
            script_add(s, &cap, lineno, "", 0, msg);
            continue;
        }
        script_trim(&line, &len);
        struct command c;
        char perr[1024];
        if (command_parse(line, len, &c, perr, sizeof perr) != 0) {
            snprintf(msg, sizeof msg, "%.4096s:%u: %s", path, lineno, perr);
            script_add(s, &cap, lineno, line, len, msg);
        } else if (c.kind != CMD_EMPTY) {
            script_add(s, &cap, lineno, line, len, NULL);
            s->lines[s->n_lines - 1].cmd = c;
        }
    }
    script_reader_close(r);
    script_group(s);
    return s;
}

void script_free(struct script *s)
{
    if (!s)
        return;
    for (size_t i = 0; i < s->n_lines; i++) {
        command_free(&s->lines[i].cmd);
        free(s->lines[i].text);
        free(s->lines[i].error);
    }
    free(s->lines);
    free(s->steps);
    free(s->path);
    free(s);
}

char *script_step_note(const struct script *s, size_t step)
{
    const struct script_step *st = &s->steps[step];
    size_t first = st->first + st->setup, count = st->count - st->setup;
    if (s->lines[first].cmd.kind != CMD_NOTE)
        return NULL;
    size_t len = 0;
    for (size_t i = 0; i < count; i++)
        len += strlen(s->lines[first + i].cmd.u.text) + 1;
    char *p = app_xmalloc(len + 1), *o = p;
    for (size_t i = 0; i < count; i++) {
        const char *t = s->lines[first + i].cmd.u.text;
        if (!*t)
            continue;
        if (o > p)
            *o++ = ' ';
        size_t n = strlen(t);
        memcpy(o, t, n);
        o += n;
    }
    *o = '\0';
    return p;
}
