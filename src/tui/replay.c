/* replay.c - see replay.h. */
#include "attnviz/replay.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "attnviz/app.h"
#include "attnviz/command.h"
#include "attnviz/fatal.h"

/* How a note paragraph's step begins; its text follows after one blank. */
static const char replay_note[] = ":note";
#define REPLAY_NOTE_LEN (sizeof replay_note - 1)

struct replay {
    char *path;
    struct replay_step *steps;
    size_t count, cap, done;
    /* a's log when the replay began: where going back starts from */
    char **base;
    size_t base_len;
};

static void *replay_alloc(void *p, size_t size)
{
    p = realloc(p, size ? size : 1);
    if (!p)
        av_fatal("out of memory");
    return p;
}

static char *replay_strdup(const char *s)
{
    size_t n = strlen(s) + 1;
    return memcpy(replay_alloc(NULL, n), s, n);
}

static void replay_add(struct replay *r, enum replay_kind kind, unsigned lineno, char *line)
{
    if (r->count == r->cap) {
        r->cap = r->cap ? 2 * r->cap : 16;
        r->steps = replay_alloc(r->steps, r->cap * sizeof *r->steps);
    }
    r->steps[r->count++] = (struct replay_step){ kind, lineno, line, NULL };
}

/* Appends a note's text, after a blank, to the paragraph of step s. */
static void replay_join(struct replay_step *s, const char *text)
{
    if (!*text)
        return;
    size_t old = strlen(s->line), add = strlen(text);
    s->line = replay_alloc(s->line, old + 1 + add + 1);
    s->line[old++] = ' ';
    memcpy(s->line + old, text, add + 1);
}

/* One line of the script (without its newline) into the steps. prev_note:
 * whether the line before was a :note, so this one joins its paragraph. */
static bool replay_read_line(struct replay *r, const char *line, size_t len,
                             unsigned lineno, bool prev_note)
{
    while (len > 0 && (line[len - 1] == ' ' || line[len - 1] == '\t' || line[len - 1] == '\r'))
        len--;
    while (len > 0 && (*line == ' ' || *line == '\t')) {
        line++;
        len--;
    }
    struct command c;
    char err[256];
    bool parsed = command_parse(line, len, &c, err, sizeof err) == 0;
    if (parsed && c.kind == CMD_EMPTY)
        return false;
    char *text = replay_alloc(NULL, len + 1);
    memcpy(text, line, len);
    text[len] = '\0';
    enum replay_kind kind = !parsed ? REPLAY_COMMAND
                            : c.kind == CMD_NOTE ? REPLAY_NOTE
                            : c.kind == CMD_PAUSE ? REPLAY_PAUSE : REPLAY_COMMAND;
    if (kind == REPLAY_NOTE) {
        /* The canonical ":note TEXT", whatever blanks the script used. */
        free(text);
        if (prev_note) {
            replay_join(&r->steps[r->count - 1], c.u.text);
        } else {
            text = replay_strdup(replay_note);
            replay_add(r, kind, lineno, text);
            replay_join(&r->steps[r->count - 1], c.u.text);
        }
    } else {
        replay_add(r, kind, lineno, text);
    }
    if (parsed)
        command_free(&c);
    return kind == REPLAY_NOTE;
}

static int replay_read(struct replay *r, FILE *f, char *err, size_t errlen)
{
    char *line = NULL;
    size_t cap = 0;
    ssize_t got;
    unsigned lineno = 0;
    bool prev_note = false;
    while ((got = getline(&line, &cap, f)) >= 0) {
        size_t len = (size_t)got;
        if (len > 0 && line[len - 1] == '\n')
            len--;
        const char *text = line;
        /* A UTF-8 byte order mark (some editors write one) is not text. */
        if (lineno == 0 && len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0) {
            text += 3;
            len -= 3;
        }
        prev_note = replay_read_line(r, text, len, ++lineno, prev_note);
    }
    int e = errno;
    bool bad = ferror(f);
    free(line);
    if (bad) {
        snprintf(err, errlen, "cannot read \"%s\": %s", r->path, strerror(e));
        return -1;
    }
    /* The paragraph text lives inside its line, which moved while it grew. */
    for (size_t i = 0; i < r->count; i++) {
        struct replay_step *s = &r->steps[i];
        if (s->kind == REPLAY_NOTE)
            s->text = s->line + REPLAY_NOTE_LEN + (s->line[REPLAY_NOTE_LEN] == ' ');
    }
    if (r->count == 0) {
        snprintf(err, errlen, "\"%s\" has no steps to replay (only blank lines and comments)",
                 r->path);
        return -1;
    }
    return 0;
}

struct replay *replay_open(const char *path, const struct app *a, char *err, size_t errlen)
{
    FILE *f = fopen(path, "r");
    if (!f) {
        snprintf(err, errlen, "cannot open \"%s\": %s", path, strerror(errno));
        return NULL;
    }
    /* A device or a pipe (say /dev/zero) would never end: only a regular
     * file is a script, as for :load. */
    struct stat st;
    if (fstat(fileno(f), &st) != 0 || !S_ISREG(st.st_mode)) {
        snprintf(err, errlen, "cannot replay \"%s\": not a regular file", path);
        fclose(f);
        return NULL;
    }
    struct replay *r = replay_alloc(NULL, sizeof *r);
    *r = (struct replay){ .path = replay_strdup(path) };
    int rc = replay_read(r, f, err, errlen);
    fclose(f);
    if (rc != 0) {
        replay_free(r);
        return NULL;
    }
    r->base_len = a->log_len;
    r->base = replay_alloc(NULL, a->log_len * sizeof *r->base);
    for (size_t i = 0; i < a->log_len; i++)
        r->base[i] = replay_strdup(a->log[i]);
    return r;
}

void replay_free(struct replay *r)
{
    if (!r)
        return;
    for (size_t i = 0; i < r->count; i++)
        free(r->steps[i].line);
    for (size_t i = 0; i < r->base_len; i++)
        free(r->base[i]);
    free(r->steps);
    free(r->base);
    free(r->path);
    free(r);
}

const char *replay_path(const struct replay *r)
{
    return r->path;
}

size_t replay_count(const struct replay *r)
{
    return r->count;
}

size_t replay_done(const struct replay *r)
{
    return r->done;
}

const struct replay_step *replay_step(const struct replay *r, size_t i)
{
    return i < r->count ? &r->steps[i] : NULL;
}

const struct replay_step *replay_current(const struct replay *r)
{
    return r->done ? &r->steps[r->done - 1] : NULL;
}

const char *replay_narration(const struct replay *r)
{
    const struct replay_step *s = replay_current(r);
    if (s && s->kind == REPLAY_PAUSE && r->done >= 2)
        s = &r->steps[r->done - 2];
    return s && s->kind == REPLAY_NOTE ? s->text : NULL;
}

unsigned replay_next(struct replay *r, struct app *a, char *err, size_t errlen)
{
    if (r->done == r->count)
        return 0;
    const struct replay_step *s = &r->steps[r->done++];
    return app_run_line(a, s->line, strlen(s->line), r->path, s->lineno, err, errlen);
}

unsigned replay_back(struct replay *r, struct app *a, char *err, size_t errlen)
{
    if (r->done == 0)
        return 0;
    size_t target = r->done - 1;
    unsigned flags = app_rebuild(a, r->base, r->base_len, err, errlen);
    if (flags & APP_ERROR)
        return flags;
    /* Only the step that ends up current speaks: the ones before already
     * showed their errors when they first ran. Going back never quits. */
    unsigned last = 0;
    r->done = 0;
    while (r->done < target)
        last = replay_next(r, a, err, errlen);
    return flags | (last & ~APP_QUIT);
}
